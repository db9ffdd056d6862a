package slack

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// Slack scopes the simulated methods require.
const (
	SandboxScopeUsers = "users:read"
	SandboxScopeAdmin = "admin"
)

// SandboxBaseURL is the Slack base URL (the equivalent of
// https://slack.com/api) of a simulator whose Start returned urls: the
// simulator answers Slack under /slack/api/<method>.
func SandboxBaseURL(urls map[string]string) string {
	for _, u := range urls {
		if p, err := url.Parse(u); err == nil && p.Host != "" {
			return p.Scheme + "://" + p.Host + "/slack/api"
		}
	}
	return ""
}

// SandboxSeed is a simulated Slack workspace.
type SandboxSeed struct {
	// Access's Token is the token the API accepts (Bearer header or
	// token field); PageSize caps the page size below the request's
	// limit (0: no cap).
	sandbox.Access
	// Scopes granted to the token; nil grants every scope.
	Scopes  []string        `json:"scopes,omitempty"`
	Members []SandboxMember `json:"members"`
	// Billable is billing_active per user id, as team.billableInfo
	// returns it; users not in it are left out of the answer.
	Billable map[string]bool `json:"billable,omitempty"`
	Logins   []SandboxLogin  `json:"logins"`
	// PaidPlan enables team.accessLogs (paid_only otherwise).
	PaidPlan bool `json:"paid_plan,omitempty"`
	// GridTeamID makes the token an Enterprise Grid org-level token
	// granted this one workspace: every method then needs team_id
	// (missing_argument without it, team_access_not_granted for another
	// workspace).
	GridTeamID string `json:"grid_team_id,omitempty"`
}

// SandboxMember is a member as users.list returns it.
type SandboxMember struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Deleted bool   `json:"deleted,omitempty"`
	IsBot   bool   `json:"is_bot,omitempty"`
}

