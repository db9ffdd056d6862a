// Package slack is the Slack scanner: the workspace's members from
// users.list, which of them Slack bills for from team.billableInfo, and
// their last access from team.accessLogs (paid plans only). Slack answers
// errors with HTTP 200 and {"ok": false, "error": "..."}.
//
// An Enterprise Grid org-level token reads one workspace of the org at a
// time: the scan block's team_id names it and is sent to all three
// methods; without it Slack answers missing_argument, which the scan
// explains by naming the setting.
package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "slack"

// DefaultBaseURL is Slack's Web API base: methods answer at
// https://slack.com/api/<method>.
const DefaultBaseURL = "https://slack.com/api"

// The methods and the scopes they need.
const (
	methodUsers    = "users.list"
	methodBillable = "team.billableInfo"
	methodLogs     = "team.accessLogs"
	scopeUsers     = "users:read"
	scopeEmail     = "users:read.email"
	scopeAdmin     = "admin"
)

// slackbotID is Slackbot, listed by users.list as a non-bot member.
const slackbotID = "USLACKBOT"

// Scanner scans a Slack workspace.
type Scanner struct{}

// New returns the Slack scanner.
func New() scanners.Scanner { return &Scanner{} }

// settings are the slack block's own settings:
//
//	scan "slack" {
//	  token_env   = "SLACK_TOKEN"
//	  access_logs = true          # read team.accessLogs (paid plans, scope admin)
//	  team_id     = "T0123ABCD"   # Enterprise Grid org-level tokens: the workspace
//	}
type settings struct {
	accessLogs bool
	teamID     string
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "access_logs"}, {Name: "team_id"}},
}

// teamIDPattern is a workspace id as Slack encodes it (T followed by
// upper-case letters and digits).
var teamIDPattern = regexp.MustCompile(`^T[A-Z0-9]{2,20}$`)

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{accessLogs: true}
	diags := scanners.RequireTokenEnv(scan, "A slack scan reads a Slack token from an environment variable: add token_env = \"SLACK_TOKEN\" "+
		"and create a Slack app with the scopes "+scopeUsers+", "+scopeEmail+" and "+scopeAdmin+".")
	diags = append(diags, scanners.Settings(scan.Body, settingsSchema, func(attrs hcl.Attributes) hcl.Diagnostics {
		diags := scanners.BoolSetting(attrs, "access_logs",
			"access_logs is true (read last access from team.accessLogs: paid plans, scope "+scopeAdmin+") or false (report members only, no activity).", &st.accessLogs)
		return append(diags, teamIDSetting(attrs, &st.teamID)...)
	})...)
	return st, diags
}

// teamIDSetting decodes the optional team_id: the workspace an Enterprise
// Grid org-level token reads.
func teamIDSetting(attrs hcl.Attributes, dst *string) hcl.Diagnostics {
	return scanners.Setting(attrs, "team_id", "team_id is the id of the workspace an Enterprise Grid org-level token scans, such as \"T0123ABCD\" "+
		"(Slack admin › Settings & permissions › Organization › Workspaces, or the T… id in the workspace's URL).",
		func(v cty.Value) (string, bool) {
			if v.Type() != cty.String {
				return "", false
			}
			return v.AsString(), teamIDPattern.MatchString(v.AsString())
		}, dst)
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, c, err := scanners.PrepareBearer(env, tool.Scan, Kind, DefaultBaseURL, decode)
	if err != nil {
		return nil, err
	}
	tokenEnv := tool.Scan.TokenEnv
	explain := func(method string, err error) error { return explain(method, err, tokenEnv, st.teamID) }
	// pages reads method to its end: query is a page's query (the
	// workspace an org-level token reads is added), page reads its body and
	// returns the next cursor.
	pages := func(method string, query func(cursor string) url.Values, page func(body []byte) (string, error)) error {
		return scanners.PaginateCall(ctx, "slack: GET /"+method, func(ctx context.Context, cursor string) (string, error) {
			q := query(cursor)
			if st.teamID != "" {
				q.Set("team_id", st.teamID)
			}
			body, err := c.Get(ctx, "/"+method, q)
			if err != nil {
				return "", explainHTTP(err, c.BaseURL())
			}
			next, err := page(body)
			if err != nil {
				return "", explain(method, err)
			}
			return next, nil
		})
	}

	// Members.
	users := scanners.NewUserList(ctx)
	err = pages(methodUsers, cursorQuery("200"), func(body []byte) (string, error) {
		p, err := DecodeUsers(body)
		if err != nil {
			return "", err
		}
		for _, m := range p.Members {
			if !m.Deleted && !m.IsBot && m.ID != slackbotID {
				users.Add(usage.User{ID: m.ID, Email: m.Profile.Email})
			}
		}
		return p.ResponseMetadata.NextCursor, nil
	})
	if err != nil {
		return nil, err
	}

	// Billable seats: a member Slack lists as not billing_active holds no
	// paid seat; a member it does not list is counted (conservative).
	// The method pages by cursor in large workspaces; every page is read.
	billing := map[string]bool{}
	err = pages(methodBillable, cursorQuery("1000"), func(body []byte) (string, error) {
		p, err := DecodeBillable(body)
		if err != nil {
			return "", err
		}
		for id, b := range p.BillableInfo {
			billing[id] = b.BillingActive
		}
		return p.ResponseMetadata.NextCursor, nil
	})
	if err != nil {
		return nil, err
	}
	assigned := 0
	for _, u := range users.Users() {
		if active, ok := billing[u.ID]; !ok || active {
			assigned++
		}
	}

	// Last access.
	if st.accessLogs {
		err = pages(methodLogs, func(cursor string) url.Values {
			q := url.Values{"count": {"1000"}, "limit": {"1000"}}
			switch {
			case strings.HasPrefix(cursor, "page:"):
				q.Set("page", strings.TrimPrefix(cursor, "page:"))
			case strings.HasPrefix(cursor, "cursor:"):
				q.Set("cursor", strings.TrimPrefix(cursor, "cursor:"))
			}
			return q
		}, func(body []byte) (string, error) {
			p, err := DecodeAccessLogs(body)
			if err != nil {
				return "", err
			}
			for _, l := range p.Logins {
				// A bot or a deleted member is not in the list.
				if l.DateLast > 0 {
					users.SeenAt(l.UserID, time.Unix(l.DateLast, 0).UTC())
				}
			}
			return p.next(), nil
		})
		if err != nil {
			return nil, err
		}
	}
	return &usage.ToolUsage{Users: users.Users(), Seats: usage.Seats{Assigned: assigned}}, nil
}

