// Package entra is the Microsoft Entra ID (Azure AD) scanner and
// discoverer, over Microsoft Graph REST v1.0. Spec is its entry point, for
// scanners/registry.
//
// Both blocks authenticate as an app registration of the tenant with the
// OAuth 2.0 client credentials grant (auth.go): a client secret or a
// certificate's private key from the variable token_env names, exchanged
// at https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token for a
// Graph token with the scope https://graph.microsoft.com/.default (the
// application permissions an admin consented to). Both hosts are fixed;
// --endpoint entra_id=URL moves both (Graph under URL, the token endpoint
// at URL/{tenant_id}/oauth2/v2.0/token).
//
// The scanner (scan.go) measures one enterprise app: its users, from the
// app's role assignments, and each user's last sign-in to the app from
// the sign-in log (auditLogs/signIns, which needs Entra ID P1 or P2). The
// discoverer (discover.go) reports the tenant's enterprise apps and the
// apps users consented to (delegated permission grants), with their
// scopes, which feed the risky-oauth-grant rule.
//
// Graph pages with @odata.nextLink, an absolute URL followed only on the
// Graph host the scan talks to; it throttles with 429 and Retry-After,
// which the shared HTTP stack honours.
package entra

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

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

// Kind is the scan and discovery block label.
const Kind = "entra_id"

// The fixed hosts.
const (
	GraphBaseURL = "https://graph.microsoft.com"
	LoginBaseURL = "https://login.microsoftonline.com"
	// GraphScope asks for the app's consented application permissions.
	GraphScope = "https://graph.microsoft.com/.default"
)

// The application permissions the calls need (Microsoft Graph, admin
// consent), for the docs and for every 403.
const (
	PermApplications = "Application.Read.All"
	PermAuditLog     = "AuditLog.Read.All"
	PermDirectory    = "Directory.Read.All"
)

// NonPremiumCode is Graph's error code for a sign-in log or sign-in
// activity read in a tenant without Entra ID P1 or P2.
const NonPremiumCode = "Authentication_RequestFromNonPremiumTenantOrB2CTenant"

// The Graph paths.
const (
	servicePrincipalsPath = "/v1.0/servicePrincipals"
	grantsPath            = "/v1.0/oauth2PermissionGrants"
	usersPath             = "/v1.0/users"
	signInsPath           = "/v1.0/auditLogs/signIns"
)

func assignedToPath(spID string) string {
	return servicePrincipalsPath + "/" + url.PathEscape(spID) + "/appRoleAssignedTo"
}

// guidPattern is an Entra object or application id, as Graph writes them
// (lower case; upper case is accepted and lowered).
var guidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// endpoint is one Graph call, for its errors.
type endpoint struct {
	path string // shown in errors
	what string // what it reads, for a 403
	// perms are the application permissions that allow the call (any
	// one of them, or all with all).
	perms []string
	all   bool
}

func (ep endpoint) permissions() string {
	if ep.all {
		return strings.Join(ep.perms, " and ")
	}
	return strings.Join(ep.perms, " (or ") + strings.Repeat(")", len(ep.perms)-1)
}

var (
	spEndpoint       = endpoint{path: servicePrincipalsPath, what: "enterprise apps", perms: []string{PermApplications, PermDirectory}}
	grantsEndpoint   = endpoint{path: grantsPath, what: "delegated permission grants", perms: []string{PermDirectory}}
	usersEndpoint    = endpoint{path: usersPath, what: "users", perms: []string{PermDirectory}}
	activityEndpoint = endpoint{path: usersPath, what: "users' sign-in activity", perms: []string{PermAuditLog, PermDirectory}, all: true}
	signInsEndpoint  = endpoint{path: signInsPath, what: "the sign-in log", perms: []string{PermAuditLog, PermDirectory}, all: true}
)

func assignedToEndpoint(spID string) endpoint {
	return endpoint{path: servicePrincipalsPath + "/{id}/appRoleAssignedTo", what: "app role assignments", perms: []string{PermApplications, PermDirectory}}
}

// page is a Graph collection page.
type page[T any] struct {
	Value    []T    `json:"value"`
	NextLink string `json:"@odata.nextLink"`
}

// decodePage decodes a Graph collection page, which must have a value
// list, and returns its items and next link. check (nil: none) refuses
// items that cannot be used, such as one without an id.
func decodePage[T any](body []byte, what string, check func([]T) error) ([]T, string, error) {
	var probe struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, "", fmt.Errorf("invalid JSON response (%d bytes): %s", len(body), scanners.JSONProblem(err))
	}
	if len(probe.Value) == 0 || probe.Value[0] != '[' {
		return nil, "", fmt.Errorf("invalid response: no list of %s (value)", what)
	}
	var p page[T]
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, "", fmt.Errorf("invalid response: %s", scanners.JSONProblem(err))
	}
	if check != nil {
		if err := check(p.Value); err != nil {
			return nil, "", err
		}
	}
	return p.Value, p.NextLink, nil
}