// SandboxLogin is one team.accessLogs entry (per user, IP and user agent).
type SandboxLogin struct {
	UserID    string `json:"user_id"`
	Username  string `json:"username"`
	DateFirst int64  `json:"date_first"`
	DateLast  int64  `json:"date_last"`
	Count     int    `json:"count"`
}

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, slackError("method_not_supported_for_channel_type"))
		return
	}
	method, ok := strings.CutPrefix(path, "/api/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	var scope string
	switch method {
	case "users.list":
		scope = SandboxScopeUsers
	case "team.billableInfo", "team.accessLogs":
		scope = SandboxScopeAdmin
	default:
		sandbox.WriteJSON(w, http.StatusOK, slackError("unknown_method"))
		return
	}
	_ = r.ParseForm()
	token, hasBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !hasBearer {
		token = r.Form.Get("token")
	}
	switch {
	case token == "":
		sandbox.WriteJSON(w, http.StatusOK, slackError("not_authed"))
		return
	case seed.Token == "" || token != seed.Token:
		sandbox.WriteJSON(w, http.StatusOK, slackError("invalid_auth"))
		return
	}
	if seed.GridTeamID != "" {
		switch team := r.Form.Get("team_id"); {
		case team == "":
			sandbox.WriteJSON(w, http.StatusOK, slackError("missing_argument"))
			return
		case team != seed.GridTeamID:
			sandbox.WriteJSON(w, http.StatusOK, slackError("team_access_not_granted"))
			return
		}
	}
	if !sandbox.Granted(seed.Scopes, scope) {
		body := slackError("missing_scope")
		body["needed"] = scope
		body["provided"] = strings.Join(seed.Scopes, ",")
		sandbox.WriteJSON(w, http.StatusOK, body)
		return
	}
	limit, ok := sandbox.PageSize(r.Form.Get("limit"), 100, 0, seed.PageSize)
	if !ok {
		sandbox.WriteJSON(w, http.StatusOK, slackError("invalid_limit"))
		return
	}
	// Slack serves at most 1,000 a page, and takes a larger limit as that.
	limit = min(limit, 1000)

	switch method {
	case "users.list":
		offset, ok := sandbox.Offset(r.Form.Get("cursor"), "dXNlcjpV")
		if !ok {
			sandbox.WriteJSON(w, http.StatusOK, slackError("invalid_cursor"))
			return
		}
		members := sandbox.Page(seed.Members, offset, limit, func(m SandboxMember) any {
			return map[string]any{
				"id": m.ID, "team_id": "T0SANDBOX", "name": m.Name, "deleted": m.Deleted, "is_bot": m.IsBot,
				"is_restricted": false, "is_ultra_restricted": false, "updated": 1700000000,
				"profile": map[string]any{"email": m.Email, "real_name": m.Name},
			}
		})
		next := ""
		if n, more := s.Next(offset, limit, len(seed.Members)); more {
			next = "dXNlcjpV" + strconv.Itoa(n)
		}
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "members": members,
			"cache_ts": 1700000000, "response_metadata": map[string]any{"next_cursor": next}})
	case "team.billableInfo":
		// Pages by cursor over the user ids, like users.list.
		ids := make([]string, 0, len(seed.Billable))
		for id := range seed.Billable {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		offset, ok := sandbox.Offset(r.Form.Get("cursor"), "YmlsbDpV")
		if !ok {
			sandbox.WriteJSON(w, http.StatusOK, slackError("invalid_cursor"))
			return
		}
		// Slack's own page size, not the seed's cap: the cap is there to
		// page users.list.
		limit := 1000
		if n, err := strconv.Atoi(r.Form.Get("limit")); err == nil && n >= 1 {
			limit = min(n, 1000)
		}
		info := map[string]any{}
		for _, id := range sandbox.Window(ids, offset, limit) {
			info[id] = map[string]any{"billing_active": seed.Billable[id]}
		}
		next := ""
		if n, more := s.Next(offset, limit, len(ids)); more {
			next = "YmlsbDpV" + strconv.Itoa(n)
		}
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "billable_info": info, "response_metadata": map[string]any{"next_cursor": next}})
	case "team.accessLogs":
		if !seed.PaidPlan {
			sandbox.WriteJSON(w, http.StatusOK, slackError("paid_only"))
			return
		}
		page, ok := sandbox.Positive(r.Form.Get("page"), 1)
		if !ok {
			sandbox.WriteJSON(w, http.StatusOK, slackError("invalid_page"))
			return
		}
		if s.Faults().LoopingCursor {
			page = 1
		}
		total := len(seed.Logins)
		offset := (page - 1) * limit
		logins := sandbox.Page(seed.Logins, offset, limit, func(l SandboxLogin) any {
			return map[string]any{"user_id": l.UserID, "username": l.Username,
				"date_first": l.DateFirst, "date_last": l.DateLast, "count": l.Count,
				"ip": "192.0.2.1", "user_agent": "Mozilla/5.0", "isp": "Example", "country": "US", "region": "CA"}
		})
		pages := max((total+limit-1)/limit, 1)
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"ok": true, "logins": logins,
			"paging": map[string]any{"count": limit, "total": total, "page": page, "pages": pages}})
	}
}

func slackError(code string) map[string]any {
	return map[string]any{"ok": false, "error": code}
}

func slackRateLimited(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, slackError("ratelimited"))
}

// Simulator is the simulated Slack API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "/api", RateLimited: slackRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool, Finish: finish})
}

func addTool(_ *sandbox.Builder, seed *SandboxSeed, _ *inventory.Tool, people []sandbox.Person, _ int) {
	seed.PaidPlan = true
	if seed.Billable == nil {
		seed.Billable = map[string]bool{}
	}
	for i, p := range people {
		id := fmt.Sprintf("U%08d", sandbox.NumericID(p.ID)%100_000_000)
		name, _, _ := strings.Cut(p.Email, "@")
		seed.Members = append(seed.Members, SandboxMember{ID: id, Name: name, Email: p.Email})
		seed.Billable[id] = true
		if p.LastActive != nil {
			seed.Logins = append(seed.Logins, SandboxLogin{UserID: id, Username: name, DateFirst: p.LastActive.Unix() - int64(i)*86400, DateLast: p.LastActive.Unix(), Count: 1 + i%40})
		}
	}
}

// finish pages by 20, so that a sandbox run pages.
func finish(_ *sandbox.Builder, seed *SandboxSeed, _ usage.Discovered) { seed.PageSize = 20 }
