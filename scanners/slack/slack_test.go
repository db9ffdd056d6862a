package slack_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/slack"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "xoxb-sandbox-good-token"
	canary    = "xoxb-CANARY-5d1e0a77c3f9"
)

// seed is a workspace with n humans (human i last accessed i days before
// asOf, and also once long before), 5 bots, 4 deleted members and
// Slackbot; humans from billableFrom on are not billing_active.
func seed(n, billableFrom int) slack.SandboxSeed {
	s := slack.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}, PaidPlan: true, Billable: map[string]bool{}}
	for i := range n {
		id := fmt.Sprintf("U%05d", i)
		s.Members = append(s.Members, slack.SandboxMember{ID: id, Name: fmt.Sprint("u", i), Email: fmt.Sprintf("u%d@acme.example", i)})
		s.Billable[id] = i < billableFrom
		s.Logins = append(s.Logins,
			slack.SandboxLogin{UserID: id, DateFirst: scantest.AsOf().AddDate(-1, 0, 0).Unix(), DateLast: scantest.AsOf().AddDate(0, 0, -i).Unix(), Count: 3},
			slack.SandboxLogin{UserID: id, DateFirst: scantest.AsOf().AddDate(-2, 0, 0).Unix(), DateLast: scantest.AsOf().AddDate(-1, 0, 0).Unix(), Count: 1})
	}
	for i := range 5 {
		id := fmt.Sprintf("B%05d", i)
		s.Members = append(s.Members, slack.SandboxMember{ID: id, Name: "bot", IsBot: true})
		s.Billable[id] = false
		s.Logins = append(s.Logins, slack.SandboxLogin{UserID: id, DateLast: scantest.AsOf().Unix(), Count: 1})
	}
	for i := range 4 {
		id := fmt.Sprintf("D%05d", i)
		s.Members = append(s.Members, slack.SandboxMember{ID: id, Name: "gone", Deleted: true})
		s.Logins = append(s.Logins, slack.SandboxLogin{UserID: id, DateLast: scantest.AsOf().Unix(), Count: 1})
	}
	s.Members = append(s.Members, slack.SandboxMember{ID: "USLACKBOT", Name: "slackbot"})
	s.Logins = append(s.Logins, slack.SandboxLogin{UserID: "USLACKBOT", DateLast: scantest.AsOf().Unix(), Count: 1})
	return s
}

// setup is one run of the scanner by vendor().Run.
type setup = scantest.Setup

func TestScanHappyPathThreePages(t *testing.T) {
	// 240 humans + 10 others = 250 members: 3 users.list pages of 100.
	r := vendor().MustRun(t, setup{Seed: seed(240, 200)})
	if got := len(r.Usage.Users); got != 240 {
		t.Fatalf("users = %d, want 240 (bots, deleted and Slackbot left out)", got)
	}
	pages := map[string]int{}
	for _, q := range r.Served {
		pages[q.Path]++
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s without the bearer token", q.Path)
		}
	}
	// 490 access log entries in pages of 100.
	if pages["/api/users.list"] != 3 || pages["/api/team.billableInfo"] != 1 || pages["/api/team.accessLogs"] != 5 {
		t.Errorf("requests per method = %v, want 3 users.list, 1 team.billableInfo, 5 team.accessLogs", pages)
	}
	for _, u := range r.Usage.Users {
		if !strings.HasPrefix(u.ID, "U0") {
			t.Errorf("user %s should have been left out", u.ID)
		}
	}
	scantest.Activity(t, r.Usage, scantest.AsOf(), usage.Active{D30: 31, D90: 91}, scantest.AsOf())
	if r.Usage.Seats.Assigned != 200 || r.Usage.Seats.Purchased != nil {
		t.Errorf("seats = %+v, want 200 billable assigned", r.Usage.Seats)
	}
	if r.Usage.Users[0].Email != "u0@acme.example" {
		t.Errorf("first user = %+v", r.Usage.Users[0])
	}
}

func TestScanWithoutAccessLogs(t *testing.T) {
	s := seed(10, 10)
	s.PaidPlan = false
	r := vendor().MustRun(t, setup{Seed: s, Settings: "access_logs = false"})
	for _, q := range r.Served {
		if q.Path == "/api/team.accessLogs" {
			t.Error("team.accessLogs called with access_logs = false")
		}
	}
	if len(r.Usage.Users) != 10 || r.Usage.Users[0].LastActive != nil {
		t.Errorf("users = %+v", r.Usage.Users)
	}
}

