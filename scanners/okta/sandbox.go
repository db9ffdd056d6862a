package okta

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

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// Okta permissions the simulated endpoints require. An API token (SSWS)
// acts with its creating admin's role rather than with scopes; the
// simulator models a role that cannot read a resource as a missing scope,
// which is also how an OAuth service app token fails.
const (
	SandboxScopeApps  = "okta.apps.read"
	SandboxScopeUsers = "okta.users.read"
	SandboxScopeLogs  = "okta.logs.read"
)

// Link header styles of SandboxSeed.LinkStyle.
const (
	// SandboxLinksSeparate is what Okta sends: one Link header line per
	// relation, self first.
	SandboxLinksSeparate = ""
	// SandboxLinksNextFirst sends the next line before the self line.
	SandboxLinksNextFirst = "next_first"
	// SandboxLinksJoined sends one Link line with both relations,
	// comma-separated, as RFC 8288 also allows.
	SandboxLinksJoined = "joined"
)

// SandboxSeed is a simulated Okta org. GET /api/v1/apps/{id}/users embeds
// each assigned user with expand=user; an assigned id without a user in
// Users is listed without one.
type SandboxSeed struct {
	// Access's Token is the API token the API accepts as
	// "Authorization: SSWS <token>"; PageSize caps the page size below
	// the request's limit (0: no cap).
	sandbox.Access
	// Scopes granted to the token; nil grants every scope.
	Scopes []string `json:"scopes,omitempty"`
	// LinkStyle is how the Link header is written (OktaLinks*).
	LinkStyle string        `json:"link_style,omitempty"`
	Users     []SandboxUser `json:"users"`
	Apps      []SandboxApp  `json:"apps"`
	// Events are the System Log's SSO events, oldest first.
	Events []SandboxEvent `json:"events,omitempty"`
	// ClientID is the API Services app whose private_key_jwt assertions
	// (signed with the sandbox's key, oauth.SandboxKeyPEM) POST
	// /oauth2/v1/token accepts, issuing Token as a Bearer access token
	// with the scopes asked for among Scopes ("": no service app).
	ClientID string `json:"client_id,omitempty"`
	// DPoP makes the service app require DPoP proofs, which the scanner
	// does not send.
	DPoP bool `json:"dpop,omitempty"`
	// StaleFirstToken makes the first access token issued one the API
	// already rejects (expired), so that the scan gets another.
	StaleFirstToken bool `json:"stale_first_token,omitempty"`
}

// SandboxEvent is a user's SSO to an app, as a System Log event.
type SandboxEvent struct {
	UserID    string    `json:"user_id"`
	AppID     string    `json:"app_id"`
	Published time.Time `json:"published"`
	// Failed makes the outcome FAILURE.
	Failed bool `json:"failed,omitempty"`
}

// SandboxUser is an Okta user as GET /api/v1/users returns it.
type SandboxUser struct {
	ID string `json:"id"`
	// Status is ACTIVE (default), STAGED, PROVISIONED, RECOVERY,
	// PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED or DEPROVISIONED.
	Status string `json:"status"`
	// Login defaults to Email, and Email to Login.
	Login     string     `json:"login"`
	Email     string     `json:"email"`
	LastLogin *time.Time `json:"last_login,omitempty"`
}

// SandboxApp is an app integration as GET /api/v1/apps returns it, with the
// users assigned to it.
type SandboxApp struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Name is the integration's technical name (e.g. "marketo",
	// "okta_enduser"); it defaults to the label in lower case.
	Name string `json:"name"`
	// Status is ACTIVE (default) or INACTIVE.
	Status string `json:"status"`
	// SignOnMode defaults to SAML_2_0.
	SignOnMode string   `json:"sign_on_mode"`
	UserIDs    []string `json:"user_ids"`
}

// oktaStamp is the fixed created/lastUpdated time of simulated objects.
const oktaStamp = "2024-01-15T10:00:00.000Z"

