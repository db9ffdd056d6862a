package scanners_test

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
)

// answer writes one response; it may read the test's clock.
type answer func(w http.ResponseWriter, r *http.Request, clk *scantest.Clock)

// script serves the i-th request (from 0) with answers[min(i, last)].
type script struct {
	clk     *scantest.Clock
	calls   atomic.Int32
	answers []answer
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.calls.Add(1)) - 1
	s.answers[min(i, len(s.answers)-1)](w, r, s.clk)
}

// reply answers code with body text (a JSON message when empty) and
// headers given as name, value pairs; a value may use the clock.
func reply(code int, text string, headers ...any) answer {
	return func(w http.ResponseWriter, _ *http.Request, clk *scantest.Clock) {
		for i := 0; i+1 < len(headers); i += 2 {
			v := headers[i+1]
			if f, ok := v.(func(*scantest.Clock) string); ok {
				v = f(clk)
			}
			w.Header().Set(headers[i].(string), v.(string))
		}
		w.WriteHeader(code)
		if text == "" {
			text = fmt.Sprintf(`{"message":"%s"}`, http.StatusText(code))
		}
		io.WriteString(w, text)
	}
}

var ok200 = reply(200, `{"ok":true}`)

// epochIn is an X-RateLimit-Reset d after the clock's now.
func epochIn(d time.Duration) func(*scantest.Clock) string {
	return func(c *scantest.Clock) string { return strconv.FormatInt(c.Now().Add(d).Unix(), 10) }
}

// dateIn is an HTTP date d after the clock's now.
func dateIn(d time.Duration) func(*scantest.Clock) string {
	return func(c *scantest.Clock) string { return c.Now().Add(d).UTC().Format(http.TimeFormat) }
}

const secondaryBody = `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`

// waits says what a test expects to have been waited: exact durations,
// or ranges for backoffs (whose jitter is random) and for resets (whose
// header has whole seconds).
type waits []struct{ min, max time.Duration }

func exactly(ds ...time.Duration) waits {
	var w waits
	for _, d := range ds {
		w = append(w, struct{ min, max time.Duration }{d, d})
	}
	return w
}

func between(lo, hi time.Duration) waits { return waits{{lo, hi}} }

// backoffs are n backoff waits of the default options (500ms doubling,
// jitter on the upper half).
func backoffs(n int) waits {
	var w waits
	for i := range n {
		d := 500 * time.Millisecond << i
		w = append(w, struct{ min, max time.Duration }{max(d/2, 500*time.Millisecond), d})
	}
	return w
}

func (w waits) check(t *testing.T, got []time.Duration) {
	t.Helper()
	ok := len(got) == len(w)
	for i := 0; ok && i < len(w); i++ {
		ok = got[i] >= w[i].min && got[i] <= w[i].max
	}
	if !ok {
		t.Errorf("waited %v, want %v", got, w)
	}
}

