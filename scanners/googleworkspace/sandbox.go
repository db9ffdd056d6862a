package googleworkspace

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// Google Workspace scopes the simulated endpoints require.
const (
	SandboxScopeReports   = "https://www.googleapis.com/auth/admin.reports.audit.readonly"
	SandboxScopeLicensing = "https://www.googleapis.com/auth/apps.licensing"
	SandboxScopeUsers     = "https://www.googleapis.com/auth/admin.directory.user.readonly"
	SandboxScopeTokens    = "https://www.googleapis.com/auth/admin.directory.user.security"
)

// SandboxSeed is a simulated Google Workspace customer: the Admin
// SDK Reports API's OAuth token audit log (GET
// /admin/reports/v1/activity/users/all/applications/token), the Directory
// API's users (GET /admin/directory/v1/users) and their current grants
// (GET /admin/directory/v1/users/{userKey}/tokens), the Enterprise License
// Manager API (GET /apps/licensing/v1/product/{productId}[/sku/{skuId}]/users)
// and the OAuth 2 token endpoint (POST /token), all served under one root,
// as a scanner with --endpoint sends them all there.
type SandboxSeed struct {
	// Access's Token is the OAuth 2 access token the APIs accept
	// (Bearer); PageSize caps the page size below the request's
	// maxResults (0: no cap).
	sandbox.Access
	// ServiceAccount, when set, is the service account whose signed
	// assertions POST /token exchanges for Token.
	ServiceAccount *SandboxServiceAccount `json:"service_account,omitempty"`
	// Users are the Directory's users. Everybody the licences, grants
	// and tokens name is a user too, who never signed in unless listed
	// here.
	Users []SandboxUser `json:"users,omitempty"`
	// Tokens are the users' current grants (users.tokens.list).
	Tokens []SandboxToken `json:"tokens,omitempty"`
	// Scopes granted to the token; nil grants every scope.
	Scopes []string `json:"scopes,omitempty"`
	// NotAdmin makes the token's user lack the admin privileges both
	// APIs need (403 "Not Authorized to access this resource/api").
	NotAdmin bool `json:"not_admin,omitempty"`
	// CustomerID and Domain are the customer's ids; when CustomerID is
	// set, a request naming another customer is refused.
	CustomerID string           `json:"customer_id,omitempty"`
	Domain     string           `json:"domain,omitempty"`
	Grants     []SandboxGrant   `json:"grants"`
	Licenses   []SandboxLicense `json:"licenses"`
}

// SandboxServiceAccount is a service account with domain-wide delegation.
type SandboxServiceAccount struct {
	ClientEmail string `json:"client_email"`
	// PublicKey is the PEM public key its assertions are checked with.
	PublicKey string `json:"public_key"`
	// Scopes are the scopes delegated to it; nil delegates every scope,
	// an empty list none (Google's unauthorized_client).
	Scopes []string `json:"scopes,omitempty"`
}

// SandboxUser is one Directory user.
type SandboxUser struct {
	Email string `json:"email"`
	// LastLogin is the last sign-in; nil: never.
	LastLogin *time.Time `json:"last_login,omitempty"`
	Suspended bool       `json:"suspended,omitempty"`
	Archived  bool       `json:"archived,omitempty"`
}

// SandboxToken is one user's current grant to an OAuth client.
type SandboxToken struct {
	UserEmail   string   `json:"user_email"`
	ClientID    string   `json:"client_id"`
	DisplayText string   `json:"display_text"`
	Scopes      []string `json:"scopes"`
	NativeApp   bool     `json:"native_app,omitempty"`
}

// SandboxGrant is one OAuth "authorize" event of the token audit log.
type SandboxGrant struct {
	Time       time.Time `json:"time"`
	ActorEmail string    `json:"actor_email"`
	ClientID   string    `json:"client_id"`
	AppName    string    `json:"app_name"`
	Scopes     []string  `json:"scopes"`
	// ClientType is WEB (default), NATIVE_ANDROID, NATIVE_IOS, ...
	ClientType string `json:"client_type,omitempty"`
}

// SandboxLicense is one SKU of a product and the users assigned to it.
type SandboxLicense struct {
	ProductID   string   `json:"product_id"`
	ProductName string   `json:"product_name,omitempty"`
	SKUID       string   `json:"sku_id"`
	SKUName     string   `json:"sku_name"`
	UserIDs     []string `json:"user_ids"`
}

