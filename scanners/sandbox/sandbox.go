// Package sandbox is the built-in vendor simulator: an http.Handler that
// answers like the vendors' APIs (paths, auth, pagination, error bodies,
// rate-limit headers) from seed data, with fault injection for tests.
// Start runs it on loopback and returns each kind's base URL, to be passed
// as the scan's endpoints. Each vendor lives next to its scanner
// (scanners/KIND/sandbox.go, a Vendor); this package is what they share, and
// imports none of them: the registry hands New the list
// (registry.Vendors()).
package sandbox

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Seed is the data the simulator serves, by kind: each kind's own seed
// type (or a pointer to it). As JSON it is an object with one key per
// kind.
type Seed map[string]any

// RootURL is the simulated vendor's root as the client reached it
// (scheme, host and /KIND), for the absolute and host-relative links some
// APIs return (Okta's Link header, Salesforce's nextRecordsUrl).
func RootURL(r *http.Request) string {
	vendor, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	return "http://" + r.Host + "/" + vendor
}

// Faults make the simulator misbehave. Counted faults apply to the first
// requests of any vendor, in the order 429s, then 500s.
type Faults struct {
	// Status429Times answers the first n requests with 429, with the
	// RetryAfter header when it is not empty.
	Status429Times int
	RetryAfter     string
	// Fail500Times answers the next n requests with 500.
	Fail500Times int
	// Fail503Always answers every request with 503.
	Fail503Always bool
	// LoopingCursor makes every page point to the same next cursor.
	LoopingCursor bool
	// HugeBody answers with a valid JSON body larger than 16 MiB.
	HugeBody bool
	// Hang never answers (until the client gives up).
	Hang bool
	// MalformedJSON answers 200 with a body that is not JSON.
	MalformedJSON bool
	// TruncatedBody promises more bytes than it sends, then closes.
	TruncatedBody bool
	// RedirectTo answers 307 to this base URL plus the same path and query.
	RedirectTo string
	// Latency is added to every answer.
	Latency time.Duration
}

// Request is one request the simulator received, for assertions.
type Request struct {
	Vendor        string
	Method        string
	Path          string
	Authorization string
	At            time.Time
}

// Sandbox is the simulator. It is safe for concurrent use.
type Sandbox struct {
	seed    Seed
	faults  Faults
	vendors map[string]Vendor

	mu       sync.Mutex
	n        int
	requests []Request
	// now is the simulator's clock (time.Now unless SetClock): the
	// rate-limit resets it announces are read by the client's clock, so
	// a test with a fake client clock gives the simulator the same one.
	now  func() time.Time
	memo map[string]any
}

// SetClock makes the simulator stamp times (rate-limit resets, request
// times) with now instead of the real clock.
func (s *Sandbox) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Now is the simulator's current time.
func (s *Sandbox) Now() time.Time {
	s.mu.Lock()
	now := s.now
	s.mu.Unlock()
	if now == nil {
		return time.Now()
	}
	return now()
}

// Memo returns what build returns for key, built once per simulator: for
// a vendor's indexes of its seed (which never changes while it serves),
// so that paging through a large seed does not rebuild them per request.
func (s *Sandbox) Memo(key string, build func() any) any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.memo[key]; ok {
		return v
	}
	if s.memo == nil {
		s.memo = map[string]any{}
	}
	v := build()
	s.memo[key] = v
	return v
}

// New returns a simulator of vendors serving seed with the given faults.
// A seed for a kind that is not one of vendors, or not of its type, is a
// bug of the caller: New panics.
func New(vendors []Vendor, seed Seed, faults Faults) *Sandbox {
	seed, err := own(vendors, seed)
	if err != nil {
		panic("sandbox: " + err.Error())
	}
	byKind := map[string]Vendor{}
	for _, v := range vendors {
		byKind[v.Kind] = v
	}
	return &Sandbox{seed: seed, faults: faults, vendors: byKind}
}