var oktaStatusFilter = regexp.MustCompile(`^\s*status\s+eq\s+"([A-Z_]+)"\s*$`)

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	h := w.Header()
	// Okta's default org limit for /api/v1/apps and /api/v1/users.
	h.Set("X-Rate-Limit-Limit", "100")
	h.Set("X-Rate-Limit-Remaining", "99")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))

	if path == "/oauth2/v1/token" {
		serveToken(seed, s, w, r)
		return
	}
	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, oktaError("E0000022", "The endpoint does not support the provided HTTP method"))
		return
	}
	parts := sandbox.Segments(path, "/api/v1/")
	var scope string
	switch {
	case slices.Equal(parts, []string{"apps"}):
		scope = SandboxScopeApps
	case len(parts) == 3 && parts[0] == "apps" && parts[2] == "users" && parts[1] != "":
		scope = SandboxScopeApps
	case slices.Equal(parts, []string{"users"}):
		scope = SandboxScopeUsers
	case slices.Equal(parts, []string{"logs"}):
		scope = SandboxScopeLogs
	default:
		sandbox.WriteJSON(w, http.StatusNotFound, oktaError("E0000007", "Not found: Resource not found: "+path+" (Resource)"))
		return
	}
	if a := r.Header.Get("Authorization"); seed.Token == "" || a != "SSWS "+seed.Token && (seed.ClientID == "" || a != "Bearer "+seed.Token) {
		sandbox.WriteJSON(w, http.StatusUnauthorized, oktaError("E0000011", "Invalid token provided"))
		return
	}
	expand := r.URL.Query().Get("expand")
	if len(parts) == 3 && expand == "user" && !sandbox.Granted(seed.Scopes, SandboxScopeUsers) {
		// Embedding users reads users.
		scope = SandboxScopeUsers
	}
	if !sandbox.Granted(seed.Scopes, scope) {
		h.Set("WWW-Authenticate", fmt.Sprintf(`Bearer authorization_uri="%s/oauth2/v1/authorize", realm="IdP", scope="%s", `+
			`error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="%s"`,
			sandbox.RootURL(r), scope, path))
		sandbox.WriteJSON(w, http.StatusForbidden, oktaError("E0000006", "You do not have permission to perform the requested action"))
		return
	}

	q := r.URL.Query()
	if parts[0] == "logs" {
		serveLogs(seed, s, w, r, path)
		return
	}
	status := ""
	if f := q.Get("filter"); f != "" {
		m := oktaStatusFilter.FindStringSubmatch(f)
		if m == nil {
			sandbox.WriteJSON(w, http.StatusBadRequest, oktaError("E0000031", "Invalid search criteria."))
			return
		}
		status = m[1]
	}
	root := sandbox.RootURL(r)
	switch {
	case parts[0] == "users":
		users := seed.Users
		oktaPage(s, w, r, path, 200, 200, len(users), func(i int) bool {
			st := oktaUserStatus(users[i])
			// Without a filter Okta lists every user but the
			// deprovisioned ones.
			return status == "" && st != "DEPROVISIONED" || status != "" && st == status
		}, func(i int) any { return oktaUserJSON(users[i], root) })
	case len(parts) == 1:
		apps := seed.Apps
		oktaPage(s, w, r, path, 20, 200, len(apps), func(i int) bool {
			return status == "" || oktaAppStatus(apps[i]) == status
		}, func(i int) any { return oktaAppJSON(apps[i], root) })
	default:
		i := slices.IndexFunc(seed.Apps, func(a SandboxApp) bool { return a.ID == parts[1] })
		if i < 0 {
			sandbox.WriteJSON(w, http.StatusNotFound, oktaError("E0000007", "Not found: Resource not found: "+parts[1]+" (AppInstance)"))
			return
		}
		app := seed.Apps[i]
		if expand != "" && expand != "user" {
			sandbox.WriteJSON(w, http.StatusBadRequest, oktaErrorCause("E0000001", "Api validation failed: expand", "expand: the only value is user"))
			return
		}
		oktaPage(s, w, r, path, 50, 500, len(app.UserIDs), func(int) bool { return true }, func(i int) any {
			id := app.UserIDs[i]
			var user *SandboxUser
			// Seeds mostly list users in assignment order: try that
			// position before searching.
			if i < len(seed.Users) && seed.Users[i].ID == id {
				user = &seed.Users[i]
			} else if j := slices.IndexFunc(seed.Users, func(u SandboxUser) bool { return u.ID == id }); j >= 0 {
				user = &seed.Users[j]
			}
			m := oktaAppUserJSON(app, id, user, root)
			if expand == "user" && user != nil {
				m["_embedded"] = map[string]any{"user": oktaUserJSON(*user, root)}
			}
			return m
		})
	}
}