// TestScanErrors: Slack's own answers (the generic ones are in
// TestConformance).
func TestScanErrors(t *testing.T) {
	cases := []scantest.Case{
		{Name: "invalid_auth", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"slack: GET /users.list: Slack error invalid_auth", "SLACK_TOKEN", "api.slack.com/apps", "users:read", "users:read.email", "admin"}},
		{Name: "missing_scope", WantCalls: 2, Setup: setup{Seed: func() slack.SandboxSeed {
			s := seed(3, 3)
			s.Scopes = []string{slack.SandboxScopeUsers}
			return s
		}()}, WantErr: []string{"slack: GET /team.billableInfo: Slack error missing_scope", "lacks the scope admin", "SLACK_TOKEN"}},
		{Name: "paid_only", WantCalls: 3, Setup: setup{Seed: func() slack.SandboxSeed {
			s := seed(3, 3)
			s.PaidPlan = false
			return s
		}()}, WantErr: []string{"Slack error paid_only", "paid Slack plan", "access_logs = false"}},
		// users:read is the one scope without which nothing can be scanned.
		{Name: "missing_scope users:read", WantCalls: 1, Setup: setup{Seed: func() slack.SandboxSeed {
			s := seed(3, 3)
			s.Scopes = []string{}
			return s
		}()}, WantErr: []string{"slack: GET /users.list: Slack error missing_scope", "SLACK_TOKEN lacks the scope users:read"},
			WantNot: []string{"access_logs"}},
		{Name: "429 forever", WantCalls: 4, Setup: setup{Faults: sandbox.Faults{Status429Times: 100}},
			WantErr: []string{"slack: GET /users.list: HTTP 429 Too Many Requests (after 4 attempts): still rate limited after retries"}},
		// An Enterprise Grid org-level token needs the workspace's id.
		{Name: "Grid token without team_id", WantCalls: 1, Setup: setup{Seed: func() slack.SandboxSeed {
			s := seed(3, 3)
			s.GridTeamID = "T012AB3C4"
			return s
		}()}, WantErr: []string{"slack: GET /users.list: Slack error missing_argument", "Enterprise Grid org-level token", `add team_id = "T…"`, "SLACK_TOKEN"}},
		{Name: "Grid token with another workspace", WantCalls: 1, Setup: setup{Settings: `team_id = "T0G9PQBBK"`, Seed: func() slack.SandboxSeed {
			s := seed(3, 3)
			s.GridTeamID = "T012AB3C4"
			return s
		}()}, WantErr: []string{"Slack error team_access_not_granted", `team_id = "T0G9PQBBK"`}},
		// --endpoint slack=https://slack.com (without /api): Slack's plain 404.
		{Name: "404 wrong base path", WantCalls: 1, Setup: setup{Endpoint: "/slack"},
			WantErr: []string{"slack: GET /users.list: HTTP 404 Not Found", "endpoint was not found at http://127.0.0.1:", "/slack;", "https://slack.com/api"}},
		// Credentials in an --endpoint URL stay out of the message.
		{Name: "404 with user info in the base URL", WantCalls: 1, Setup: setup{Endpoint: "http://alice:s3cret@{host}/slack/v2"},
			WantErr: []string{"endpoint was not found at http://127.0.0.1:", "/slack/v2;"}, WantNot: []string{"s3cret", "alice"}},
	}
	for i := range cases {
		if cases[i].Seed == nil {
			sd := seed(150, 150) // 160 members: 2 users.list pages; 90 logins: 1 page
			sd.PageSize = 100
			sd.Logins = sd.Logins[:90]
			cases[i].Seed = sd
		}
	}
	vendor().Cases(t, cases, nil)
}

// TestGridTokenWithTeamID: the workspace is sent to all three methods (the
// simulated org token answers missing_argument to any call without it).
func TestGridTokenWithTeamID(t *testing.T) {
	t.Parallel()
	s := seed(30, 25)
	s.GridTeamID = "T012AB3C4"
	r := vendor().MustRun(t, setup{Seed: s, Settings: `team_id = "T012AB3C4"`})
	if r.Usage.Seats.Assigned != 25 || len(r.Usage.Users) != 30 {
		t.Errorf("seats %+v, %d users; want 25 billed of 30", r.Usage.Seats, len(r.Usage.Users))
	}
	if len(r.Served) != 3 {
		t.Errorf("%d requests, want users.list, team.billableInfo and team.accessLogs", len(r.Served))
	}
}

