package scantest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// The cases of Conformance, by name; Vendor.Skip names the ones that do
// not apply to a kind.
const (
	CaseAuth              = "auth failure"
	CaseScope             = "403 missing scope"
	Case404               = "404"
	CaseRetryAfter        = "429 with Retry-After then success"
	Case429Backoff        = "429 without Retry-After then success"
	CaseLongRetryAfter    = "429 with a Retry-After beyond the limit"
	Case5xxThenSuccess    = "5xx then success"
	Case5xxForever        = "5xx forever"
	CaseTruncated         = "truncated body"
	CaseOversized         = "oversized body"
	CaseMalformed         = "malformed JSON"
	CaseLoopingCursor     = "looping cursor"
	CaseTenThousandPages  = "10,000 pages"
	CaseCrossHostNext     = "cross-host next link"
	CaseCrossHostRedirect = "cross-host redirect"
	CaseRefused           = "connection refused"
	CaseHang              = "server never answers"
	CaseCancelled         = "cancelled while backing off"
	CaseRateLimit         = "shared rate limit"
	CaseRateLimitDeadline = "rate limit beyond the deadline"
	CaseUserCap           = "users beyond the cap"
)

// Cases lists every case of Conformance, in the order it runs them.
func Cases() []string {
	return []string{CaseAuth, CaseScope, Case404, CaseRetryAfter, Case429Backoff, CaseLongRetryAfter,
		Case5xxThenSuccess, Case5xxForever, CaseTruncated, CaseOversized, CaseMalformed, CaseLoopingCursor,
		CaseTenThousandPages, CaseCrossHostNext, CaseCrossHostRedirect, CaseRefused, CaseHang, CaseCancelled,
		CaseRateLimit, CaseRateLimitDeadline, CaseUserCap}
}

// SkipAll skips every case, for a kind that makes no HTTP call.
func SkipAll(why string) map[string]string {
	m := map[string]string{}
	for _, c := range Cases() {
		m[c] = why
	}
	return m
}

// Account is the vendor account whose seed Vendor.Account builds.
type Account struct {
	// Users is how many seat holders (or, for a kind that pages over
	// something else, items of its paged list) the account has.
	Users int
	// PageSize is how many the API returns per page (0: the kind's
	// default).
	PageSize int
	// Token is the one token the API accepts.
	Token string
	// NoScope: the token lacks every scope (or permission) the kind
	// needs, and the API says so the vendor's way.
	NoScope bool
	// LoopingCursor: every page points to the same next page.
	LoopingCursor bool
}

// Vendor adapts one kind to the conformance suite and to Run. Everything
// that differs between kinds is here; the generic faults (statuses,
// bodies, redirects, hangs) are injected by the suite around Account's
// handler.
type Vendor struct {
	// Kind is the kind's name (the scan block label), also in messages.
	Kind string
	// Scanner or Discoverer is what runs (exactly one).
	Scanner    scanners.Scanner
	Discoverer scanners.Discoverer
	// HCL is an inventory with the tool Tool whose scan block is of the
	// kind, or with one discovery block of it, reading TokenEnv (default
	// ToolHCL()).
	HCL      string
	Tool     string
	TokenEnv string
	// Settings are lines of HCL that ToolHCL writes in every scan block
	// (a host, an organization).
	Settings []string
	// Token is the token a healthy account accepts.
	Token string
	// BadToken is a token the account rejects (default: Token with
	// "CANARY" in it).
	BadToken string
	// Account builds the seed of an account, which Simulator serves;
	// the scanner's base URL is Base on that server.
	Account func(Account) any
	Base    string
	// Simulator is the kind's simulator, which serves Setup.Seed.
	Simulator func() sandbox.Vendor
	// Seed is the seed Run serves when a Setup has neither Handler nor
	// Seed (default: none, and the server answers 401).
	Seed func() any
	// Count is what a run found, to compare with Want (default: the
	// number of users).
	Count func(*usage.ToolUsage, *usage.Discovered) int
	// Want is what Count returns for an account of n users (default n).
	Want func(n int) int
	// ErrPrefix names the kind's first call in its errors, such as
	// "hubspot: GET /settings/v3/users/".
	ErrPrefix string
	// Secrets are strings no error may show (query parameters, cursor
	// encodings), besides the tokens.
	Secrets []string
	// Skip maps a case that does not apply to the kind to the reason.
	Skip map[string]string
	// AsOf is the audit date (default 2026-11-20).
	AsOf time.Time
}