// cursorQuery is the query of a method that pages by cursor, limit
// items a page.
func cursorQuery(limit string) func(cursor string) url.Values {
	return func(cursor string) url.Values {
		q := url.Values{"limit": {limit}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		return q
	}
}

// explainHTTP adds advice to a failed HTTP call; base is the API root the
// call went to.
func explainHTTP(err error, base string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		if re.Status == http.StatusNotFound {
			// Slack answers an unknown method with 200 unknown_method: a 404
			// means the base URL (an --endpoint override) is not its /api root.
			return scanners.NotFound(re, base, Kind, "Slack's Web API root", DefaultBaseURL)
		}
		return nil
	})
}

// explain turns a Slack error answer into what the user should do; teamID
// is the scan block's team_id ("" when not set).
func explain(method string, err error, tokenEnv, teamID string) error {
	var ae *APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("slack: GET /%s: %w", method, err)
	}
	switch ae.Code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		if teamID != "" && ae.Code == "invalid_auth" && method != methodUsers {
			return fmt.Errorf("%w: Slack refused the token in %s for the workspace team_id = %q: an org-level token reads only "+
				"workspaces its owner belongs to; check team_id, or add the org owner who installed the app to that workspace", ae, tokenEnv, teamID)
		}
		return fmt.Errorf("%w: Slack rejected the token in %s; create a Slack app (api.slack.com/apps) with the scopes "+
			"%s, %s and %s, install it to the workspace, and put its token in %s", ae, tokenEnv, scopeUsers, scopeEmail, scopeAdmin, tokenEnv)
	case "missing_argument":
		if teamID == "" {
			return fmt.Errorf("%w: the token in %s is an Enterprise Grid org-level token, which must name the workspace it reads: "+
				"add team_id = \"T…\" (the workspace's id) to the scan block, one slack tool per workspace", ae, tokenEnv)
		}
		return fmt.Errorf("%w: Slack says an argument is missing although team_id = %q is set", ae, teamID)
	case "team_access_not_granted":
		return fmt.Errorf("%w: the org-level token in %s is not granted the workspace team_id = %q; "+
			"install the app to that workspace (Slack admin › Integrations › the app › Add to workspaces) or correct team_id", ae, tokenEnv, teamID)
	case "missing_scope":
		scope := ae.Needed
		if scope == "" {
			scope = scopeUsers
			if method != methodUsers {
				scope = scopeAdmin
			}
		}
		advice := ""
		if method == methodLogs {
			advice = " (or set access_logs = false to scan without last activity)"
		}
		return fmt.Errorf("%w: the token in %s lacks the scope %s; add it to the Slack app's scopes and reinstall it%s",
			ae, tokenEnv, scope, advice)
	case "paid_only":
		return fmt.Errorf("%w: %s needs a paid Slack plan; set access_logs = false to scan this workspace without last activity", ae, method)
	case "ratelimited":
		return fmt.Errorf("%w: still rate limited", ae)
	}
	return ae
}

// APIError is a Slack answer with "ok": false.
type APIError struct {
	Method string
	Code   string
	// Needed is the scope a missing_scope answer names.
	Needed string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("slack: GET /%s: Slack error %s", e.Method, e.Code)
}