// required is a check for decodePage: every item has field (its JSON
// name), which value reads; item names one item in the message.
func required[T any](item, field string, value func(T) string) func([]T) error {
	return func(items []T) error {
		for i, x := range items {
			if value(x) == "" {
				return fmt.Errorf("invalid response: %s [%d] has no %s", item, i, field)
			}
		}
		return nil
	}
}

// ServicePrincipal is an enterprise app (or any other service principal)
// of GET /servicePrincipals.
type ServicePrincipal struct {
	ID                     string   `json:"id"`
	AppID                  string   `json:"appId"`
	DisplayName            string   `json:"displayName"`
	AppDisplayName         string   `json:"appDisplayName"`
	AccountEnabled         *bool    `json:"accountEnabled"`
	AppOwnerOrganizationID string   `json:"appOwnerOrganizationId"`
	PublisherName          string   `json:"publisherName"`
	ServicePrincipalType   string   `json:"servicePrincipalType"`
	Homepage               string   `json:"homepage"`
	LoginURL               string   `json:"loginUrl"`
	ReplyURLs              []string `json:"replyUrls"`
	Tags                   []string `json:"tags"`
	Info                   *struct {
		MarketingURL string `json:"marketingUrl"`
	} `json:"info"`
	VerifiedPublisher *struct {
		DisplayName string `json:"displayName"`
	} `json:"verifiedPublisher"`
}

// DecodeServicePrincipals decodes one page of GET /servicePrincipals.
func DecodeServicePrincipals(body []byte) ([]ServicePrincipal, string, error) {
	return decodePage(body, "service principals", func(sps []ServicePrincipal) error {
		return scanners.CheckIDs("service principals", sps, func(s ServicePrincipal) string { return s.ID })
	})
}

// Assignment is an app role assignment of GET
// /servicePrincipals/{id}/appRoleAssignedTo.
type Assignment struct {
	ID            string `json:"id"`
	PrincipalID   string `json:"principalId"`
	PrincipalType string `json:"principalType"`
}

// DecodeAssignments decodes one page of GET
// /servicePrincipals/{id}/appRoleAssignedTo.
func DecodeAssignments(body []byte) ([]Assignment, string, error) {
	return decodePage(body, "app role assignments", required("app role assignment", "principalId", func(a Assignment) string { return a.PrincipalID }))
}

// Grant is a delegated permission grant of GET /oauth2PermissionGrants.
type Grant struct {
	ID          string  `json:"id"`
	ClientID    string  `json:"clientId"`
	ConsentType string  `json:"consentType"`
	PrincipalID *string `json:"principalId"`
	ResourceID  string  `json:"resourceId"`
	Scope       string  `json:"scope"`
}

// DecodeGrants decodes one page of GET /oauth2PermissionGrants.
func DecodeGrants(body []byte) ([]Grant, string, error) {
	return decodePage(body, "permission grants", required("permission grant", "clientId", func(g Grant) string { return g.ClientID }))
}

// User is a user of GET /users.
type User struct {
	ID                string `json:"id"`
	Mail              string `json:"mail"`
	UserPrincipalName string `json:"userPrincipalName"`
	// AccountEnabled is nil when it was not selected.
	AccountEnabled *bool           `json:"accountEnabled"`
	UserType       string          `json:"userType"`
	SignInActivity *SignInActivity `json:"signInActivity"`
}

// SignInActivity is a user's last sign-ins to the tenant, whatever the app.
type SignInActivity struct {
	LastSignInDateTime               *time.Time `json:"lastSignInDateTime"`
	LastNonInteractiveSignInDateTime *time.Time `json:"lastNonInteractiveSignInDateTime"`
	LastSuccessfulSignInDateTime     *time.Time `json:"lastSuccessfulSignInDateTime"`
}

// Last is the user's last successful sign-in, or (for sign-ins before
// December 2023, which Entra did not backfill) the later of the last
// interactive and non-interactive sign-in attempts; zero when none.
func (a *SignInActivity) Last() time.Time {
	if a == nil {
		return time.Time{}
	}
	if t := a.LastSuccessfulSignInDateTime; t != nil && !t.IsZero() {
		return t.UTC()
	}
	var last time.Time
	for _, t := range []*time.Time{a.LastSignInDateTime, a.LastNonInteractiveSignInDateTime} {
		if t != nil && t.After(last) {
			last = t.UTC()
		}
	}
	return last
}

// DecodeUsers decodes one page of GET /users.
func DecodeUsers(body []byte) ([]User, string, error) {
	return decodePage(body, "users", func(users []User) error {
		return scanners.CheckIDs("users", users, func(u User) string { return u.ID })
	})
}

