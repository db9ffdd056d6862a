package scantest

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// AsOf is the audit date of every run (unless Vendor.AsOf says
// otherwise), for the seeds and the wanted activity of the kinds' tests.
func AsOf() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }

// Setup is one run of a kind's scanner or discoverer (see Vendor.Run)
// against a handler served on loopback: Handler, or else the kind's
// simulator serving Seed.
type Setup struct {
	// Handler answers like the vendor (a canned handler, or a simulator
	// built by the test).
	Handler http.Handler
	// Seed (an S or *S of the kind's sandbox seed type) is served by
	// Vendor.Simulator with Faults, when Handler is nil.
	Seed   any
	Faults sandbox.Faults
	// Endpoint replaces the vendor's base path on the server: a path
	// ("/hubspot/crm/v3") is on the server; anything else is a URL, in
	// which "{host}" stands for the server's host and port.
	Endpoint string
	// NoEndpoint leaves Env.BaseURL empty: the scanner finds its own URL.
	NoEndpoint bool
	// Token is what the token variable holds (default Vendor.Token).
	Token string
	// HCL replaces Vendor.HCL (for a block with other settings).
	HCL string
	// Settings is a line of HCL that ToolHCL adds to the scan block, when
	// neither HCL nor Vendor.HCL is set.
	Settings string
	// Opts replaces Fast(); Run sets its Logf, and records its waits
	// on the way to its Sleep.
	Opts *scanners.ClientOptions
	// Limiter is the vendor's shared rate limit (default none).
	Limiter *rate.Limiter
	// Timeout is a deadline on the whole run, for the tests about one
	// (default none: a budget would fail a loaded machine, not a slow
	// scanner; a hang ends with go test's own timeout).
	Timeout time.Duration
	// NoCatalog leaves Env.Catalog nil (default: the inventory's).
	NoCatalog bool
	// Blocking makes the sleeper wait for the run's context instead of
	// returning at once.
	Blocking bool
	// CancelOnWait cancels the run (as Ctrl-C would) when the client
	// first asks to wait; the wait ends with the context.
	CancelOnWait bool
	// MaxUsers is the scan's user cap (scanners.WithMaxUsers), as Run
	// sets it from --max-users (default none).
	MaxUsers int
}

// Result is what one run returned, with what the server received and
// what the client asked to wait.
type Result struct {
	Usage *usage.ToolUsage
	Found *usage.Discovered
	Err   error
	// Log is everything the HTTP client logged.
	Log string
	// Waits are the waits the client asked Sleep for, in order.
	Waits []time.Duration
	// Requests are the requests the server received.
	Requests []Request
	// URL is the server's root URL (scheme, host and port).
	URL string
	// Served are the requests as the simulator saw them, when the run
	// was against Setup.Seed.
	Served []sandbox.Request
}

// Request is one request a test server received.
type Request struct {
	Method, Path, RawQuery string
	Header                 http.Header
}

// Recorder is an http.Handler that records every request and hands it to
// Handler (a 401 when nil).
type Recorder struct {
	Handler http.Handler

	mu   sync.Mutex
	reqs []Request
}

