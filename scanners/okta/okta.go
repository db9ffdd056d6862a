// Package okta is the Okta scanner and discoverer.
//
// The scanner measures one app integration (scan "okta" { app_id = ... }):
// its assigned users from GET /api/v1/apps/{app_id}/users?expand=user, which
// embeds each assignment's Okta user (status, email, lastLogin), so a tool
// costs one call per 200 seats however large the org. Assignments that come
// without their user are joined by id to the org's user list (GET
// /api/v1/users, read once) instead. A user's last activity in the app is
// their latest successful SSO to it in the System Log (GET /api/v1/logs,
// eventType user.authentication.sso with the app as target; Okta keeps 90
// days, so a user without one in that window has no known activity). The
// user's last sign-in to Okta (lastLogin) is only a fallback: with
// activity = "okta_sign_ins", or when the token may not read the System
// Log; the snapshot then labels the activity as account-wide
// (usage.ActivityAccountWide), since someone who signs in to Okta daily
// would otherwise be active in every app.
//
// Only users whose Okta account is active hold a seat: status ACTIVE and the
// states an active account passes through (RECOVERY, PASSWORD_EXPIRED,
// LOCKED_OUT). STAGED and PROVISIONED users have never activated their
// account, SUSPENDED and DEPROVISIONED users cannot sign in; all are left
// out, as are assigned users missing from GET /api/v1/users (which lists
// every user except the deprovisioned ones). Okta does not know purchased
// seats: the inventory's cost.seats stands for them.
//
// The discoverer lists the org's app integrations (GET /api/v1/apps, only
// ACTIVE ones unless include_inactive = true) and counts each app's
// assigned users; every app becomes a discovered tool. Okta's own built-in
// apps (the end-user dashboard, the admin console, the browser plugin,
// Workflows, Org2Org: technical names "saasure" and "okta_*") are left
// out: every org has them and every user is assigned to them, and they are
// the identity provider itself, not a tool of the stack.
//
// Okta paginates with Link headers, one header line per relation (self,
// next) as Okta sends them, or several relations comma-separated in one
// line; the next link is absolute and is followed only on the org's host.
package okta

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

// Kind is the scan and discovery block label.
const Kind = "okta"

// The endpoints, and the permission each needs: an API token (SSWS) has
// the permissions of the admin role that created it; an OAuth service app
// token needs these scopes.
const (
	appsPath   = "/api/v1/apps"
	usersPath  = "/api/v1/users"
	scopeApps  = "okta.apps.read"
	scopeUsers = "okta.users.read"
	// pageLimit is the largest page /api/v1/apps and /api/v1/users allow
	// (app users allow 500; 200 keeps one size everywhere).
	pageLimit = 200
)

// tokenHowTo is how to create the token, for every message that needs it.
const tokenHowTo = "create an API token in the Okta Admin Console under Security › API › Tokens, signed in as a " +
	"Read-only Administrator (a token has the permissions of the admin who created it); with auth = \"private_key_jwt\", " +
	"give the API Services app the Read-only Administrator role and the Okta API scopes"

// appIDPattern keeps app ids to what Okta issues (such as
// "0oa1b2c3d4E5F6g7h8i9"), so that one is safe in a path and in messages.
var appIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)

// endpoint is one API call, for its error messages.
type endpoint struct {
	path  string // shown in errors
	what  string // what it reads, for a 403
	scope string
	// notFound explains a 404; "" leaves it as is.
	notFound string
}

func appUsersEndpoint(appID string) endpoint {
	return endpoint{
		path:  appsPath + "/" + url.PathEscape(appID) + "/users",
		what:  "app assignments",
		scope: scopeApps,
	}
}

func appsEndpoint() endpoint  { return endpoint{path: appsPath, what: "apps", scope: scopeApps} }
func usersEndpoint() endpoint { return endpoint{path: usersPath, what: "users", scope: scopeUsers} }

// newClient builds the client for the org at host, or env.BaseURL.
func newClient(env scanners.Env, host, token string) (*scanners.Client, error) {
	if host == "" && env.BaseURL == "" {
		return nil, errors.New("okta: no host: add host = \"acme.okta.com\" (your Okta org's domain) to the block")
	}
	c := env.Client(Kind, "https://"+host)
	c.SetAuthorization(authorization(token))
	return c, nil
}

// authorization is the header for a token: an API token goes as "SSWS
// token"; an OAuth access token of a service app (given with its "Bearer "
// scheme) goes as it is. A token pasted with "SSWS " is not doubled.
func authorization(token string) string {
	token = strings.TrimSpace(token)
	if rest, ok := strings.CutPrefix(token, "Bearer "); ok {
		return "Bearer " + strings.TrimSpace(rest)
	}
	return "SSWS " + strings.TrimSpace(strings.TrimPrefix(token, "SSWS "))
}