// envelope is what every Slack answer has.
type envelope struct {
	OK     *bool  `json:"ok"`
	Error  string `json:"error"`
	Needed string `json:"needed"`
}

// Users is one page of users.list.
type Users struct {
	Members          []Member         `json:"members"`
	ResponseMetadata ResponseMetadata `json:"response_metadata"`
}

// Member is a Slack member.
type Member struct {
	ID                string `json:"id"`
	TeamID            string `json:"team_id"`
	Name              string `json:"name"`
	Deleted           bool   `json:"deleted"`
	IsBot             bool   `json:"is_bot"`
	IsRestricted      bool   `json:"is_restricted"`
	IsUltraRestricted bool   `json:"is_ultra_restricted"`
	Profile           struct {
		Email string `json:"email"`
	} `json:"profile"`
}

// ResponseMetadata carries Slack's cursor.
type ResponseMetadata struct {
	NextCursor string `json:"next_cursor"`
}

// Billable is team.billableInfo.
type Billable struct {
	BillableInfo map[string]struct {
		BillingActive bool `json:"billing_active"`
	} `json:"billable_info"`
	ResponseMetadata ResponseMetadata `json:"response_metadata"`
}

// AccessLogs is one page of team.accessLogs.
type AccessLogs struct {
	Logins []Login `json:"logins"`
	Paging *struct {
		Page  int `json:"page"`
		Pages int `json:"pages"`
	} `json:"paging"`
	ResponseMetadata ResponseMetadata `json:"response_metadata"`
}

// Login is one access log entry.
type Login struct {
	UserID    string `json:"user_id"`
	Username  string `json:"username"`
	DateFirst int64  `json:"date_first"`
	DateLast  int64  `json:"date_last"`
	Count     int    `json:"count"`
}

// next is the next page: Slack's cursor when it sends one, else the next
// page number while page < pages.
func (a AccessLogs) next() string {
	if c := a.ResponseMetadata.NextCursor; c != "" {
		return "cursor:" + c
	}
	if a.Paging != nil && a.Paging.Page >= 1 && a.Paging.Page < a.Paging.Pages {
		return "page:" + strconv.Itoa(a.Paging.Page+1)
	}
	return ""
}

// DecodeUsers decodes and checks one users.list page; an "ok": false
// answer is an *APIError.
func DecodeUsers(body []byte) (Users, error) {
	return scanners.DecodePage(body, answer(methodUsers, "members"), func(p Users) error {
		if p.Members == nil {
			// The probe matched "members" exactly; the decoder also takes
			// "Members" or "MEMBERS", and the last one wins.
			return errors.New("invalid response: no members list")
		}
		return scanners.CheckIDs("members", p.Members, func(m Member) string { return m.ID })
	})
}

// DecodeBillable decodes team.billableInfo.
func DecodeBillable(body []byte) (Billable, error) {
	return scanners.DecodePage(body, answer(methodBillable, ""), func(p Billable) error {
		if p.BillableInfo == nil {
			// Without it every member would silently count as billed.
			return errors.New("invalid response: no billable_info object")
		}
		return nil
	})
}

// DecodeAccessLogs decodes one team.accessLogs page.
func DecodeAccessLogs(body []byte) (AccessLogs, error) {
	return scanners.DecodePage(body, answer(methodLogs, "logins"), func(p AccessLogs) error {
		if p.Logins == nil {
			return errors.New("invalid response: no logins list")
		}
		return nil
	})
}

// answer decodes a Slack answer of method: it must say "ok": true and,
// when list is not empty, have that list.
func answer(method, list string) func(body []byte, v any) error {
	return func(body []byte, v any) error {
		var e envelope
		if err := json.Unmarshal(body, &e); err != nil {
			return scanners.InvalidJSON(body, err)
		}
		if e.OK == nil {
			return errors.New("invalid response: no ok field")
		}
		if !*e.OK {
			ae := &APIError{Method: method, Code: clean(e.Error), Needed: cleanScopes(e.Needed)}
			if ae.Code == "" {
				ae.Code = "(none given)"
			}
			return ae
		}
		if list != "" {
			var probe map[string]json.RawMessage
			if err := scanners.DecodeBody(body, &probe); err != nil {
				return err
			}
			if !scanners.IsList(probe[list]) {
				return fmt.Errorf("invalid response: no %s list", list)
			}
		}
		return scanners.DecodeBody(body, v)
	}
}

// clean keeps vendor text that ends up in messages to code-like words.
func clean(s string) string {
	if !scanners.PlainWord(s, 100, ".-_:") {
		return "?"
	}
	return s
}

// cleanScopes keeps a comma-separated scope list, each scope code-like.
func cleanScopes(s string) string {
	if s == "" {
		return ""
	}
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = clean(strings.TrimSpace(p))
	}
	return strings.Join(parts, ", ")
}