const (
	googleReportsPath   = "/admin/reports/v1/activity/users/all/applications/token"
	googleLicensingRoot = "/apps/licensing/v1/product/"
	googleUsersPath     = "/admin/directory/v1/users"
	googleTokenPath     = "/token"
)

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	if path == googleTokenPath {
		serveToken(seed, directoryOf(s, seed), w, r)
		return
	}
	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, googleError(http.StatusMethodNotAllowed, "Method not allowed", "httpMethodNotAllowed", "INVALID_ARGUMENT"))
		return
	}
	var scope, product, sku, userKey string
	switch {
	case path == googleReportsPath:
		scope = SandboxScopeReports
	case path == googleUsersPath:
		scope = SandboxScopeUsers
	case strings.HasPrefix(path, googleUsersPath+"/") && strings.HasSuffix(path, "/tokens"):
		userKey = strings.TrimSuffix(strings.TrimPrefix(path, googleUsersPath+"/"), "/tokens")
		if userKey == "" || strings.Contains(userKey, "/") {
			googleNotFoundPage(w)
			return
		}
		scope = SandboxScopeTokens
	case strings.HasPrefix(path, googleLicensingRoot):
		// product/{productId}/users or product/{productId}/sku/{skuId}/users
		parts := strings.Split(strings.TrimPrefix(path, googleLicensingRoot), "/")
		switch {
		case len(parts) == 2 && parts[1] == "users" && parts[0] != "":
			product = parts[0]
		case len(parts) == 4 && parts[1] == "sku" && parts[3] == "users" && parts[0] != "" && parts[2] != "":
			product, sku = parts[0], parts[2]
		default:
			googleNotFoundPage(w)
			return
		}
		scope = SandboxScopeLicensing
	default:
		googleNotFoundPage(w)
		return
	}

	auth := r.Header.Get("Authorization")
	switch {
	case auth == "":
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
		body := googleError(http.StatusUnauthorized, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
			"required", "UNAUTHENTICATED")
		sandbox.WriteJSON(w, http.StatusUnauthorized, body)
		return
	case seed.Token == "" || auth != "Bearer "+seed.Token:
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
		body := googleError(http.StatusUnauthorized, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
			"authError", "UNAUTHENTICATED")
		sandbox.WriteJSON(w, http.StatusUnauthorized, body)
		return
	}
	if !sandbox.Granted(seed.Scopes, scope) {
		service := "admin.googleapis.com"
		if scope == SandboxScopeLicensing {
			service = "licensing.googleapis.com"
		}
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="%s"`, scope))
		body := googleError(http.StatusForbidden, "Request had insufficient authentication scopes.", "insufficientPermissions", "PERMISSION_DENIED")
		body["error"].(map[string]any)["details"] = []any{map[string]any{
			"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "domain": "googleapis.com",
			"metadata": map[string]any{"service": service, "method": "list"},
		}}
		sandbox.WriteJSON(w, http.StatusForbidden, body)
		return
	}
	if seed.NotAdmin {
		sandbox.WriteJSON(w, http.StatusForbidden, googleError(http.StatusForbidden, "Not Authorized to access this resource/api", "forbidden", "PERMISSION_DENIED"))
		return
	}

	q := r.URL.Query()
	if scope == SandboxScopeTokens {
		serveTokens(directoryOf(s, seed), w, userKey)
		return
	}
	customer := q.Get("customerId")
	if scope == SandboxScopeUsers {
		customer = q.Get("customer")
	}
	switch {
	case scope == SandboxScopeLicensing && customer == "":
		sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Missing required field: customerId", "required", "INVALID_ARGUMENT"))
		return
	case scope == SandboxScopeUsers && customer == "":
		sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Bad Request", "badRequest", ""))
		return
	case strings.Contains(customer, "."):
		// The current APIs take the customer ID only; a domain was
		// accepted by an earlier version.
		sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Invalid Input", "invalid", ""))
		return
	case customer != "" && customer != "my_customer" && seed.CustomerID != "" && customer != seed.CustomerID:
		sandbox.WriteJSON(w, http.StatusForbidden, googleError(http.StatusForbidden, "Not Authorized to access this resource/api", "forbidden", "PERMISSION_DENIED"))
		return
	}
	maxLimit, limit := 1000, 1000
	switch scope {
	case SandboxScopeLicensing:
		limit = 100
	case SandboxScopeUsers:
		maxLimit, limit = 500, 100
	}
	limit, ok := sandbox.PageSize(q.Get("maxResults"), limit, maxLimit, seed.PageSize)
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Invalid value for: maxResults", "invalid", "INVALID_ARGUMENT"))
		return
	}
	// A page token is "offset:N", plus ";sorted" once the seed's grants
	// are known to be newest first, so that later pages need not check.
	offset, sorted := 0, false
	if t := q.Get("pageToken"); t != "" {
		b, err := base64.RawURLEncoding.DecodeString(t)
		tok, isSorted := strings.CutSuffix(string(b), ";sorted")
		n, ok := sandbox.Offset(tok, "offset:")
		if err != nil || !ok || tok == "" {
			sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Invalid value for: pageToken", "invalid", "INVALID_ARGUMENT"))
			return
		}
		offset, sorted = n, isSorted
	}

	var body map[string]any
	var total int
	var page func(from, to int) []any
	switch scope {
	case SandboxScopeUsers:
		users := directoryOf(s, seed).users
		total = len(users)
		page = func(from, to int) []any { return googleUsers(seed, users[from:to]) }
		body = map[string]any{"kind": "admin#directory#users", "etag": `"sandbox-etag-users"`}
	case SandboxScopeReports:
		var grants []SandboxGrant
		var ok bool
		// The seed holds authorize events only.
		if n := q.Get("eventName"); n == "" || n == "authorize" {
			if grants, sorted, ok = googleGrants(s, w, q, sorted); !ok {
				return
			}
		}
		total = len(grants)
		page = func(from, to int) []any { return googleActivities(seed, grants, from, to) }
		body = map[string]any{"kind": "admin#reports#activities", "etag": `"sandbox-etag-activities"`}
	default:
		var licenses []SandboxLicense
		for _, l := range seed.Licenses {
			if l.ProductID == product && (sku == "" || l.SKUID == sku) {
				licenses = append(licenses, l)
				total += len(l.UserIDs)
			}
		}
		if licenses == nil {
			sandbox.WriteJSON(w, http.StatusNotFound, googleError(http.StatusNotFound, "Resource Not Found: "+strings.TrimSuffix(strings.TrimPrefix(path, googleLicensingRoot), "/users"), "notFound", "NOT_FOUND"))
			return
		}
		page = func(from, to int) []any { return googleAssignments(licenses, from, to) }
		body = map[string]any{"kind": "licensing#licenseAssignmentList", "etag": `"sandbox-etag-licenses"`}
	}
	// Google leaves an empty list out of the answer altogether.
	if items := page(min(offset, total), min(offset+limit, total)); len(items) > 0 {
		list := "items"
		if scope == SandboxScopeUsers {
			list = "users"
		}
		body[list] = items
	}
	if next, more := s.Next(offset, limit, total); more {
		tok := "offset:" + strconv.Itoa(next)
		if sorted {
			tok += ";sorted"
		}
		body["nextPageToken"] = base64.RawURLEncoding.EncodeToString([]byte(tok))
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

// googleGrants are the authorize events in [startTime, endTime], newest
// first, as the Reports API lists them; sorted says the seed lists them so
// (known is what an earlier page found out).
func googleGrants(s *sandbox.Sandbox, w http.ResponseWriter, q url.Values, known bool) (grants []SandboxGrant, sorted, ok bool) {
	var from, to time.Time
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"startTime", &from}, {"endTime", &to}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				sandbox.WriteJSON(w, http.StatusBadRequest, googleError(http.StatusBadRequest, "Invalid value for: "+p.name, "invalid", "INVALID_ARGUMENT"))
				return nil, false, false
			}
			*p.dst = t
		}
	}
	grants = seedOf(s).Grants
	sorted = known || slices.IsSortedFunc(grants, func(a, b SandboxGrant) int { return b.Time.Compare(a.Time) })
	if !sorted {
		grants = slices.Clone(grants)
		slices.SortStableFunc(grants, func(a, b SandboxGrant) int { return b.Time.Compare(a.Time) })
	}
	// Newest first: the window is one run of the list.
	lo, hi := 0, len(grants)
	if !to.IsZero() {
		lo, _ = slices.BinarySearchFunc(grants, to, func(g SandboxGrant, t time.Time) int {
			return cmpBool(!g.Time.After(t))
		})
	}
	if !from.IsZero() {
		hi, _ = slices.BinarySearchFunc(grants, from, func(g SandboxGrant, t time.Time) int {
			return cmpBool(g.Time.Before(t))
		})
	}
	return grants[lo:max(lo, hi)], sorted, true
}

// cmpBool orders false before true, for binary searches on a predicate
// that turns true partway through a list.
func cmpBool(b bool) int {
	if b {
		return 1
	}
	return -1
}

// googleActivities renders grants[from:to] as activities.
func googleActivities(seed SandboxSeed, grants []SandboxGrant, from, to int) []any {
	customer := cmp.Or(seed.CustomerID, "C00sandbox")
	items := []any{}
	for i := from; i < to; i++ {
		g := grants[i]
		clientType := cmp.Or(g.ClientType, "WEB")
		params := []any{
			map[string]any{"name": "client_id", "value": g.ClientID},
			map[string]any{"name": "app_name", "value": g.AppName},
			map[string]any{"name": "client_type", "value": clientType},
		}
		if len(g.Scopes) > 0 {
			var data []any
			for _, sc := range g.Scopes {
				data = append(data, map[string]any{"parameter": []any{
					map[string]any{"name": "scope_name", "value": sc},
					map[string]any{"name": "product_bucket", "multiValue": []string{"OTHER"}},
				}})
			}
			params = append(params,
				map[string]any{"name": "scope", "multiValue": g.Scopes},
				map[string]any{"name": "scope_data", "multiMessageValue": data})
		}
		items = append(items, map[string]any{
			"kind": "admin#reports#activity",
			"id": map[string]any{"time": g.Time.UTC().Format("2006-01-02T15:04:05.000Z"), "uniqueQualifier": strconv.Itoa(-1000000 - i),
				"applicationName": "token", "customerId": customer},
			"etag":      `"sandbox-etag"`,
			"actor":     map[string]any{"email": g.ActorEmail, "profileId": strconv.Itoa(100000000 + i)},
			"ipAddress": "192.0.2.1",
			"events":    []any{map[string]any{"type": "auth", "name": "authorize", "parameters": params}},
		})
	}
	return items
}

// googleAssignments renders assignments [from, to) of licenses, counted
// user by user across them.
func googleAssignments(licenses []SandboxLicense, from, to int) []any {
	items := []any{}
	n := 0
	for _, l := range licenses {
		if n+len(l.UserIDs) <= from {
			n += len(l.UserIDs)
			continue
		}
		name := cmp.Or(l.ProductName, l.ProductID)
		for _, u := range l.UserIDs {
			if n >= from && n < to {
				items = append(items, map[string]any{
					"kind": "licensing#licenseAssignment", "etags": `"sandbox-etag"`,
					"selfLink": "https://licensing.googleapis.com/apps/licensing/v1/product/" + url.PathEscape(l.ProductID) + "/sku/" + url.PathEscape(l.SKUID) + "/user/" + url.PathEscape(u),
					"userId":   u, "productId": l.ProductID, "productName": name, "skuId": l.SKUID, "skuName": l.SKUName,
				})
			}
			n++
		}
		if n >= to {
			break
		}
	}
	return items
}

func googleError(code int, message, reason, status string) map[string]any {
	return map[string]any{"error": map[string]any{
		"code": code, "message": message, "status": status,
		"errors": []any{map[string]any{"message": message, "domain": "global", "reason": reason}},
	}}
}

// googleNotFoundPage is what Google's front end answers for a path no API
// serves: an HTML page, not a JSON error.
func googleNotFoundPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL was not found on this server. <ins>That’s all we know.</ins>`))
}

