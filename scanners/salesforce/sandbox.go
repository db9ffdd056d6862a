package salesforce

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// SandboxScopeAPI is the OAuth scope the simulated REST API requires.
const SandboxScopeAPI = "api"

// salesforceLatestVersion is the newest REST API version the simulator
// serves; a later one is 404, as on a real instance.
const salesforceLatestVersion = 66

// salesforceDailyLimit is the org's daily API allowance shown in
// Sforce-Limit-Info.
const salesforceDailyLimit = 15000

// SandboxSeed is a simulated Salesforce org.
type SandboxSeed struct {
	// Access's Token is the access token (session id) the API accepts
	// as Bearer; PageSize is the query batch size (0: Salesforce's
	// 2,000).
	sandbox.Access
	// Scopes granted to the token; nil grants every scope. Without "api"
	// every call is 403 INVALID_SESSION_ID, as for a real token.
	Scopes []string `json:"scopes,omitempty"`
	// APIDisabled answers every call 403 API_DISABLED_FOR_ORG (an edition
	// without API access, or a user without the API Enabled permission).
	APIDisabled bool `json:"api_disabled,omitempty"`
	// NoSetupAccess is a user without View Setup and Configuration:
	// UserLicense queries are 403 INSUFFICIENT_ACCESS.
	NoSetupAccess bool             `json:"no_setup_access,omitempty"`
	Users         []SandboxUser    `json:"users"`
	Licenses      []SandboxLicense `json:"licenses"`

	// The connected app whose OAuth flows POST /services/oauth2/token
	// serves, issuing Token: ClientID is its consumer key ("": no app).
	// ClientSecret is its consumer secret, for the client credentials
	// flow ("": the flow has no Run As user). Username is the user
	// pre-authorized for the JWT bearer flow, whose assertions must be
	// signed with the sandbox's key (oauth.SandboxKeyPEM).
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	Username     string `json:"username,omitempty"`
	// StaleFirstToken makes the first token issued one the API already
	// rejects (a session that expired), so that the scan gets another.
	StaleFirstToken bool `json:"stale_first_token,omitempty"`
}

// SandboxUser is a User record.
type SandboxUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	IsActive bool   `json:"is_active"`
	// LastLogin is LastLoginDate; zero means never logged in (null).
	LastLogin time.Time `json:"last_login,omitzero"`
	// UserType is Standard (when empty), AutomatedProcess, CsnOnly,
	// Guest, PowerPartner, ...
	UserType string `json:"user_type,omitempty"`
	// License is the Name of the UserLicense of the user's profile; empty
	// gives a profile without licence.
	License string `json:"license,omitempty"`
}

// SandboxLicense is a UserLicense record.
type SandboxLicense struct {
	// ID is generated when empty.
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	// MasterLabel defaults to Name.
	MasterLabel string `json:"master_label,omitempty"`
	// Status is Active (when empty) or Disabled.
	Status string `json:"status,omitempty"`
	Total  int    `json:"total"`
	Used   int    `json:"used"`
}

// The queryable sObjects, by the letter that stands for them in query
// locators.
const (
	sfUser    = 'U'
	sfLicense = 'L'
)

func sfObjectName(object byte) string {
	if object == sfLicense {
		return "UserLicense"
	}
	return "User"
}

// sfFields are an object's fields; their order is the bit order of the
// field mask in query locators.
func sfFields(object byte) []string {
	if object == sfLicense {
		return []string{"Id", "Name", "MasterLabel", "Status", "TotalLicenses", "UsedLicenses", "LicenseDefinitionKey"}
	}
	return []string{"Id", "Username", "Email", "Name", "IsActive", "LastLoginDate", "UserType", "ProfileId",
		"Profile.Name", "Profile.UserLicenseId", "Profile.UserLicense.Name", "Profile.UserLicense.MasterLabel"}
}

// sfQuery is a parsed SOQL query: the object, the selected fields as a bit
// mask over its field list, and the IsActive filter ('A' any, 'T' true,
// 'F' false). It fits in a query locator, so that the simulator keeps no
// cursor state.
type sfQuery struct {
	object byte
	mask   uint32
	active byte
}