// account serves the account a with the kind's simulator: every kind's
// simulator pages in a loop when the account asks for it.
func (v Vendor) account(a Account) http.Handler {
	return v.Simulator().New(v.Account(a), sandbox.Faults{LoopingCursor: a.LoopingCursor})
}

// Scopes are the scopes of the account's token, for a seed whose nil
// scope list means every scope: none when NoScope.
func (a Account) Scopes() []string {
	if a.NoScope {
		return []string{}
	}
	return nil
}

// List makes the list item(0) to item(n-1) (nil when n is 0): an
// Account's users, or other paged items, in its seed.
func List[T any](n int, item func(i int) T) []T {
	var out []T
	for i := range n {
		out = append(out, item(i))
	}
	return out
}

// ToolUsers is a Vendor.Count for discoverers: the users of every tool
// found.
func ToolUsers(_ *usage.ToolUsage, d *usage.Discovered) int {
	n := 0
	for _, t := range d.Tools {
		n += t.Users
	}
	return n
}

// Conformance runs every case against v: the behaviour every vendor kind
// owes its users whatever the vendor, asserted on the error, the requests
// the server received and the waits the client asked for, never on how
// long anything took.
func Conformance(t *testing.T, v Vendor) {
	t.Helper()
	for c := range v.Skip {
		if !slices.Contains(Cases(), c) {
			t.Errorf("Skip names no case: %q", c)
		}
	}
	// Two pages of users: enough for a fault on the first call to be
	// followed by more calls.
	c := conformance{v: v, healthy: Account{Users: 150, PageSize: 100, Token: v.Token}}
	if len(v.Skip) < len(Cases()) {
		base := v.Run(t, Setup{Handler: v.account(c.healthy)})
		if base.Err != nil {
			t.Fatalf("healthy account: %v", base.Err)
		}
		if got, want := c.count(base), c.want(c.healthy.Users); got != want {
			t.Fatalf("healthy account: found %d, want %d", got, want)
		}
		c.calls = len(base.Requests)
	}
	cases := map[string]func(t *testing.T){
		CaseAuth: c.auth, CaseScope: c.scope, Case404: c.notFound, CaseRetryAfter: c.retryAfter,
		Case429Backoff: c.backoff429, CaseLongRetryAfter: c.longRetryAfter, Case5xxThenSuccess: c.fail5xxThenSuccess,
		Case5xxForever: c.fail5xxForever, CaseTruncated: c.truncated, CaseOversized: c.oversized,
		CaseMalformed: c.malformed, CaseLoopingCursor: c.loopingCursor, CaseTenThousandPages: c.tenThousandPages,
		CaseCrossHostNext: c.crossHostNext, CaseCrossHostRedirect: c.crossHostRedirect, CaseRefused: c.refused,
		CaseHang: c.hang, CaseCancelled: c.cancelled, CaseRateLimit: c.rateLimit, CaseRateLimitDeadline: c.rateLimitDeadline,
		CaseUserCap: c.userCap,
	}
	for _, name := range Cases() {
		t.Run(name, func(t *testing.T) {
			if why, ok := v.Skip[name]; ok {
				t.Skipf("does not apply to %s: %s", v.Kind, why)
			}
			t.Parallel()
			cases[name](t)
		})
	}
}

type conformance struct {
	v       Vendor
	healthy Account
	// calls is how many requests a scan of the healthy account sends.
	calls int
}

func (c conformance) count(r Result) int {
	if c.v.Count != nil {
		return c.v.Count(r.Usage, r.Found)
	}
	if r.Usage == nil {
		return -1
	}
	return len(r.Usage.Users)
}

func (c conformance) want(n int) int {
	if c.v.Want != nil {
		return c.v.Want(n)
	}
	return n
}

// faulty runs the healthy account behind a handler that answers the
// requests it wants to itself.
func (c conformance) faulty(t *testing.T, fault func(w http.ResponseWriter, r *http.Request, n int) bool, s Setup) Result {
	t.Helper()
	h := c.v.account(c.healthy)
	var n atomic.Int64
	s.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fault(w, r, int(n.Add(1))) {
			h.ServeHTTP(w, r)
		}
	})
	r := c.v.Run(t, s)
	t.Logf("%d requests, waits %v: %v", len(r.Requests), r.Waits, r.Err)
	c.noSecrets(t, r, c.v.Token)
	return r
}

// succeeded fails unless r found the healthy account's users in calls
// requests.
func (c conformance) succeeded(t *testing.T, r Result, calls int) {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("unexpected error: %v", r.Err)
	}
	if got, want := c.count(r), c.want(c.healthy.Users); got != want {
		t.Errorf("found %d, want %d", got, want)
	}
	if len(r.Requests) != calls {
		t.Errorf("%d requests, want %d", len(r.Requests), calls)
	}
}