// TestOnePolicy sends the same vendor answers through a resty Client and
// through an HTTPClient (go-github's path): the calls, the waits and the
// outcome agree, because both are the one transport.
func TestOnePolicy(t *testing.T) {
	// Vendor answers the stack must agree on, whichever library sends
	// the request.
	tests := []struct {
		name      string
		answers   []answer
		maxWait   time.Duration // MaxRetryAfter when set
		wantCalls int
		wantOK    bool // the last answer is a success
		waits     waits
	}{
		{name: "429 then success", answers: []answer{reply(429, ""), reply(429, ""), ok200}, wantCalls: 3, wantOK: true, waits: backoffs(2)},
		{name: "429 with Retry-After seconds", answers: []answer{reply(429, "", "Retry-After", "2"), ok200}, wantCalls: 2, wantOK: true, waits: exactly(2 * time.Second)},
		{name: "429 with a Retry-After date", answers: []answer{reply(429, "", "Retry-After", dateIn(30*time.Second)), ok200}, wantCalls: 2, wantOK: true, waits: between(29*time.Second, 30*time.Second)},
		{name: "503 with Retry-After", answers: []answer{reply(503, "", "Retry-After", "7"), ok200}, wantCalls: 2, wantOK: true, waits: exactly(7 * time.Second)},
		{name: "429 with a Retry-After beyond MaxRetryAfter", answers: []answer{reply(429, "", "Retry-After", "3600"), ok200}, wantCalls: 1},
		{name: "500 then success", answers: []answer{reply(500, ""), ok200}, wantCalls: 2, wantOK: true, waits: backoffs(1)},
		{name: "503 until the retries run out", answers: []answer{reply(503, "")}, wantCalls: 4, waits: backoffs(3)},
		{name: "404 is not retried", answers: []answer{reply(404, ""), ok200}, wantCalls: 1},
		{name: "GitHub primary limit: 403 until the reset", answers: []answer{
			reply(403, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epochIn(10*time.Second)), ok200},
			wantCalls: 2, wantOK: true, waits: between(10*time.Second, 11*time.Second)},
		{name: "GitHub primary limit: 429 until the reset", answers: []answer{
			reply(429, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epochIn(10*time.Second)), ok200},
			wantCalls: 2, wantOK: true, waits: between(10*time.Second, 11*time.Second)},
		{name: "GitHub primary limit resetting in an hour", answers: []answer{
			reply(403, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epochIn(time.Hour)), ok200}, wantCalls: 1},
		// A reset on an answer with calls left is the primary window's, not a
		// wait (GitHub sends it on every answer).
		{name: "GitHub 429 with calls left backs off", answers: []answer{
			reply(429, "", "X-RateLimit-Remaining", "4000", "X-RateLimit-Reset", epochIn(30*time.Minute)), ok200},
			wantCalls: 2, wantOK: true, waits: backoffs(1)},
		{name: "GitHub secondary limit with Retry-After", answers: []answer{reply(403, secondaryBody, "Retry-After", "5"), ok200},
			wantCalls: 2, wantOK: true, waits: exactly(5 * time.Second)},
		{name: "GitHub secondary limit without Retry-After waits a minute", answers: []answer{reply(403, secondaryBody), ok200},
			wantCalls: 2, wantOK: true, waits: exactly(time.Minute)},
		{name: "GitHub secondary limit without Retry-After: a minute is too long", maxWait: 30 * time.Second,
			answers: []answer{reply(403, secondaryBody), ok200}, wantCalls: 1},
		{name: "403 missing permission is not retried", answers: []answer{
			reply(403, `{"message":"Resource not accessible by personal access token"}`, "X-RateLimit-Remaining", "4999"), ok200}, wantCalls: 1},
		{name: "Okta: 429 until X-Rate-Limit-Reset", answers: []answer{
			reply(429, "", "X-Rate-Limit-Remaining", "0", "X-Rate-Limit-Reset", epochIn(45*time.Second)), ok200},
			wantCalls: 2, wantOK: true, waits: between(45*time.Second, 46*time.Second)},
		{name: "Segment: 429 until the X-RateLimit-Reset date", answers: []answer{
			reply(429, "", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", dateIn(58*time.Second)), ok200},
			wantCalls: 2, wantOK: true, waits: between(58*time.Second, 59*time.Second)},
		{name: "Okta: a reset beyond MaxRetryAfter", maxWait: 30 * time.Second, answers: []answer{
			reply(429, "", "X-Rate-Limit-Remaining", "0", "X-Rate-Limit-Reset", epochIn(45*time.Second)), ok200}, wantCalls: 1},
		{name: "truncated body is retried", answers: []answer{func(w http.ResponseWriter, _ *http.Request, _ *scantest.Clock) {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, `{"ok":`)
		}}, wantCalls: 4, waits: backoffs(3)},
		{name: "body over the limit is not retried", answers: []answer{reply(200, strings.Repeat("x", 2<<10))}, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			type result struct {
				calls int
				// attempts is the count reported with an answer (0
				// when there was none, only an error).
				attempts int
				ok       bool
				sleeps   []time.Duration
			}
			run := func(viaResty bool) result {
				clk := scantest.NewClock()
				s := &script{clk: clk, answers: tt.answers}
				srv := httptest.NewServer(s)
				defer srv.Close()
				opts := scantest.Fast()
				opts = clk.Options(opts)
				opts.MaxBody = 1 << 10
				if tt.maxWait != 0 {
					opts.MaxRetryAfter = tt.maxWait
				}
				var r result
				if viaResty {
					c := scanners.NewClient("test", srv.URL, nil, opts)
					_, err := c.Get(context.Background(), "/v1/things", nil)
					r.ok = err == nil
					var re *scanners.RequestError
					if errors.As(err, &re) {
						r.attempts = re.Attempts
					} else if err == nil {
						r.attempts = -1 // a success reports no count
					}
				} else {
					resp, _, err := get(t, scanners.Env{HTTP: opts}.HTTPClient("test"), context.Background(), http.MethodGet, srv.URL+"/v1/things")
					r.ok = err == nil && resp.StatusCode == 200
					r.attempts = scanners.Attempts(resp)
					if r.ok {
						r.attempts = -1
					}
				}
				r.calls, r.sleeps = int(s.calls.Load()), clk.Sleeps()
				return r
			}
			viaResty, viaHTTP := run(true), run(false)
			for name, r := range map[string]result{"resty": viaResty, "go-github": viaHTTP} {
				if r.calls != tt.wantCalls || r.ok != tt.wantOK {
					t.Errorf("%s: %d calls, success %v; want %d, %v", name, r.calls, r.ok, tt.wantCalls, tt.wantOK)
				}
				tt.waits.check(t, r.sleeps)
			}
			// The same decisions: same calls and number of waits, and the
			// same server-asked waits (backoff jitter aside).
			if viaResty.calls != viaHTTP.calls || len(viaResty.sleeps) != len(viaHTTP.sleeps) {
				t.Errorf("resty %+v, go-github %+v", viaResty, viaHTTP)
			}
			// A failure with an answer tells how often it was sent.
			if viaResty.attempts != viaHTTP.attempts || viaHTTP.attempts > 0 && viaHTTP.attempts != tt.wantCalls {
				t.Errorf("attempts reported: resty %d, go-github %d; want %d", viaResty.attempts, viaHTTP.attempts, tt.wantCalls)
			}
		})
	}
}