var (
	sfVersionPattern = regexp.MustCompile(`^v(\d+)\.(\d)$`)
	sfSOQLPattern    = regexp.MustCompile(`(?is)^\s*select\s+(.+?)\s+from\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+where\s+(.+?))?\s*$`)
	sfFieldPattern   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	sfActivePattern  = regexp.MustCompile(`(?i)^isactive\s*=\s*(true|false)$`)
	sfLocatorPattern = regexp.MustCompile(`^01g([UL])([ATF])([0-9A-F]{8})-(\d{1,9})$`)
)

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	used := s.Served("")
	w.Header().Set("Sforce-Limit-Info", fmt.Sprintf("api-usage=%d/%d", used, salesforceDailyLimit))

	if path == "/services/oauth2/token" {
		serveToken(seed, s, w, r)
		return
	}
	rest, ok := strings.CutPrefix(path, "/services/data/")
	if !ok {
		salesforceNotFound(w)
		return
	}
	version, rest, _ := strings.Cut(rest, "/")
	m := sfVersionPattern.FindStringSubmatch(version)
	if m == nil {
		salesforceNotFound(w)
		return
	}
	if major, _ := strconv.Atoi(m[1]); major < 20 || major > salesforceLatestVersion {
		salesforceNotFound(w)
		return
	}
	locator := ""
	switch {
	case rest == "query" || rest == "query/":
	case strings.HasPrefix(rest, "query/") && !strings.Contains(rest[len("query/"):], "/"):
		locator = rest[len("query/"):]
	default:
		salesforceNotFound(w)
		return
	}
	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, salesforceError("METHOD_NOT_ALLOWED",
			fmt.Sprintf("HTTP Method '%s' not allowed. Allowed are GET,HEAD", r.Method)))
		return
	}
	if !sandbox.Bearer(r, seed.Token) {
		sandbox.WriteJSON(w, http.StatusUnauthorized, salesforceError("INVALID_SESSION_ID", "Session expired or invalid"))
		return
	}
	if !sandbox.Granted(seed.Scopes, SandboxScopeAPI) {
		sandbox.WriteJSON(w, http.StatusForbidden, salesforceError("INVALID_SESSION_ID", "This session is not valid for use with the REST API"))
		return
	}
	if seed.APIDisabled {
		sandbox.WriteJSON(w, http.StatusForbidden, salesforceError("API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization."))
		return
	}

	var q sfQuery
	offset := 0
	if locator == "" {
		var code, msg string
		q, code, msg = parseSOQL(r.URL.Query().Get("q"))
		if code != "" {
			sandbox.WriteJSON(w, http.StatusBadRequest, salesforceError(code, msg))
			return
		}
	} else if q, offset, ok = parseLocator(locator); !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, salesforceError("INVALID_QUERY_LOCATOR", "invalid query locator"))
		return
	}
	if q.object == sfLicense && seed.NoSetupAccess {
		sandbox.WriteJSON(w, http.StatusForbidden, salesforceError("INSUFFICIENT_ACCESS",
			"You do not have the permission View Setup and Configuration required to query UserLicense."))
		return
	}

	batch := seed.PageSize
	if batch <= 0 || batch > 2000 {
		batch = 2000
	}
	var records []any
	total := 0
	if q.object == sfUser {
		for i := range seed.Users {
			if q.active != 'A' && seed.Users[i].IsActive != (q.active == 'T') {
				continue
			}
			if total >= offset && total < offset+batch {
				records = append(records, q.project(salesforceUserRecord(seed, i, version)))
			}
			total++
		}
	} else {
		total = len(seed.Licenses)
		for i := min(offset, total); i < min(offset+batch, total); i++ {
			records = append(records, q.project(salesforceLicenseRecord(seed, i, version)))
		}
	}
	if offset > total {
		sandbox.WriteJSON(w, http.StatusBadRequest, salesforceError("INVALID_QUERY_LOCATOR", "invalid query locator"))
		return
	}
	body := map[string]any{"totalSize": total, "done": true, "records": append([]any{}, records...)}
	next := offset + batch
	if s.Faults().LoopingCursor {
		next = min(batch, total)
	}
	if next < total || s.Faults().LoopingCursor {
		prefix := ""
		if u, err := url.Parse(sandbox.RootURL(r)); err == nil {
			prefix = u.Path
		}
		body["done"] = false
		body["nextRecordsUrl"] = fmt.Sprintf("%s/services/data/%s/query/01g%c%c%08X-%d", prefix, version,
			q.object, q.active, q.mask, next)
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

// parseSOQL reads the subset of SOQL the scanners send: SELECT fields
// FROM User|UserLicense [WHERE IsActive = true|false]. It returns the
// Salesforce errorCode and message of a query it refuses.
func parseSOQL(soql string) (sfQuery, string, string) {
	m := sfSOQLPattern.FindStringSubmatch(soql)
	if m == nil {
		return sfQuery{}, "MALFORMED_QUERY", "unexpected token: '" + firstWord(soql) + "'"
	}
	var q sfQuery
	switch {
	case strings.EqualFold(m[2], sfObjectName(sfUser)):
		q.object = sfUser
	case strings.EqualFold(m[2], sfObjectName(sfLicense)):
		q.object = sfLicense
	default:
		return sfQuery{}, "INVALID_TYPE", fmt.Sprintf("sObject type '%s' is not supported.", m[2])
	}
	for _, f := range strings.Split(m[1], ",") {
		f = strings.TrimSpace(f)
		if !sfFieldPattern.MatchString(f) {
			return sfQuery{}, "MALFORMED_QUERY", "unexpected token: '" + firstWord(f) + "'"
		}
		i := slices.IndexFunc(sfFields(q.object), func(k string) bool { return strings.EqualFold(k, f) })
		if i < 0 {
			return sfQuery{}, "INVALID_FIELD", fmt.Sprintf("No such column '%s' on entity '%s'.", f, sfObjectName(q.object))
		}
		q.mask |= 1 << i
	}
	q.active = 'A'
	if where := m[3]; where != "" {
		a := sfActivePattern.FindStringSubmatch(strings.TrimSpace(where))
		if a == nil || q.object != sfUser {
			return sfQuery{}, "MALFORMED_QUERY", "unexpected token: '" + firstWord(where) + "'"
		}
		q.active = 'F'
		if strings.EqualFold(a[1], "true") {
			q.active = 'T'
		}
	}
	return q, "", ""
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return "<EOF>"
	}
	return f[0]
}