// failed fails unless r ended in an error from the kind's first call that
// contains every want, after calls requests (when not 0).
func (c conformance) failed(t *testing.T, r Result, calls int, want ...string) {
	t.Helper()
	if r.Err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	for _, w := range append([]string{c.v.ErrPrefix}, want...) {
		if !strings.Contains(r.Err.Error(), w) {
			t.Errorf("error %q\nwant it to contain %q", r.Err, w)
		}
	}
	if calls != 0 && len(r.Requests) != calls {
		t.Errorf("%d requests, want %d", len(r.Requests), calls)
	}
}

// noSecrets fails when a token shows in the error or the log, or a secret
// in the error.
func (c conformance) noSecrets(t *testing.T, r Result, tokens ...string) {
	t.Helper()
	for _, tok := range tokens {
		if strings.Contains(r.Log, tok) {
			t.Errorf("the token appears in the log")
		}
	}
	NotShown(t, r.Err, append(tokens, c.v.Secrets...)...)
}

// waited fails unless the client asked for exactly want waits, each
// within [lo, hi].
func (c conformance) waited(t *testing.T, r Result, want int, lo, hi time.Duration) {
	t.Helper()
	if len(r.Waits) != want {
		t.Errorf("waits %v, want %d", r.Waits, want)
	}
	for _, d := range r.Waits {
		if d < lo || d > hi {
			t.Errorf("a wait of %s, want one within [%s, %s]", d, lo, hi)
		}
	}
}

func (c conformance) auth(t *testing.T) {
	bad := c.v.badToken()
	r := c.v.Run(t, Setup{Handler: c.v.account(c.healthy), Token: bad})
	if r.Err == nil {
		t.Fatal("no error for a rejected token")
	}
	if !strings.Contains(r.Err.Error(), c.v.TokenEnv) {
		t.Errorf("error %q does not name %s", r.Err, c.v.TokenEnv)
	}
	c.noSecrets(t, r, bad, c.v.Token)
}

func (c conformance) scope(t *testing.T) {
	a := c.healthy
	a.NoScope = true
	r := c.v.Run(t, Setup{Handler: c.v.account(a)})
	c.failed(t, r, 1, c.v.TokenEnv)
	c.noSecrets(t, r, c.v.Token)
}

func (c conformance) notFound(t *testing.T) {
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		http.NotFound(w, r)
		return true
	}, Setup{})
	c.failed(t, r, 1, "HTTP 404")
}

// status429 answers the first n requests with 429 and retryAfter.
func status429(n int, retryAfter string) func(w http.ResponseWriter, r *http.Request, i int) bool {
	return func(w http.ResponseWriter, r *http.Request, i int) bool {
		if i > n {
			return false
		}
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, http.StatusTooManyRequests, `{"error":"too many requests"}`)
		return true
	}
}

func (c conformance) retryAfter(t *testing.T) {
	r := c.faulty(t, status429(1, "1"), Setup{})
	c.succeeded(t, r, c.calls+1)
	c.waited(t, r, 1, time.Second, time.Second)
}

func (c conformance) backoff429(t *testing.T) {
	o := Fast()
	r := c.faulty(t, status429(2, ""), Setup{Opts: &o})
	c.succeeded(t, r, c.calls+2)
	d := o.WithDefaults()
	c.waited(t, r, 2, d.MinBackoff, d.MaxBackoff)
}

func (c conformance) longRetryAfter(t *testing.T) {
	r := c.faulty(t, status429(1, "86400"), Setup{})
	c.failed(t, r, 1, "retry after 24h")
	c.waited(t, r, 0, 0, 0)
}

func (c conformance) fail5xxThenSuccess(t *testing.T) {
	o := Fast()
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, i int) bool {
		if i > 2 {
			return false
		}
		writeJSON(w, http.StatusInternalServerError, `{"error":"internal error"}`)
		return true
	}, Setup{Opts: &o})
	c.succeeded(t, r, c.calls+2)
	d := o.WithDefaults()
	c.waited(t, r, 2, d.MinBackoff, d.MaxBackoff)
}

func (c conformance) fail5xxForever(t *testing.T) {
	o := Fast()
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		writeJSON(w, http.StatusServiceUnavailable, `{"error":"service unavailable"}`)
		return true
	}, Setup{Opts: &o})
	attempts := o.Retries + 1
	c.failed(t, r, attempts, "HTTP 503 Service Unavailable", fmt.Sprintf("(after %d attempts)", attempts))
	d := o.WithDefaults()
	c.waited(t, r, o.Retries, d.MinBackoff, d.MaxBackoff)
}