func googleWorkspaceRateLimited(w http.ResponseWriter) {
	body := googleError(http.StatusTooManyRequests,
		"Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com' for consumer 'project_number:000000000000'.",
		"rateLimitExceeded", "RESOURCE_EXHAUSTED")
	body["error"].(map[string]any)["details"] = []any{map[string]any{
		"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com",
		"metadata": map[string]any{"quota_metric": "admin.googleapis.com/default", "quota_limit": "defaultPerMinutePerUser"},
	}}
	sandbox.WriteJSON(w, http.StatusTooManyRequests, body)
}

// Simulator is the simulated Google Workspace API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: googleWorkspaceRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, Token: sandboxCredential, SetToken: setToken, AddTool: addTool, Finish: addGrants})
}

// sandboxCredential is what a --sandbox run puts in the google_workspace
// blocks' token_env: the simulated service account's key when a block acts
// for an admin (subject), so that the JWT flow runs end to end, else the
// sandbox's access token.
func sandboxCredential(inv *inventory.Inventory) string {
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == Kind && scanners.StringSetting(t.Scan.Body, "subject") != "" {
			return SandboxKeyJSON()
		}
	}
	for _, d := range inv.Discoveries {
		if d.Kind == Kind && scanners.StringSetting(d.Body, "subject") != "" {
			return SandboxKeyJSON()
		}
	}
	return sandbox.Token
}

