package github_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "ghp_sandboxGoodToken0000000000000000000"
	canary    = "ghp_CANARY7f3e9c21d4b8aa0000000000000000"
)

var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

const toolHCL = `
tool "github" {
  name     = "GitHub"
  vendor   = "GitHub"
  category = "collaboration"
  scan "github" {
    token_env = "GITHUB_TOKEN"
    org       = "acme"
    %s
  }
}
`

// seed is an organization with n members (and a bot, which holds no seat)
// and n Copilot seats; seat i was last used i days before asOf, every
// tenth never.
func seed(n int) github.SandboxSeed {
	s := github.SandboxSeed{Token: goodToken, Org: "acme", PageSize: 100}
	for i := range n {
		login := fmt.Sprintf("dev-%d", i)
		s.Members = append(s.Members, github.SandboxMember{Login: login, ID: int64(1000 + i)})
		seat := github.SandboxCopilotSeat{Login: login, ID: int64(1000 + i)}
		if i%10 != 9 {
			at := asOf.AddDate(0, 0, -i)
			seat.LastActivityAt = &at
		}
		s.CopilotSeats = append(s.CopilotSeats, seat)
	}
	s.Members = append(s.Members, github.SandboxMember{Login: "acme-bot", ID: 9, Type: "Bot"})
	return s
}

type result struct {
	usage    *usage.ToolUsage
	err      error
	log      string
	requests []sandbox.Request
	slept    time.Duration // waited on the scan's fake clock
}

type setup struct {
	seed     github.SandboxSeed
	faults   sandbox.Faults
	settings string // extra scan settings
	token    string
	endpoint string // overrides the sandbox
	opts     *scanners.ClientOptions
	limiter  *rate.Limiter
	timeout  time.Duration // of the whole scan (none when zero)
}

func scan(t *testing.T, s setup) result {
	t.Helper()
	inv := scantest.Load(t, fmt.Sprintf(toolHCL, s.settings))
	tool := inv.Tool("github")
	sb := github.Simulator().New(s.seed, s.faults)
	// No deadline unless the test is about one: a budget for the whole
	// scan would fail a loaded machine, not a slow scanner.
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if s.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
	}
	defer cancel()
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	base := urls["github"]
	if s.endpoint != "" {
		base = s.endpoint
	}
	token := s.token
	if token == "" {
		token = goodToken
	}
	var log scantest.Log
	opts := scantest.Fast()
	if s.opts != nil {
		opts = *s.opts
	}
	clk := scantest.NewClock()
	opts = clk.Options(opts)
	opts.Logf = log.Logf
	env := scanners.Env{
		Getenv:  func(k string) string { return map[string]string{"GITHUB_TOKEN": token}[k] },
		AsOf:    asOf,
		BaseURL: base,
		Limiter: s.limiter,
		HTTP:    opts,
	}
	u, err := github.New().Scan(ctx, tool, env)
	r := result{usage: u, err: err, slept: clk.Slept(), requests: sb.Requests()}
	r.log = log.String()
	return r
}

func TestScanMembersThreePages(t *testing.T) {
	t.Parallel()
	r := scan(t, setup{seed: seed(250)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := len(r.usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250 (the bot left out)", got)
	}
	if len(r.requests) != 3 {
		t.Errorf("%d requests, want 3 pages", len(r.requests))
	}
	for _, q := range r.requests {
		if q.Path != "/orgs/acme/members" || q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s with Authorization %q", q.Path, q.Authorization)
		}
	}
	usage.Tally(r.usage, asOf)
	if r.usage.Seats.Assigned != 250 || r.usage.Seats.Purchased != nil {
		t.Errorf("seats = %+v, want 250 assigned, purchased left to the inventory", r.usage.Seats)
	}
	// GitHub reports no activity for members.
	if r.usage.Active != (usage.Active{}) || r.usage.LastActivity != nil {
		t.Errorf("active = %+v, last activity %v; want none", r.usage.Active, r.usage.LastActivity)
	}
	if r.usage.Users[0].ID != "dev-0" {
		t.Errorf("first user %+v, want the login dev-0", r.usage.Users[0])
	}
}

func TestScanCopilotSeats(t *testing.T) {
	t.Parallel()
	s := seed(120)
	s.PageSize = 50
	s.CopilotSeats = append(s.CopilotSeats, github.SandboxCopilotSeat{Login: "design-team", ID: 7, Type: "Team"})
	r := scan(t, setup{seed: s, settings: `seats = "copilot"`})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.requests) != 3 || r.requests[0].Path != "/orgs/acme/copilot/billing/seats" {
		t.Errorf("requests %+v, want 3 pages of seats", r.requests)
	}
	usage.Tally(r.usage, asOf)
	if r.usage.Seats.Purchased == nil || *r.usage.Seats.Purchased != 121 || r.usage.Seats.Assigned != 120 {
		t.Errorf("seats = %+v, want 121 purchased (total_seats), 120 assigned to users", r.usage.Seats)
	}
	// Seats 0..30 and 0..90 were used in the windows, less every tenth
	// (never used): 31-3 and 91-9.
	if r.usage.Active != (usage.Active{D30: 28, D90: 82}) {
		t.Errorf("active = %+v, want d30 28, d90 82", r.usage.Active)
	}
	if r.usage.LastActivity == nil || !r.usage.LastActivity.Equal(asOf) {
		t.Errorf("last activity %v, want %v", r.usage.LastActivity, asOf)
	}
}