func (c conformance) truncated(t *testing.T) {
	o := Fast()
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		// A handler that writes less than it promised makes the server
		// close the connection: the client sees an unexpected EOF.
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		_, _ = w.Write([]byte(`{"results": [{"id": `))
		return true
	}, Setup{Opts: &o})
	c.failed(t, r, o.Retries+1, "the response ended early")
}

func (c conformance) oversized(t *testing.T) {
	o := Fast()
	o.MaxBody = 64 << 10
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		writeJSON(w, http.StatusOK, `{"padding": "`+strings.Repeat("x", 2*o.MaxBody)+`"}`)
		return true
	}, Setup{Opts: &o})
	// Not retried: the answer would be as large again.
	c.failed(t, r, 1, "response larger than the "+strconv.Itoa(o.MaxBody)+"-byte limit")
}

func (c conformance) malformed(t *testing.T) {
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		writeJSON(w, http.StatusOK, `{"results": [{"id": "1", "email": `)
		return true
	}, Setup{})
	c.failed(t, r, 0, "invalid JSON response")
	// Not retried (the kind may ignore the body of a call before the
	// one that fails).
	seen := map[string]bool{}
	for _, q := range r.Requests {
		if seen[q.Path+"?"+q.RawQuery] {
			t.Errorf("%s sent again", q.Path)
		}
		seen[q.Path+"?"+q.RawQuery] = true
	}
}

func (c conformance) loopingCursor(t *testing.T) {
	a := c.healthy
	a.LoopingCursor = true
	r := c.v.Run(t, Setup{Handler: c.v.account(a)})
	c.failed(t, r, 0)
	if !errors.Is(r.Err, scanners.ErrCursorLoop) {
		t.Errorf("error %v, want %v", r.Err, scanners.ErrCursorLoop)
	}
	// Caught on the first page that repeats, not after MaxPages.
	if len(r.Requests) > c.calls+2 {
		t.Errorf("%d requests before the loop was caught", len(r.Requests))
	}
	c.noSecrets(t, r, c.v.Token)
}

func (c conformance) tenThousandPages(t *testing.T) {
	const n = 10_000
	r := c.v.Run(t, Setup{Handler: c.v.account(Account{Users: n, PageSize: 1, Token: c.v.Token})})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, want := c.count(r), c.want(n); got != want {
		t.Errorf("found %d, want %d", got, want)
	}
	if len(r.Requests) < n {
		t.Errorf("%d requests, want a page for each of the %d", len(r.Requests), n)
	}
	if r.Usage != nil {
		seen := map[string]bool{}
		for _, u := range r.Usage.Users {
			if seen[u.ID] {
				t.Fatalf("user %s twice", u.ID)
			}
			seen[u.ID] = true
		}
	}
}

// userCap: a vendor listing new users page after page (here 10,000, one
// page of 100 at a time) stops the scan at its user cap, before the page
// after the one that reached it: the users kept, not the time taken,
// bound its memory. A kind whose count is not of users (a discoverer, a
// contact count) has nothing to cap.
func (c conformance) userCap(t *testing.T) {
	if c.v.Scanner == nil || c.v.Count != nil {
		t.Skip("the kind's count is not of users")
	}
	const limit, pageSize = 120, 100
	r := c.v.Run(t, Setup{Handler: c.v.account(Account{Users: 10_000, PageSize: pageSize, Token: c.v.Token}), MaxUsers: limit})
	c.failed(t, r, 0, "stopped after 120 users", "--max-users")
	if !errors.Is(r.Err, scanners.ErrUserCap) {
		t.Errorf("error %v, want %v", r.Err, scanners.ErrUserCap)
	}
	// The calls of the healthy account (two pages of users, and any
	// other call) are about what a scan that stops after two pages sends.
	if len(r.Requests) > c.calls+2 {
		t.Errorf("%d requests: the scan went on after the cap", len(r.Requests))
	}
}