// Faults returns the faults the simulator injects, for the vendors that
// fake them themselves (a looping cursor).
func (s *Sandbox) Faults() Faults { return s.faults }

// Served counts the requests received so far for vendor ("": any).
func (s *Sandbox) Served(vendor string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if vendor == "" {
		return s.n
	}
	n := 0
	for _, q := range s.requests {
		if q.Vendor == vendor {
			n++
		}
	}
	return n
}

// IssuedToken is the access token a token endpoint (the requests whose
// path ends in tokenPath) issues: token, except that with staleFirst the
// first one issued is one the API already rejects (an expired session), so
// that a scan must get another.
func (s *Sandbox) IssuedToken(tokenPath, token string, staleFirst bool) string {
	issued := 0
	for _, q := range s.Requests() {
		if strings.HasSuffix(q.Path, tokenPath) {
			issued++
		}
	}
	if staleFirst && issued <= 1 {
		return "stale!" + token
	}
	return token
}

// Requests returns a copy of every request received so far.
func (s *Sandbox) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ServeHTTP routes /KIND/... to that vendor's simulator.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	vendor, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	at := s.Now()
	s.mu.Lock()
	s.n++
	n := s.n
	s.requests = append(s.requests, Request{Vendor: vendor, Method: r.Method, Path: "/" + rest,
		Authorization: r.Header.Get("Authorization"), At: at})
	s.mu.Unlock()

	if !sleep(r.Context(), s.faults.Latency) {
		return
	}
	if s.fault(w, r, vendor, n) {
		return
	}
	v, ok := s.vendors[vendor]
	if !ok {
		http.NotFound(w, r)
		return
	}
	v.Serve(s, w, r, "/"+rest)
}

// fault answers the request with an injected fault, and reports whether it
// did.
func (s *Sandbox) fault(w http.ResponseWriter, r *http.Request, vendor string, n int) bool {
	f := s.faults
	switch {
	case f.Hang:
		<-r.Context().Done()
		return true
	case f.RedirectTo != "":
		rest := strings.TrimPrefix(r.URL.Path, "/"+vendor)
		target := strings.TrimRight(f.RedirectTo, "/") + rest
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
		return true
	case n <= f.Status429Times:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		s.rateLimited(w, vendor)
		return true
	case n <= f.Status429Times+f.Fail500Times:
		WriteJSON(w, http.StatusInternalServerError, map[string]any{"status": "error", "message": "internal error", "category": "INTERNAL_ERROR"})
		return true
	case f.Fail503Always:
		WriteJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "error", "message": "service unavailable"})
		return true
	case f.MalformedJSON:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results": [{"id": "1", "email": `))
		return true
	case f.TruncatedBody:
		body := `{"results": [{"id": "1", "email": "a@x.example"}], "paging": {}}`
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		_, _ = w.Write([]byte(body[:20]))
		// The server closes the connection when the handler wrote less
		// than it promised: the client sees an unexpected EOF.
		return true
	case f.HugeBody:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results": [], "padding": "`))
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range (17 << 20) / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return true
			}
		}
		_, _ = w.Write([]byte(`"}`))
		return true
	}
	return false
}

func (s *Sandbox) rateLimited(w http.ResponseWriter, vendor string) {
	if v, ok := s.vendors[vendor]; ok {
		v.RateLimited(w)
		return
	}
	WriteJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}

// Start serves the simulator on a loopback port until ctx ends or stop is
// called, and returns each simulated kind's base URL.
func (s *Sandbox) Start(ctx context.Context) (baseURLs map[string]string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			// Close, not Shutdown: a hanging handler must not keep the
			// caller waiting.
			_ = srv.Close()
			<-done
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	base := "http://" + ln.Addr().String()
	urls := map[string]string{}
	for kind, v := range s.vendors {
		urls[kind] = base + "/" + kind + v.Base
	}
	return urls, stop, nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
