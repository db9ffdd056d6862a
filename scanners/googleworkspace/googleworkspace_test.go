package googleworkspace_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "ya29.sandbox-good-token"
	canary    = "ya29.CANARY-3c8e1f90a2b7"
)

var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

const (
	reportsPath  = "/admin/reports/v1/activity/users/all/applications/token"
	licensesPath = "/apps/licensing/v1/product/Google-Apps/users"
)

const inventoryHCL = `
tool "workspace" {
  name     = "Google Workspace"
  vendor   = "Google"
  category = "communication"
  scan "google_workspace" {
    token_env   = "GOOGLE_TOKEN"
    %s
  }
}

discovery "google_workspace" {
  token_env = "GOOGLE_TOKEN"
  %s
}
`

const scanSettings = `
    customer_id = "C01abc"
    product_id  = "Google-Apps"
`

type setup struct {
	scan     bool // the licence scanner, else the discoverer
	seed     googleworkspace.SandboxSeed
	faults   sandbox.Faults
	token    string
	settings string // of the block under test
	endpoint string // a path under the simulator, or a URL
	opts     *scanners.ClientOptions
	limiter  *rate.Limiter
	timeout  time.Duration // of the whole call (none when zero)
}

type result struct {
	found    *usage.Discovered
	usage    *usage.ToolUsage
	err      error
	log      string
	requests []sandbox.Request
	queries  []url.Values
	slept    time.Duration // waited on the scan's fake clock
}

func run(t *testing.T, s setup) result {
	t.Helper()
	scanBody, discoveryBody := scanSettings, ""
	if s.scan && s.settings != "" {
		scanBody = s.settings
	} else if !s.scan {
		discoveryBody = s.settings
	}
	inv := scantest.Load(t, fmt.Sprintf(inventoryHCL, scanBody, discoveryBody))
	sb := googleworkspace.Simulator().New(s.seed, s.faults)
	var mu sync.Mutex
	var queries []url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Query())
		mu.Unlock()
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	base := srv.URL + "/google_workspace"
	switch {
	case strings.HasPrefix(s.endpoint, "/"):
		base = srv.URL + s.endpoint
	case s.endpoint != "":
		base = s.endpoint
	}
	// No deadline unless the test is about one: a budget for the whole
	// scan would fail a loaded machine, not a slow scanner.
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if s.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
	}
	defer cancel()
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
		Getenv:  func(k string) string { return map[string]string{"GOOGLE_TOKEN": token}[k] },
		AsOf:    asOf,
		BaseURL: base,
		Limiter: s.limiter,
		HTTP:    opts,
		Catalog: inv.Catalog,
	}
	var r result
	if s.scan {
		r.usage, r.err = googleworkspace.New().Scan(ctx, inv.Tool("workspace"), env)
	} else {
		r.found, r.err = googleworkspace.NewDiscoverer().Discover(ctx, inv.Discoveries[0], env)
	}
	r.slept = clk.Slept()
	r.requests = sb.Requests()
	r.log = log.String()
	mu.Lock()
	r.queries = queries
	mu.Unlock()
	return r
}