// other is another origin (same address, another port) that records what
// it receives and answers 401.
func other(t *testing.T) (*Recorder, string) {
	t.Helper()
	rec := &Recorder{}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

// tokenSent fails when a request carries credentials or the token.
func (c conformance) tokenSent(t *testing.T, reqs []Request) {
	t.Helper()
	for _, q := range reqs {
		if q.Header.Get("Authorization") != "" || q.Header.Get("Cookie") != "" {
			t.Errorf("the other host received credentials with %s %s", q.Method, q.Path)
		}
		for name, vals := range q.Header {
			for _, v := range vals {
				if strings.Contains(v, c.v.Token) {
					t.Errorf("the other host received the token in %s", name)
				}
			}
		}
	}
}

func (c conformance) crossHostNext(t *testing.T) {
	rec, otherURL := other(t)
	host := strings.TrimPrefix(otherURL, "http://")
	a := c.healthy
	a.Users, a.PageSize = 3, 1
	h := c.v.account(a)
	// The API builds its links from the Host it was reached at.
	r := c.v.Run(t, Setup{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Host = host
		h.ServeHTTP(w, r)
	})})
	t.Logf("%d requests: %v", len(r.Requests), r.Err)
	if r.Err == nil || !strings.Contains(r.Err.Error(), "pointed to another host ("+host+")") {
		t.Errorf("error %v, want the link to %s refused", r.Err, host)
	}
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("the other host received %d requests", n)
	}
	c.noSecrets(t, r, c.v.Token)
}

func (c conformance) crossHostRedirect(t *testing.T) {
	rec, otherURL := other(t)
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		http.Redirect(w, r, otherURL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		return true
	}, Setup{})
	reqs := rec.Requests()
	if len(reqs) == 0 {
		t.Fatal("the redirect was not followed")
	}
	c.tokenSent(t, reqs)
	c.failed(t, r, 0, "HTTP 401")
}

func (c conformance) refused(t *testing.T) {
	r := c.v.Run(t, Setup{Endpoint: RefusedURL(t, c.v.Base)})
	c.failed(t, r, 0, "connection refused")
	c.noSecrets(t, r, c.v.Token)
}

func (c conformance) hang(t *testing.T) {
	o := Fast()
	// The per-attempt timeout is real time: long enough that a loaded
	// machine still delivers each attempt to the server before it ends.
	o.Timeout, o.Retries = time.Second, 1
	r := c.faulty(t, func(w http.ResponseWriter, r *http.Request, _ int) bool {
		<-r.Context().Done()
		return true
	}, Setup{Opts: &o})
	c.failed(t, r, 0, "no complete answer within 1s")
	// Retried once; on a loaded machine an attempt may time out before
	// the server has read it, so the server may see fewer.
	if n := len(r.Requests); n < 1 || n > o.Retries+1 {
		t.Errorf("%d requests, want 1 to %d", n, o.Retries+1)
	}
	if !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("error %v, want %v", r.Err, context.DeadlineExceeded)
	}
}

// cancelled: a run stopped (Ctrl-C) while the client waits to retry ends
// with the context's error, not the vendor's.
func (c conformance) cancelled(t *testing.T) {
	// The first wait (through ClientOptions.Sleep) cancels the run.
	r := c.faulty(t, status429(1<<30, "2"), Setup{CancelOnWait: true})
	if !errors.Is(r.Err, context.Canceled) {
		t.Errorf("error %v, want %v", r.Err, context.Canceled)
	}
	if len(r.Requests) > 1 {
		t.Errorf("%d requests, want 1", len(r.Requests))
	}
	c.waited(t, r, 1, 2*time.Second, 2*time.Second)
}

// rateLimit: every request waits for the kind's shared limiter.
func (c conformance) rateLimit(t *testing.T) {
	const perSecond = 20
	r := c.v.Run(t, Setup{Handler: c.v.account(c.healthy), Limiter: rate.NewLimiter(perSecond, 1)})
	c.succeeded(t, r, c.calls)
	var waited time.Duration
	for _, d := range r.Waits {
		waited += d
	}
	if want := time.Duration(c.calls-1) * time.Second / perSecond; waited < want {
		t.Errorf("%d requests after waits of %s in all; a limit of %d a second needs at least %s", c.calls, waited, perSecond, want)
	}
}

// rateLimitDeadline: a run whose deadline comes before its next
// rate-limit slot ends at once with the deadline's error.
func (c conformance) rateLimitDeadline(t *testing.T) {
	if c.calls < 2 {
		t.Skip("a healthy scan makes one call: the limiter's burst serves it")
	}
	r := c.v.Run(t, Setup{Handler: c.v.account(c.healthy), Limiter: rate.NewLimiter(rate.Every(time.Minute), 1), Timeout: 2 * time.Second})
	if !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("error %v, want %v", r.Err, context.DeadlineExceeded)
	}
	if len(r.Requests) != 1 {
		t.Errorf("%d requests, want the one the burst allows", len(r.Requests))
	}
	c.noSecrets(t, r, c.v.Token)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