// oktaPage serves one page of the n seed items that match, rendering only
// the items served, so that a 10,000-page walk stays fast. The cursor is a
// position in the seed list.
func oktaPage(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string, defLimit, maxLimit, n int,
	match func(int) bool, render func(int) any) {
	offset, limit, ok := oktaWindow(s, w, r, defLimit, maxLimit)
	if !ok {
		return
	}
	items, next, more := s.Matching(n, offset, limit, match, render)
	oktaLinks(s, w, r, path, next, limit, more)
	sandbox.WriteJSON(w, http.StatusOK, items)
}

// oktaWindow reads limit and the after cursor. Okta's after is opaque to
// clients (it is the last id served); the simulator's encodes the offset.
func oktaWindow(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, defLimit, maxLimit int) (offset, limit int, ok bool) {
	q := r.URL.Query()
	if limit, ok = sandbox.PageSize(q.Get("limit"), defLimit, maxLimit, seedOf(s).PageSize); !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, oktaErrorCause("E0000001", "Api validation failed: limit",
			fmt.Sprintf("limit: must be between 1 and %d", maxLimit)))
		return 0, 0, false
	}
	if offset, ok = sandbox.CursorOffset(base64.RawURLEncoding, q.Get("after"), "okta:"); !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, oktaErrorCause("E0000001", "Api validation failed: after", "after: invalid cursor"))
		return 0, 0, false
	}
	return offset, limit, true
}

// oktaLinks writes the self and (when more items follow) next Link
// headers, absolute, keeping the request's other query parameters; next is
// the seed position the next page starts at.
func oktaLinks(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string, next, limit int, more bool) {
	base := sandbox.RootURL(r) + path
	selfURL := base
	if r.URL.RawQuery != "" {
		selfURL += "?" + r.URL.RawQuery
	}
	self := fmt.Sprintf("<%s>; rel=\"self\"", selfURL)
	links := []string{self}
	if more {
		q := r.URL.Query()
		q.Set("after", sandbox.Cursor(base64.RawURLEncoding, "okta:", next))
		q.Set("limit", strconv.Itoa(limit))
		nextLink := fmt.Sprintf("<%s>; rel=\"next\"", base+"?"+q.Encode())
		switch seedOf(s).LinkStyle {
		case SandboxLinksNextFirst:
			links = []string{nextLink, self}
		case SandboxLinksJoined:
			links = []string{self + ", " + nextLink}
		default:
			links = append(links, nextLink)
		}
	}
	for _, l := range links {
		w.Header().Add("Link", l)
	}
}

func oktaUserStatus(u SandboxUser) string { return cmp.Or(u.Status, "ACTIVE") }

func oktaAppStatus(a SandboxApp) string { return cmp.Or(a.Status, "ACTIVE") }

