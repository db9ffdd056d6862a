package httpjson

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// SandboxScopeUsers is the scope the simulated user list requires (Gong's
// name for it).
const SandboxScopeUsers = "api:users:read"

// SandboxSeed is a JSON API for the generic http kind, shaped like Gong's
// (served under /http): GET /v2/users, cursor paging with ?cursor=, the
// next cursor in records.cursor and absent on the last page; and POST
// /v2/stats/activity/day-by-day, whose JSON body names the date range
// (filter.fromDate, filter.toDate) and the cursor, and whose answer lists
// each user's days with activity (Gong's users have no last-activity
// field: their activity is in the stats API).
type SandboxSeed struct {
	// Access's Token is the header value the API accepts, scheme
	// included (such as "Basic dXNlcjpzZWNyZXQ=" or "Bearer abc"). In
	// the Authorization header a bare token (no space) stands for
	// "Bearer <token>", the way the http scanner sends a bare token, so
	// that the sandbox's one token works there too. PageSize is the page
	// size (0: 100, Gong's).
	sandbox.Access
	// Header carries the token (default Authorization).
	Header string `json:"header,omitempty"`
	// Scopes granted to the token; nil grants every scope.
	Scopes []string `json:"scopes,omitempty"`
	// TotalRecords is records.totalRecords (0: the number of users).
	TotalRecords int           `json:"total_records,omitempty"`
	Users        []SandboxUser `json:"users"`
	// NextLinks adds the next page's absolute URL as "next" to every
	// page but the last, for clients that follow links instead of
	// cursors.
	NextLinks bool `json:"next_links,omitempty"`
	// LinkHeader sends the next page of GET /v2/users in a Link header
	// (rel="next") instead of records.cursor.
	LinkHeader bool `json:"link_header,omitempty"`
}