// TestScanTenThousandPages runs alone (not parallel): it is CPU-bound.
func TestScanTenThousandPages(t *testing.T) {
	s := seed(10_000)
	s.PageSize = 1
	opts := scantest.Fast()
	r := scan(t, setup{seed: s, opts: &opts, limiter: rate.NewLimiter(rate.Inf, 1)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.usage.Users) != 10_000 || len(r.requests) != 10_001 {
		t.Errorf("%d users in %d requests, want 10000 in 10001 (the last page holds the bot)", len(r.usage.Users), len(r.requests))
	}
}

func TestScanBadResponses(t *testing.T) {
	slow := scantest.Fast()
	slow.Timeout = 150 * time.Millisecond
	slow.Retries = 1
	short := scantest.Fast()
	short.MaxRetryAfter = 30 * time.Second
	withSeed := func(f func(*github.SandboxSeed)) github.SandboxSeed {
		s := seed(150)
		f(&s)
		return s
	}
	tests := []struct {
		name string
		setup
		wantErr   string // "" means success
		wantErrIs error
		minWait   time.Duration
		wantCalls int // requests the sandbox received (150 members: 2 pages)
	}{
		{name: "429 without Retry-After then success", wantCalls: 4, setup: setup{faults: sandbox.Faults{Status429Times: 2}}},
		{name: "429 with Retry-After seconds then success", wantCalls: 3, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "1"}}, minWait: time.Second},
		{name: "429 with a long Retry-After gives up", wantCalls: 1, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "86400"}},
			wantErr: "github: GET /orgs/acme/members: HTTP 429 Too Many Requests: GitHub's secondary rate limit stopped the calls and asks to retry after 24h0m0s"},
		{name: "500 then success", wantCalls: 4, setup: setup{faults: sandbox.Faults{Fail500Times: 2}}},
		{name: "503 forever", wantCalls: 4, setup: setup{faults: sandbox.Faults{Fail503Always: true}}, wantErr: "github: GET /orgs/acme/members: HTTP 503 Service Unavailable (after 4 attempts)"},
		{name: "missing scope", wantCalls: 1, setup: setup{seed: withSeed(func(s *github.SandboxSeed) { s.Scopes = []string{} })},
			wantErr: "HTTP 403 Forbidden: the token in GITHUB_TOKEN may not read the members of acme: it needs the scope read:org (classic token) or the permission members=read (fine-grained token)"},
		{name: "missing Copilot scope", wantCalls: 1, setup: setup{settings: `seats = "copilot"`, seed: withSeed(func(s *github.SandboxSeed) { s.Scopes = []string{github.SandboxScopeMembers} })},
			wantErr: "it needs the scope manage_billing:copilot"},
		{name: "organization not found", wantCalls: 1, setup: setup{seed: withSeed(func(s *github.SandboxSeed) { s.Org = "other" })},
			wantErr: `github: GET /orgs/acme/members: HTTP 404 Not Found: the organization "acme" was not found, or the token in GITHUB_TOKEN cannot see it`},
		{name: "no Copilot subscription", wantCalls: 1, setup: setup{settings: `seats = "copilot"`, seed: withSeed(func(s *github.SandboxSeed) { s.Org = "other" })},
			wantErr: "or the organization has no Copilot Business or Enterprise subscription"},
		{name: "primary rate limit until the next second", wantCalls: 3, minWait: time.Second,
			setup: setup{seed: withSeed(func(s *github.SandboxSeed) { s.PrimaryLimitTimes = 1 })}},
		{name: "primary rate limit for an hour", wantCalls: 1,
			setup:   setup{seed: withSeed(func(s *github.SandboxSeed) { s.PrimaryLimitTimes = 1; s.PrimaryLimitResetSeconds = 3600 })},
			wantErr: "HTTP 403 Forbidden: the GitHub API rate limit of the token in GITHUB_TOKEN is used up until 20"},
		{name: "secondary rate limit with Retry-After", wantCalls: 3, minWait: time.Second,
			setup: setup{seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1; s.SecondaryRetryAfter = "1" })}},
		// GitHub: "otherwise, wait for at least one minute".
		{name: "secondary rate limit without Retry-After waits a minute", wantCalls: 3, minWait: time.Minute,
			setup: setup{seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1 })}},
		{name: "secondary rate limit without Retry-After, a minute too long", wantCalls: 1,
			setup:   setup{seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1 }), opts: &short},
			wantErr: "HTTP 403 Forbidden: GitHub's secondary rate limit stopped the calls; wait a few minutes and run again"},
		{name: "malformed JSON", wantCalls: 1, setup: setup{faults: sandbox.Faults{MalformedJSON: true}}, wantErr: "github: GET /orgs/acme/members: invalid JSON response"},
		{name: "truncated body", wantCalls: 4, setup: setup{faults: sandbox.Faults{TruncatedBody: true}}, wantErr: "github: GET /orgs/acme/members: the response ended early: unexpected EOF"},
		{name: "looping cursor", wantCalls: 2, setup: setup{faults: sandbox.Faults{LoopingCursor: true}}, wantErrIs: scanners.ErrCursorLoop, wantErr: "github: GET /orgs/acme/members: page 2"},
		{name: "body over the limit", wantCalls: 1, setup: setup{faults: sandbox.Faults{HugeBody: true}}, wantErr: "github: GET /orgs/acme/members: response larger than the 16777216-byte limit"},
		{name: "server never answers", wantCalls: 2, setup: setup{faults: sandbox.Faults{Hang: true}, opts: &slow}, wantErr: "github: GET /orgs/acme/members: no complete answer within 150ms"},
		{name: "connection refused", setup: setup{endpoint: scantest.RefusedURL(t, "/github/")}, wantErr: "github: GET /orgs/acme/members: dial tcp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := tt.setup
			if s.seed.Token == "" {
				s.seed = seed(150)
			}
			r := scan(t, s)
			t.Logf("%d requests, waited %s: %v", len(r.requests), r.slept, r.err)
			if tt.wantCalls != 0 && len(r.requests) != tt.wantCalls {
				t.Errorf("%d requests, want %d", len(r.requests), tt.wantCalls)
			}
			if r.slept < tt.minWait {
				t.Errorf("waited %s, want at least %s (the wait was not honoured)", r.slept, tt.minWait)
			}
			switch {
			case tt.wantErr == "" && tt.wantErrIs == nil:
				if r.err != nil {
					t.Fatalf("unexpected error: %v", r.err)
				}
				if len(r.usage.Users) != 150 {
					t.Errorf("users = %d, want 150", len(r.usage.Users))
				}
			case r.err == nil:
				t.Fatalf("no error, want %q", tt.wantErr)
			default:
				if tt.wantErrIs != nil && !errors.Is(r.err, tt.wantErrIs) {
					t.Errorf("error %v, want %v", r.err, tt.wantErrIs)
				}
				if !strings.Contains(r.err.Error(), tt.wantErr) {
					t.Errorf("error %q\nwant it to contain %q", r.err, tt.wantErr)
				}
				for _, leak := range []string{"per_page", "page=", goodToken} {
					if strings.Contains(r.err.Error(), leak) {
						t.Errorf("error shows %q: %v", leak, r.err)
					}
				}
			}
		})
	}
}