// grantsSeed is a customer whose users authorized these apps, plus n
// filler grants of one app ("Filler", n users).
func grantsSeed(n int) googleworkspace.SandboxSeed {
	day := func(d int) time.Time { return asOf.AddDate(0, 0, -d).Add(10 * time.Hour) }
	drive := "https://www.googleapis.com/auth/drive"
	cal := "https://www.googleapis.com/auth/calendar"
	email := "https://www.googleapis.com/auth/userinfo.email"
	s := googleworkspace.SandboxSeed{Token: goodToken, CustomerID: "C01abc", Domain: "acme.example", PageSize: 3, Grants: []googleworkspace.SandboxGrant{
		{Time: day(1), ActorEmail: "ann@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly", Scopes: []string{cal}},
		{Time: day(3), ActorEmail: "Bob@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly", Scopes: []string{email, cal}},
		{Time: day(5), ActorEmail: "bob@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly (old name)", Scopes: []string{drive}},
		{Time: day(2), ActorEmail: "ann@acme.example", ClientID: "222.apps.googleusercontent.com", AppName: "Acme Expense Bot", Scopes: []string{drive}},
		{Time: day(4), ActorEmail: "cy@acme.example", ClientID: "", AppName: "Chili Piper", Scopes: []string{cal}},
		{Time: day(6), ActorEmail: "ann@acme.example", ClientID: "77185425430.apps.googleusercontent.com", AppName: "Google Chrome", ClientType: "NATIVE_DESKTOP"},
		{Time: day(7), ActorEmail: "ann@acme.example", ClientID: "444.apps.googleusercontent.com", AppName: "iOS Account Manager", ClientType: "NATIVE_IOS"},
		{Time: day(8), ActorEmail: "dee@acme.example", ClientID: "555.apps.googleusercontent.com", AppName: "Google Ads", Scopes: []string{"https://www.googleapis.com/auth/adwords"}},
		// Outside the window: before it (the API leaves it out) and
		// after the as-of day (the discoverer does).
		{Time: day(181), ActorEmail: "old@acme.example", ClientID: "666.apps.googleusercontent.com", AppName: "Hotjar"},
		{Time: asOf.AddDate(0, 0, 2), ActorEmail: "new@acme.example", ClientID: "777.apps.googleusercontent.com", AppName: "Canva"},
		// On the as-of day itself: in.
		{Time: asOf.Add(23 * time.Hour), ActorEmail: "eve@acme.example", ClientID: "888.apps.googleusercontent.com", AppName: "Zoom"},
	}}
	for i := range n {
		s.Grants = append(s.Grants, googleworkspace.SandboxGrant{Time: day(i % 170), ActorEmail: fmt.Sprintf("u%d@acme.example", i),
			ClientID: "999.apps.googleusercontent.com", AppName: "Filler"})
	}
	return s
}

func TestDiscoverHappyPath(t *testing.T) {
	r := run(t, setup{seed: grantsSeed(0)})
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := []usage.DiscoveredTool{
		{Source: "google_workspace", Name: "Acme Expense Bot", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/drive"},
			Evidence: "OAuth client 222.apps.googleusercontent.com authorized by 1 user on 2026-11-18"},
		{Source: "google_workspace", Name: "Calendly", Product: "calendly", Users: 2,
			Scopes:   []string{"https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/userinfo.email"},
			Evidence: "OAuth client 111.apps.googleusercontent.com authorized by 2 users between 2026-11-15 and 2026-11-19"},
		{Source: "google_workspace", Name: "Chili Piper", Product: "chili-piper", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/calendar"},
			Evidence: `OAuth app "Chili Piper" authorized by 1 user on 2026-11-16`},
		{Source: "google_workspace", Name: "Google Ads", Product: "google-ads", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/adwords"},
			Evidence: "OAuth client 555.apps.googleusercontent.com authorized by 1 user on 2026-11-12"},
		{Source: "google_workspace", Name: "Zoom", Product: "zoom", Users: 1, Scopes: []string{},
			Evidence: "OAuth client 888.apps.googleusercontent.com authorized by 1 user on 2026-11-20"},
	}
	got, _ := json.MarshalIndent(r.found.Tools, "", "  ")
	exp, _ := json.MarshalIndent(want, "", "  ")
	if !bytes.Equal(got, exp) {
		t.Errorf("tools:\n%s\nwant:\n%s", got, exp)
	}
	if r.found.Integrations == nil || r.found.Flows == nil {
		t.Error("integrations and flows should be empty lists")
	}
	// 10 events from the start of the window on (one after the as-of
	// day) in pages of 3.
	if len(r.requests) != 4 {
		t.Errorf("%d requests, want 4 pages", len(r.requests))
	}
	for i, q := range r.queries {
		if r.requests[i].Path != reportsPath || r.requests[i].Authorization != "Bearer "+goodToken {
			t.Errorf("request %d: %s with %q", i, r.requests[i].Path, r.requests[i].Authorization)
		}
		if q.Get("eventName") != "authorize" || q.Get("maxResults") != "1000" || q.Get("startTime") != "2026-05-25T00:00:00Z" || q.Has("customerId") {
			t.Errorf("request %d: query %v", i, q)
		}
		if (i == 0) == q.Has("pageToken") {
			t.Errorf("request %d: pageToken %q", i, q.Get("pageToken"))
		}
	}
}