func (rec *Recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone()})
	rec.mu.Unlock()
	if rec.Handler == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"unauthorized"}`))
		return
	}
	rec.Handler.ServeHTTP(w, r)
}

// Requests returns a copy of the requests received so far.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Request(nil), rec.reqs...)
}

// Sleeper is a ClientOptions.Sleep that records every wait and hands it
// to Next (a fake clock's Sleep, say), or returns at once when Next is
// nil, so that tests assert what the client waited and never how long a
// run took. When Blocking, it waits for the context instead, as a real
// sleeper would for a long wait, after calling Cancel if set.
type Sleeper struct {
	Next     func(ctx context.Context, d time.Duration) error
	Blocking bool
	Cancel   func()

	mu    sync.Mutex
	waits []time.Duration
}

// Sleep is a ClientOptions.Sleep.
func (s *Sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	switch {
	case s.Blocking:
		if s.Cancel != nil {
			s.Cancel()
		}
		<-ctx.Done()
	case s.Next != nil:
		return s.Next(ctx, d)
	}
	return ctx.Err()
}

// Waits returns the waits asked for so far.
func (s *Sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// Run runs v's scanner (or discoverer) once against s.Handler, with the
// token in v.TokenEnv, Fast() options (or s.Opts) whose Sleep is a
// Sleeper and whose log is collected.
func (v Vendor) Run(t testing.TB, s Setup) Result {
	t.Helper()
	var sim *sandbox.Sandbox
	if s.Opts == nil {
		opts := Fast()
		s.Opts = &opts
	}
	if s.Handler == nil && s.Seed == nil && v.Seed != nil {
		s.Seed = v.Seed()
	}
	if s.Handler == nil && s.Seed != nil {
		sim = v.Simulator().New(s.Seed, s.Faults)
		// The simulator reads the client's clock: a rate-limit reset it
		// announces is then exactly as far ahead as it says, however
		// slowly a busy machine runs the test.
		if s.Opts.Now != nil {
			sim.SetClock(s.Opts.Now)
		}
		s.Handler = sim
	}
	rec := &Recorder{Handler: s.Handler}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	base := srv.URL + v.Base
	switch {
	case strings.HasPrefix(s.Endpoint, "/"):
		base = srv.URL + s.Endpoint
	case s.Endpoint != "":
		base = strings.ReplaceAll(s.Endpoint, "{host}", strings.TrimPrefix(srv.URL, "http://"))
	}
	if s.NoEndpoint {
		base = ""
	}
	r := v.run(t, s, base)
	r.Requests, r.URL = rec.Requests(), srv.URL
	if sim != nil {
		r.Served = sim.Requests()
	}
	return r
}

// ToolHCL is an inventory of one tool, v.Tool, with a scan block of the
// kind that reads v.TokenEnv and has v.Settings and the given settings
// (lines of HCL): the inventory most of a kind's tests scan.
func (v Vendor) ToolHCL(settings ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "tool %q {\n  category = \"crm\"\n  scan %q {\n    token_env = %q\n", v.Tool, v.Kind, v.TokenEnv)
	for _, s := range append(slices.Clip(v.Settings), settings...) {
		if s != "" {
			b.WriteString("    " + s + "\n")
		}
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// run calls the scanner or discoverer with baseURL as the endpoint.
func (v Vendor) run(t testing.TB, s Setup, baseURL string) Result {
	t.Helper()
	src := cmp.Or(s.HCL, v.HCL)
	if src == "" {
		src = v.ToolHCL(s.Settings)
	}
	inv := Load(t, src)
	token := s.Token
	if token == "" {
		token = v.Token
	}
	opts := Fast()
	if s.Opts != nil {
		opts = *s.Opts
	}
	var log Log
	// Recorded on the way to the options' own sleeper, so that a fake
	// clock's Now still moves with its Sleep.
	sleeper := &Sleeper{Next: opts.Sleep, Blocking: s.Blocking || s.CancelOnWait}
	opts.Logf, opts.Sleep = log.Logf, sleeper.Sleep
	env := scanners.Env{
		Getenv:  func(k string) string { return map[string]string{v.TokenEnv: token}[k] },
		AsOf:    cmp.Or(v.AsOf, AsOf()),
		BaseURL: baseURL,
		Limiter: s.Limiter,
		HTTP:    opts,
	}
	if !s.NoCatalog {
		env.Catalog = inv.Catalog
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if s.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeout(ctx, s.Timeout)
		defer stop()
	}
	if s.CancelOnWait {
		sleeper.Cancel = cancel
	}
	if s.MaxUsers > 0 {
		ctx = scanners.WithMaxUsers(ctx, s.MaxUsers)
	}
	var r Result
	switch {
	case v.Scanner != nil:
		tool := inv.Tool(v.Tool)
		if tool == nil {
			t.Fatalf("the inventory has no tool %q", v.Tool)
		}
		r.Usage, r.Err = v.Scanner.Scan(ctx, tool, env)
	case v.Discoverer != nil:
		if len(inv.Discoveries) != 1 {
			t.Fatalf("the inventory has %d discoveries, want 1", len(inv.Discoveries))
		}
		r.Found, r.Err = v.Discoverer.Discover(ctx, inv.Discoveries[0], env)
	default:
		t.Fatal("the vendor has neither a Scanner nor a Discoverer")
	}
	r.Log, r.Waits = log.String(), sleeper.Waits()
	return r
}

// NotShown fails the test when the run's error or its log shows any of
// secrets (tokens, keys).
func (r Result) NotShown(t testing.TB, secrets ...string) {
	t.Helper()
	NotShown(t, r.Err, secrets...)
	for _, s := range secrets {
		if strings.Contains(r.Log, s) {
			t.Errorf("the log shows %q: %s", s, r.Log)
		}
	}
}

// Calls fails the test unless the simulator served want requests.
func (r Result) Calls(t testing.TB, want int) {
	t.Helper()
	if len(r.Served) != want {
		t.Errorf("%d requests, want %d", len(r.Served), want)
	}
}