// parseLocator reads a query locator written by the handler.
func parseLocator(loc string) (sfQuery, int, bool) {
	m := sfLocatorPattern.FindStringSubmatch(loc)
	if m == nil {
		return sfQuery{}, 0, false
	}
	q := sfQuery{object: m[1][0], active: m[2][0]}
	mask, err := strconv.ParseUint(m[3], 16, 32)
	offset, err2 := strconv.Atoi(m[4])
	if err != nil || err2 != nil || mask == 0 || mask>>len(sfFields(q.object)) != 0 ||
		(q.object == sfLicense && q.active != 'A') {
		return sfQuery{}, 0, false
	}
	q.mask = uint32(mask)
	return q, offset, true
}

// project keeps the selected fields of a full record, with the
// attributes of the record and of each relationship on the way, as the
// REST API returns them.
func (q sfQuery) project(full map[string]any) map[string]any {
	out := map[string]any{"attributes": full["attributes"]}
	for i, f := range sfFields(q.object) {
		if q.mask&(1<<i) != 0 {
			sfPut(out, full, strings.Split(f, "."))
		}
	}
	return out
}

func sfPut(dst, src map[string]any, path []string) {
	v := src[path[0]]
	if len(path) == 1 {
		dst[path[0]] = v
		return
	}
	sub, ok := v.(map[string]any)
	if !ok {
		dst[path[0]] = nil // a null relationship
		return
	}
	d, _ := dst[path[0]].(map[string]any)
	if d == nil {
		d = map[string]any{"attributes": sub["attributes"]}
		dst[path[0]] = d
	}
	sfPut(d, sub, path[1:])
}

func sfAttributes(version, object, id string) map[string]any {
	return map[string]any{"type": object, "url": "/services/data/" + version + "/sobjects/" + object + "/" + id}
}