// page is the query of a list's first page.
func page(filter string) url.Values {
	q := url.Values{"limit": {fmt.Sprint(pageLimit)}}
	if filter != "" {
		q.Set("filter", filter)
	}
	return q
}

// walk fetches ep.path?query and every page its Link headers lead to,
// handing each body to each. The next link is the Paginate cursor, so a
// link repeated is a loop, not a hang.
func walk(ctx context.Context, c *oauth.Conn, ep endpoint, query url.Values, tokenEnv string, each func(body []byte) error) error {
	base, err := url.Parse(c.BaseURL())
	if err != nil {
		return fmt.Errorf("okta: invalid base URL: %w", err)
	}
	err = scanners.PaginateCall(ctx, "okta: GET "+ep.path, func(ctx context.Context, next string) (string, error) {
		target, q := ep.path, query
		if next != "" {
			target, q = next, nil
		}
		resp, err := c.Fetch(ctx, target, q)
		if err != nil {
			return "", explain(err, ep, tokenEnv)
		}
		if err := each(resp.Body); err != nil {
			return "", fmt.Errorf("okta: GET %s: %w", ep.path, err)
		}
		link, err := NextLink(resp.Header.Values("Link"))
		if err != nil {
			return "", fmt.Errorf("okta: GET %s: %w", ep.path, err)
		}
		if link == "" {
			return "", nil
		}
		ref, err := url.Parse(link)
		if err != nil {
			return "", fmt.Errorf("okta: GET %s: invalid response: the next link is not a URL", ep.path)
		}
		// Okta's links are absolute; a relative one is taken against the
		// org, and Fetch refuses one on another host.
		return base.ResolveReference(ref).String(), nil
	})
	return err
}

// NextLink returns the target of the rel="next" link among the values of
// the Link header (RFC 8288: one link per header line, as Okta sends them,
// or several comma-separated in one line), or "" when there is none.
func NextLink(values []string) (string, error) {
	bad := errors.New("invalid response: unreadable Link header")
	for _, v := range values {
		rest := v
		for {
			rest = strings.TrimLeft(rest, " \t,")
			if rest == "" {
				break
			}
			if rest[0] != '<' {
				return "", bad
			}
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return "", bad
			}
			target := strings.TrimSpace(rest[1:end])
			var params string
			params, rest = splitLink(rest[end+1:])
			if hasRel(params, "next") {
				if target == "" {
					return "", bad
				}
				return target, nil
			}
		}
	}
	return "", nil
}

// splitLink cuts a link's parameters at the comma that ends the link
// (outside quoted strings).
func splitLink(s string) (params, rest string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// hasRel reports whether a link's parameters have rel with the relation
// type rel among its space-separated values.
func hasRel(params, rel string) bool {
	for _, p := range strings.Split(params, ";") {
		name, value, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		value = strings.Trim(strings.TrimSpace(value), `"`)
		for _, r := range strings.Fields(value) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
	}
	return false
}

// explain turns a rejected call into what the user should do.
func explain(err error, ep endpoint, tokenEnv string) error {
	re, ok := scanners.Rejected(err)
	if !ok {
		return err
	}
	code := ""
	if c := errorCode(re.Body); c != "" {
		code = " (Okta error " + c + ")"
	}
	switch re.Status {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w%s: Okta rejected the token in %s; %s, and put it in %s (an API token alone, without \"SSWS\"; an OAuth service app's access token as \"Bearer <token>\")",
			re, code, tokenEnv, tokenHowTo, tokenEnv)
	case http.StatusForbidden:
		scope := insufficientScope(re.Header)
		if scope == "" {
			scope = ep.scope
		}
		return fmt.Errorf("%w%s: the token in %s may not read %s (permission %s); %s, or give an OAuth service app the scope %s",
			re, code, tokenEnv, ep.what, scope, tokenHowTo, scope)
	case http.StatusNotFound:
		if ep.notFound != "" {
			return fmt.Errorf("%w%s: %s", re, code, ep.notFound)
		}
	case http.StatusTooManyRequests:
		return fmt.Errorf("%w%s: still rate limited after retries; Okta's per-minute limit for this endpoint resets "+
			"at X-Rate-Limit-Reset: scan again in a minute", re, code)
	}
	if code != "" {
		return fmt.Errorf("%w%s", re, code)
	}
	return err
}

var (
	errorCodePattern = regexp.MustCompile(`^E[0-9]{7}$`)
	scopeParam       = regexp.MustCompile(`(?:^|[\s,])scope="([a-z0-9._ ]{1,200})"`)
)

// errorCode reads the errorCode of an Okta error body, or "".
func errorCode(body []byte) string {
	var e struct {
		ErrorCode string `json:"errorCode"`
	}
	if json.Unmarshal(body, &e) != nil || !errorCodePattern.MatchString(e.ErrorCode) {
		return ""
	}
	return e.ErrorCode
}

// insufficientScope reads the scope a 403's WWW-Authenticate names (OAuth
// tokens get one), or "".
func insufficientScope(h http.Header) string {
	v := h.Get("WWW-Authenticate")
	if !strings.Contains(v, "insufficient_scope") {
		return ""
	}
	if m := scopeParam.FindStringSubmatch(v); m != nil {
		return strings.Join(strings.Fields(m[1]), ", ")
	}
	return ""
}

// App is an app integration of GET /api/v1/apps.
type App struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Label      string `json:"label"`
	Status     string `json:"status"`
	SignOnMode string `json:"signOnMode"`
}

