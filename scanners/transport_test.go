package scanners

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// fastOptions mirror scantest.Fast (which this package cannot import).
func fastOptions() ClientOptions {
	return ClientOptions{Timeout: 2 * time.Second, Retries: 3, MinBackoff: time.Millisecond,
		MaxBackoff: 5 * time.Millisecond, MaxRetryAfter: 3 * time.Second}
}

// script serves the i-th request (from 0) with answers[min(i, last)].
type script struct {
	calls   atomic.Int32
	answers []func(w http.ResponseWriter, r *http.Request)
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(s.calls.Add(1)) - 1
	s.answers[min(i, len(s.answers)-1)](w, r)
}

func status(code int, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		fmt.Fprintf(w, `{"message":"%s"}`, http.StatusText(code))
	}
}

func body(code int, text string, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		io.WriteString(w, text)
	}
}

var ok200 = body(200, `{"ok":true}`)

func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

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

func TestHTTPClientRetries(t *testing.T) {
	reset := func(d time.Duration) string { return strconv.FormatInt(time.Now().Add(d).Unix(), 10) }
	secondary := `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`
	tests := []struct {
		name       string
		answers    []func(http.ResponseWriter, *http.Request)
		method     string
		wantStatus int
		wantCalls  int
		wantErr    string
		minElapsed time.Duration
	}{
		{name: "429 then success", answers: []func(http.ResponseWriter, *http.Request){status(429), status(429), ok200}, wantStatus: 200, wantCalls: 3},
		{name: "429 with Retry-After", answers: []func(http.ResponseWriter, *http.Request){status(429, "Retry-After", "1"), ok200}, wantStatus: 200, wantCalls: 2, minElapsed: 900 * time.Millisecond},
		{name: "429 with a long Retry-After is returned", answers: []func(http.ResponseWriter, *http.Request){status(429, "Retry-After", "3600"), ok200}, wantStatus: 429, wantCalls: 1},
		{name: "500 then success", answers: []func(http.ResponseWriter, *http.Request){status(500), ok200}, wantStatus: 200, wantCalls: 2},
		{name: "503 forever", answers: []func(http.ResponseWriter, *http.Request){status(503)}, wantStatus: 503, wantCalls: 4},
		{name: "403 primary limit until reset", answers: []func(http.ResponseWriter, *http.Request){
			func(w http.ResponseWriter, r *http.Request) {
				// The next second: a wait of one to two seconds.
				status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset(time.Second))(w, r)
			}, ok200}, wantStatus: 200, wantCalls: 2, minElapsed: time.Second},
		{name: "403 primary limit resetting in an hour", answers: []func(http.ResponseWriter, *http.Request){
			status(403, "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset(time.Hour)), ok200}, wantStatus: 403, wantCalls: 1},
		{name: "403 secondary limit with Retry-After", answers: []func(http.ResponseWriter, *http.Request){
			body(403, secondary, "Retry-After", "0"), ok200}, wantStatus: 200, wantCalls: 2},
		{name: "403 secondary limit without Retry-After waits a minute: too long", answers: []func(http.ResponseWriter, *http.Request){
			body(403, secondary), ok200}, wantStatus: 403, wantCalls: 1},
		{name: "403 missing permission is not retried", answers: []func(http.ResponseWriter, *http.Request){
			body(403, `{"message":"Resource not accessible by personal access token"}`), ok200}, wantStatus: 403, wantCalls: 1},
		{name: "404 is not retried", answers: []func(http.ResponseWriter, *http.Request){status(404), ok200}, wantStatus: 404, wantCalls: 1},
		{name: "POST is not retried", method: http.MethodPost, answers: []func(http.ResponseWriter, *http.Request){status(503), ok200}, wantStatus: 503, wantCalls: 1},
		{name: "truncated body is retried", answers: []func(http.ResponseWriter, *http.Request){
			func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", "100")
				io.WriteString(w, `{"ok":`)
			}}, wantCalls: 4, wantErr: "the response ended early: unexpected EOF"},
		{name: "body over the limit", answers: []func(http.ResponseWriter, *http.Request){body(200, strings.Repeat("x", 2<<20))},
			wantCalls: 1, wantErr: "response larger than the 1048576-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{answers: tt.answers}
			srv := httptest.NewServer(s)
			defer srv.Close()
			opts := fastOptions()
			opts.MaxBody = 1 << 20
			c := Env{HTTP: opts}.HTTPClient("test")
			method := cmpOr(tt.method, http.MethodGet)
			start := time.Now()
			resp, _, err := get(t, c, context.Background(), method, srv.URL+"/v1/things?q=private-query")
			elapsed := time.Since(start)
			if got := int(s.calls.Load()); got != tt.wantCalls {
				t.Errorf("%d calls, want %d", got, tt.wantCalls)
			}
			if elapsed < tt.minElapsed {
				t.Errorf("took %s, want at least %s", elapsed, tt.minElapsed)
			}
			if elapsed > 2500*time.Millisecond {
				t.Errorf("took %s", elapsed)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := Attempts(resp); got != tt.wantCalls {
				t.Errorf("Attempts = %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestHTTPClientTimeout(t *testing.T) {
	t.Parallel()
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, `{"ok":`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	for name, h := range map[string]func(http.ResponseWriter, *http.Request){"no answer": hang, "stalled body": stall} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := &script{answers: []func(http.ResponseWriter, *http.Request){h}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			opts := fastOptions()
			opts.Timeout = 100 * time.Millisecond
			opts.Retries = 1
			start := time.Now()
			_, _, err := get(t, Env{HTTP: opts}.HTTPClient("test"), context.Background(), http.MethodGet, srv.URL+"/x?cursor=abc")
			if err == nil || !strings.Contains(err.Error(), "no complete answer within 100ms") || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v, want a timeout", err)
			}
			if s.calls.Load() != 2 || time.Since(start) > time.Second {
				t.Errorf("%d calls in %s, want 2 quickly", s.calls.Load(), time.Since(start))
			}
		})
	}
}

func TestHTTPClientConnectionRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, _, err = get(t, Env{HTTP: fastOptions()}.HTTPClient("test"), context.Background(), http.MethodGet, "http://"+addr+"/x")
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error %v, want connection refused", err)
	}
}

// TestHTTPClientLimiter: every attempt waits for the limiter, and the wait
// does not count against the attempt's timeout.
func TestHTTPClientLimiter(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var at []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		n := len(at)
		mu.Unlock()
		if n%2 == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	opts := fastOptions()
	opts.Timeout = 50 * time.Millisecond
	c := Env{HTTP: opts, Limiter: rate.NewLimiter(10, 1)}.HTTPClient("test")
	start := time.Now()
	for range 3 {
		resp, _, err := get(t, c, context.Background(), http.MethodGet, srv.URL+"/x")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%v %v", resp, err)
		}
	}
	// 6 attempts at 10 a second: at least 500ms.
	if len(at) != 6 || time.Since(start) < 450*time.Millisecond {
		t.Errorf("%d attempts in %s, want 6 in at least 500ms", len(at), time.Since(start))
	}
}

func TestHTTPClientCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	s := &script{answers: []func(http.ResponseWriter, *http.Request){status(429, "Retry-After", "2")}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := get(t, Env{HTTP: fastOptions()}.HTTPClient("test"), ctx, http.MethodGet, srv.URL+"/x")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("after %s: %v; want a prompt deadline error", time.Since(start), err)
	}

	// Queued for the limiter past the deadline.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	lim.Allow()
	_, _, err = get(t, Env{HTTP: fastOptions(), Limiter: lim}.HTTPClient("test"), ctx2, http.MethodGet, srv.URL+"/x")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limit allows no call before the deadline") {
		t.Errorf("error %v, want the limiter's deadline error", err)
	}
}

func TestHTTPClientRedirects(t *testing.T) {
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
	c := Env{HTTP: fastOptions()}.HTTPClient("test")
	if _, _, err := get(t, c, context.Background(), http.MethodGet, srv.URL+"/away"); err != nil {
		t.Fatal(err)
	}
	if got := otherAuth.Load(); got != "" {
		t.Errorf("another host received Authorization %q", got)
	}
	if _, _, err := get(t, c, context.Background(), http.MethodGet, srv.URL+"/here"); err != nil {
		t.Fatal(err)
	}
	if got := sameAuth.Load(); got != "Bearer secret-token-value" {
		t.Errorf("the same host received Authorization %q", got)
	}
}

// TestHTTPClientErrorsHideTheQuery: the transport's own errors never carry
// the URL (net/http's *url.Error wrapper does; callers unwrap it).
func TestHTTPClientErrorsHideTheQuery(t *testing.T) {
	t.Parallel()
	s := &script{answers: []func(http.ResponseWriter, *http.Request){body(200, strings.Repeat("x", 100))}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	opts := fastOptions()
	opts.MaxBody = 10
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x?cursor=SECRETCURSOR", nil)
	_, err := Env{HTTP: opts}.HTTPClient("test").Transport.RoundTrip(req)
	if err == nil || strings.Contains(err.Error(), "SECRETCURSOR") || err.Error() != "response larger than the 10-byte limit" {
		t.Errorf("error %v", err)
	}
}