// SandboxUser is a user as the simulated API returns it.
type SandboxUser struct {
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

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("X-RateLimit-Limit", "3")
	w.Header().Set("X-RateLimit-Remaining", "2")
	switch {
	case path != "/v2/users" && path != dayByDayPath:
		sandbox.WriteJSON(w, http.StatusNotFound, httpError("Not found: "+path))
		return
	case path == "/v2/users" && r.Method != http.MethodGet, path == dayByDayPath && r.Method != http.MethodPost:
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, httpError("Method not allowed"))
		return
	}
	header := cmp.Or(seed.Header, "Authorization")
	want := seed.Token
	if strings.EqualFold(header, "Authorization") && !strings.Contains(want, " ") {
		want = "Bearer " + want
	}
	if got := r.Header.Get(header); seed.Token == "" || got != want {
		w.Header().Set("WWW-Authenticate", `Basic realm="api"`)
		sandbox.WriteJSON(w, http.StatusUnauthorized, httpError("Unauthorized: the credentials are missing or invalid"))
		return
	}
	if !sandbox.Granted(seed.Scopes, SandboxScopeUsers) {
		sandbox.WriteJSON(w, http.StatusForbidden, httpError("Forbidden: missing scope "+SandboxScopeUsers))
		return
	}

	limit := seed.PageSize
	if limit <= 0 {
		limit = 100
	}
	if path == dayByDayPath {
		dayByDay(seed, s, w, r, limit)
		return
	}
	offset, ok := sandbox.Offset(r.URL.Query().Get("cursor"), httpCursorPrefix)
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, httpError("Invalid cursor"))
		return
	}
	total := len(seed.Users)
	users := sandbox.Page(seed.Users, offset, limit, func(u SandboxUser) any {
		return map[string]any{
			"id": u.ID, "emailAddress": u.Email, "firstName": u.FirstName, "lastName": u.LastName,
			"active": u.Active, "created": "2024-01-15T09:30:00-08:00", "phoneNumber": nil,
			"settings": map[string]any{"webConferencesRecorded": true, "emailsImported": false},
		}
	})
	records := map[string]any{
		"totalRecords":      cmp.Or(seed.TotalRecords, total),
		"currentPageSize":   len(users),
		"currentPageNumber": offset / limit,
	}
	body := map[string]any{"requestId": fmt.Sprintf("4al018gzaztcr8nbukw%04d", offset/limit), "records": records, "users": users}
	if next, more := s.Next(offset, limit, total); more {
		cursor := httpCursorPrefix + strconv.Itoa(next)
		link := sandbox.RootURL(r) + path + "?" + url.Values{"cursor": {cursor}}.Encode()
		switch {
		case seed.LinkHeader:
			w.Header().Add("Link", "<"+link+`>; rel="next"`)
		default:
			records["cursor"] = cursor
		}
		if seed.NextLinks {
			body["next"] = link
		}
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

// dayByDayPath is Gong's per-user daily activity report.
const dayByDayPath = "/v2/stats/activity/day-by-day"

// dayByDay answers POST /v2/stats/activity/day-by-day: every active user,
// with one day in userDailyActivityStats when their last activity falls in
// [filter.fromDate, filter.toDate] (the ids of the calls they hosted that
// day), pages of limit users with the next cursor in records.cursor.
func dayByDay(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, limit int) {
	var req struct {
		Cursor string `json:"cursor"`
		Filter *struct {
			FromDate string `json:"fromDate"`
			ToDate   string `json:"toDate"`
		} `json:"filter"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Filter == nil {
		sandbox.WriteJSON(w, http.StatusBadRequest, httpError("Bad request: the body must be JSON with a filter"))
		return
	}
	from, err1 := time.Parse(time.DateOnly, req.Filter.FromDate)
	to, err2 := time.Parse(time.DateOnly, req.Filter.ToDate)
	if err1 != nil || err2 != nil || to.Before(from) {
		sandbox.WriteJSON(w, http.StatusBadRequest, httpError("Bad request: filter.fromDate and filter.toDate are dates (YYYY-MM-DD), fromDate first"))
		return
	}
	offset, ok := sandbox.Offset(req.Cursor, httpCursorPrefix)
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, httpError("Invalid cursor"))
		return
	}
	var active []SandboxUser
	for _, u := range seed.Users {
		if u.Active {
			active = append(active, u)
		}
	}
	users := sandbox.Page(active, offset, limit, func(u SandboxUser) any {
		days := []any{}
		if day := u.LastActivity.UTC().Truncate(24 * time.Hour); !u.LastActivity.IsZero() && !day.Before(from) && !day.After(to) {
			days = append(days, map[string]any{
				"callsAsHost": []string{"7782342274025937895"}, "callsAttended": []string{}, "callsGaveFeedback": []string{},
				"ownCallsListenedTo": []string{}, "othersCallsListenedTo": []string{},
				"fromDate": day.Format(time.RFC3339), "toDate": day.AddDate(0, 0, 1).Format(time.RFC3339),
			})
		}
		return map[string]any{"userId": u.ID, "userEmailAddress": u.Email, "userDailyActivityStats": days}
	})
	records := map[string]any{"totalRecords": len(active), "currentPageSize": len(users), "currentPageNumber": offset / limit}
	if next, more := s.Next(offset, limit, len(active)); more {
		records["cursor"] = httpCursorPrefix + strconv.Itoa(next)
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"requestId": "4al018gzaztcr8nbukwday", "records": records, "usersDetailedActivities": users})
}

func httpError(msg string) map[string]any {
	return map[string]any{"requestId": "4al018gzaztcr8nbukwerr", "errors": []string{msg}}
}

func httpRateLimited(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, httpError("Too many requests: API limit reached, retry later"))
}

// Simulator is the simulated generic JSON API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: httpRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool})
}

func addTool(_ *sandbox.Builder, seed *SandboxSeed, _ *inventory.Tool, people []sandbox.Person, purchased int) {
	seed.TotalRecords = max(purchased, len(people))
	for _, p := range people {
		u := SandboxUser{ID: p.ID, Email: p.Email, Active: true}
		if p.LastActive != nil {
			u.LastActivity = *p.LastActive
		}
		seed.Users = append(seed.Users, u)
	}
}
