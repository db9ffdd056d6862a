package hubspot

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// HubSpot scopes the simulated endpoints require.
const (
	SandboxScopeUsers  = "settings.users.read"
	SandboxScopeLogins = "account-info.security.read"
)

// SandboxSeed is a simulated HubSpot portal.
type SandboxSeed struct {
	// Access's Token is the private app token the API accepts;
	// PageSize caps the page size below the request's limit (0: no
	// cap).
	sandbox.Access
	// Scopes granted to the token; nil grants every scope.
	Scopes []string       `json:"scopes,omitempty"`
	Users  []SandboxUser  `json:"users"`
	Logins []SandboxLogin `json:"logins"`
}

// SandboxUser is a user as GET /settings/v3/users/ returns it.
type SandboxUser struct {
	ID         string   `json:"id"`
	Email      string   `json:"email"`
	RoleID     string   `json:"role_id,omitempty"`
	SuperAdmin bool     `json:"super_admin,omitempty"`
	SeatNames  []string `json:"seat_names,omitempty"`
}

// SandboxLogin is one login as GET /account-info/v3/activity/login returns it.
type SandboxLogin struct {
	ID        string    `json:"id"`
	UserID    int       `json:"user_id"`
	Email     string    `json:"email"`
	LoginAt   time.Time `json:"login_at"`
	Succeeded bool      `json:"succeeded"`
}

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	h := w.Header()
	h.Set("X-HubSpot-RateLimit-Max", "100")
	h.Set("X-HubSpot-RateLimit-Remaining", "99")
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
	h.Set("X-HubSpot-RateLimit-Daily", "250000")
	h.Set("X-HubSpot-RateLimit-Daily-Remaining", "249999")
	h.Set("X-HubSpot-RateLimit-Secondly", "10")
	h.Set("X-HubSpot-RateLimit-Secondly-Remaining", "9")

	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, hubspotError("METHOD_NOT_ALLOWED", "method not allowed"))
		return
	}
	var scope string
	switch path {
	case "/settings/v3/users", "/settings/v3/users/":
		scope = SandboxScopeUsers
	case "/account-info/v3/activity/login":
		scope = SandboxScopeLogins
	default:
		sandbox.WriteJSON(w, http.StatusNotFound, hubspotError("OBJECT_NOT_FOUND", "resource not found"))
		return
	}
	if !sandbox.Bearer(r, seed.Token) {
		sandbox.WriteJSON(w, http.StatusUnauthorized, hubspotError("INVALID_AUTHENTICATION",
			"Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"))
		return
	}
	if !sandbox.Granted(seed.Scopes, scope) {
		body := hubspotError("MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.")
		body["errors"] = []map[string]any{{
			"message": "One or more of the following scopes are required.",
			"context": map[string]any{"requiredGranularScopes": []string{scope}},
		}}
		sandbox.WriteJSON(w, http.StatusForbidden, body)
		return
	}

	q := r.URL.Query()
	limit, maxLimit := 100, 100
	if scope == SandboxScopeLogins {
		limit, maxLimit = 200, 200
	}
	limit, ok := sandbox.PageSize(q.Get("limit"), limit, maxLimit, seed.PageSize)
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, hubspotError("VALIDATION_ERROR", fmt.Sprintf("limit must be between 1 and %d", maxLimit)))
		return
	}
	offset, ok := sandbox.CursorOffset(base64.RawStdEncoding, q.Get("after"), "")
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, hubspotError("VALIDATION_ERROR", "invalid paging cursor"))
		return
	}

	var results []any
	total := 0
	if scope == SandboxScopeUsers {
		total = len(seed.Users)
		results = sandbox.Page(seed.Users, offset, limit, func(u SandboxUser) any {
			// HubSpot's own v3 example writes superAdmin as a string.
			m := map[string]any{"id": u.ID, "email": u.Email, "roleIds": []string{}, "superAdmin": strconv.FormatBool(u.SuperAdmin),
				"primaryTeamId": "101", "secondaryTeamIds": []string{}}
			if u.RoleID != "" {
				m["roleId"], m["roleIds"] = u.RoleID, []string{u.RoleID}
			}
			if u.SeatNames != nil {
				m["seatNames"] = u.SeatNames
			}
			return m
		})
	} else {
		total = len(seed.Logins)
		results = sandbox.Page(seed.Logins, offset, limit, func(l SandboxLogin) any {
			return map[string]any{"id": l.ID, "userId": l.UserID, "email": l.Email,
				"loginAt": l.LoginAt.UTC().Format("2006-01-02T15:04:05.000Z"), "loginSucceeded": l.Succeeded,
				"ipAddress": "192.0.2.1", "countryCode": "us", "regionCode": "ca", "userAgent": "Mozilla/5.0"}
		})
	}
	body := map[string]any{"results": results}
	if next, more := s.Next(offset, limit, total); more {
		after := sandbox.Cursor(base64.RawStdEncoding, "", next)
		body["paging"] = map[string]any{"next": map[string]any{
			"after": after,
			"link":  "https://api.hubapi.com" + path + "?after=" + after,
		}}
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

func hubspotError(category, message string) map[string]any {
	return map[string]any{"status": "error", "message": message, "category": category,
		"correlationId": "c0ffee00-0000-4000-8000-000000000000"}
}

func hubspotRateLimited(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, map[string]any{
		"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT",
		"correlationId": "c0ffee00-0000-4000-8000-000000000429", "policyName": "SECONDLY",
	})
}

// Simulator is the simulated HubSpot API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: hubspotRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool, Finish: finish})
}

func addTool(_ *sandbox.Builder, seed *SandboxSeed, _ *inventory.Tool, people []sandbox.Person, _ int) {
	for _, p := range people {
		id := sandbox.NumericID(p.ID)
		// Everyone the snapshot measured held a paid seat.
		seed.Users = append(seed.Users, SandboxUser{ID: strconv.Itoa(id), Email: p.Email, SeatNames: []string{"Marketing Hub Professional"}})
		if p.LastActive != nil {
			seed.Logins = append(seed.Logins, SandboxLogin{ID: strconv.Itoa(id + 1), UserID: id, Email: p.Email, LoginAt: *p.LastActive, Succeeded: true})
		}
	}
}

// finish pages by 20, so that a sandbox run pages.
func finish(_ *sandbox.Builder, seed *SandboxSeed, _ usage.Discovered) { seed.PageSize = 20 }
