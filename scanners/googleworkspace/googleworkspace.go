// Package googleworkspace is the google_workspace kind, with two parts:
//
//   - The Discoverer (discovery "google_workspace") reads the OAuth token
//     audit log of the Admin SDK Reports API and reports every third-party
//     app that users granted access to their Google account as a
//     discovered tool: shadow IT. See discover.go.
//   - The Scanner (scan "google_workspace") reads the licence assignments
//     of one Google product (and SKU) from the Enterprise License Manager
//     API: who holds a seat. Google reports no last activity there, so
//     every user's LastActive stays empty. See licenses.go.
//
// Both send "Authorization: Bearer <OAuth 2 access token>". The token is
// minted outside stackaudit: by a service account with domain-wide
// delegation impersonating an admin, or, for a test, with gcloud. With
// --endpoint google_workspace=URL both APIs are read from that one URL.
package googleworkspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
)

// Kind is the scan and discovery block label.
const Kind = "google_workspace"

// The APIs' hosts. The Directory API shares the Reports API's host.
const (
	ReportsBaseURL   = "https://admin.googleapis.com"
	DirectoryBaseURL = ReportsBaseURL
	LicensingBaseURL = "https://licensing.googleapis.com"
	// OAuth2BaseURL is Google's token endpoint host, where a service
	// account exchanges its signed assertion for an access token.
	OAuth2BaseURL = "https://oauth2.googleapis.com"
)

// The scopes the token needs.
const (
	ScopeReports   = "https://www.googleapis.com/auth/admin.reports.audit.readonly"
	ScopeLicensing = "https://www.googleapis.com/auth/apps.licensing"
	// ScopeUsers reads users.list (lastLoginTime, suspended).
	ScopeUsers = "https://www.googleapis.com/auth/admin.directory.user.readonly"
	// ScopeTokens reads users.tokens.list: the apps each user has granted
	// access now. Google has no read-only scope for it.
	ScopeTokens = "https://www.googleapis.com/auth/admin.directory.user.security"
)

// APIError is the error body every Google API answers with.
type APIError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Reason  string `json:"reason"`
			Message string `json:"message"`
		} `json:"errors"`
		Details []struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

// reasons are the error's machine-readable reasons (errors[].reason and
// details[].reason), cleaned for messages.
func (e APIError) reasons() []string {
	var out []string
	for _, x := range e.Error.Errors {
		out = append(out, clean(x.Reason))
	}
	for _, d := range e.Error.Details {
		out = append(out, clean(d.Reason))
	}
	return out
}

func (e APIError) has(reason string) bool {
	for _, r := range e.reasons() {
		if r == reason {
			return true
		}
	}
	return false
}

// describe is Google's status, reason and message, for a message of ours.
func (e APIError) describe() string {
	var parts []string
	if s := clean(e.Error.Status); s != "" {
		parts = append(parts, s)
	}
	if r := e.reasons(); len(r) > 0 && r[0] != "" {
		parts = append(parts, r[0])
	}
	msg := strings.Join(parts, "/")
	if m := message(e.Error.Message); m != "" {
		msg += ": " + m
	}
	if msg == "" {
		return ""
	}
	return " (Google: " + msg + ")"
}