func seedOf(s *sandbox.Sandbox) *SandboxSeed { return sandbox.SeedOf[SandboxSeed](s, Kind) }

// setToken makes the seed accept the run's credential: an access token
// as it is, the sandbox key through the token endpoint, for the subjects
// the blocks name (the Directory lists them as admins).
func setToken(seed *SandboxSeed, inv *inventory.Inventory, token string) {
	if !strings.HasPrefix(token, "{") {
		seed.Token = token
		return
	}
	seed.Token = SandboxDelegatedToken
	seed.ServiceAccount = sandboxServiceAccount()
	subjects := map[string]bool{}
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == Kind {
			subjects[scanners.StringSetting(t.Scan.Body, "subject")] = true
		}
	}
	for _, d := range inv.Discoveries {
		if d.Kind == Kind {
			subjects[scanners.StringSetting(d.Body, "subject")] = true
		}
	}
	for sub := range subjects {
		if sub != "" && !slices.ContainsFunc(seed.Users, func(u SandboxUser) bool { return strings.EqualFold(u.Email, sub) }) {
			seed.Users = append(seed.Users, SandboxUser{Email: sub})
		}
	}
	slices.SortFunc(seed.Users, func(a, b SandboxUser) int { return strings.Compare(a.Email, b.Email) })
}

