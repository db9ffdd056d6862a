package entra

import (
	"cmp"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"hash/fnv"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// SandboxSeed is a simulated Entra tenant: its token endpoint and the
// Graph v1.0 calls the kind makes, in the shapes of testdata/vendor/.
type SandboxSeed struct {
	// Tenant and ClientID are the tenant and app registration the token
	// endpoint knows ("": any).
	Tenant   string `json:"tenant,omitempty"`
	ClientID string `json:"client_id,omitempty"`
	// Secret is the client secret the token endpoint accepts; an
	// assertion signed with the sandbox key (oauth.SandboxKeyPEM) with an
	// x5t is accepted too.
	Secret string `json:"secret,omitempty"`
	// Access's Token is the access token Graph accepts (and the token
	// endpoint issues); PageSize 0 serves Graph's own sizes.
	sandbox.Access
	// Permissions are the application permissions consented to; nil
	// grants every one.
	Permissions []string `json:"permissions,omitempty"`
	// NoPremium is a tenant without Entra ID P1 or P2: the sign-in log
	// and users' signInActivity answer 403.
	NoPremium bool `json:"no_premium,omitempty"`
	// StaleFirstToken makes the first token issued one Graph rejects.
	StaleFirstToken bool `json:"stale_first_token,omitempty"`

	Users   []SandboxUser   `json:"users"`
	Apps    []SandboxApp    `json:"apps"`
	Grants  []SandboxGrant  `json:"grants,omitempty"`
	SignIns []SandboxSignIn `json:"sign_ins,omitempty"`
}

// SandboxUser is a user of GET /users.
type SandboxUser struct {
	ID       string `json:"id"`
	UPN      string `json:"upn"`
	Mail     string `json:"mail,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	// LastSignIn is the user's last successful sign-in to the tenant
	// (signInActivity).
	LastSignIn *time.Time `json:"last_sign_in,omitempty"`
}

// SandboxApp is a service principal with its assigned users.
type SandboxApp struct {
	// ID is the service principal's object id, AppID its application id.
	ID        string `json:"id"`
	AppID     string `json:"app_id"`
	Name      string `json:"name"`
	Publisher string `json:"publisher,omitempty"`
	Homepage  string `json:"homepage,omitempty"`
	// Microsoft marks an app Microsoft owns.
	Microsoft bool `json:"microsoft,omitempty"`
	// NotEnterprise leaves the app out of the Enterprise applications
	// list (no WindowsAzureActiveDirectoryIntegratedApp tag).
	NotEnterprise bool     `json:"not_enterprise,omitempty"`
	UserIDs       []string `json:"user_ids,omitempty"`
	GroupIDs      []string `json:"group_ids,omitempty"`
}

// SandboxGrant is a delegated permission grant of the app ClientID (a
// service principal id) to Microsoft Graph.
type SandboxGrant struct {
	ClientID string `json:"client_id"`
	// PrincipalID is the consenting user; "" is an admin's consent for
	// all users.
	PrincipalID string `json:"principal_id,omitempty"`
	Scope       string `json:"scope"`
}

// SandboxSignIn is a user's sign-in to an app (by application id).
type SandboxSignIn struct {
	UserID string    `json:"user_id"`
	AppID  string    `json:"app_id"`
	At     time.Time `json:"at"`
	Failed bool      `json:"failed,omitempty"`
}

// The Microsoft Graph service principal every tenant has.
const (
	sandboxGraphSPID  = "9a1d4c2e-0000-4000-8000-000000000003"
	sandboxMSTenant   = "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
	sandboxHomeTenant = "b3f1c0de-0000-4000-8000-00000000acme"
)

// Simulator is the simulated Entra ID, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, RateLimited: graphThrottled},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, Token: sandboxCredential, SetToken: setToken, AddTool: addTool, Finish: addApps})
}

func seedOf(s *sandbox.Sandbox) *SandboxSeed { return sandbox.SeedOf[SandboxSeed](s, Kind) }

// graphThrottled is Graph's 429 (testdata/vendor/error-429.json); the
// sandbox adds Retry-After when its fault asks.
func graphThrottled(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, graphError("TooManyRequests", "Too many requests."))
}

func graphError(code, msg string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": msg,
		"innerError": map[string]any{"date": "2026-11-20T08:00:00", "request-id": "00000000-0000-4000-8000-5a4db0c00001",
			"client-request-id": "00000000-0000-4000-8000-5a4db0c00001"}}}
}

var tokenRoute = regexp.MustCompile(`^/([^/]+)/oauth2/v2\.0/token$`)

// simulate answers one request; path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	if m := tokenRoute.FindStringSubmatch(path); m != nil {
		serveToken(seed, s, w, r, m[1])
		return
	}
	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, graphError("Request_BadRequest", "The HTTP method is not allowed."))
		return
	}
	parts := sandbox.Segments(path, "/v1.0/")
	var need [][]string // each: any one of
	switch {
	case slices.Equal(parts, []string{"servicePrincipals"}):
		need = [][]string{{PermApplications, PermDirectory}}
	case len(parts) == 3 && parts[0] == "servicePrincipals" && parts[2] == "appRoleAssignedTo":
		need = [][]string{{PermApplications, PermDirectory}}
	case slices.Equal(parts, []string{"oauth2PermissionGrants"}):
		need = [][]string{{PermDirectory}}
	case slices.Equal(parts, []string{"users"}):
		need = [][]string{{"User.Read.All", PermDirectory}}
		if strings.Contains(r.URL.Query().Get("$select"), "signInActivity") {
			need = append(need, []string{PermAuditLog})
		}
	case slices.Equal(parts, []string{"auditLogs", "signIns"}):
		need = [][]string{{PermAuditLog}, {PermDirectory}}
	default:
		sandbox.WriteJSON(w, http.StatusNotFound, graphError("Request_ResourceNotFound", "Resource not found for the segment '"+lastSegment(path)+"'."))
		return
	}
	if !sandbox.Bearer(r, seed.Token) {
		sandbox.WriteJSON(w, http.StatusUnauthorized, graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."))
		return
	}
	for _, anyOf := range need {
		if !slices.ContainsFunc(anyOf, func(p string) bool { return sandbox.Granted(seed.Permissions, p) }) {
			if parts[0] == "auditLogs" {
				sandbox.WriteJSON(w, http.StatusForbidden, graphError("Authentication_MSGraphPermissionMissing",
					"Calling principal does not have required MSGraph permissions "+anyOf[0]))
				return
			}
			sandbox.WriteJSON(w, http.StatusForbidden, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."))
			return
		}
	}
	if seed.NoPremium && (parts[0] == "auditLogs" || len(need) > 1 && parts[0] == "users") {
		sandbox.WriteJSON(w, http.StatusForbidden, graphError(NonPremiumCode, "Neither tenant is B2C or tenant doesn't have premium license"))
		return
	}
	q := r.URL.Query()
	root := sandbox.RootURL(r)
	switch parts[0] {
	case "servicePrincipals":
		if len(parts) == 3 {
			serveAssignments(seed, s, w, r, path, parts[1])
			return
		}
		apps := sandboxApps(seed)
		appID := ""
		if f := q.Get("$filter"); f != "" {
			m := regexp.MustCompile(`^appId eq '([0-9a-fA-F-]+)'$`).FindStringSubmatch(f)
			if m == nil {
				sandbox.WriteJSON(w, http.StatusBadRequest, graphError("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'appId' of resource 'ServicePrincipal'."))
				return
			}
			appID = m[1]
		}
		graphPage(s, w, r, path, 100, 999, len(apps), func(i int) bool { return appID == "" || strings.EqualFold(apps[i].AppID, appID) },
			func(i int) any { return spJSON(apps[i]) })
	case "oauth2PermissionGrants":
		graphPage(s, w, r, path, 100, 999, len(seed.Grants), func(int) bool { return true }, func(i int) any {
			return grantJSON(seed.Grants[i], root)
		})
	case "users":
		activity := strings.Contains(q.Get("$select"), "signInActivity")
		max := 999
		if activity {
			max = 120
		}
		graphPage(s, w, r, path, 100, max, len(seed.Users), func(int) bool { return true }, func(i int) any {
			return userJSON(seed.Users[i], activity)
		})
	case "auditLogs":
		serveSignIns(seed, s, w, r, path)
	}
}

func lastSegment(path string) string {
	i := strings.LastIndexByte(path, '/')
	return path[i+1:]
}

// sandboxApps are the seed's apps and Microsoft Graph's own service
// principal, which every tenant has.
func sandboxApps(seed SandboxSeed) []SandboxApp {
	graph := SandboxApp{ID: sandboxGraphSPID, AppID: graphAppID, Name: "Microsoft Graph", Microsoft: true, NotEnterprise: true}
	return append([]SandboxApp{graph}, seed.Apps...)
}

func serveAssignments(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path, id string) {
	i := slices.IndexFunc(seed.Apps, func(a SandboxApp) bool { return a.ID == id })
	if i < 0 {
		sandbox.WriteJSON(w, http.StatusNotFound, graphError("Request_ResourceNotFound",
			fmt.Sprintf("Resource '%s' does not exist or one of its queried reference-property objects are not present.", id)))
		return
	}
	app := seed.Apps[i]
	n := len(app.UserIDs) + len(app.GroupIDs)
	graphPage(s, w, r, path, 100, 999, n, func(int) bool { return true }, func(j int) any {
		typ, pid := "User", ""
		if j < len(app.UserIDs) {
			pid = app.UserIDs[j]
		} else {
			typ, pid = "Group", app.GroupIDs[j-len(app.UserIDs)]
		}
		return map[string]any{"id": assignmentID(app.ID, pid), "deletedDateTime": nil, "appRoleId": "00000000-0000-0000-0000-000000000000",
			"createdDateTime": "2024-01-15T10:00:00.0000000Z", "principalDisplayName": pid, "principalId": pid, "principalType": typ,
			"resourceDisplayName": app.Name, "resourceId": app.ID}
	})
}

func assignmentID(app, principal string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(app + principal))[:43]
}

var signInClause = regexp.MustCompile(`^(appId eq '([0-9a-fA-F-]+)'|createdDateTime (ge|lt) (\S+)|status/errorCode eq 0)$`)

// serveSignIns answers GET /auditLogs/signIns, newest first as Graph does.
func serveSignIns(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	appID, onlyOK := "", false
	var ge, lt time.Time
	if f := r.URL.Query().Get("$filter"); f != "" {
		for _, c := range strings.Split(f, " and ") {
			m := signInClause.FindStringSubmatch(strings.TrimSpace(c))
			if m == nil {
				sandbox.WriteJSON(w, http.StatusBadRequest, graphError("BadRequest", "Invalid filter clause"))
				return
			}
			switch {
			case m[2] != "":
				appID = m[2]
			case m[3] != "":
				t, err := time.Parse(time.RFC3339, m[4])
				if err != nil {
					sandbox.WriteJSON(w, http.StatusBadRequest, graphError("BadRequest", "Invalid filter clause: createdDateTime"))
					return
				}
				if m[3] == "ge" {
					ge = t
				} else {
					lt = t
				}
			default:
				onlyOK = true
			}
		}
	}
	// Graph lists sign-ins newest first. A seed is usually in that order
	// already; sorting a copy on every page made the 10,000-page case
	// quadratic in allocations.
	newestFirst := func(a, b SandboxSignIn) int { return b.At.Compare(a.At) }
	events := seed.SignIns
	if !slices.IsSortedFunc(events, newestFirst) {
		events = slices.Clone(events)
		slices.SortStableFunc(events, newestFirst)
	}
	graphPage(s, w, r, path, 1000, 1000, len(events), func(i int) bool {
		e := events[i]
		return (appID == "" || strings.EqualFold(e.AppID, appID)) && !(onlyOK && e.Failed) &&
			!e.At.Before(ge) && (lt.IsZero() || e.At.Before(lt))
	}, func(i int) any { return signInJSON(seed, events[i]) })
}

// graphPage serves one page of the n items that match, rendering only
// those served. $skiptoken is the simulator's own (Graph's is opaque):
// the position in the seed list.
func graphPage(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string, defTop, maxTop, n int,
	match func(int) bool, render func(int) any) {
	q := r.URL.Query()
	limit, ok := sandbox.PageSize(q.Get("$top"), defTop, maxTop, seedOf(s).PageSize)
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, graphError("Request_BadRequest",
			fmt.Sprintf("Invalid page size specified: '%s'. Must be between 1 and %d inclusive.", q.Get("$top"), maxTop)))
		return
	}
	offset, ok := sandbox.CursorOffset(base64.RawURLEncoding, q.Get("$skiptoken"), "entra:")
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, graphError("Directory_InvalidSkipToken", "The specified page token value has expired and can no longer be included in your request."))
		return
	}
	items, next, more := s.Matching(n, offset, limit, match, render)
	body := map[string]any{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#" + strings.TrimPrefix(path, "/v1.0/"), "value": items}
	if more {
		q.Set("$skiptoken", sandbox.Cursor(base64.RawURLEncoding, "entra:", next))
		body["@odata.nextLink"] = sandbox.RootURL(r) + path + "?" + q.Encode()
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

func spJSON(a SandboxApp) map[string]any {
	owner := sandboxHomeTenant
	if a.Microsoft {
		owner = sandboxMSTenant
	}
	tags := []string{}
	if !a.NotEnterprise {
		tags = []string{enterpriseTag}
	}
	var home any
	if a.Homepage != "" {
		home = a.Homepage
	}
	publisher := a.Publisher
	if publisher == "" && a.Microsoft {
		publisher = "Microsoft Services"
	}
	return map[string]any{
		"id": a.ID, "deletedDateTime": nil, "accountEnabled": true, "appDisplayName": a.Name, "appId": a.AppID,
		"appOwnerOrganizationId": owner, "appRoleAssignmentRequired": !a.NotEnterprise, "displayName": a.Name,
		"homepage": home, "loginUrl": nil, "logoutUrl": nil, "publisherName": publisher, "replyUrls": []string{},
		"servicePrincipalNames": []string{a.AppID}, "servicePrincipalType": "Application", "tags": tags,
		"verifiedPublisher": map[string]any{"displayName": nil, "verifiedPublisherId": nil, "addedDateTime": nil},
		"info":              map[string]any{"termsOfServiceUrl": nil, "supportUrl": nil, "privacyStatementUrl": nil, "marketingUrl": nil, "logoUrl": nil},
	}
}

func grantJSON(g SandboxGrant, root string) map[string]any {
	consent, principal := "AllPrincipals", any(nil)
	if g.PrincipalID != "" {
		consent, principal = "Principal", g.PrincipalID
	}
	id := assignmentID(g.ClientID, g.PrincipalID+g.Scope)
	return map[string]any{"@odata.id": root + "/v2/" + sandboxHomeTenant + "/oauth2PermissionGrants/" + id,
		"clientId": g.ClientID, "consentType": consent, "id": id, "principalId": principal, "resourceId": sandboxGraphSPID, "scope": g.Scope}
}

func userJSON(u SandboxUser, activity bool) map[string]any {
	mail := any(nil)
	if u.Mail != "" {
		mail = u.Mail
	}
	m := map[string]any{"id": u.ID, "mail": mail, "userPrincipalName": u.UPN, "accountEnabled": !u.Disabled, "userType": "Member"}
	if activity {
		var a any
		if t := u.LastSignIn; t != nil {
			at := t.UTC().Format("2006-01-02T15:04:05Z")
			a = map[string]any{"lastSignInDateTime": at, "lastSignInRequestId": "00000000-0000-4000-8000-5a4db0c00002",
				"lastNonInteractiveSignInDateTime": at, "lastNonInteractiveSignInRequestId": "00000000-0000-4000-8000-5a4db0c00003",
				"lastSuccessfulSignInDateTime": at, "lastSuccessfulSignInRequestId": "00000000-0000-4000-8000-5a4db0c00002"}
		}
		m["signInActivity"] = a
	}
	return m
}

func signInJSON(seed SandboxSeed, e SandboxSignIn) map[string]any {
	upn, name := e.UserID, e.AppID
	if j := slices.IndexFunc(seed.Users, func(u SandboxUser) bool { return u.ID == e.UserID }); j >= 0 {
		upn = seed.Users[j].UPN
	}
	if j := slices.IndexFunc(seed.Apps, func(a SandboxApp) bool { return strings.EqualFold(a.AppID, e.AppID) }); j >= 0 {
		name = seed.Apps[j].Name
	}
	status := map[string]any{"errorCode": 0, "failureReason": nil, "additionalDetails": nil}
	if e.Failed {
		status = map[string]any{"errorCode": 50126, "failureReason": "Error validating credentials due to invalid username or password.", "additionalDetails": nil}
	}
	return map[string]any{
		"id": assignmentID(e.UserID, e.AppID+e.At.String()), "createdDateTime": e.At.UTC().Format("2006-01-02T15:04:05Z"),
		"userDisplayName": upn, "userPrincipalName": upn, "userId": e.UserID, "appId": e.AppID, "appDisplayName": name,
		"ipAddress": "192.0.2.1", "clientAppUsed": "Browser", "correlationId": "00000000-0000-4000-8000-5a4db0c00004",
		"conditionalAccessStatus": "notApplied", "isInteractive": true, "riskDetail": "none", "riskLevelAggregated": "none",
		"riskLevelDuringSignIn": "none", "riskState": "none", "riskEventTypes": []string{}, "resourceDisplayName": name,
		"resourceId": e.AppID, "status": status,
		"deviceDetail":                     map[string]any{"deviceId": "", "displayName": nil, "operatingSystem": "MacOs", "browser": "Chrome 130.0.0", "isCompliant": nil, "isManaged": nil, "trustType": nil},
		"location":                         map[string]any{"city": "Boston", "state": "Massachusetts", "countryOrRegion": "US"},
		"appliedConditionalAccessPolicies": []any{},
	}
}

// serveToken is the tenant's v2.0 token endpoint for the client
// credentials grant, with Entra's errors (testdata/vendor/token-*.json).
func serveToken(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, tenant string) {
	fail := func(status int, code, aadsts, desc string) {
		n, _ := strconv.Atoi(strings.TrimPrefix(aadsts, "AADSTS"))
		sandbox.WriteJSON(w, status, map[string]any{"error": code, "error_description": aadsts + ": " + desc +
			"\r\nTrace ID: 00000000-0000-4000-8000-5a4db0c00005\r\nCorrelation ID: 00000000-0000-4000-8000-5a4db0c00006\r\nTimestamp: 2026-11-20 08:00:00Z",
			"error_codes": []int{n}, "timestamp": "2026-11-20 08:00:00Z", "trace_id": "00000000-0000-4000-8000-5a4db0c00005",
			"correlation_id": "00000000-0000-4000-8000-5a4db0c00006", "error_uri": sandbox.RootURL(r) + "/error?code=" + strconv.Itoa(n)})
	}
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		fail(http.StatusMethodNotAllowed, "invalid_request", "AADSTS900561", "The endpoint only accepts POST requests.")
		return
	}
	f := r.PostForm
	switch {
	case seed.Tenant != "" && !strings.EqualFold(tenant, seed.Tenant):
		fail(http.StatusBadRequest, "invalid_request", "AADSTS90002", fmt.Sprintf("Tenant '%s' not found.", tenant))
		return
	case f.Get("grant_type") != oauth.GrantClientCredentials:
		fail(http.StatusBadRequest, "unsupported_grant_type", "AADSTS70003", "The app requested an unsupported grant type.")
		return
	case seed.ClientID != "" && f.Get("client_id") != seed.ClientID:
		fail(http.StatusBadRequest, "unauthorized_client", "AADSTS700016",
			fmt.Sprintf("Application with identifier '%s' was not found in the directory.", f.Get("client_id")))
		return
	case f.Get("scope") != GraphScope:
		fail(http.StatusBadRequest, "invalid_scope", "AADSTS1002012", "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.")
		return
	}
	switch {
	case f.Get("client_assertion") != "":
		claims, err := oauth.VerifyRS256(oauth.SandboxPublicKey(), f.Get("client_assertion"))
		if err != nil || f.Get("client_assertion_type") != oauth.AssertionTypeJWT || claims["iss"] != f.Get("client_id") ||
			claims["aud"] != LoginBaseURL+"/"+tenant+"/oauth2/v2.0/token" || !hasX5T(f.Get("client_assertion")) {
			fail(http.StatusUnauthorized, "invalid_client", "AADSTS700027", "The certificate with identifier used to sign the client assertion is not registered on application.")
			return
		}
	case seed.Secret == "" || f.Get("client_secret") != seed.Secret:
		fail(http.StatusUnauthorized, "invalid_client", "AADSTS7000215",
			"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '"+f.Get("client_id")+"'.")
		return
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
		"access_token": s.IssuedToken("/oauth2/v2.0/token", seed.Token, seed.StaleFirstToken)})
}

// hasX5T reports whether a compact JWS's header names a certificate
// thumbprint, as Entra requires.
func hasX5T(jws string) bool {
	h, _, _ := strings.Cut(jws, ".")
	b, err := base64.RawURLEncoding.DecodeString(h)
	return err == nil && strings.Contains(string(b), `"x5t"`)
}

// SandboxCredentialPEM is what a `--sandbox` run's variable holds for
// auth = "certificate": the sandbox key and a self-signed certificate of
// it.
func SandboxCredentialPEM() string {
	key, err := oauth.ParseRSAKey(oauth.SandboxKeyPEM(), "the sandbox key")
	if err != nil {
		panic("entra: " + err.Error())
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "stackaudit sandbox"},
		NotBefore: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic("entra: the sandbox certificate: " + err.Error())
	}
	return oauth.SandboxKeyPEM() + string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// sandboxBlock is the first entra_id block's settings, for the seed.
func sandboxBlock(inv *inventory.Inventory) (tenant, clientID, auth string) {
	for _, d := range inv.Discoveries {
		if d.Kind == Kind {
			return scanners.StringSetting(d.Body, "tenant_id"), scanners.StringSetting(d.Body, "client_id"), scanners.StringSetting(d.Body, "auth")
		}
	}
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == Kind {
			return scanners.StringSetting(t.Scan.Body, "tenant_id"), scanners.StringSetting(t.Scan.Body, "client_id"), scanners.StringSetting(t.Scan.Body, "auth")
		}
	}
	return "", "", ""
}

// sandboxCredential is what a `--sandbox` run's variable holds: the
// sandbox token as the client secret (or as the access token), or the
// sandbox key and certificate.
func sandboxCredential(inv *inventory.Inventory) string {
	if _, _, auth := sandboxBlock(inv); auth == AuthCertificate {
		return SandboxCredentialPEM()
	}
	return sandbox.Token
}

func setToken(seed *SandboxSeed, inv *inventory.Inventory, token string) {
	if strings.Contains(token, "-----BEGIN") {
		token = sandbox.Token
	}
	seed.Secret, seed.Token = token, token
	tenant, clientID, _ := sandboxBlock(inv)
	seed.Tenant, seed.ClientID = strings.ToLower(tenant), strings.ToLower(clientID)
}

// sandboxGUID is a stable GUID for a name.
func sandboxGUID(kind, name string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(kind + ":" + name))
	v := h.Sum64()
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(v>>32), uint16(v>>16), uint16(v)&0xfff, uint16(v>>4)&0xfff, v&0xffffffffffff)
}

// entraUser returns the user id of a person, adding the user once; with
// signIn, the person's last activity counts as a sign-in to the tenant.
func entraUser(b *sandbox.Builder, seed *SandboxSeed, p sandbox.Person, signIn bool) string {
	i := sandbox.Once(b, "entra users", p.Email, &seed.Users, func() SandboxUser {
		id := p.ID
		if !guidPattern.MatchString(id) {
			id = sandboxGUID("user", p.Email)
		}
		return SandboxUser{ID: id, UPN: p.Email, Mail: p.Email}
	})
	u := &seed.Users[i]
	if signIn && p.LastActive != nil && (u.LastSignIn == nil || p.LastActive.After(*u.LastSignIn)) {
		at := p.LastActive.UTC()
		u.LastSignIn = &at
	}
	return u.ID
}

func appIndex(b *sandbox.Builder, seed *SandboxSeed, appID, name string) int {
	return sandbox.Once(b, "entra apps", appID, &seed.Apps, func() SandboxApp {
		return SandboxApp{ID: sandboxGUID("sp", appID), AppID: appID, Name: name}
	})
}

// addTool adds a scanned app: its users, their last sign-in to it in the
// sign-in log when it falls in the 30 days Entra keeps, and to the tenant.
func addTool(b *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, _ int) {
	appID := cmp.Or(strings.ToLower(scanners.StringSetting(t.Scan.Body, "app_id")), sandboxGUID("app", t.ID))
	i := appIndex(b, seed, appID, t.Name)
	since, until := SignInWindow(b.AsOf(), b.AsOf().Add(24*time.Hour))
	for _, p := range people {
		id := entraUser(b, seed, p, true)
		if !slices.Contains(seed.Apps[i].UserIDs, id) {
			seed.Apps[i].UserIDs = append(seed.Apps[i].UserIDs, id)
		}
		if p.LastActive != nil && !p.LastActive.Before(since) && p.LastActive.Before(until) {
			seed.SignIns = append(seed.SignIns, SandboxSignIn{UserID: id, AppID: appID, At: p.LastActive.UTC()})
		}
	}
}

var entraEvidence = regexp.MustCompile(`^Entra (enterprise )?app ([0-9a-f-]{36}) .*?(delegated consent for all users)?\)$`)

// addApps turns what entra_id discovery found back into apps, with their
// users and delegated grants, and pages by 20 so that a sandbox run pages.
func addApps(b *sandbox.Builder, seed *SandboxSeed, d usage.Discovered) {
	for _, t := range d.Tools {
		if t.Source != Kind {
			continue
		}
		appID, enterprise, allUsers := sandboxGUID("app", t.Name), true, false
		if m := entraEvidence.FindStringSubmatch(t.Evidence); m != nil {
			appID, enterprise, allUsers = m[2], m[1] != "", m[3] != ""
		}
		i := appIndex(b, seed, appID, t.Name)
		app := &seed.Apps[i]
		app.Name, app.NotEnterprise = t.Name, !enterprise
		// A scanned app already has its users: discovery adds none
		// beyond its count.
		var users []string
		for _, p := range b.SomePeople(t.Users, appID) {
			if len(users) >= t.Users || enterprise && len(app.UserIDs) >= t.Users {
				break
			}
			id := entraUser(b, seed, p, false)
			users = append(users, id)
			if enterprise && !slices.Contains(app.UserIDs, id) {
				app.UserIDs = append(app.UserIDs, id)
			}
		}
		if len(t.Scopes) == 0 {
			continue
		}
		scope := strings.Join(t.Scopes, " ")
		switch {
		case allUsers || len(users) == 0:
			seed.Grants = append(seed.Grants, SandboxGrant{ClientID: app.ID, Scope: scope})
		default:
			for _, u := range users {
				seed.Grants = append(seed.Grants, SandboxGrant{ClientID: app.ID, PrincipalID: u, Scope: scope})
			}
		}
	}
	seed.PageSize = 20
}