// AppUser is an assignment of GET /api/v1/apps/{id}/users; its id is the
// Okta user's id. With expand=user it embeds the Okta user.
type AppUser struct {
	ID          string `json:"id"`
	Scope       string `json:"scope"`
	Status      string `json:"status"`
	Credentials struct {
		UserName string `json:"userName"`
	} `json:"credentials"`
	Embedded struct {
		User *User `json:"user"`
	} `json:"_embedded"`
}

// User is an Okta user of GET /api/v1/users.
type User struct {
	ID        string     `json:"id"`
	Status    string     `json:"status"`
	LastLogin *time.Time `json:"lastLogin"`
	Profile   struct {
		Login string `json:"login"`
		Email string `json:"email"`
	} `json:"profile"`
}

// DecodeApps decodes and checks one page of GET /api/v1/apps.
func DecodeApps(body []byte) ([]App, error) {
	return decodeList(body, "apps", func(apps []App) error {
		return scanners.CheckIDs("apps", apps, func(a App) string { return a.ID })
	})
}

// DecodeAppUsers decodes and checks one page of GET
// /api/v1/apps/{id}/users.
func DecodeAppUsers(body []byte) ([]AppUser, error) {
	return decodeList(body, "app users", func(users []AppUser) error {
		for i, u := range users {
			if u.ID == "" {
				return fmt.Errorf("invalid response: app user [%d] has no id", i)
			}
			if e := u.Embedded.User; e != nil && e.ID != u.ID {
				if e.ID != "" {
					return fmt.Errorf("invalid response: app user [%d] embeds another user", i)
				}
				e.ID = u.ID
			}
		}
		return nil
	})
}

// DecodeUsers decodes and checks one page of GET /api/v1/users.
func DecodeUsers(body []byte) ([]User, error) {
	return decodeList(body, "users", func(users []User) error {
		return scanners.CheckIDs("users", users, func(u User) string { return u.ID })
	})
}

// decodeList decodes a body that must be a JSON list (Okta's lists are
// bare arrays). check (nil: none) refuses items that cannot be used, such
// as one without an id.
func decodeList[T any](body []byte, what string, check func([]T) error) ([]T, error) {
	var probe json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, fmt.Errorf("invalid JSON response (%d bytes): %s", len(body), scanners.JSONProblem(err))
	}
	if len(probe) == 0 || probe[0] != '[' {
		return nil, fmt.Errorf("invalid response: not a list of %s", what)
	}
	var items []T
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("invalid response: %s", scanners.JSONProblem(err))
	}
	if check != nil {
		if err := check(items); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// Settings decoding shared by the scan and discovery blocks.

// requireHost reports a block without host: the token must only ever go to
// the org's own domain, which the inventory states.
func requireHost(src inventory.Source, host, block string) hcl.Diagnostics {
	if host != "" || src.HasAttr("host") {
		// A host that failed the domain check is already an error.
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Missing host",
		Detail: "An okta " + block + " needs the Okta org's domain: add host = \"acme.okta.com\" (the address you sign in to Okta at, " +
			"without https://; okta-emea.com and oktapreview.com orgs work too).",
		Subject: src.DeclRange.Ptr(),
	}}
}

// clean keeps vendor text that ends up in messages and evidence to
// id-like words.
func clean(s string) string {
	if s == "" {
		return "?"
	}
	return scanners.CodeLike(s, 100, ".-_")
}