func TestDiscoverSettings(t *testing.T) {
	t.Run("include_google_apps", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{seed: grantsSeed(0), settings: "include_google_apps = true"})
		if r.err != nil {
			t.Fatal(r.err)
		}
		var names []string
		for _, tool := range r.found.Tools {
			names = append(names, tool.Name)
		}
		if got := strings.Join(names, ","); got != "Acme Expense Bot,Calendly,Chili Piper,Google Ads,Google Chrome,iOS Account Manager,Zoom" {
			t.Errorf("tools %s", got)
		}
	})
	t.Run("customer_id and lookback_days", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{seed: grantsSeed(0), settings: "customer_id = \"C01abc\"\n  lookback_days = 3"})
		if r.err != nil {
			t.Fatal(r.err)
		}
		if q := r.queries[0]; q.Get("customerId") != "C01abc" || q.Get("startTime") != "2026-11-18T00:00:00Z" {
			t.Errorf("query %v", q)
		}
		// Within 3 days up to and including asOf: Zoom (asOf), Calendly
		// (1 day before) and Acme Expense Bot (2 days before).
		if len(r.found.Tools) != 3 {
			t.Errorf("tools = %+v", r.found.Tools)
		}
	})
	t.Run("another customer", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{seed: grantsSeed(0), settings: `customer_id = "C99other"`})
		if r.err == nil || !strings.Contains(r.err.Error(), "HTTP 403 Forbidden (Google: PERMISSION_DENIED/forbidden: Not Authorized to access this resource/api): the admin the token in GOOGLE_TOKEN acts for may not read this customer's data") {
			t.Errorf("error = %v", r.err)
		}
	})
	t.Run("no events", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{seed: googleworkspace.SandboxSeed{Token: goodToken}})
		if r.err != nil || len(r.found.Tools) != 0 || r.found.Tools == nil {
			t.Errorf("tools %v, error %v; want an empty list (Google leaves items out of an empty page)", r.found.Tools, r.err)
		}
	})
}

func licensesSeed(n int) googleworkspace.SandboxSeed {
	s := googleworkspace.SandboxSeed{Token: goodToken, CustomerID: "C01abc", Domain: "acme.example", PageSize: 100, Licenses: []googleworkspace.SandboxLicense{
		{ProductID: "Google-Apps", ProductName: "Google Workspace", SKUID: "1010020027", SKUName: "Google Workspace Business Standard"},
		{ProductID: "Google-Apps", ProductName: "Google Workspace", SKUID: "1010020020", SKUName: "Google Workspace Enterprise Plus", UserIDs: []string{"U0@acme.example", "boss@acme.example"}},
		{ProductID: "Google-Vault", SKUID: "Google-Vault", SKUName: "Google Vault", UserIDs: []string{"legal@acme.example"}},
	}}
	for i := range n {
		s.Licenses[0].UserIDs = append(s.Licenses[0].UserIDs, fmt.Sprintf("u%d@acme.example", i))
	}
	return s
}