// exhausting marks the first answer as the last call before the limit
// resets (a 200 with X-RateLimit-Remaining: 0), as when a shared token runs
// out: the HTTP stack then holds back the next call until the reset.
type exhausting struct {
	reset time.Duration
	once  sync.Once
}

func (e *exhausting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		e.once.Do(func() {
			resp.Header.Set("X-RateLimit-Remaining", "0")
			resp.Header.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(e.reset).Unix(), 10))
		})
	}
	return resp, err
}

func TestScanWaitsForAnExhaustedLimit(t *testing.T) {
	t.Parallel()
	opts := scantest.Fast()
	opts.Transport = &exhausting{reset: time.Second}
	r := scan(t, setup{seed: seed(150), opts: &opts})
	// The reset is the next whole second of the real clock, plus a second
	// of margin: a wait of one to two seconds (and a little more when the
	// machine is slow between the scan's start and the answer).
	if r.err != nil || len(r.requests) != 2 || r.slept < time.Second || r.slept > time.Minute {
		t.Errorf("%d requests after waits of %s: %v; want 2 pages, the second after the reset", len(r.requests), r.slept, r.err)
	}

	opts.Transport = &exhausting{reset: time.Hour}
	r = scan(t, setup{seed: seed(150), opts: &opts})
	if r.err == nil || len(r.requests) != 1 || !strings.Contains(r.err.Error(),
		"github: GET /orgs/acme/members: not sent: the GitHub API rate limit of the token in GITHUB_TOKEN is used up until 20") || r.slept != 0 {
		t.Errorf("%d requests: %v; want 1 and a rate-limit error", len(r.requests), r.err)
	}
}