func oktaUserJSON(u SandboxUser, root string) map[string]any {
	login, email := cmp.Or(u.Login, u.Email), cmp.Or(u.Email, u.Login)
	var last any
	if u.LastLogin != nil {
		last = u.LastLogin.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	first, _, _ := strings.Cut(login, "@")
	return map[string]any{
		"id": u.ID, "status": oktaUserStatus(u), "created": oktaStamp, "activated": oktaStamp,
		"statusChanged": oktaStamp, "lastLogin": last, "lastUpdated": oktaStamp, "passwordChanged": oktaStamp,
		"type": map[string]any{"id": "oty1sandbox"},
		"profile": map[string]any{"firstName": first, "lastName": "Sandbox", "mobilePhone": nil, "secondEmail": nil,
			"login": login, "email": email},
		"credentials": map[string]any{"provider": map[string]any{"type": "OKTA", "name": "OKTA"}},
		"_links":      map[string]any{"self": map[string]any{"href": root + "/api/v1/users/" + url.PathEscape(u.ID)}},
	}
}

func oktaAppJSON(a SandboxApp, root string) map[string]any {
	name := cmp.Or(a.Name, strings.ToLower(strings.ReplaceAll(a.Label, " ", "")))
	mode := cmp.Or(a.SignOnMode, "SAML_2_0")
	return map[string]any{
		"id": a.ID, "name": name, "label": a.Label, "status": oktaAppStatus(a),
		"created": oktaStamp, "lastUpdated": oktaStamp, "signOnMode": mode, "features": []string{},
		"accessibility": map[string]any{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil},
		"visibility": map[string]any{"autoSubmitToolbar": false, "hide": map[string]any{"iOS": false, "web": false},
			"appLinks": map[string]any{name + "_link": true}},
		"credentials": map[string]any{"userNameTemplate": map[string]any{"template": "${source.login}", "type": "BUILT_IN"}, "signing": map[string]any{}},
		"settings":    map[string]any{"app": map[string]any{}},
		"_links": map[string]any{
			"users": map[string]any{"href": root + "/api/v1/apps/" + url.PathEscape(a.ID) + "/users"},
			"self":  map[string]any{"href": root + "/api/v1/apps/" + url.PathEscape(a.ID)},
		},
	}
}

func oktaAppUserJSON(a SandboxApp, id string, u *SandboxUser, root string) map[string]any {
	userName := id
	if u != nil {
		userName = cmp.Or(u.Login, u.Email)
	}
	return map[string]any{
		"id": id, "externalId": nil, "created": oktaStamp, "lastUpdated": oktaStamp,
		"scope": "USER", "status": "ACTIVE", "statusChanged": oktaStamp, "passwordChanged": nil, "syncState": "DISABLED",
		"credentials": map[string]any{"userName": userName},
		"profile":     map[string]any{},
		"_links": map[string]any{
			"app":  map[string]any{"href": root + "/api/v1/apps/" + url.PathEscape(a.ID)},
			"user": map[string]any{"href": root + "/api/v1/users/" + url.PathEscape(id)},
		},
	}
}

func oktaError(code, summary string) map[string]any {
	return oktaErrorCause(code, summary, "")
}

func oktaErrorCause(code, summary, cause string) map[string]any {
	causes := []any{}
	if cause != "" {
		causes = append(causes, map[string]any{"errorSummary": cause})
	}
	return map[string]any{"errorCode": code, "errorSummary": summary, "errorLink": code,
		"errorId": "oaeSandbox0000000000000000", "errorCauses": causes}
}

func oktaRateLimited(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Rate-Limit-Limit", "100")
	h.Set("X-Rate-Limit-Remaining", "0")
	h.Set("X-Rate-Limit-Reset", strconv.FormatInt(time.Now().Add(time.Minute).Unix(), 10))
	sandbox.WriteJSON(w, http.StatusTooManyRequests, oktaError("E0000047", "API call exceeded rate limit due to too many requests."))
}

// Simulator is the simulated Okta API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: oktaRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, Token: credential, SetToken: setToken, AddTool: addTool, Finish: addApps})
}

func seedOf(s *sandbox.Sandbox) *SandboxSeed { return sandbox.SeedOf[SandboxSeed](s, Kind) }