func salesforceUserRecord(seed SandboxSeed, i int, version string) map[string]any {
	u := seed.Users[i]
	id := cmp.Or(u.ID, fmt.Sprintf("005%012dAAA", i))
	userType := cmp.Or(u.UserType, "Standard")
	var lastLogin any
	if !u.LastLogin.IsZero() {
		lastLogin = u.LastLogin.UTC().Format("2006-01-02T15:04:05.000-0700")
	}
	profileID := "00e000000000001AAA"
	profile := map[string]any{"attributes": sfAttributes(version, "Profile", profileID), "Name": "Standard User",
		"UserLicenseId": nil, "UserLicense": nil}
	if u.License != "" {
		j := slices.IndexFunc(seed.Licenses, func(l SandboxLicense) bool { return l.Name == u.License })
		lic := salesforceLicenseRecord(seed, j, version)
		if j < 0 {
			lic = map[string]any{"attributes": sfAttributes(version, "UserLicense", "100999999999999AAA"),
				"Id": "100999999999999AAA", "Name": u.License, "MasterLabel": u.License}
		}
		profile["UserLicenseId"], profile["UserLicense"] = lic["Id"], lic
	}
	return map[string]any{
		"attributes": sfAttributes(version, "User", id),
		"Id":         id, "Username": u.Username, "Email": u.Email, "Name": u.Username, "IsActive": u.IsActive,
		"LastLoginDate": lastLogin, "UserType": userType, "ProfileId": profileID, "Profile": profile,
	}
}

func salesforceLicenseRecord(seed SandboxSeed, i int, version string) map[string]any {
	if i < 0 {
		return nil
	}
	l := seed.Licenses[i]
	id := cmp.Or(l.ID, fmt.Sprintf("100%012dAAA", i))
	label := cmp.Or(l.MasterLabel, l.Name)
	status := cmp.Or(l.Status, "Active")
	return map[string]any{
		"attributes": sfAttributes(version, "UserLicense", id),
		"Id":         id, "Name": l.Name, "MasterLabel": label, "Status": status,
		"TotalLicenses": l.Total, "UsedLicenses": l.Used,
		"LicenseDefinitionKey": strings.ToUpper(strings.ReplaceAll(l.Name, " ", "_")),
	}
}

func salesforceError(code, message string) []map[string]any {
	return []map[string]any{{"message": message, "errorCode": code}}
}

func salesforceNotFound(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusNotFound, salesforceError("NOT_FOUND", "The requested resource does not exist"))
}

// salesforceRateLimited is the answer to too many calls. Salesforce itself
// reports a spent daily allowance as 403 REQUEST_LIMIT_EXCEEDED, which no
// retry helps; the simulator's injected 429s carry the same error body.
func salesforceRateLimited(w http.ResponseWriter) {
	w.Header().Set("Sforce-Limit-Info", fmt.Sprintf("api-usage=%d/%d", salesforceDailyLimit, salesforceDailyLimit))
	sandbox.WriteJSON(w, http.StatusTooManyRequests, salesforceError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."))
}

// Simulator is the simulated Salesforce API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: salesforceRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, Credential: credential, SetToken: setToken, AddTool: addTool})
}

// SandboxClientSecret is the consumer secret of the simulated connected
// app: what a `--sandbox` run's variable holds for auth =
// "client_credentials".
const SandboxClientSecret = "sandbox-consumer-secret"

// sandboxApp is the connected app a `--sandbox` run's org serves, from
// the inventory's salesforce scan blocks that get their own token: the
// first one's client_id, and the flows they use (the client credentials
// flow and the JWT bearer flow with its username), so that one
// inventory can exercise both.
type sandboxApp struct {
	clientID, username string
	secret, jwt        bool
}

func sandboxAppOf(inv *inventory.Inventory) sandboxApp {
	var app sandboxApp
	for _, t := range inv.Tools {
		if t.Scan == nil || t.Scan.Kind != Kind {
			continue
		}
		a := scanners.StringSetting(t.Scan.Body, "auth")
		if a != AuthClientCredentials && a != AuthJWTBearer {
			continue
		}
		if app.clientID == "" {
			app.clientID = scanners.StringSetting(t.Scan.Body, "client_id")
		}
		if a == AuthClientCredentials {
			app.secret = true
		} else if !app.jwt {
			app.jwt, app.username = true, scanners.StringSetting(t.Scan.Body, "username")
		}
	}
	return app
}

// credential is what a `--sandbox` run's variable holds for one block:
// the access token, or the connected app's secret or private key when
// the block gets its own token, so that the run goes through the token
// endpoint.
func credential(_ *inventory.Inventory, block hcl.Body) string {
	switch scanners.StringSetting(block, "auth") {
	case AuthClientCredentials:
		return SandboxClientSecret
	case AuthJWTBearer:
		return oauth.SandboxKeyPEM()
	}
	return sandbox.Token
}