func addTool(_ *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, _ int) {
	l := SandboxLicense{ProductID: scanners.StringSetting(t.Scan.Body, "product_id"), SKUID: scanners.StringSetting(t.Scan.Body, "sku_id"), SKUName: t.Name}
	for _, p := range people {
		l.UserIDs = append(l.UserIDs, p.Email)
		if !slices.ContainsFunc(seed.Users, func(u SandboxUser) bool { return strings.EqualFold(u.Email, p.Email) }) {
			seed.Users = append(seed.Users, SandboxUser{Email: p.Email, LastLogin: p.LastActive})
		}
	}
	seed.Licenses = append(seed.Licenses, l)
}

var (
	oauthClient = regexp.MustCompile(`OAuth client (\S+)`)
	grantPeriod = regexp.MustCompile(`between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})`)
	grantDay    = regexp.MustCompile(` on (\d{4}-\d{2}-\d{2})`)
	noGrantNow  = "no grant held now"
)

// addGrants turns the OAuth apps discovery found back into current grants
// (users.tokens.list) and authorize events of the audit log: each of the
// app's users holds a grant, unless the evidence says none does, and
// authorized it within the dates the evidence names.
func addGrants(b *sandbox.Builder, seed *SandboxSeed, d usage.Discovered) {
	for _, t := range d.Tools {
		if t.Source != Kind {
			continue
		}
		client := fmt.Sprintf("%d-%s.apps.googleusercontent.com", sandbox.NumericID(t.Name), sandbox.Slug(t.Name))
		if m := oauthClient.FindStringSubmatch(t.Evidence); m != nil {
			client = m[1]
		}
		// Grants spread over the dates the evidence names, else over
		// the last weeks.
		first, last := b.AsOf().AddDate(0, 0, -60), b.AsOf().AddDate(0, 0, -3)
		if m := grantPeriod.FindStringSubmatch(t.Evidence); m != nil {
			f, err1 := time.Parse("2006-01-02", m[1])
			l, err2 := time.Parse("2006-01-02", m[2])
			if err1 == nil && err2 == nil && !l.Before(f) {
				first, last = f.Add(9*time.Hour), l.Add(9*time.Hour)
			}
		} else if m := grantDay.FindStringSubmatch(t.Evidence); m != nil {
			if d, err := time.Parse("2006-01-02", m[1]); err == nil {
				first, last = d.Add(9*time.Hour), d.Add(9*time.Hour)
			}
		}
		people := b.SomePeople(t.Users, client)
		if !strings.Contains(t.Evidence, noGrantNow) {
			for _, p := range people {
				seed.Tokens = append(seed.Tokens, SandboxToken{UserEmail: p.Email, ClientID: client, DisplayText: t.Name, Scopes: t.Scopes})
			}
		}
		for i, p := range people {
			at := last
			if len(people) > 1 {
				at = first.Add(last.Sub(first) / time.Duration(len(people)-1) * time.Duration(i))
			}
			seed.Grants = append(seed.Grants, SandboxGrant{
				Time: at, ActorEmail: p.Email, ClientID: client, AppName: t.Name, Scopes: t.Scopes,
			})
		}
	}
}