// sandboxClientID is the client_id of the inventory's first okta block
// with auth = "private_key_jwt", or "".
func sandboxClientID(inv *inventory.Inventory) string {
	var bodies []hcl.Body
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == Kind {
			bodies = append(bodies, t.Scan.Body)
		}
	}
	for _, d := range inv.Discoveries {
		if d.Kind == Kind {
			bodies = append(bodies, d.Body)
		}
	}
	for _, b := range bodies {
		if scanners.StringSetting(b, "auth") == AuthPrivateKeyJWT {
			return scanners.StringSetting(b, "client_id")
		}
	}
	return ""
}

// credential is what a `--sandbox` run's variable holds: the API token,
// or the service app's private key when a block uses private_key_jwt, so
// that the run goes through the token endpoint.
func credential(inv *inventory.Inventory) string {
	if sandboxClientID(inv) != "" {
		return oauth.SandboxKeyPEM()
	}
	return sandbox.Token
}

func setToken(seed *SandboxSeed, inv *inventory.Inventory, token string) {
	seed.Token = token
	if id := sandboxClientID(inv); id != "" {
		seed.Token, seed.ClientID = sandbox.Token, id
	}
}

// serveToken is the org authorization server's token endpoint for the
// client credentials grant with private_key_jwt client authentication,
// with Okta's errors (testdata/vendor/token-*.json).
func serveToken(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request) {
	fail := func(status int, code, desc string) { sandbox.TokenError(w, status, code, desc) }
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		fail(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint accepts POST only.")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != oauth.GrantClientCredentials {
		fail(http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
		return
	}
	if f.Get("client_assertion_type") != oauth.AssertionTypeJWT {
		fail(http.StatusUnauthorized, "invalid_client", "Client authentication failed. Either the client or the client credentials are invalid.")
		return
	}
	claims, err := oauth.VerifyRS256(oauth.SandboxPublicKey(), f.Get("client_assertion"))
	if err != nil {
		fail(http.StatusUnauthorized, "invalid_client", "The client_assertion signature is invalid.")
		return
	}
	exp, _ := claims["exp"].(float64)
	switch {
	case seed.ClientID == "" || claims["iss"] != seed.ClientID || claims["sub"] != seed.ClientID:
		fail(http.StatusUnauthorized, "invalid_client", "The client_assertion token has an invalid issuer or subject.")
		return
	case claims["aud"] != sandbox.RootURL(r)+"/oauth2/v1/token":
		fail(http.StatusUnauthorized, "invalid_client", "The audience claim for client_assertion must be the endpoint invoking the client_assertion.")
		return
	case time.Unix(int64(exp), 0).Before(time.Now()):
		fail(http.StatusUnauthorized, "invalid_client", "The client_assertion token is expired.")
		return
	case seed.DPoP:
		fail(http.StatusBadRequest, "invalid_dpop_proof", "The DPoP proof JWT header is missing.")
		return
	}
	scopes := strings.Fields(f.Get("scope"))
	var denied []string
	for _, sc := range scopes {
		if !sandbox.Granted(seed.Scopes, sc) {
			denied = append(denied, sc)
		}
	}
	if len(denied) > 0 || len(scopes) == 0 {
		fail(http.StatusBadRequest, "invalid_scope", "The following scopes are not allowed: ["+strings.Join(denied, ", ")+"]")
		return
	}
	token := s.IssuedToken("/oauth2/v1/token", seed.Token, seed.StaleFirstToken)
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3600,
		"access_token": token, "scope": strings.Join(scopes, " ")})
}

func addTool(b *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, _ int) {
	appID := cmp.Or(scanners.StringSetting(t.Scan.Body, "app_id"), "0oa"+strings.ReplaceAll(t.ID, "_", ""))
	app := appIndex(b, seed, appID, t.Name)
	for _, p := range people {
		id := oktaUser(b, seed, p)
		if !slices.Contains(seed.Apps[app].UserIDs, id) {
			seed.Apps[app].UserIDs = append(seed.Apps[app].UserIDs, id)
		}
		// The snapshot's last activity in the tool is the user's last
		// SSO to its app.
		if p.LastActive != nil {
			seed.Events = append(seed.Events, SandboxEvent{UserID: id, AppID: appID, Published: p.LastActive.UTC()})
		}
	}
	slices.SortStableFunc(seed.Events, func(x, y SandboxEvent) int { return x.Published.Compare(y.Published) })
}