func setToken(seed *SandboxSeed, inv *inventory.Inventory, token string) {
	seed.Token = token
	app := sandboxAppOf(inv)
	if app.clientID == "" {
		return
	}
	seed.ClientID = app.clientID
	if app.secret {
		seed.ClientSecret = SandboxClientSecret
	}
	if app.jwt {
		seed.Username = app.username
	}
}

// addTool adds a tool's users to the one simulated org, on the first
// licence its block counts (licenses, else "Salesforce"), so that two
// tools of one org counting different licences each measure their own.
func addTool(_ *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, purchased int) {
	licence := toolLicence(t)
	for _, p := range people {
		u := SandboxUser{ID: sfID(p.ID), Username: p.Email, Email: p.Email, IsActive: true, UserType: "Standard", License: licence}
		if p.LastActive != nil {
			u.LastLogin = *p.LastActive
		}
		seed.Users = append(seed.Users, u)
	}
	total := max(purchased, len(people))
	for i := range seed.Licenses {
		if l := &seed.Licenses[i]; l.Name == licence {
			l.Total, l.Used = l.Total+total, l.Used+len(people)
			total = -1
		}
	}
	if total >= 0 {
		seed.Licenses = append(seed.Licenses, SandboxLicense{Name: licence, Status: "Active", Total: total, Used: len(people)})
	}
	seed.PageSize = 50
}

func toolLicence(t *inventory.Tool) string {
	if t == nil || t.Scan == nil || t.Scan.Body == nil {
		return "Salesforce"
	}
	attrs, _ := t.Scan.Body.JustAttributes()
	var names []string
	if a := attrs["licenses"]; a != nil && !decodeLicenses(a, &names).HasErrors() && len(names) > 0 {
		return names[0]
	}
	return "Salesforce"
}

func sfID(id string) string {
	if strings.HasPrefix(id, "005") && len(id) >= 15 {
		return id
	}
	return fmt.Sprintf("005%012d", sandbox.NumericID(id))
}

// serveToken is the org's OAuth 2.0 token endpoint: the client credentials
// and JWT bearer flows of the seed's connected app, with Salesforce's
// error codes (testdata/vendor/token-*.json).
func serveToken(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request) {
	// Every refusal is a 400, as in Salesforce's OAuth 2.0
	// Authorization Errors (testdata/vendor/SOURCE).
	fail := func(code, desc string) { sandbox.TokenError(w, http.StatusBadRequest, code, desc) }
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		fail("invalid_request", "must use HTTP POST")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case oauth.GrantClientCredentials:
		switch {
		case seed.ClientID == "" || r.PostForm.Get("client_id") != seed.ClientID:
			fail("invalid_client_id", "client identifier invalid")
			return
		case seed.ClientSecret == "":
			fail("invalid_grant", "no client credentials user enabled")
			return
		case r.PostForm.Get("client_secret") != seed.ClientSecret:
			fail("invalid_client", "invalid client credentials")
			return
		}
	case oauth.GrantJWTBearer:
		claims, err := oauth.VerifyRS256(oauth.SandboxPublicKey(), r.PostForm.Get("assertion"))
		if err != nil {
			fail("invalid_grant", "invalid assertion")
			return
		}
		exp, _ := claims["exp"].(float64)
		switch aud, _ := claims["aud"].(string); {
		case seed.ClientID == "" || claims["iss"] != seed.ClientID:
			fail("invalid_client_id", "client identifier invalid")
			return
		case aud != "https://login.salesforce.com" && aud != "https://test.salesforce.com":
			fail("invalid_grant", "audience is invalid")
			return
		case time.Unix(int64(exp), 0).Before(time.Now()):
			fail("invalid_grant", "expired authorization code")
			return
		case seed.Username == "" || claims["sub"] != seed.Username:
			fail("invalid_grant", "user hasn't approved this consumer")
			return
		}
	default:
		fail("unsupported_grant_type", "grant type not supported")
		return
	}
	token := s.IssuedToken("/services/oauth2/token", seed.Token, seed.StaleFirstToken)
	root := sandbox.RootURL(r)
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{
		"access_token": token, "signature": "c2FuZGJveA==", "scope": "api", "instance_url": root,
		"id": root + "/id/00Dsandbox000001AAA/005sandbox000001AAA", "token_type": "Bearer",
		"issued_at": strconv.FormatInt(time.Now().UnixMilli(), 10),
	})
}
