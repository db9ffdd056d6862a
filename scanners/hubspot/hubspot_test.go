package hubspot_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "pat-na1-sandbox-good-token"
	canary    = "pat-na1-CANARY-7f3e9c21d4b8"
)

var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

const toolHCL = `
tool "hubspot" {
  name   = "HubSpot"
  vendor = "HubSpot"
  category = "marketing-automation"
  cost {
    amount = 1000
    period = "year"
    seats  = 300
  }
  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
  }
}
`

// seed is a portal with n users; user i last logged in i days before
// asOf, plus a failed login that must not count.
func seed(n int) hubspot.SandboxSeed {
	s := hubspot.SandboxSeed{Token: goodToken, PageSize: 100}
	for i := range n {
		id := fmt.Sprint(1000 + i)
		s.Users = append(s.Users, hubspot.SandboxUser{ID: id, Email: fmt.Sprintf("u%d@acme.example", i)})
		s.Logins = append(s.Logins,
			hubspot.SandboxLogin{ID: "l" + id, UserID: 1000 + i, Email: fmt.Sprintf("u%d@acme.example", i),
				LoginAt: asOf.AddDate(0, 0, -i), Succeeded: true},
			hubspot.SandboxLogin{ID: "f" + id, UserID: 1000 + i, LoginAt: asOf, Succeeded: false})
	}
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
	seed     hubspot.SandboxSeed
	faults   sandbox.Faults
	token    string
	endpoint string // overrides the sandbox; a path ("/hubspot/x") or {host} is the sandbox's
	opts     *scanners.ClientOptions
	limiter  *rate.Limiter
	timeout  time.Duration // of the whole scan (none when zero)
}

func scan(t *testing.T, s setup) result {
	t.Helper()
	inv := scantest.Load(t, toolHCL)
	tool := inv.Tool("hubspot")
	sb := hubspot.Simulator().New(s.seed, s.faults)
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
	base := urls["hubspot"]
	root := strings.TrimSuffix(base, "/hubspot")
	switch {
	case strings.HasPrefix(s.endpoint, "/"):
		base = root + s.endpoint
	case s.endpoint != "":
		base = strings.ReplaceAll(s.endpoint, "{host}", strings.TrimPrefix(root, "http://"))
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
		Getenv:  func(k string) string { return map[string]string{"HUBSPOT_TOKEN": token}[k] },
		AsOf:    asOf,
		BaseURL: base,
		Limiter: s.limiter,
		HTTP:    opts,
	}
	u, err := hubspot.New().Scan(ctx, tool, env)
	r := result{usage: u, err: err, slept: clk.Slept(), requests: sb.Requests()}
	r.log = log.String()
	return r
}