// oktaUser returns the Okta user id of a person, adding the user once.
func oktaUser(b *sandbox.Builder, seed *SandboxSeed, p sandbox.Person) string {
	i := sandbox.Once(b, "okta users", p.Email, &seed.Users, func() SandboxUser {
		id := p.ID
		if !strings.HasPrefix(id, "00u") {
			id = fmt.Sprintf("00u%017d", sandbox.NumericID(p.Email))
		}
		return SandboxUser{ID: id, Status: "ACTIVE", Login: p.Email, Email: p.Email, LastLogin: p.LastActive}
	})
	return seed.Users[i].ID
}

func appIndex(b *sandbox.Builder, seed *SandboxSeed, id, label string) int {
	return sandbox.Once(b, "okta apps", id, &seed.Apps, func() SandboxApp {
		return SandboxApp{ID: id, Label: label, Name: sandbox.Slug(label), Status: "ACTIVE", SignOnMode: "SAML_2_0"}
	})
}

var oktaAppEvidence = regexp.MustCompile(`Okta app (\w+)`)

// addApps turns the apps Okta discovery found back into apps with their
// users, and pages by 20 so that a sandbox run pages.
func addApps(b *sandbox.Builder, seed *SandboxSeed, d usage.Discovered) {
	for _, t := range d.Tools {
		if t.Source != Kind {
			continue
		}
		id := "0oa" + sandbox.Slug(t.Name)
		if m := oktaAppEvidence.FindStringSubmatch(t.Evidence); m != nil {
			id = m[1]
		}
		app := appIndex(b, seed, id, t.Name)
		// The app's label in Okta is what discovery saw, whatever the
		// inventory calls the tool.
		seed.Apps[app].Label = t.Name
		for _, p := range b.SomePeople(t.Users, id) {
			if len(seed.Apps[app].UserIDs) >= t.Users {
				break
			}
			uid := oktaUser(b, seed, p)
			if !slices.Contains(seed.Apps[app].UserIDs, uid) {
				seed.Apps[app].UserIDs = append(seed.Apps[app].UserIDs, uid)
			}
		}
	}
	seed.PageSize = 20
}

// oktaLogClause is one clause of the System Log filters the simulator
// understands: eventType, target.id, actor.id and outcome.result, each
// with eq, joined by and.
var oktaLogClause = regexp.MustCompile(`^\s*(eventType|target\.id|actor\.id|outcome\.result)\s+eq\s+"([^"]*)"\s*$`)

// serveLogs answers GET /api/v1/logs: the seed's events within since and
// until that match the filter, oldest first, limit (at most 1,000) a
// page. A bounded request (with until) has a next link while events
// remain; a polling one (without until) always has one, as Okta's.
func serveLogs(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	q := r.URL.Query()
	want := map[string]string{}
	if f := q.Get("filter"); f != "" {
		for _, c := range regexp.MustCompile(`\s+and\s+`).Split(f, -1) {
			m := oktaLogClause.FindStringSubmatch(c)
			if m == nil {
				sandbox.WriteJSON(w, http.StatusBadRequest, oktaErrorCause("E0000031", "Invalid search criteria.", "filter: "+c))
				return
			}
			want[m[1]] = m[2]
		}
	}
	parse := func(name string) (time.Time, bool) {
		v := q.Get(name)
		if v == "" {
			return time.Time{}, true
		}
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			sandbox.WriteJSON(w, http.StatusBadRequest, oktaErrorCause("E0000001", "Api validation failed: "+name, name+": not an ISO 8601 time"))
		}
		return t, err == nil
	}
	since, ok := parse("since")
	if !ok {
		return
	}
	until, ok := parse("until")
	if !ok {
		return
	}
	match := func(i int) bool {
		e := seed.Events[i]
		result := "SUCCESS"
		if e.Failed {
			result = "FAILURE"
		}
		for k, v := range want {
			if got := map[string]string{"eventType": "user.authentication.sso", "target.id": e.AppID, "actor.id": e.UserID, "outcome.result": result}[k]; got != v {
				return false
			}
		}
		return !e.Published.Before(since) && (until.IsZero() || e.Published.Before(until))
	}
	offset, limit, ok := oktaWindow(s, w, r, 100, 1000)
	if !ok {
		return
	}
	items, next, more := s.Matching(len(seed.Events), offset, limit, match, func(i int) any { return oktaEventJSON(seed, seed.Events[i]) })
	oktaLinks(s, w, r, path, next, limit, more || until.IsZero())
	sandbox.WriteJSON(w, http.StatusOK, items)
}