// TestBillableInfoIsPaged: a workspace with more members than one
// team.billableInfo page has its later pages read too; members Slack does
// not bill on the last page are not counted.
func TestBillableInfoIsPaged(t *testing.T) {
	t.Parallel()
	const n = 2500
	s := slack.SandboxSeed{Access: sandbox.Access{Token: goodToken}, Billable: map[string]bool{}}
	for i := range n {
		id := fmt.Sprintf("U%05d", i)
		s.Members = append(s.Members, slack.SandboxMember{ID: id, Name: fmt.Sprint("u", i), Email: fmt.Sprintf("u%d@acme.example", i)})
		s.Billable[id] = i < n-100 // the last 100 ids are on page 3
	}
	r := vendor().MustRun(t, setup{Seed: s, Settings: "access_logs = false"})
	if r.Usage.Seats.Assigned != n-100 {
		t.Errorf("assigned = %d, want %d (the third team.billableInfo page was not read)", r.Usage.Seats.Assigned, n-100)
	}
	pages := 0
	for _, q := range r.Served {
		if strings.HasSuffix(q.Path, "team.billableInfo") {
			pages++
		}
	}
	if pages != 3 {
		t.Errorf("%d team.billableInfo pages, want 3", pages)
	}
}

// TestDecodeErrorAnswers: Slack's 200 "ok": false answers become an
// *APIError carrying the code and the scope a missing_scope names.
func TestDecodeErrorAnswers(t *testing.T) {
	tests := []struct {
		body, code, needed string
	}{
		{`{"ok":false,"error":"invalid_auth"}`, "invalid_auth", ""},
		{`{"ok":false,"error":"missing_scope","needed":"admin.teams:read","provided":"users:read"}`, "missing_scope", "admin.teams:read"},
		{`{"ok":false,"error":"missing_scope","needed":"users:read,users:read.email"}`, "missing_scope", "users:read, users:read.email"},
		{`{"ok":false,"error":"paid_only"}`, "paid_only", ""},
		{`{"ok":false,"error":"ratelimited"}`, "ratelimited", ""},
		{`{"ok":false}`, "(none given)", ""},
		{`{"ok":false,"error":"<script>alert(1)</script>"}`, "?", ""},
		{`{"ok":false,"error":"missing_scope","needed":"users:read, <b>"}`, "missing_scope", "users:read, ?"},
	}
	for _, tt := range tests {
		for name, decode := range map[string]func([]byte) error{
			"users.list":        func(b []byte) error { _, err := slack.DecodeUsers(b); return err },
			"team.billableInfo": func(b []byte) error { _, err := slack.DecodeBillable(b); return err },
			"team.accessLogs":   func(b []byte) error { _, err := slack.DecodeAccessLogs(b); return err },
		} {
			var ae *slack.APIError
			if err := decode([]byte(tt.body)); !errors.As(err, &ae) {
				t.Errorf("%s %s: error %v, want an *APIError", name, tt.body, err)
				continue
			}
			if ae.Method != name || ae.Code != tt.code || ae.Needed != tt.needed {
				t.Errorf("%s %s: %+v, want code %q needed %q", name, tt.body, *ae, tt.code, tt.needed)
			}
			if want := "slack: GET /" + name + ": Slack error " + tt.code; ae.Error() != want {
				t.Errorf("message %q, want %q", ae.Error(), want)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	scantest.Validate(t, slack.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "SLACK_TOKEN"},
		{Name: "access_logs false", TokenEnv: "SLACK_TOKEN", Body: "access_logs = false"},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "access_logs not bool", TokenEnv: "SLACK_TOKEN", Body: `access_logs = "sometimes"`, Want: []string{"Invalid access_logs setting"}},
		{Name: "unknown setting", TokenEnv: "SLACK_TOKEN", Body: `team = "T1"`, Want: []string{"Unsupported argument"}},
		{Name: "team_id", TokenEnv: "SLACK_TOKEN", Body: `team_id = "T012AB3C4"`},
		{Name: "team_id not a workspace id", TokenEnv: "SLACK_TOKEN", Body: `team_id = "E012AB3C4"`, Want: []string{"Invalid team_id setting"}},
		{Name: "team_id a number", TokenEnv: "SLACK_TOKEN", Body: `team_id = 12`, Want: []string{"Invalid team_id setting"}},
	})
}