func TestScanHappyPathThreePages(t *testing.T) {
	r := scan(t, setup{seed: seed(250)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := len(r.usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250", got)
	}
	pages := 0
	for _, q := range r.requests {
		if q.Path == "/settings/v3/users/" {
			pages++
		}
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s without the bearer token", q.Path)
		}
	}
	if pages != 3 {
		t.Errorf("users pages = %d, want 3", pages)
	}
	usage.Tally(r.usage, asOf)
	// Users 0..29 logged in within [asOf-30d, asOf]: 31 users; 0..90: 91.
	if r.usage.Active.D30 != 31 || r.usage.Active.D90 != 91 {
		t.Errorf("active = %+v, want d30 31, d90 91", r.usage.Active)
	}
	if r.usage.Seats.Assigned != 250 || r.usage.Seats.Purchased != nil {
		t.Errorf("seats = %+v, want 250 assigned, purchased left to the inventory", r.usage.Seats)
	}
	if r.usage.LastActivity == nil || !r.usage.LastActivity.Equal(asOf) {
		t.Errorf("last activity = %v, want %v", r.usage.LastActivity, asOf)
	}
}

func TestScanBadResponses(t *testing.T) {
	slow := scantest.Fast()
	slow.Timeout = 150 * time.Millisecond
	slow.Retries = 1
	tests := []struct {
		name string
		setup
		wantErr   []string // empty means success
		wantErrIs error
		wantNot   []string // must not be in the error
		minWait   time.Duration
		wantCalls int // requests the sandbox received (150 users: 2 user pages and 3 login pages)
	}{
		{name: "429 without Retry-After then success", wantCalls: 7, setup: setup{faults: sandbox.Faults{Status429Times: 2}}},
		{name: "429 with Retry-After seconds then success", wantCalls: 6, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "1"}}, minWait: time.Second},
		{name: "429 with a long Retry-After gives up", wantCalls: 1, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "86400"}}, wantErr: []string{"retry after 24h0m0s"}},
		{name: "500 then success", wantCalls: 7, setup: setup{faults: sandbox.Faults{Fail500Times: 2}}},
		{name: "503 forever", wantCalls: 4, setup: setup{faults: sandbox.Faults{Fail503Always: true}}, wantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 503 Service Unavailable (after 4 attempts)"}},
		{name: "missing scope", wantCalls: 2, setup: setup{seed: func() hubspot.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{hubspot.SandboxScopeUsers}
			return s
		}()}, wantErr: []string{"lacks the scope account-info.security.read"}},
		{name: "403 missing the users scope", wantCalls: 1, setup: setup{seed: func() hubspot.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{}
			return s
		}()}, wantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 403 Forbidden", "HUBSPOT_TOKEN lacks the scope settings.users.read"},
			wantNot: []string{"logins = false"}}, // no help without the users scope
		// --endpoint hubspot=https://api.hubapi.com/crm/v3: HubSpot's own JSON 404.
		{name: "404 wrong base path", wantCalls: 1, setup: setup{endpoint: "/hubspot/crm/v3"},
			wantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 404 Not Found", "endpoint was not found", "/hubspot/crm/v3", "https://api.hubapi.com"}},
		// Credentials in an --endpoint URL stay out of the message.
		{name: "404 with user info in the base URL", wantCalls: 1, setup: setup{endpoint: "http://alice:s3cret@{host}/hubspot/v1"},
			wantErr: []string{"endpoint was not found at http://127.0.0.1:", "/hubspot/v1;"}, wantNot: []string{"s3cret", "alice"}},
		// A base URL that is not HubSpot at all: a plain-text 404.
		{name: "404 from another server", wantCalls: 1, setup: setup{endpoint: "/not-hubspot"},
			wantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 404 Not Found", "endpoint was not found", "/not-hubspot"}},
		{name: "malformed JSON", wantCalls: 1, setup: setup{faults: sandbox.Faults{MalformedJSON: true}}, wantErr: []string{"invalid JSON response"}},
		{name: "truncated body", wantCalls: 4, setup: setup{faults: sandbox.Faults{TruncatedBody: true}}, wantErr: []string{"hubspot: GET /settings/v3/users/: the response ended early: unexpected EOF"}},
		{name: "looping cursor", wantCalls: 2, setup: setup{faults: sandbox.Faults{LoopingCursor: true}}, wantErrIs: scanners.ErrCursorLoop, wantErr: []string{"hubspot: GET /settings/v3/users/: page 2"}},
		{name: "body over the limit", wantCalls: 1, setup: setup{faults: sandbox.Faults{HugeBody: true}}, wantErr: []string{"response larger than the 16777216-byte limit"}},
		{name: "server never answers", wantCalls: 2, setup: setup{faults: sandbox.Faults{Hang: true}, opts: &slow}, wantErr: []string{"no complete answer within 150ms"}},
		{name: "connection refused", setup: setup{endpoint: scantest.RefusedURL(t, "/hubspot")}, wantErr: []string{"hubspot: GET /settings/v3/users/: dial tcp"}},
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
				t.Errorf("waited %s, want at least %s (Retry-After not honoured)", r.slept, tt.minWait)
			}
			switch {
			case len(tt.wantErr) == 0 && tt.wantErrIs == nil:
				if r.err != nil {
					t.Fatalf("unexpected error: %v", r.err)
				}
				if len(r.usage.Users) != len(s.seed.Users) {
					t.Errorf("users = %d, want %d", len(r.usage.Users), len(s.seed.Users))
				}
			case r.err == nil:
				t.Fatalf("no error, want %q", tt.wantErr)
			default:
				if tt.wantErrIs != nil && !errors.Is(r.err, tt.wantErrIs) {
					t.Errorf("error %v, want %v", r.err, tt.wantErrIs)
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(r.err.Error(), want) {
						t.Errorf("error %q\nwant it to contain %q", r.err, want)
					}
				}
			}
			if r.err != nil {
				for _, secret := range append([]string{goodToken, canary, "after=", "limit="}, tt.wantNot...) {
					if strings.Contains(r.err.Error(), secret) {
						t.Errorf("error shows %q: %v", secret, r.err)
					}
				}
			}
			if strings.Contains(r.log, goodToken) {
				t.Errorf("the token appears in the log")
			}
		})
	}
}