func TestScanLicenses(t *testing.T) {
	t.Run("product", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{scan: true, seed: licensesSeed(250)})
		if r.err != nil {
			t.Fatal(r.err)
		}
		// 252 assignments in pages of 100; u0 holds two SKUs: one seat.
		if len(r.usage.Users) != 251 || len(r.requests) != 3 {
			t.Fatalf("%d users in %d requests, want 251 in 3", len(r.usage.Users), len(r.requests))
		}
		for i, q := range r.queries {
			if r.requests[i].Path != licensesPath || q.Get("customerId") != "C01abc" || q.Get("maxResults") != "1000" {
				t.Errorf("request %d: %s %v", i, r.requests[i].Path, q)
			}
		}
		usage.Tally(r.usage, asOf)
		if r.usage.Seats.Assigned != 251 || r.usage.Seats.Purchased != nil || r.usage.Active.D90 != 0 || r.usage.LastActivity != nil {
			t.Errorf("usage = %+v; want 251 assigned, purchased from the inventory, no activity", r.usage)
		}
		if u := r.usage.Users[0]; u.ID != "boss@acme.example" || u.Email != "boss@acme.example" || u.LastActive != nil {
			t.Errorf("first user %+v", u)
		}
	})
	t.Run("sku and domain", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{scan: true, seed: licensesSeed(250), settings: `
    customer_id = "acme.example"
    product_id  = "Google-Apps"
    sku_id      = "1010020020"`})
		if r.err != nil {
			t.Fatal(r.err)
		}
		if len(r.usage.Users) != 2 || r.requests[0].Path != "/apps/licensing/v1/product/Google-Apps/sku/1010020020/users" {
			t.Errorf("users %+v from %s", r.usage.Users, r.requests[0].Path)
		}
	})
	t.Run("no assignments", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{scan: true, seed: licensesSeed(0), settings: scanSettings + `sku_id = "1010020027"`})
		if r.err != nil || len(r.usage.Users) != 0 {
			t.Errorf("users %v, error %v", r.usage, r.err)
		}
	})
	t.Run("unknown product", func(t *testing.T) {
		t.Parallel()
		r := run(t, setup{scan: true, seed: licensesSeed(3), settings: scanSettings + `sku_id = "nope"`})
		if r.err == nil || !strings.Contains(r.err.Error(), "HTTP 404 Not Found (Google: NOT_FOUND/notFound: Resource Not Found: Google-Apps/sku/nope): Google knows no product Google-Apps SKU nope for this customer; check product_id and sku_id") {
			t.Errorf("error = %v", r.err)
		}
	})
}