func TestScanRejectedTokenNeverShown(t *testing.T) {
	t.Parallel()
	for _, settings := range []string{"", `seats = "copilot"`} {
		r := scan(t, setup{seed: seed(3), token: canary, settings: settings})
		if r.err == nil {
			t.Fatal("no error for a rejected token")
		}
		msg := r.err.Error()
		for _, want := range []string{"HTTP 401", "GitHub rejected the token in GITHUB_TOKEN (Bad credentials)", "fine-grained personal access token",
			"Members: Read-only", "read:org", "manage_billing:copilot", "put it in GITHUB_TOKEN"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not mention %q", msg, want)
			}
		}
		for where, text := range map[string]string{"error": msg, "log": r.log} {
			if strings.Contains(text, canary) {
				t.Errorf("the token appears in the %s: %s", where, text)
			}
		}
	}
}

func TestRedirectToAnotherHostDropsToken(t *testing.T) {
	t.Parallel()
	other := github.Simulator().New(seed(3), sandbox.Faults{})
	urls, stop, err := other.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// Same IP, another port: another origin.
	r := scan(t, setup{seed: seed(3), faults: sandbox.Faults{RedirectTo: urls["github"]}})
	reqs := other.Requests()
	if len(reqs) == 0 {
		t.Fatal("the redirect was not followed")
	}
	for _, q := range reqs {
		if q.Authorization != "" {
			t.Errorf("the other host received an Authorization header")
		}
	}
	if r.err == nil || !strings.Contains(r.err.Error(), "HTTP 401") {
		t.Errorf("error = %v, want the other host's 401", r.err)
	}
}

