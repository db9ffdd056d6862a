package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// HTTPScopeUsers is the scope the simulated user list requires (Gong's
// name for it).
const HTTPScopeUsers = "api:users:read"

// HTTPSeed is a JSON API for the generic http kind, shaped like Gong's
// GET /v2/users (served at /http/v2/users): cursor paging with ?cursor=,
// the next cursor in records.cursor and absent on the last page.
type HTTPSeed struct {
	// Token is the header value the API accepts, scheme included (such
	// as "Basic dXNlcjpzZWNyZXQ=" or "Bearer abc"). In the Authorization
	// header a bare token (no space) stands for "Bearer <token>", the way
	// the http scanner sends a bare token, so that the sandbox's one
	// token works there too.
	Token string `json:"token"`
	// Header carries the token (default Authorization).
	Header string `json:"header,omitempty"`
	// Scopes granted to the token; nil grants every scope.
	Scopes []string `json:"scopes,omitempty"`
	// PageSize is the page size (0: 100, Gong's).
	PageSize int `json:"page_size,omitempty"`
	// TotalRecords is records.totalRecords (0: the number of users).
	TotalRecords int        `json:"total_records,omitempty"`
	Users        []HTTPUser `json:"users"`
	// NextLinks adds the next page's absolute URL as "next" to every
	// page but the last, for clients that follow links instead of
	// cursors.
	NextLinks bool `json:"next_links,omitempty"`
}

// HTTPUser is a user as the simulated API returns it.
type HTTPUser struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	FirstName    string    `json:"first_name,omitempty"`
	LastName     string    `json:"last_name,omitempty"`
	Active       bool      `json:"active"`
	LastActivity time.Time `json:"last_activity,omitzero"`
}

// httpCursorPrefix makes cursors opaque-looking, and lets the simulator
// refuse cursors it did not hand out.
const httpCursorPrefix = "eyJvZmZzZXQiOi"

func (s *Sandbox) genericHTTP(w http.ResponseWriter, r *http.Request, path string) {
	seed := s.seed.HTTP
	w.Header().Set("X-RateLimit-Limit", "3")
	w.Header().Set("X-RateLimit-Remaining", "2")
	if r.Method != http.MethodGet {
		writeJSON(w, http.StatusMethodNotAllowed, httpError("Method not allowed"))
		return
	}
	if path != "/v2/users" {
		writeJSON(w, http.StatusNotFound, httpError("Not found: "+path))
		return
	}
	header := seed.Header
	if header == "" {
		header = "Authorization"
	}
	want := seed.Token
	if strings.EqualFold(header, "Authorization") && !strings.Contains(want, " ") {
		want = "Bearer " + want
	}
	if got := r.Header.Get(header); seed.Token == "" || got != want {
		w.Header().Set("WWW-Authenticate", `Basic realm="api"`)
		writeJSON(w, http.StatusUnauthorized, httpError("Unauthorized: the credentials are missing or invalid"))
		return
	}
	if seed.Scopes != nil && !slices.Contains(seed.Scopes, HTTPScopeUsers) {
		writeJSON(w, http.StatusForbidden, httpError("Forbidden: missing scope "+HTTPScopeUsers))
		return
	}

	limit := seed.PageSize
	if limit <= 0 {
		limit = 100
	}
	offset := 0
	if c := r.URL.Query().Get("cursor"); c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(c, httpCursorPrefix))
		if err != nil || n < 0 || !strings.HasPrefix(c, httpCursorPrefix) {
			writeJSON(w, http.StatusBadRequest, httpError("Invalid cursor"))
			return
		}
		offset = n
	}
	total := len(seed.Users)
	users := []any{}
	for _, u := range seed.Users[min(offset, total):min(offset+limit, total)] {
		m := map[string]any{
			"id": u.ID, "emailAddress": u.Email, "firstName": u.FirstName, "lastName": u.LastName,
			"active": u.Active, "created": "2024-01-15T09:30:00-08:00", "phoneNumber": nil,
			"settings": map[string]any{"webConferencesRecorded": true, "emailsImported": false},
		}
		if !u.LastActivity.IsZero() {
			m["lastActivityTime"] = u.LastActivity.Format(time.RFC3339)
		}
		users = append(users, m)
	}
	records := map[string]any{
		"totalRecords":      cmp.Or(seed.TotalRecords, total),
		"currentPageSize":   len(users),
		"currentPageNumber": offset / limit,
	}
	body := map[string]any{"requestId": fmt.Sprintf("4al018gzaztcr8nbukw%04d", offset/limit), "records": records, "users": users}
	next := offset + limit
	if s.faults.LoopingCursor {
		next = limit
	}
	if next < total || s.faults.LoopingCursor {
		cursor := httpCursorPrefix + strconv.Itoa(next)
		records["cursor"] = cursor
		if seed.NextLinks {
			body["next"] = rootURL(r) + path + "?" + url.Values{"cursor": {cursor}}.Encode()
		}
	}
	writeJSON(w, http.StatusOK, body)
}

func httpError(msg string) map[string]any {
	return map[string]any{"requestId": "4al018gzaztcr8nbukwerr", "errors": []string{msg}}
}

func httpRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, httpError("Too many requests: API limit reached, retry later"))
}