// explain turns a rejected call into what the user should do. scope and
// privilege are what the call needs; advice404 is for a 404 with a JSON
// body (an API's own "not found").
// where names the credential ("the variable GOOGLE_CREDENTIALS"), all the
// scopes the block's calls need.
func explain(err error, where string, all []string, scope, privilege, advice404 string) error {
	re, ok := scanners.Rejected(err)
	if !ok {
		return err
	}
	var ae APIError
	isJSON := json.Unmarshal(re.Body, &ae) == nil && ae.Error.Code != 0
	google := ""
	if isJSON {
		google = ae.describe()
	}
	switch re.Status {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w: Google rejected the access token from %s%s (an access token expires after an hour); %s",
			re, where, google, credentialHowTo(all, privilege))
	case http.StatusForbidden:
		switch {
		case ae.has("insufficientPermissions") || ae.has("ACCESS_TOKEN_SCOPE_INSUFFICIENT"):
			return fmt.Errorf("%w: the access token from %s lacks the scope %s; grant the service account's domain-wide delegation that scope (%s), or mint the token with it",
				re, where, scope, adminConsoleDelegation)
		default:
			return fmt.Errorf("%w%s: the admin the credential in %s acts for may not read this customer's data: make it a super admin or give it the %s privilege, and check customer_id",
				re, google, where, privilege)
		}
	case http.StatusNotFound:
		if !isJSON {
			return fmt.Errorf("%w: nothing answers at this path; if --endpoint google_workspace is set, check it", re)
		}
		return fmt.Errorf("%w%s: %s", re, google, advice404)
	case http.StatusBadRequest:
		return fmt.Errorf("%w: Google refused the request%s", re, google)
	case http.StatusTooManyRequests:
		return fmt.Errorf("%w: still rate limited after retries%s", re, google)
	}
	return err
}

// clean keeps vendor codes that end up in messages to code-like words.
func clean(s string) string { return scanners.CodeLike(s, 60, "_.") }

// message keeps a vendor message to one printable line of sensible length.
func message(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.TrimSpace(s))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// Activities is one page of the Reports API's activities.list.
type Activities struct {
	Kind          string     `json:"kind"`
	Items         []Activity `json:"items"`
	NextPageToken string     `json:"nextPageToken"`
}

// Activity is one audit log entry.
type Activity struct {
	ID struct {
		Time            time.Time `json:"time"`
		ApplicationName string    `json:"applicationName"`
		CustomerID      string    `json:"customerId"`
	} `json:"id"`
	Actor struct {
		Email     string `json:"email"`
		ProfileID string `json:"profileId"`
	} `json:"actor"`
	Events []Event `json:"events"`
}

// Event is one event of an activity.
type Event struct {
	Type       string      `json:"type"`
	Name       string      `json:"name"`
	Parameters []Parameter `json:"parameters"`
}

// Parameter is one event parameter; only the string kinds are read.
type Parameter struct {
	Name       string   `json:"name"`
	Value      string   `json:"value"`
	MultiValue []string `json:"multiValue"`
}

// Param returns the event's parameter name.
func (e Event) Param(name string) (Parameter, bool) {
	for _, p := range e.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return Parameter{}, false
}

// LicenseAssignments is one page of the License Manager's listForProduct
// or listForProductAndSku.
type LicenseAssignments struct {
	Kind          string              `json:"kind"`
	Items         []LicenseAssignment `json:"items"`
	NextPageToken string              `json:"nextPageToken"`
}

// LicenseAssignment is one user's licence.
type LicenseAssignment struct {
	UserID    string `json:"userId"`
	ProductID string `json:"productId"`
	SKUID     string `json:"skuId"`
	SKUName   string `json:"skuName"`
}

// DirectoryUsers is one page of the Directory API's users.list.
type DirectoryUsers struct {
	Kind          string          `json:"kind"`
	Users         []DirectoryUser `json:"users"`
	NextPageToken string          `json:"nextPageToken"`
}

// DirectoryUser is one user of users.list, with the fields read.
type DirectoryUser struct {
	ID           string `json:"id"`
	PrimaryEmail string `json:"primaryEmail"`
	CustomerID   string `json:"customerId"`
	// LastLoginTime is the user's last sign-in to Google; Google writes
	// the Unix epoch for a user who never signed in.
	LastLoginTime time.Time `json:"lastLoginTime"`
	Suspended     bool      `json:"suspended"`
	Archived      bool      `json:"archived"`
}

// LastLogin is the user's last sign-in, or nil when they never signed in.
func (u DirectoryUser) LastLogin() *time.Time {
	// Google's "never" is 1970-01-01T00:00:00.000Z; no Workspace user
	// signed in before 2000.
	if u.LastLoginTime.Year() < 2000 {
		return nil
	}
	t := u.LastLoginTime.UTC()
	return &t
}