func get(t *testing.T, c *http.Client, ctx context.Context, method, url string) (*http.Response, string, error) {
	t.Helper()
	var rd io.Reader
	if method == http.MethodPost {
		rd = strings.NewReader("{}")
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer secret-token-value")
	resp, err := c.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, string(data), err
}

// TestLongWaitErrors: a wait beyond MaxRetryAfter ends a Client call with
// a clear error, and returns the vendor's answer to go-github.
func TestLongWaitErrors(t *testing.T) {
	t.Parallel()
	s := &script{answers: []answer{reply(429, "", "Retry-After", "86400")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	_, err := scanners.NewClient("test", srv.URL, nil, scantest.Fast()).Get(context.Background(), "/v1/x", nil)
	if err == nil || err.Error() != "test: GET /v1/x: rate limited: the server asks to retry after 24h" {
		t.Errorf("resty: error %v", err)
	}
	resp, _, err := get(t, scanners.Env{HTTP: scantest.Fast()}.HTTPClient("test"), context.Background(), http.MethodGet, srv.URL+"/v1/x")
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "86400" {
		t.Errorf("go-github: %v %v", resp, err)
	}
}

// TestWaitsForAnExhaustedLimit: a success with no call left (GitHub's
// X-RateLimit-Remaining: 0) holds back the next request until the reset,
// or refuses it when the reset is beyond MaxRetryAfter.
func TestWaitsForAnExhaustedLimit(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		reset   time.Duration
		wantErr string
		waits   waits
	}{
		{reset: 20 * time.Second, waits: between(20*time.Second, 21*time.Second)},
		{reset: time.Hour, wantErr: "rate limited: no call is left until 20"},
	} {
		clk := scantest.NewClock()
		s := &script{clk: clk, answers: []answer{reply(200, "{}", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epochIn(tt.reset)), ok200}}
		srv := httptest.NewServer(s)
		c := scanners.Env{HTTP: clk.Options(scantest.Fast())}.HTTPClient("test")
		_, _, err := get(t, c, context.Background(), http.MethodGet, srv.URL+"/1")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = get(t, c, context.Background(), http.MethodGet, srv.URL+"/2")
		switch {
		case tt.wantErr == "" && err != nil, tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("reset in %s: error %v, want %q", tt.reset, err, tt.wantErr)
		}
		if want := 2 - min(len(tt.wantErr), 1); int(s.calls.Load()) != want {
			t.Errorf("reset in %s: %d calls, want %d", tt.reset, s.calls.Load(), want)
		}
		tt.waits.check(t, clk.Sleeps())
		srv.Close()
	}
}

func TestHTTPClientPostIsNotRetried(t *testing.T) {
	t.Parallel()
	s := &script{answers: []answer{reply(503, ""), ok200}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clk := scantest.NewClock()
	resp, _, err := get(t, scanners.Env{HTTP: clk.Options(scantest.Fast())}.HTTPClient("test"), context.Background(), http.MethodPost, srv.URL+"/x")
	if err != nil || resp.StatusCode != 503 || s.calls.Load() != 1 || len(clk.Sleeps()) != 0 {
		t.Errorf("%v %v: %d calls, waits %v; want one 503", resp, err, s.calls.Load(), clk.Sleeps())
	}
}

func TestHTTPClientErrors(t *testing.T) {
	t.Parallel()
	truncated := func(w http.ResponseWriter, _ *http.Request, _ *scantest.Clock) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"ok":`)
	}
	for _, tt := range []struct {
		name    string
		answer  answer
		wantErr string
	}{
		{"truncated body", truncated, "the response ended early: unexpected EOF"},
		{"body over the limit", reply(200, strings.Repeat("x", 2<<10)), "response larger than the 1024-byte limit"},
	} {
		s := &script{answers: []answer{tt.answer}}
		srv := httptest.NewServer(s)
		opts := scantest.Fast()
		opts.MaxBody = 1 << 10
		_, _, err := get(t, scanners.Env{HTTP: opts}.HTTPClient("test"), context.Background(), http.MethodGet, srv.URL+"/x?cursor=SECRETCURSOR")
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
		_, err = scanners.NewClient("test", srv.URL, nil, opts).Get(context.Background(), "/x", map[string][]string{"cursor": {"SECRETCURSOR"}})
		if err == nil || !strings.HasPrefix(err.Error(), "test: GET /x: "+tt.wantErr) || strings.Contains(err.Error(), "SECRETCURSOR") {
			t.Errorf("%s: resty error %v", tt.name, err)
		}
		srv.Close()
	}
}

func TestHTTPClientTimeout(t *testing.T) {
	t.Parallel()
	hang := func(_ http.ResponseWriter, r *http.Request, _ *scantest.Clock) { <-r.Context().Done() }
	stall := func(w http.ResponseWriter, r *http.Request, _ *scantest.Clock) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"ok":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	for name, h := range map[string]answer{"no answer": hang, "stalled body": stall} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := &script{answers: []answer{h}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			clk := scantest.NewClock()
			opts := clk.Options(scantest.Fast())
			opts.Timeout = 250 * time.Millisecond
			opts.Retries = 1
			_, _, err := get(t, scanners.Env{HTTP: opts}.HTTPClient("test"), context.Background(), http.MethodGet, srv.URL+"/x?cursor=abc")
			if err == nil || !strings.Contains(err.Error(), "no complete answer within 250ms") || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want a timeout", err)
			}
			if s.calls.Load() != 2 {
				t.Errorf("%d calls, want 2", s.calls.Load())
			}
			backoffs(1).check(t, clk.Sleeps())
		})
	}
}

func TestHTTPClientConnectionRefused(t *testing.T) {
	t.Parallel()
	clk := scantest.NewClock()
	_, _, err := get(t, scanners.Env{HTTP: clk.Options(scantest.Fast())}.HTTPClient("test"), context.Background(), http.MethodGet, scantest.RefusedURL(t, "/x"))
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error %v, want connection refused", err)
	}
	backoffs(3).check(t, clk.Sleeps())
}

// TestLimiter: every attempt waits for its slot of the limiter, on the
// options' clock, and outside the attempt's timeout (the sleeper is never
// handed the attempt's deadline).
func TestLimiter(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&script{answers: []answer{ok200}})
	defer srv.Close()
	clk := scantest.NewClock()
	opts := clk.Options(scantest.Fast())
	sleep := opts.Sleep
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		if _, ok := ctx.Deadline(); ok {
			t.Errorf("a wait of %s inside a deadline", d)
		}
		return sleep(ctx, d)
	}
	lim := rate.NewLimiter(10, 1)
	hc := scanners.Env{HTTP: opts, Limiter: lim}.HTTPClient("test")
	c := scanners.NewClient("test", srv.URL, lim, opts)
	for range 3 {
		if _, _, err := get(t, hc, context.Background(), http.MethodGet, srv.URL+"/x"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Get(context.Background(), "/x", nil); err != nil {
			t.Fatal(err)
		}
	}
	// 6 calls at 10 a second with a burst of 1: five waits of 100ms.
	exactly(100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond).check(t, clk.Sleeps())
}

// TestCancelledWhileWaiting: a run stopped (Ctrl-C, deadline) while it
// backs off or queues for the limiter ends with the context's error, a
// limiter slot after the deadline fails at once, and a limiter wait cut
// short gives its slot back.
func TestCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	s := &script{answers: []answer{reply(429, "", "Retry-After", "2")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clk := scantest.NewClock()
	// Stopped during the Retry-After wait.
	ctx, cancel := context.WithCancel(context.Background())
	opts := clk.Options(scantest.Fast())
	var asked []time.Duration
	opts.Sleep = func(_ context.Context, d time.Duration) error {
		asked = append(asked, d)
		cancel()
		return context.Canceled
	}
	_, _, err := get(t, scanners.Env{HTTP: opts}.HTTPClient("test"), ctx, http.MethodGet, srv.URL+"/x")
	if !errors.Is(err, context.Canceled) || s.calls.Load() != 1 || !slices.Equal(asked, []time.Duration{2 * time.Second}) {
		t.Errorf("error %v after %d calls and waits %v; want context.Canceled during the wait of 2s", err, s.calls.Load(), asked)
	}

	// Queued for the limiter past the deadline.
	ctx1, cancel1 := context.WithTimeout(context.Background(), time.Minute)
	defer cancel1()
	opts = clk.Options(scantest.Fast())
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	lim.AllowN(clk.Now(), 1)
	_, err = scanners.NewClient("test", srv.URL, lim, opts).Get(ctx1, "/x", nil)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limit allows no call before the deadline") || len(clk.Sleeps()) != 0 {
		t.Errorf("error %v after waits %v; want the limiter's deadline error at once", err, clk.Sleeps())
	}
	if d := lim.ReserveN(clk.Now(), 1).DelayFrom(clk.Now()); d > time.Hour {
		t.Errorf("the next slot is in %s: the refused one was kept", d)
	}

	// Cancelled during the limiter's wait: the slot is given back.
	lim = rate.NewLimiter(1, 1)
	lim.AllowN(clk.Now(), 1)
	ctx2, cancel2 := context.WithCancel(context.Background())
	opts.Sleep = func(context.Context, time.Duration) error { cancel2(); return context.Canceled }
	_, err = scanners.NewClient("test", srv.URL, lim, opts).Get(ctx2, "/x", nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if d := lim.ReserveN(clk.Now(), 1).DelayFrom(clk.Now()); d != time.Second {
		t.Errorf("the next slot is in %s, want 1s (the cancelled one given back)", d)
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	var otherAuth, sameAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherAuth.Store(r.Header.Get("Authorization"))
		io.WriteString(w, "{}")
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landed", http.StatusTemporaryRedirect)
		case "/here":
			http.Redirect(w, r, "/landed", http.StatusFound)
		default:
			sameAuth.Store(r.Header.Get("Authorization"))
			io.WriteString(w, "{}")
		}
	}))
	defer srv.Close()
	hc := scanners.Env{HTTP: scantest.Fast()}.HTTPClient("test")
	rc := scanners.NewClient("test", srv.URL, nil, scantest.Fast())
	rc.SetBearer("secret-token-value")
	for name, send := range map[string]func(path string) error{
		"go-github": func(path string) error {
			_, _, err := get(t, hc, context.Background(), http.MethodGet, srv.URL+path)
			return err
		},
		"resty": func(path string) error { _, err := rc.Get(context.Background(), path, nil); return err },
	} {
		otherAuth.Store("unset")
		sameAuth.Store("unset")
		if err := send("/away"); err != nil {
			t.Fatal(err)
		}
		if got := otherAuth.Load(); got != "" {
			t.Errorf("%s: another host received Authorization %q", name, got)
		}
		if err := send("/here"); err != nil {
			t.Fatal(err)
		}
		if got := sameAuth.Load(); got != "Bearer secret-token-value" {
			t.Errorf("%s: the same host received Authorization %q", name, got)
		}
	}
}

// TestRetryLog: each retry is logged with the path and the wait, never the
// query.
func TestRetryLog(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&script{answers: []answer{reply(429, "", "Retry-After", "2"), ok200}})
	defer srv.Close()
	var log scantest.Log
	opts := scantest.Fast()
	opts.Logf = log.Logf
	if _, err := scanners.NewClient("test", srv.URL, nil, opts).Get(context.Background(), "/v1/x", map[string][]string{"cursor": {"SECRETCURSOR"}}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if !slices.Equal(lines, []string{"WARN test: GET /v1/x: HTTP 429; attempt 1 of 4, retrying in 2s"}) {
		t.Errorf("log %q", lines)
	}
}

// TestRedirectIsOneCall: a redirect is followed without a second wait for
// the limiter; the next call waits for its slot.
func TestRedirectIsOneCall(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/here", http.StatusMovedPermanently)
			return
		}
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	clk := scantest.NewClock()
	c := scanners.NewClient("test", srv.URL, rate.NewLimiter(rate.Every(time.Second), 1), clk.Options(scantest.Fast()))
	for range 2 {
		if _, err := c.Get(context.Background(), "/moved", nil); err != nil {
			t.Fatal(err)
		}
	}
	exactly(time.Second).check(t, clk.Sleeps())
}

// TestRedirectToAnotherHostDropsCredentials: a redirect to another host
// keeps no header that may carry a credential (a vendor's own key header
// included) and no Referer, whose query may hold a key; the same host
// keeps them.
func TestRedirectToAnotherHostDropsCredentials(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Clone())
		io.WriteString(w, "{}")
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, other.URL+"/landed", http.StatusFound)
			return
		}
		got.Store(r.Header.Clone())
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	hc := scanners.Env{HTTP: scantest.Fast()}.HTTPClient("test")
	for _, tt := range []struct {
		path string
		keep bool
	}{{"/away", false}, {"/here", true}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/start?api_key=SECRETKEY", nil)
		req.URL.Path = tt.path
		req.Header.Set("Authorization", "Bearer secret-token-value")
		req.Header.Set("X-Api-Key", "secret-key-value")
		req.Header.Set("Referer", "https://app.example/?api_key=SECRETKEY")
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := got.Load().(http.Header)
		for _, name := range []string{"Authorization", "X-Api-Key", "Referer"} {
			if has := h.Get(name) != ""; has != tt.keep {
				t.Errorf("%s: %s %q", tt.path, name, h.Get(name))
			}
		}
		if h.Get("Accept") != "application/json" {
			t.Errorf("%s: Accept %q, want it kept", tt.path, h.Get("Accept"))
		}
	}
}

// TestNotRetried: what fails the same way every time is never retried: a
// redirect loop, a redirect to a file: URL, a token with a newline inside.
// Each gives a clear error at once, with no wait.
func TestNotRetried(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, location, auth, wantErr string
		wantCalls                     int32
	}{
		{name: "redirect loop", location: "/x", auth: "Bearer good-token", wantErr: "stopped after 10 redirects", wantCalls: 10},
		{name: "file redirect", location: "file:///etc/passwd", auth: "Bearer good-token", wantErr: `redirected to a "file" URL; only http and https`, wantCalls: 1},
		{name: "ftp redirect", location: "ftp://example.com/x", auth: "Bearer good-token", wantErr: `redirected to a "ftp" URL`, wantCalls: 1},
		{name: "newline in the token", auth: "Bearer good\ntoken", wantErr: "the Authorization header holds a control character", wantCalls: 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Location", tt.location)
				w.WriteHeader(http.StatusFound)
			}))
			defer srv.Close()
			clk := scantest.NewClock()
			c := scanners.NewClient("test", srv.URL, nil, clk.Options(scantest.Fast()))
			c.SetAuthorization(tt.auth)
			_, err := c.Get(context.Background(), "/x", nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "good") {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
			if calls.Load() != tt.wantCalls || len(clk.Sleeps()) != 0 {
				t.Errorf("%d calls, waits %v; want %d calls and no wait", calls.Load(), clk.Sleeps(), tt.wantCalls)
			}
		})
	}
}

// TestStallSaysAttemptsAndElapsed: a call that times out on every attempt
// says how many attempts were made and how long they took, on the
// injected clock.
func TestStallSaysAttemptsAndElapsed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	clk := scantest.NewClock()
	opts := clk.Options(scantest.Fast())
	opts.Timeout = 50 * time.Millisecond
	opts.Retries = 2
	opts.MinBackoff, opts.MaxBackoff = 40*time.Second, 40*time.Second
	_, err := scanners.NewClient("test", srv.URL, nil, opts).Get(context.Background(), "/x", nil)
	// Two backoffs of 20 to 40 s each on the clock; the attempts' real
	// 50 ms are not on it.
	if err == nil || !strings.Contains(err.Error(), "no complete answer within 50ms") || !strings.Contains(err.Error(), "(3 attempts over ") {
		t.Fatalf("error %v", err)
	}
	if slept := clk.Slept().Round(time.Second); !strings.HasSuffix(err.Error(), "over "+scanners.HumanDuration(slept)+")") {
		t.Errorf("error %v, want the %s slept", err, slept)
	}
}