func TestRateLimiterRespected(t *testing.T) {
	t.Parallel()
	s := seed(250)
	s.PageSize = 25 // 11 pages
	limit := rate.Limit(20)
	r := scan(t, setup{seed: s, limiter: rate.NewLimiter(limit, 1)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	n := len(r.requests)
	// On the fake clock each request waits for its own slot.
	ideal := time.Duration(float64(n-1) / float64(limit) * float64(time.Second))
	if n != 11 || r.slept != ideal {
		t.Errorf("%d requests after waits of %s; a limit of %v/s needs %s", n, r.slept, limit, ideal)
	}
}

// TestCancelledWhileWaiting: a run whose deadline comes before its next
// rate-limit slot ends at once with the deadline's error (a backoff cut
// short is scanners' TestCancelledWhileWaiting).
func TestCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	for _, s := range []setup{
		{seed: seed(250), limiter: rate.NewLimiter(1, 1), timeout: 300 * time.Millisecond},
	} {
		r := scan(t, s)
		if !errors.Is(r.err, context.DeadlineExceeded) {
			t.Errorf("waited %s: %v; want a deadline error", r.slept, r.err)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, tokenEnv string
		want                 []string
	}{
		{name: "ok", tokenEnv: "GITHUB_TOKEN", body: `org = "acme"`},
		{name: "copilot", tokenEnv: "GITHUB_TOKEN", body: "org = \"acme-inc\"\n seats = \"copilot\""},
		{name: "members", tokenEnv: "GITHUB_TOKEN", body: "org = \"A1\"\n seats = \"members\""},
		{name: "missing token_env", body: `org = "acme"`, want: []string{"Missing token_env"}},
		{name: "missing org", tokenEnv: "GITHUB_TOKEN", want: []string{"Missing org"}},
		{name: "org not a login", tokenEnv: "GITHUB_TOKEN", body: `org = "acme/web"`, want: []string{"Invalid org"}},
		{name: "org too long", tokenEnv: "GITHUB_TOKEN", body: `org = "` + strings.Repeat("a", 40) + `"`, want: []string{"Invalid org"}},
		{name: "org starts with a hyphen", tokenEnv: "GITHUB_TOKEN", body: `org = "-acme"`, want: []string{"Invalid org"}},
		{name: "org not a string", tokenEnv: "GITHUB_TOKEN", body: `org = 42`, want: []string{"Invalid org setting"}},
		{name: "bad seats", tokenEnv: "GITHUB_TOKEN", body: "org = \"acme\"\n seats = \"actions\"", want: []string{"Invalid seats setting"}},
		{name: "unknown setting", tokenEnv: "GITHUB_TOKEN", body: "org = \"acme\"\n repo = \"web\"", want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scantest.ValidateErrors(t, github.New(), tt.tokenEnv, tt.body)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDecodeMembers(f *testing.F) {
	f.Add([]byte(`[{"login":"octocat","id":1,"node_id":"MDQ6VXNlcjE=","type":"User","site_admin":false}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"message":"Not Found"}`))
	f.Add([]byte(`[{"id":1}]`))
	f.Add([]byte(`[null]`))
	f.Add([]byte(`[{"login":1}]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		users, err := github.DecodeMembers(data)
		if err != nil {
			if len(data) > 20 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("error quotes the body: %v", err)
			}
			return
		}
		if !json.Valid(data) || users == nil {
			t.Fatal("accepted invalid JSON or a non-list")
		}
		for _, u := range users {
			if u == nil || u.GetLogin() == "" {
				t.Fatal("accepted a member without login")
			}
		}
	})
}

func FuzzDecodeCopilotSeats(f *testing.F) {
	f.Add([]byte(`{"total_seats":2,"seats":[{"created_at":"2021-08-03T18:00:00-06:00","last_activity_at":"2021-10-14T00:53:32-06:00","assignee":{"login":"octocat","id":1,"type":"User"}}]}`))
	f.Add([]byte(`{"total_seats":0,"seats":[]}`))
	f.Add([]byte(`{"total_seats":1}`))
	f.Add([]byte(`{"seats":[]}`))
	f.Add([]byte(`{"total_seats":1,"seats":[{"assignee":{"login":"x"}}]}`))
	f.Add([]byte(`{"total_seats":1,"seats":[{"assignee":{"type":"User"}}]}`))
	f.Add([]byte(`{"total_seats":1,"seats":[{"assignee":{"name":"t","type":"Team"}}]}`))
	f.Add([]byte(`{"total_seats":1,"seats":[{"last_activity_at":"yesterday","assignee":{"login":"x","type":"User"}}]}`))
	f.Add([]byte(`{"total_seats":-1,"seats":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := github.DecodeCopilotSeats(data)
		if err != nil {
			if len(data) > 20 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("error quotes the body: %v", err)
			}
			return
		}
		if !json.Valid(data) || p == nil || p.Seats == nil || p.TotalSeats < 0 {
			t.Fatalf("accepted %q", data)
		}
		for _, s := range p.Seats {
			if u, ok := s.GetUser(); ok && u.GetLogin() == "" {
				t.Fatal("accepted a user seat without login")
			}
			if s.Assignee == nil {
				t.Fatal("accepted a seat without assignee")
			}
		}
	})
}

func FuzzDecodeCodeSearch(f *testing.F) {
	f.Add([]byte(`{"total_count":4,"incomplete_results":false,"items":[{"name":"package.json","path":"web/package.json","sha":"abc","repository":{"full_name":"acme/web"},"text_matches":[{"fragment":"\"@segment/analytics-next\": \"1\"","matches":[{"text":"segment","indices":[2,9]}]}]}]}`))
	f.Add([]byte(`{"total_count":0,"incomplete_results":true,"items":[]}`))
	f.Add([]byte(`{"total_count":0}`))
	f.Add([]byte(`{"items":[{"path":"a"}]}`))
	f.Add([]byte(`{"items":[{"repository":{"full_name":"a/b"}}]}`))
	f.Add([]byte(`{"items":[null]}`))
	f.Add([]byte(`{"items":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := github.DecodeCodeSearch(data)
		if err != nil {
			if len(data) > 20 && strings.Contains(err.Error(), string(data)) {
				t.Fatalf("error quotes the body: %v", err)
			}
			return
		}
		if !json.Valid(data) || r == nil {
			t.Fatalf("accepted %q", data)
		}
		for _, it := range r.CodeResults {
			if it == nil || it.GetPath() == "" || it.Repository == nil || it.Repository.GetFullName() == "" {
				t.Fatal("accepted an item without path or repository")
			}
		}
	})
}