// Tokens is the Directory API's users.tokens.list answer: every OAuth
// client the user has granted access now. It has no pages.
type Tokens struct {
	Kind  string  `json:"kind"`
	Items []Token `json:"items"`
}

// Token is one user's current grant to one OAuth client.
type Token struct {
	ClientID    string   `json:"clientId"`
	DisplayText string   `json:"displayText"`
	Anonymous   bool     `json:"anonymous"`
	NativeApp   bool     `json:"nativeApp"`
	UserKey     string   `json:"userKey"`
	Scopes      []string `json:"scopes"`
}

const (
	kindActivities = "admin#reports#activities"
	kindLicenses   = "licensing#licenseAssignmentList"
	kindUsers      = "admin#directory#users"
	kindTokens     = "admin#directory#tokenList"
)

// DecodeUsers decodes and checks one users.list page. The list is
// "users", not "items", in this API.
func DecodeUsers(body []byte) (DirectoryUsers, error) {
	return decodeList(body, kindUsers, "users", func(p DirectoryUsers) error {
		for i, u := range p.Users {
			if strings.TrimSpace(u.PrimaryEmail) == "" {
				return fmt.Errorf("invalid response: users[%d] has no primaryEmail", i)
			}
		}
		return nil
	})
}

// DecodeTokens decodes and checks one users.tokens.list answer.
func DecodeTokens(body []byte) (Tokens, error) {
	return decodeList(body, kindTokens, "items", func(p Tokens) error {
		for i, t := range p.Items {
			if strings.TrimSpace(t.ClientID) == "" && strings.TrimSpace(t.DisplayText) == "" {
				return fmt.Errorf("invalid response: items[%d] has neither clientId nor displayText", i)
			}
		}
		return nil
	})
}

// DecodeActivities decodes and checks one activities page. Google leaves
// out "items" when a page is empty, so the list's kind stands for it.
func DecodeActivities(body []byte) (Activities, error) {
	return decodeList[Activities](body, kindActivities, "items", nil)
}

// DecodeLicenses decodes and checks one licence assignments page.
func DecodeLicenses(body []byte) (LicenseAssignments, error) {
	return decodeList(body, kindLicenses, "items", func(p LicenseAssignments) error {
		for i, a := range p.Items {
			if strings.TrimSpace(a.UserID) == "" {
				return fmt.Errorf("invalid response: items[%d] has no userId", i)
			}
		}
		return nil
	})
}

// decodeList decodes a Google list page: an object with the list's kind
// or a list named list, "items" in most of these APIs (or both), and no
// other kind. check (nil: none) refuses a page whose items cannot be
// used.
func decodeList[P any](body []byte, kind, list string, check func(P) error) (P, error) {
	var p, zero P
	if err := decodeListOf(body, kind, list, &p); err != nil {
		return zero, err
	}
	if check != nil {
		if err := check(p); err != nil {
			return zero, err
		}
	}
	return p, nil
}

// decodeListOf is decodeList's reading of the body into v.
func decodeListOf(body []byte, kind, list string, v any) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		return fmt.Errorf("invalid JSON response (%d bytes): %s", len(body), scanners.JSONProblem(err))
	}
	var k string
	if raw, ok := probe["kind"]; ok {
		if json.Unmarshal(raw, &k) != nil {
			return errors.New("invalid response: kind is not a string")
		}
		if k != kind {
			return fmt.Errorf("invalid response: kind %q, want %s", clean(k), kind)
		}
	}
	items, hasItems := probe[list]
	switch {
	case hasItems && (len(items) == 0 || items[0] != '[') && string(items) != "null":
		return fmt.Errorf("invalid response: %s is not a list", list)
	case k == "" && !hasItems:
		return fmt.Errorf("invalid response: no %s list and no kind %s", list, kind)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("invalid response: %s", scanners.JSONProblem(err))
	}
	return nil
}