// TestBadResponses runs every failure against both the discoverer and the
// licence scanner: 150 events or assignments, pages of 100.
func TestBadResponses(t *testing.T) {
	slow := scantest.Fast()
	slow.Timeout = 150 * time.Millisecond
	slow.Retries = 1
	tests := []struct {
		name string
		setup
		wantErr   string // "" means success; {path}, {scope} and {privilege} are the API's
		wantErrIs error
		minWait   time.Duration
		wantCalls int
	}{
		{name: "429 without Retry-After then success", wantCalls: 4, setup: setup{faults: sandbox.Faults{Status429Times: 2}}},
		{name: "429 with Retry-After seconds then success", wantCalls: 3, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "1"}}, minWait: time.Second},
		{name: "429 with a long Retry-After gives up", wantCalls: 1, setup: setup{faults: sandbox.Faults{Status429Times: 1, RetryAfter: "86400"}}, wantErr: "retry after 24h0m0s"},
		{name: "500 then success", wantCalls: 4, setup: setup{faults: sandbox.Faults{Fail500Times: 2}}},
		{name: "503 forever", wantCalls: 4, setup: setup{faults: sandbox.Faults{Fail503Always: true}}, wantErr: "google_workspace: GET {path}: HTTP 503 Service Unavailable (after 4 attempts)"},
		{name: "missing scope", wantCalls: 1, setup: setup{seed: googleworkspace.SandboxSeed{Scopes: []string{"https://www.googleapis.com/auth/userinfo.email"}}},
			wantErr: "HTTP 403 Forbidden: the token in GOOGLE_TOKEN lacks the scope {scope}"},
		{name: "not an admin", wantCalls: 1, setup: setup{seed: googleworkspace.SandboxSeed{NotAdmin: true}},
			wantErr: "may not read this customer's data: make it a super admin or give it the {privilege} privilege"},
		{name: "404 from the front end", wantCalls: 1, setup: setup{endpoint: "/google_workspace/v2"}, wantErr: "HTTP 404 Not Found: nothing answers at this path; if --endpoint google_workspace is set, check it"},
		{name: "malformed JSON", wantCalls: 1, setup: setup{faults: sandbox.Faults{MalformedJSON: true}}, wantErr: "google_workspace: GET {path}: invalid JSON response (34 bytes): the body ends early"},
		{name: "truncated body", wantCalls: 4, setup: setup{faults: sandbox.Faults{TruncatedBody: true}}, wantErr: "google_workspace: GET {path}: the response ended early: unexpected EOF"},
		{name: "looping cursor", wantCalls: 2, setup: setup{faults: sandbox.Faults{LoopingCursor: true}}, wantErrIs: scanners.ErrCursorLoop, wantErr: "google_workspace: GET {path}: page 2"},
		{name: "body over the limit", wantCalls: 1, setup: setup{faults: sandbox.Faults{HugeBody: true}}, wantErr: "response larger than the 16777216-byte limit"},
		{name: "server never answers", wantCalls: 2, setup: setup{faults: sandbox.Faults{Hang: true}, opts: &slow}, wantErr: "no complete answer within 150ms"},
		{name: "connection refused", setup: setup{endpoint: scantest.RefusedURL(t, "/google_workspace")}, wantErr: "google_workspace: GET {path}: dial tcp"},
	}
	for _, mode := range []string{"discover", "scan"} {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				s := tt.setup
				s.scan = mode == "scan"
				path, scope, privilege := reportsPath, googleworkspace.ScopeReports, "Reports"
				seed := grantsSeed(150 - 9) // 9 of its own in the window
				if s.scan {
					path, scope, privilege = licensesPath, googleworkspace.ScopeLicensing, "License Management"
					seed = licensesSeed(148) // and 2 of the other SKU
				}
				seed.PageSize = 100
				if s.seed.Scopes != nil || s.seed.NotAdmin {
					seed.Scopes, seed.NotAdmin = s.seed.Scopes, s.seed.NotAdmin
				}
				s.seed = seed
				wantErr := strings.NewReplacer("{path}", path, "{scope}", scope, "{privilege}", privilege).Replace(tt.wantErr)

				r := run(t, s)
				t.Logf("%d requests, waited %s: %v", len(r.requests), r.slept, r.err)
				if tt.wantCalls != 0 && len(r.requests) != tt.wantCalls {
					t.Errorf("%d requests, want %d", len(r.requests), tt.wantCalls)
				}
				if r.slept < tt.minWait {
					t.Errorf("waited %s, want at least %s (Retry-After not honoured)", r.slept, tt.minWait)
				}
				switch {
				case wantErr == "" && tt.wantErrIs == nil:
					if r.err != nil {
						t.Fatalf("unexpected error: %v", r.err)
					}
					if s.scan && len(r.usage.Users) != 149 {
						t.Errorf("users = %d, want 149", len(r.usage.Users))
					}
					if !s.scan && (len(r.found.Tools) != 6 || r.found.Tools[3].Name != "Filler" || r.found.Tools[3].Users != 141) {
						t.Errorf("tools = %+v, want 6 with Filler's 141 users", r.found.Tools)
					}
				case r.err == nil:
					t.Fatalf("no error, want %q", wantErr)
				default:
					if tt.wantErrIs != nil && !errors.Is(r.err, tt.wantErrIs) {
						t.Errorf("error %v, want %v", r.err, tt.wantErrIs)
					}
					if !strings.Contains(r.err.Error(), wantErr) {
						t.Errorf("error %q\nwant it to contain %q", r.err, wantErr)
					}
				}
				if r.err != nil && (strings.Contains(r.err.Error(), "pageToken") || strings.Contains(r.err.Error(), goodToken)) {
					t.Errorf("error shows the query or the token: %v", r.err)
				}
			})
		}
	}
}

func TestRejectedTokenNeverShown(t *testing.T) {
	for _, scan := range []bool{false, true} {
		seed := grantsSeed(0)
		scope := googleworkspace.ScopeReports
		if scan {
			seed, scope = licensesSeed(3), googleworkspace.ScopeLicensing
		}
		r := run(t, setup{scan: scan, seed: seed, token: canary})
		if r.err == nil {
			t.Fatal("no error for a rejected token")
		}
		msg := r.err.Error()
		for _, want := range []string{"HTTP 401", "UNAUTHENTICATED/authError", "GOOGLE_TOKEN", scope, "domain-wide delegation", "gcloud auth application-default print-access-token"} {
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

// TestStartTimeTooOld: the Reports API refuses a startTime more than 180
// days back with a 400; the error says what to change.
func TestStartTimeTooOld(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":400,"message":"Start time is too old.","errors":[{"message":"Start time is too old.","domain":"global","reason":"invalid"}],"status":"INVALID_ARGUMENT"}}`)
	}))
	defer srv.Close()
	r := run(t, setup{endpoint: srv.URL})
	want := "google_workspace: GET " + reportsPath + ": HTTP 400 Bad Request: Google refused the request (Google: INVALID_ARGUMENT/invalid: Start time is too old.); " +
		"the token audit log keeps 180 days counted back from today: with an --as-of in the past, lower lookback_days"
	if r.err == nil || r.err.Error() != want {
		t.Errorf("error %v\nwant %s", r.err, want)
	}
}