func TestScanRejectedTokenNeverShown(t *testing.T) {
	r := scan(t, setup{seed: seed(3), token: canary})
	if r.err == nil {
		t.Fatal("no error for a rejected token")
	}
	msg := r.err.Error()
	for _, want := range []string{"HTTP 401", "HUBSPOT_TOKEN", "private app", "settings.users.read", "account-info.security.read"} {
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

// TestScanTenThousandPages: a page size of 1 over 10,000 users is followed
// to the end (no page cap hit, no repeated-cursor false alarm) quickly.
func TestScanTenThousandPages(t *testing.T) {
	t.Parallel()
	const n = 10_000
	s := hubspot.SandboxSeed{Token: goodToken, PageSize: 1}
	for i := range n {
		s.Users = append(s.Users, hubspot.SandboxUser{ID: fmt.Sprint(1000 + i), Email: fmt.Sprintf("u%d@acme.example", i)})
	}
	// A few logins, so that the second loop pages too.
	for i := range 3 {
		s.Logins = append(s.Logins, hubspot.SandboxLogin{ID: fmt.Sprint("l", i), UserID: 1000 + i, LoginAt: asOf, Succeeded: true})
	}
	r := scan(t, setup{seed: s, limiter: rate.NewLimiter(rate.Inf, 0)})
	t.Logf("%d requests, waited %s", len(r.requests), r.slept)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := len(r.usage.Users); got != n || r.usage.Seats.Assigned != n {
		t.Fatalf("users = %d, assigned = %d, want %d", got, r.usage.Seats.Assigned, n)
	}
	if len(r.requests) != n+3 {
		t.Errorf("%d requests, want %d user pages and 3 login pages", len(r.requests), n)
	}
	seen := map[string]bool{}
	active := 0
	for _, u := range r.usage.Users {
		if seen[u.ID] {
			t.Fatalf("user %s twice", u.ID)
		}
		seen[u.ID] = true
		if u.LastActive != nil {
			active++
		}
	}
	if active != 3 {
		t.Errorf("%d users with a last login, want 3", active)
	}
}

func TestRedirectToAnotherHostDropsToken(t *testing.T) {
	other := hubspot.Simulator().New(seed(3), sandbox.Faults{})
	urls, stop, err := other.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// Same IP, another port: another origin.
	r := scan(t, setup{seed: seed(3), faults: sandbox.Faults{RedirectTo: urls["hubspot"]}})
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
	s := seed(250)
	s.PageSize = 50 // 5 user pages and 10 login pages
	limit := rate.Limit(40)
	r := scan(t, setup{seed: s, limiter: rate.NewLimiter(limit, 1)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	n := len(r.requests)
	if n < 5 {
		t.Fatalf("only %d requests", n)
	}
	// On the fake clock each request waits for its own slot: the waits
	// add up to the limit's spacing of every request after the first.
	ideal := time.Duration(float64(n-1) / float64(limit) * float64(time.Second))
	if r.slept < ideal {
		t.Errorf("%d requests after waits of %s; a limit of %v/s needs at least %s", n, r.slept, limit, ideal)
	}
}

// TestRateLimitWaitIsNotTimedOut: every call, page by page, waits for its
// slot of a shared vendor limit, and none fails for it (that the wait is
// outside the call's timeout is scanners' TestLimiter).
func TestRateLimitWaitIsNotTimedOut(t *testing.T) {
	s := seed(2)
	s.PageSize = 1 // 2 user pages and 4 login pages
	opts := scantest.Fast()
	opts.Retries = -1
	r := scan(t, setup{seed: s, opts: &opts, limiter: rate.NewLimiter(10, 1)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.requests) != 6 || r.slept != 500*time.Millisecond {
		t.Errorf("%d requests after waits of %s, want 6 after 500ms", len(r.requests), r.slept)
	}
}

// TestCancelledWhileWaiting: a run whose deadline comes before its next
// rate-limit slot ends at once with the deadline's error (a backoff cut
// short is scanners' TestCancelledWhileWaiting).
func TestCancelledWhileWaiting(t *testing.T) {
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
	tests := []struct {
		name, body, tokenEnv string
		want                 []string
	}{
		{name: "ok", tokenEnv: "HUBSPOT_TOKEN"},
		{name: "logins false", tokenEnv: "HUBSPOT_TOKEN", body: "logins = false"},
		{name: "missing token_env", want: []string{"Missing token_env"}},
		{name: "logins not bool", tokenEnv: "HUBSPOT_TOKEN", body: `logins = "yes please"`, want: []string{"Invalid logins setting"}},
		{name: "unknown setting", tokenEnv: "HUBSPOT_TOKEN", body: `portal = 42`, want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scantest.ValidateErrors(t, hubspot.New(), tt.tokenEnv, tt.body)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDecodeUsers(f *testing.F) {
	f.Add([]byte(`{"results":[{"id":"123","email":"a@x.com","roleId":"100","roleIds":["100"],"primaryTeamId":"101","secondaryTeamIds":["102"],"superAdmin":false}],"paging":{"next":{"after":"MTAw","link":"x"}}}`))
	f.Add([]byte(`{"results":[]}`))
	f.Add([]byte(`{"results":[{"id":"1","seatNames":["core"]}],"paging":{}}`))
	f.Add([]byte(`{"results":null}`))
	f.Add([]byte(`{"results":[{"id":1}]}`))
	f.Add([]byte(`[`))
	f.Add([]byte(`{"results":[{"id":"5432653","userId":876,"email":"p@x.com","loginAt":"2022-04-01T19:36:24.303Z","loginSucceeded":true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := hubspot.DecodeUsers(data)
		if err != nil {
			checkDecodeError(t, data, err)
			return
		}
		if !json.Valid(data) {
			t.Fatal("accepted invalid JSON")
		}
		if p.Results == nil {
			t.Fatal("accepted a page without a results list")
		}
		for _, u := range p.Results {
			if u.ID == "" {
				t.Fatal("accepted a user without id")
			}
		}
	})
}

func FuzzDecodeLogins(f *testing.F) {
	f.Add([]byte(`{"results":[{"id":"5432653","userId":876,"email":"p@x.com","loginAt":"2022-04-01T19:36:24.303Z","loginSucceeded":true,"ipAddress":"192.0.2.1"}],"paging":{"next":{"after":"MjAw","link":"x"}}}`))
	f.Add([]byte(`{"results":[{"userId":"876","loginAt":"2022-04-01T19:36:24Z","loginSucceeded":false}]}`))
	f.Add([]byte(`{"results":[{"userId":876.5}]}`))
	f.Add([]byte(`{"results":[{"userId":true}]}`))
	f.Add([]byte(`{"results":[{"loginAt":"yesterday"}]}`))
	f.Add([]byte(`{"results":[]}`))
	f.Add([]byte(`{"results":{}}`))
	f.Add([]byte(`{"paging":{}}`))
	f.Add([]byte(`{"results":[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := hubspot.DecodeLogins(data)
		if err != nil {
			checkDecodeError(t, data, err)
			return
		}
		if !json.Valid(data) {
			t.Fatal("accepted invalid JSON")
		}
		if p.Results == nil {
			t.Fatal("accepted a page without a results list")
		}
	})
}

// checkDecodeError: a decoder's error describes the problem without
// quoting the body, and says which kind of problem it is.
func checkDecodeError(t *testing.T, data []byte, err error) {
	t.Helper()
	msg := err.Error()
	if len(data) > 20 && strings.Contains(msg, string(data)) {
		t.Fatalf("error quotes the body: %v", err)
	}
	if !strings.HasPrefix(msg, "invalid JSON response") && !strings.HasPrefix(msg, "invalid response: ") {
		t.Fatalf("error %q is neither an invalid JSON nor an invalid response error", msg)
	}
	if len(msg) > 200 {
		t.Fatalf("error of %d bytes", len(msg))
	}
}