// oktaEventJSON renders an event in the System Log's shape (see
// testdata/vendor/logs-sso-page1.json).
func oktaEventJSON(seed SandboxSeed, e SandboxEvent) map[string]any {
	login, label, mode := e.UserID, e.AppID, "SAML_2_0"
	if j := slices.IndexFunc(seed.Users, func(u SandboxUser) bool { return u.ID == e.UserID }); j >= 0 {
		login = cmp.Or(seed.Users[j].Login, seed.Users[j].Email)
	}
	if j := slices.IndexFunc(seed.Apps, func(a SandboxApp) bool { return a.ID == e.AppID }); j >= 0 {
		label = seed.Apps[j].Label
		if seed.Apps[j].SignOnMode != "" {
			mode = seed.Apps[j].SignOnMode
		}
	}
	result, reason := "SUCCESS", any(nil)
	if e.Failed {
		result, reason = "FAILURE", "INVALID_CREDENTIALS"
	}
	id := fmt.Sprintf("sandbox-%s-%s-%d", e.UserID, e.AppID, e.Published.Unix())
	return map[string]any{
		"actor": map[string]any{"id": e.UserID, "type": "User", "alternateId": login, "displayName": login, "detailEntry": nil},
		"client": map[string]any{"userAgent": map[string]any{"rawUserAgent": "Mozilla/5.0", "os": "Mac OS X", "browser": "CHROME"},
			"zone": "null", "device": "Computer", "id": nil, "ipAddress": "192.0.2.1",
			"geographicalContext": map[string]any{"city": "Boston", "state": "Massachusetts", "country": "United States"}},
		"authenticationContext": map[string]any{"authenticationProvider": nil, "credentialProvider": nil, "credentialType": nil,
			"issuer": nil, "interface": nil, "authenticationStep": 0, "externalSessionId": "102sandbox"},
		"displayMessage":  "User single sign on to app",
		"eventType":       "user.authentication.sso",
		"outcome":         map[string]any{"result": result, "reason": reason},
		"published":       e.Published.UTC().Format("2006-01-02T15:04:05.000Z"),
		"securityContext": map[string]any{"asNumber": nil, "asOrg": nil, "isp": nil, "domain": nil, "isProxy": nil},
		"severity":        "INFO",
		"debugContext":    map[string]any{"debugData": map[string]any{"requestUri": "/app/" + label + "/sso/saml"}},
		"legacyEventType": "app.auth.sso",
		"transaction":     map[string]any{"type": "WEB", "id": id, "detail": map[string]any{}},
		"uuid":            id,
		"version":         "0",
		"request":         map[string]any{"ipChain": []any{}},
		"target": []any{
			map[string]any{"id": e.AppID, "type": "AppInstance", "alternateId": label, "displayName": label,
				"detailEntry": map[string]any{"signOnModeType": mode}},
			map[string]any{"id": "0ua" + e.UserID, "type": "AppUser", "alternateId": login, "displayName": login, "detailEntry": nil},
		},
	}
}