func TestTenThousandPages(t *testing.T) {
	for _, scan := range []bool{false, true} {
		// One after the other: each needs the CPUs to itself to be quick.
		t.Run(fmt.Sprint("scan=", scan), func(t *testing.T) {
			const n = 10_000
			seed := googleworkspace.SandboxSeed{Token: goodToken, PageSize: 1, Licenses: []googleworkspace.SandboxLicense{{ProductID: "Google-Apps", SKUID: "1"}}}
			for i := range n {
				if scan {
					seed.Licenses[0].UserIDs = append(seed.Licenses[0].UserIDs, fmt.Sprintf("u%d@acme.example", i))
				} else {
					seed.Grants = append(seed.Grants, googleworkspace.SandboxGrant{Time: asOf.Add(-time.Duration(i) * time.Minute), ActorEmail: fmt.Sprintf("u%d@acme.example", i),
						ClientID: fmt.Sprintf("%d.apps.googleusercontent.com", i%7), AppName: fmt.Sprint("App ", i%7)})
				}
			}
			r := run(t, setup{scan: scan, seed: seed, limiter: rate.NewLimiter(rate.Inf, 0)})
			t.Logf("%d requests, waited %s", len(r.requests), r.slept)
			if r.err != nil {
				t.Fatal(r.err)
			}
			if len(r.requests) != n {
				t.Errorf("%d requests, want %d", len(r.requests), n)
			}
			if scan && len(r.usage.Users) != n {
				t.Errorf("users = %d, want %d", len(r.usage.Users), n)
			}
			if !scan {
				total := 0
				for _, tool := range r.found.Tools {
					total += tool.Users
				}
				if len(r.found.Tools) != 7 || total != n {
					t.Errorf("%d tools with %d users, want 7 with %d", len(r.found.Tools), total, n)
				}
			}
		})
	}
}