// SignIn is a sign-in of GET /auditLogs/signIns.
type SignIn struct {
	ID              string    `json:"id"`
	CreatedDateTime time.Time `json:"createdDateTime"`
	UserID          string    `json:"userId"`
	AppID           string    `json:"appId"`
	Status          *struct {
		ErrorCode int `json:"errorCode"`
	} `json:"status"`
}

// Succeeded reports whether the sign-in is a user's successful sign-in to
// the app appID, whatever the filter that asked for it.
func (s SignIn) Succeeded(appID string) bool {
	return s.UserID != "" && strings.EqualFold(s.AppID, appID) && !s.CreatedDateTime.IsZero() &&
		s.Status != nil && s.Status.ErrorCode == 0
}

// DecodeSignIns decodes one page of GET /auditLogs/signIns.
func DecodeSignIns(body []byte) ([]SignIn, string, error) {
	return decodePage[SignIn](body, "sign-ins", nil)
}

// GraphError is Graph's error envelope.
type GraphError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

var errorCodePattern = regexp.MustCompile(`^[A-Za-z0-9_.]{1,80}$`)

// errorCode reads the code of a Graph error body, or "".
func errorCode(body []byte) string {
	var e GraphError
	if json.Unmarshal(body, &e) != nil || !errorCodePattern.MatchString(e.Error.Code) {
		return ""
	}
	return e.Error.Code
}

// nonPremium reports whether err is Graph refusing a sign-in read because
// the tenant has no Entra ID P1 or P2.
func nonPremium(err error) bool {
	re, ok := scanners.Rejected(err)
	return ok && re.Status == http.StatusForbidden && errorCode(re.Body) == NonPremiumCode
}

// forbidden reports whether err is a 403 for a missing permission.
func forbidden(err error) bool {
	re, ok := scanners.Rejected(err)
	return ok && re.Status == http.StatusForbidden && errorCode(re.Body) != NonPremiumCode
}

// explain turns a refused Graph call into what to do.
func explain(err error, ep endpoint, tokenEnv string) error {
	re, ok := scanners.Rejected(err)
	if !ok {
		return err
	}
	code := ""
	if c := errorCode(re.Body); c != "" {
		code = " (Graph error " + c + ")"
	}
	switch {
	case re.Status == http.StatusUnauthorized:
		return fmt.Errorf("%w%s: Graph rejected the access token obtained with the credential in %s; check tenant_id, client_id and the secret or certificate",
			re, code, tokenEnv)
	case re.Status == http.StatusForbidden && errorCode(re.Body) == NonPremiumCode:
		return fmt.Errorf("%w%s: reading %s needs Microsoft Entra ID P1 or P2 in this tenant", re, code, ep.what)
	case re.Status == http.StatusForbidden:
		return fmt.Errorf("%w%s: the app registration whose credential is in %s may not read %s: grant it the Microsoft Graph application permission %s "+
			"and grant admin consent (Entra admin center › App registrations › the app › API permissions)", re, code, tokenEnv, ep.what, ep.permissions())
	case re.Status == http.StatusTooManyRequests:
		return fmt.Errorf("%w%s: still throttled by Graph after retries; scan again later", re, code)
	}
	if code != "" {
		return fmt.Errorf("%w%s", re, code)
	}
	return err
}

// walk fetches ep.path?query and every page its @odata.nextLink leads to,
// handing each body to each, which returns the page's next link. A link
// to another host is refused by the client, before any token is sent.
func walk(ctx context.Context, c *oauth.Conn, ep endpoint, path string, query url.Values, tokenEnv string, each func(body []byte) (next string, err error)) error {
	return scanners.PaginateCall(ctx, "entra_id: GET "+ep.path, func(ctx context.Context, next string) (string, error) {
		target, q := path, query
		if next != "" {
			target, q = next, nil
		}
		resp, err := c.Fetch(ctx, target, q)
		if err != nil {
			return "", explain(err, ep, tokenEnv)
		}
		link, err := each(resp.Body)
		if err != nil {
			return "", fmt.Errorf("entra_id: GET %s: %w", ep.path, err)
		}
		if link != "" {
			if u, perr := url.Parse(link); perr != nil || !u.IsAbs() {
				return "", fmt.Errorf("entra_id: GET %s: invalid response: @odata.nextLink is not an absolute URL", ep.path)
			}
		}
		return link, nil
	})
}

// clean keeps vendor text that ends up in evidence to printable, short
// text.
func clean(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r >= ' ' && r != 0x7f {
			b.WriteRune(r)
		}
		if b.Len() >= 100 {
			break
		}
	}
	return b.String()
}

// errAppMissing is an app_id no service principal of the tenant has.
var errAppMissing = errors.New("no enterprise app")