func FuzzDecodeUsers(f *testing.F) {
	scantest.FuzzDecoder(f, checkDecodeError, slack.DecodeUsers, func(t *testing.T, p slack.Users) {
		scantest.Listed(t, p.Members, "members", func(m slack.Member) bool { return m.ID != "" }, "accepted a member without id")
	},
		`{"ok":true,"members":[{"id":"U1","team_id":"T1","name":"a","deleted":false,"is_bot":false,"is_restricted":false,"is_ultra_restricted":false,"updated":1700000000,"profile":{"email":"a@x.com"}}],"response_metadata":{"next_cursor":"dXNlcjpV"}}`,
		`{"ok":true,"members":[]}`,
		`{"ok":false,"error":"invalid_auth"}`,
		`{"ok":false,"error":"missing_scope","needed":"users:read","provided":"chat:write"}`,
		`{"ok":true,"members":null}`,
		`{"ok":true,"members":[],"MEMBERS":null}`,
		`{"ok":true,"members":[{"id":1}]}`,
		`{"members":[{"id":"U1"}]}`,
		`[`,
		`{"ok":true,"logins":[{"user_id":"U45678","username":"alice","date_first":1422922864,"date_last":1422922864,"count":1}],"paging":{"count":100,"total":2,"page":1,"pages":1}}`,
	)
}

func FuzzDecodeBillable(f *testing.F) {
	scantest.FuzzDecoder(f, checkDecodeError, slack.DecodeBillable, func(t *testing.T, p slack.Billable) {
		// Without the list every member would silently count as billed.
		if p.BillableInfo == nil {
			t.Fatal("accepted an answer without billable_info")
		}
	},
		`{"ok":true,"billable_info":{"U0632EWRW":{"billing_active":false},"U02UCPE1R":{"billing_active":true}}}`,
		`{"ok":true,"billable_info":{}}`,
		`{"ok":true,"billable_info":null}`,
		`{"ok":true}`,
		`{"ok":true,"billable_info":{"U1":{"billing_active":"yes"}}}`,
		`{"ok":true,"billable_info":[]}`,
		`{"ok":false,"error":"missing_scope","needed":"admin"}`,
		`{"ok":"true"}`,
	)
}

func FuzzDecodeAccessLogs(f *testing.F) {
	scantest.FuzzDecoder(f, checkDecodeError, slack.DecodeAccessLogs, func(t *testing.T, p slack.AccessLogs) {
		if p.Logins == nil {
			t.Fatal("accepted a page without a logins list")
		}
	},
		`{"ok":true,"logins":[{"user_id":"U45678","username":"alice","date_first":1422922864,"date_last":1422922864,"count":1,"ip":"127.0.0.1"}],"paging":{"count":100,"total":2,"page":1,"pages":1}}`,
		`{"ok":true,"logins":[],"paging":{"count":100,"total":0,"page":1,"pages":1}}`,
		`{"ok":true,"logins":[],"paging":{"page":2,"pages":5}}`,
		`{"ok":true,"logins":[],"response_metadata":{"next_cursor":"x"}}`,
		`{"ok":true,"logins":[{"date_last":"1422922864"}]}`,
		`{"ok":true,"logins":null}`,
		`{"ok":true}`,
		`{"ok":false,"error":"paid_only"}`,
	)
}

// checkDecodeError: a decoder's error is an *APIError with code-like text,
// or describes the problem without quoting the body.
func checkDecodeError(t testing.TB, data []byte, err error) {
	t.Helper()
	var ae *slack.APIError
	if errors.As(err, &ae) {
		ok := ae.Code == "(none given)" || codeLike(ae.Code)
		for _, scope := range strings.Split(ae.Needed, ", ") {
			ok = ok && codeLike(scope)
		}
		if !ok {
			t.Fatalf("vendor text not cleaned: code %q needed %q", ae.Code, ae.Needed)
		}
		return
	}
	scantest.CheckDecoded(t, data, err)
}

// codeLike: vendor text that may appear in a message is a short word of
// letters, digits and . - _ : (or "?" where it was not).
func codeLike(s string) bool {
	if len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_:?", r)) {
			return false
		}
	}
	return true
}