func TestValidateScanner(t *testing.T) {
	tests := []struct {
		name, body, tokenEnv string
		want                 []string
	}{
		{name: "ok", tokenEnv: "T", body: scanSettings},
		{name: "domain and sku", tokenEnv: "T", body: `customer_id = "acme.example"
    product_id = "101031"
    sku_id = "Google-Apps-For-Education"`},
		{name: "missing token_env", body: scanSettings, want: []string{"Missing token_env"}},
		{name: "missing product_id", tokenEnv: "T", body: `customer_id = "C01abc"`, want: []string{"Missing product_id setting"}},
		{name: "missing customer_id", tokenEnv: "T", body: `product_id = "Google-Apps"`, want: []string{"Missing customer_id setting"}},
		{name: "my_customer", tokenEnv: "T", body: `customer_id = "my_customer"
    product_id = "Google-Apps"`, want: []string{"Invalid customer_id setting"}},
		{name: "customer_id not a string", tokenEnv: "T", body: `customer_id = 12
    product_id = "Google-Apps"`, want: []string{"Invalid customer_id setting"}},
		{name: "bad product_id", tokenEnv: "T", body: `customer_id = "C01abc"
    product_id = "Google Apps/../x"`, want: []string{"Invalid product_id setting"}},
		{name: "bad sku_id", tokenEnv: "T", body: scanSettings + `sku_id = ""`, want: []string{"Invalid sku_id setting"}},
		{name: "unknown setting", tokenEnv: "T", body: scanSettings + `lookback_days = 3`, want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scantest.ValidateErrors(t, googleworkspace.New(), tt.tokenEnv, tt.body)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateDiscoverer(t *testing.T) {
	tests := []struct {
		name, body, tokenEnv string
		want                 []string
	}{
		{name: "ok", tokenEnv: "T"},
		{name: "every setting", tokenEnv: "T", body: "customer_id = \"C01abc\"\n lookback_days = 30\n include_google_apps = true"},
		{name: "the acme example", tokenEnv: "GOOGLE_TOKEN", body: `customer_id = "C01abc"`},
		{name: "missing token_env", want: []string{"Missing token_env"}},
		{name: "bad customer_id", tokenEnv: "T", body: `customer_id = "acme.example"`, want: []string{"Invalid customer_id setting"}},
		{name: "lookback_days too long", tokenEnv: "T", body: `lookback_days = 181`, want: []string{"Invalid lookback_days setting"}},
		{name: "lookback_days zero", tokenEnv: "T", body: `lookback_days = 0`, want: []string{"Invalid lookback_days setting"}},
		{name: "lookback_days fraction", tokenEnv: "T", body: `lookback_days = 1.5`, want: []string{"Invalid lookback_days setting"}},
		{name: "lookback_days string", tokenEnv: "T", body: `lookback_days = "30"`, want: []string{"Invalid lookback_days setting"}},
		{name: "include_google_apps not bool", tokenEnv: "T", body: `include_google_apps = "yes"`, want: []string{"Invalid include_google_apps setting"}},
		{name: "unknown setting", tokenEnv: "T", body: `product_id = "Google-Apps"`, want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "discovery \"google_workspace\" {\n"
			if tt.tokenEnv != "" {
				src += "  token_env = \"" + tt.tokenEnv + "\"\n"
			}
			src += "  " + tt.body + "\n}\n"
			var got []string
			for _, d := range googleworkspace.NewDiscoverer().Validate(scantest.Load(t, src).Discoveries[0]) {
				if d.Severity == hcl.DiagError {
					got = append(got, d.Summary)
					if d.Subject == nil || d.Subject.Filename == "" {
						t.Errorf("diagnostic %q has no subject range", d.Summary)
					}
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDecodeActivities(f *testing.F) {
	f.Add([]byte(`{"kind":"admin#reports#activities","nextPageToken":"x","items":[{"id":{"time":"2024-05-01T10:00:00.000Z","applicationName":"token"},"actor":{"email":"a@x.com"},"events":[{"type":"auth","name":"authorize","parameters":[{"name":"client_id","value":"123.apps.googleusercontent.com"},{"name":"app_name","value":"Some App"},{"name":"scope","multiValue":["https://www.googleapis.com/auth/drive"]}]}]}]}`))
	f.Add([]byte(`{"kind":"admin#reports#activities","etag":"x"}`))
	f.Add([]byte(`{"items":null}`))
	f.Add([]byte(`{"kind":"licensing#licenseAssignmentList","items":[{"userId":"a@x.com"}]}`))
	f.Add([]byte(`{"items":[{"id":{"time":"yesterday"}}]}`))
	f.Add([]byte(`{"kind":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := googleworkspace.DecodeActivities(data)
		checkDecoded(t, data, err)
	})
}

func FuzzDecodeLicenses(f *testing.F) {
	f.Add([]byte(`{"kind":"licensing#licenseAssignmentList","items":[{"kind":"licensing#licenseAssignment","userId":"a@x.com","productId":"Google-Apps","skuId":"1010020027","skuName":"Business Standard"}],"nextPageToken":"x"}`))
	f.Add([]byte(`{"kind":"licensing#licenseAssignmentList"}`))
	f.Add([]byte(`{"items":[{"userId":""}]}`))
	f.Add([]byte(`{"items":{}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := googleworkspace.DecodeLicenses(data)
		checkDecoded(t, data, err)
		if err == nil {
			for _, a := range p.Items {
				if strings.TrimSpace(a.UserID) == "" {
					t.Fatal("accepted an assignment without userId")
				}
			}
		}
	})
}

func checkDecoded(t *testing.T, data []byte, err error) {
	t.Helper()
	if err == nil && !json.Valid(data) {
		t.Fatal("accepted invalid JSON")
	}
	if err != nil && len(data) > 20 && strings.Contains(err.Error(), string(data)) {
		t.Fatalf("error quotes the body: %v", err)
	}
}
