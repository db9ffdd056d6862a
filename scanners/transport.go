package scanners

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// This file is the one HTTP stack of every vendor call: Client (resty)
// and HTTPClient (go-github) both send through a retryTransport, so that
// retries, rate limits, Retry-After, timeouts, the size limit and
// redirects follow one policy whichever library builds the request.

// HTTPClient builds an *http.Client for vendor, for the vendor libraries
// that take one (go-github) rather than a Client. It is the stack that
// Client sends through: it waits on e.Limiter before every attempt
// (outside the attempt's timeout), bounds every attempt, body included,
// with e.HTTP.Timeout, retries 429, 5xx, rate-limit 403s and transport
// errors of GET and HEAD requests after the wait the server asks for or a
// backoff, refuses bodies over e.HTTP.MaxBody, and drops credentials on
// redirects to another host.
//
// A response it will not retry any more (retries used up, or a wait longer
// than MaxRetryAfter) is returned as it is, so that the library sees the
// vendor's status and body; Attempts tells how often it was sent. The
// transport adds no credentials: the caller adds them for its own host.
// Its errors carry no URL and no query.
func (e Env) HTTPClient(vendor string) *http.Client {
	return newHTTPClient(vendor, e.Limiter, e.HTTP.withDefaults())
}

// newHTTPClient is the stack for o, which has its defaults. It sets no
// Timeout: the transport bounds each attempt, and a client-wide one would
// also cut the rate-limit waits and the retries.
func newHTTPClient(vendor string, limiter *rate.Limiter, o ClientOptions) *http.Client {
	return &http.Client{
		Transport:     &retryTransport{vendor: vendor, base: o.Transport, limiter: limiter, opts: o},
		CheckRedirect: sameHostCredentials,
	}
}

// Attempts is how many times the transport of an HTTPClient or a Client
// sent the request that resp answers (1 when it was not retried, 0 when
// resp did not come from such a transport).
func Attempts(resp *http.Response) int {
	if o := outcomeOf(resp); o != nil {
		return o.attempts
	}
	return 0
}

// outcome is what the transport tells its callers about a response,
// through the context of resp.Request.
type outcome struct {
	attempts int
	// tooLong is the wait the server asked for before another attempt
	// when it was longer than MaxRetryAfter (the response is the last).
	tooLong time.Duration
}

type outcomeKey struct{}

func outcomeOf(resp *http.Response) *outcome {
	if resp == nil || resp.Request == nil {
		return nil
	}
	o, _ := resp.Request.Context().Value(outcomeKey{}).(*outcome)
	return o
}

// retryTransport is the RoundTripper of the stack.
type retryTransport struct {
	vendor  string
	base    http.RoundTripper
	limiter *rate.Limiter
	opts    ClientOptions

	// exhausted is when the vendor's window resets after an answer said
	// that no call is left (GitHub's X-RateLimit-Remaining: 0): no request
	// is sent before it.
	mu        sync.Mutex
	exhausted time.Time
}

// readOnlyKey marks a request context whose request, whatever its method,
// only reads (such as a search sent as a POST with a JSON body).
type readOnlyKey struct{}

// ReadOnly marks the requests sent with ctx as reads that may be sent
// again: the stack then retries them like a GET, body included (the
// request must be able to replay its body: GetBody).
func ReadOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, readOnlyKey{}, true)
}

func readOnly(ctx context.Context) bool { v, _ := ctx.Value(readOnlyKey{}).(bool); return v }

// secondaryWait is what GitHub asks for after a secondary rate limit that
// comes without Retry-After: "wait for at least one minute".
const secondaryWait = time.Minute

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// Only a request that can be sent again unchanged is retried: a body
	// may have been read, and other methods may not be idempotent.
	idempotent := (req.Method == http.MethodGet || req.Method == http.MethodHead) &&
		(req.Body == nil || req.Body == http.NoBody) || readOnly(ctx) && req.GetBody != nil
	if err := checkRequest(req); err != nil {
		// Sending it again would fail the same way.
		closeBody(req)
		return nil, err
	}
	out := &outcome{}
	start := t.opts.Now()
	for attempt := 1; ; attempt++ {
		if attempt > 1 && req.GetBody != nil {
			// A read-only request with a body sends it again.
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}
		// A redirect is the same call: the limiter was waited on for its
		// first request.
		if err := t.beforeAttempt(ctx, req, attempt > 1 || req.Response == nil); err != nil {
			closeBody(req)
			return nil, err
		}
		out.attempts = attempt
		resp, err := t.attempt(ctx, req)
		if resp != nil {
			t.noteExhausted(resp.Header)
			resp.Request = req.WithContext(context.WithValue(ctx, outcomeKey{}, out))
		}
		// A run stopped during the attempt is not retried.
		last := !idempotent || attempt > t.opts.Retries || ctx.Err() != nil
		v := t.judge(resp, err, attempt)
		switch {
		case !v.retry || last:
			if err != nil && v.retry && attempt > 1 {
				// A stall retried to the end: say how long it really took.
				err = &attemptsError{err: err, attempts: attempt, elapsed: t.opts.Now().Sub(start)}
			}
			return resp, err
		case v.asked && v.wait > t.opts.MaxRetryAfter:
			out.tooLong = v.wait
			return resp, err
		case err != nil:
			t.logf("%s %s: %v; attempt %d of %d, retrying in %s", req.Method, req.URL.Path, err, attempt, t.opts.Retries+1, HumanDuration(v.wait))
		default:
			t.logf("%s %s: HTTP %d; attempt %d of %d, retrying in %s", req.Method, req.URL.Path, resp.StatusCode, attempt, t.opts.Retries+1, HumanDuration(v.wait))
		}
		if err := t.sleep(ctx, v.wait); err != nil {
			return nil, err
		}
	}
}

// beforeAttempt waits for an exhausted rate limit to reset and, when
// limited is set, for the limiter: both outside the attempt's timeout, so
// that tools queueing for a shared vendor limit never time out.
func (t *retryTransport) beforeAttempt(ctx context.Context, req *http.Request, limited bool) error {
	t.mu.Lock()
	until := t.exhausted
	t.mu.Unlock()
	if wait := until.Sub(t.opts.Now()); wait > 0 {
		if wait > t.opts.MaxRetryAfter {
			return &RetryAfterError{Wait: wait, Reset: until}
		}
		t.logf("%s %s: the rate limit is used up; waiting %s for its reset", req.Method, req.URL.Path, HumanDuration(wait))
		if err := t.sleep(ctx, wait); err != nil {
			return err
		}
	}
	if !limited || t.limiter == nil {
		return nil
	}
	now := t.opts.Now()
	r := t.limiter.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("waiting for the rate limit: a limit of %g a second with a burst of %d allows no call", float64(t.limiter.Limit()), t.limiter.Burst())
	}
	delay := r.DelayFrom(now)
	// As rate.Limiter's Wait: a slot after the deadline fails at once. A
	// deadline is on the wall clock whatever the options' clock.
	if deadline, ok := ctx.Deadline(); ok && delay > time.Until(deadline) {
		r.CancelAt(now)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("the rate limit allows no call before the deadline: %w", context.DeadlineExceeded)
	}
	if err := t.sleep(ctx, delay); err != nil {
		// Give the slot back to the other tools of the kind.
		r.CancelAt(t.opts.Now())
		return err
	}
	return nil
}

// sleep is every wait of the stack, through the injected sleeper.
func (t *retryTransport) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	return t.opts.Sleep(ctx, d)
}

// attempt sends req once, within the per-attempt timeout, and reads the
// whole body within it, so that a server that stalls mid-body is a timeout
// and a cut-off body is a retryable transport error.
func (t *retryTransport) attempt(ctx context.Context, req *http.Request) (*http.Response, error) {
	actx, cancel := context.WithTimeout(ctx, t.opts.Timeout)
	defer cancel()
	resp, err := t.base.RoundTrip(req.Clone(actx))
	if err != nil {
		return nil, t.cleanErr(ctx, actx, err)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(t.opts.MaxBody)+1))
	resp.Body.Close()
	switch {
	case err != nil:
		return nil, t.cleanErr(ctx, actx, err)
	case len(data) > t.opts.MaxBody:
		return nil, &bodyTooLargeError{limit: t.opts.MaxBody}
	}
	resp.Body = io.NopCloser(bytes.NewReader(data))
	resp.ContentLength = int64(len(data))
	return resp, nil
}

// cleanErr turns a failed attempt into plain words without the URL that
// net/http puts in its errors (it carries the query).
func (t *retryTransport) cleanErr(ctx, actx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case actx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("no complete answer within %s: %w", t.opts.Timeout, context.DeadlineExceeded)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the response ended early: %w", io.ErrUnexpectedEOF)
	}
	return err
}

// verdict is the policy's answer for one attempt.
type verdict struct {
	retry bool
	wait  time.Duration
	// asked is set when the wait is the server's, not a backoff: only
	// such a wait can be longer than MaxRetryAfter.
	asked bool
}

// judge is the retry policy: 429, 5xx and transport errors are retried,
// and 403s that are rate limits (GitHub answers its limits with 403 as
// well as 429), but neither an oversized body, a cancelled run nor any
// other status. The wait is what the server asks for (Retry-After, else
// the reset of an exhausted limit, else GitHub's minute after a secondary
// limit), or else exponential backoff.
func (t *retryTransport) judge(resp *http.Response, err error, attempt int) verdict {
	if err != nil {
		if Permanent(err) {
			return verdict{}
		}
		return verdict{retry: true, wait: t.backoff(attempt)}
	}
	s := resp.StatusCode
	if s != http.StatusTooManyRequests && s != http.StatusForbidden && s < 500 {
		return verdict{}
	}
	now := t.opts.Now()
	retryAfter, hasRetryAfter := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	reset, hasReset := rateLimitReset(s, resp.Header, now)
	secondary := (s == http.StatusForbidden || s == http.StatusTooManyRequests) && secondaryRateLimit(resp)
	switch {
	case s == http.StatusForbidden && !hasRetryAfter && !hasReset && !secondary:
		return verdict{} // a permission problem: the vendor means it
	case hasRetryAfter:
		return verdict{retry: true, wait: max(retryAfter, time.Millisecond), asked: true}
	case hasReset:
		return verdict{retry: true, wait: max(reset, time.Millisecond), asked: true}
	case secondary:
		return verdict{retry: true, wait: secondaryWait, asked: true}
	}
	return verdict{retry: true, wait: t.backoff(attempt)}
}

// backoff is exponential from MinBackoff up to MaxBackoff, with jitter on
// the upper half so that parallel clients spread out.
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.opts.MinBackoff << min(attempt-1, 20)
	if d <= 0 || d > t.opts.MaxBackoff {
		d = t.opts.MaxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	return max(d, t.opts.MinBackoff)
}

// noteExhausted remembers the reset of a limit that an answer reports as
// used up, so that the next request waits for it instead of being
// refused (as go-github would, on the wall clock).
func (t *retryTransport) noteExhausted(h http.Header) {
	now := t.opts.Now()
	d, ok := rateLimitReset(0, h, now)
	if !ok {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if until := now.Add(d); until.After(t.exhausted) {
		t.exhausted = until
	}
}

// resetRule is one documented way a vendor says when its rate-limit
// window resets.
type resetRule struct {
	// header holds the reset, in form.
	header string
	form   resetForm
	// remaining, when set, is the header that must be "0" for the reset
	// to be a wait: the vendor sends the reset on every answer.
	remaining string
	// status is the answer the rule applies to; 0 is every answer, and
	// then the reset also holds back the next request.
	status int
}

type resetForm int

const (
	epochSeconds resetForm = iota // Unix seconds, UTC
	httpDate                      // RFC 5322 / RFC 1123 date
)

// resetRules are the rate-limit reset headers the stack honours, for the
// answers without Retry-After (which always comes first). The first rule
// that applies wins.
func resetRules() []resetRule {
	return []resetRule{
		// GitHub REST (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
		// on a 403 or 429 with x-ratelimit-remaining 0, "do not retry
		// until x-ratelimit-reset", in UTC epoch seconds; every answer
		// carries both, so a 0 on a success holds back the next call.
		{header: "X-RateLimit-Reset", form: epochSeconds, remaining: "X-RateLimit-Remaining"},
		// Okta (developer.okta.com/docs/reference/rl-best-practices): a
		// 429 with X-Rate-Limit-Reset, "UTC epoch time (in seconds)".
		{header: "X-Rate-Limit-Reset", form: epochSeconds, status: http.StatusTooManyRequests},
		// Segment Public API (docs.segmentapis.com/tag/Rate-Limits): a
		// 429, and X-RateLimit-Reset "a timestamp, in RFC 5322 format".
		{header: "X-RateLimit-Reset", form: httpDate, status: http.StatusTooManyRequests},
	}
}

// RateLimitReset is the one reader of rate-limit reset headers: when the
// window of an answer with status s and headers h resets, by the first
// rule of resetRules that applies. s = 0 asks only for the rules that hold
// for every answer (an exhausted limit to wait for before the next
// request). Scanners use it to name the reset in their messages.
func RateLimitReset(s int, h http.Header) (time.Time, bool) {
	for _, r := range resetRules() {
		if (s == 0 && r.status != 0) || (r.status != 0 && r.status != s) {
			continue
		}
		if r.remaining != "" && strings.TrimSpace(h.Get(r.remaining)) != "0" {
			continue
		}
		v := strings.TrimSpace(h.Get(r.header))
		if v == "" {
			continue
		}
		switch r.form {
		case epochSeconds:
			// Smaller numbers are not epochs: some APIs send seconds
			// from now under the same name, a meaning not taken here.
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 1_000_000_000 {
				return time.Unix(n, 0), true
			}
		case httpDate:
			if t, err := http.ParseTime(v); err == nil {
				return t, true
			}
			if t, err := time.Parse(time.RFC1123Z, v); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// rateLimitReset is the wait until RateLimitReset, measured from now. The
// reset is a whole second: the wait goes into the next one, so that a
// clock a little behind the server's does not ask too early.
func rateLimitReset(s int, h http.Header, now time.Time) (time.Duration, bool) {
	at, ok := RateLimitReset(s, h)
	if !ok {
		return 0, false
	}
	return max(at.Sub(now), 0) + time.Second, true
}

// secondaryRateLimit recognizes GitHub's secondary rate limit, as go-github
// does (documentation_url), or by its message.
func secondaryRateLimit(resp *http.Response) bool {
	body, err := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	b := strings.ToLower(string(body))
	return strings.Contains(b, "secondary-rate-limits") || strings.Contains(b, "#abuse-rate-limits") ||
		strings.Contains(b, "secondary rate limit")
}

// ParseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date. ok is false when the header is absent or unreadable.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<31 {
			n = 1 << 31
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// RetryAfterError is a wait that the server asks for, or that an
// exhausted rate limit needs, longer than MaxRetryAfter (such as a daily
// limit): the call ends instead.
type RetryAfterError struct {
	Wait time.Duration
	// Reset is when an exhausted limit resets; zero when the server
	// answered with the wait.
	Reset time.Time
}

func (e *RetryAfterError) Error() string {
	if !e.Reset.IsZero() {
		return fmt.Sprintf("rate limited: no call is left until %s; not sent", e.Reset.UTC().Format(time.RFC3339))
	}
	return fmt.Sprintf("rate limited: the server asks to retry after %s", HumanDuration(e.Wait))
}

// maxRedirects is how many redirects one call follows.
const maxRedirects = 10

// sameHostCredentials follows at most maxRedirects redirects, only to http
// and https URLs, and sends to a host (or port, or scheme) other than the
// original one only the headers that carry no credential: not
// Authorization, Cookie or a vendor's key header, and no Referer, whose
// URL may hold a key or a cursor in its query. The errors it returns are
// not retried: the client stops before the transport sees them.
func sameHostCredentials(req *http.Request, via []*http.Request) error {
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return permanent(fmt.Errorf("the server redirected to a %q URL; only http and https redirects are followed", s))
	}
	if len(via) >= maxRedirects {
		return permanent(fmt.Errorf("stopped after %d redirects (a redirect loop?)", maxRedirects))
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		for name := range req.Header {
			if !safeHeader(name) {
				req.Header.Del(name)
			}
		}
	}
	return nil
}

// safeHeader says whether a redirect to another host keeps a request
// header: every other header may be a credential (vendors name their key
// headers freely: X-Api-Key, Api-Token, X-Auth-Token).
func safeHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Accept", "Accept-Encoding", "Accept-Language", "Content-Type", "User-Agent", "Cache-Control", "X-Github-Api-Version":
		return true
	}
	return false
}

// checkRequest refuses a request that cannot be sent as it is, before any
// attempt: a URL that is not http or https, or a header value with a
// control character (a token pasted with a newline inside it). The
// message names the header, never its value.
func checkRequest(req *http.Request) error {
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return permanent(fmt.Errorf("request not sent: %q URLs are not supported; only http and https", s))
	}
	for name, values := range req.Header {
		for _, v := range values {
			if i := strings.IndexFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }); i >= 0 {
				return permanent(fmt.Errorf("request not sent: the %s header holds a control character at byte %d (a newline or other control character inside a credential? check the environment variable)", name, i))
			}
		}
	}
	return nil
}

// permanentError is a failure that would happen again the same way: the
// request as built, or the redirects the server gives.
type permanentError struct{ err error }

func permanent(err error) error         { return &permanentError{err} }
func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent says whether err, from a call through the stack, would fail
// the same way if the call were sent again, so that it is not retried: a
// request that cannot be sent as built, a redirect loop or a redirect to
// another scheme, a TLS certificate that does not verify, a body over the
// limit, a cancelled run. Callers with their own retries (a token
// exchange) ask it too.
func Permanent(err error) bool {
	var pe *permanentError
	var tooLarge *bodyTooLargeError
	var certErr *tls.CertificateVerificationError
	return errors.As(err, &pe) || errors.As(err, &tooLarge) || errors.As(err, &certErr) || errors.Is(err, context.Canceled)
}

// attemptsError is a transport error that outlasted every retry: it says
// how many attempts were made and how long they took in all.
type attemptsError struct {
	err      error
	attempts int
	elapsed  time.Duration
}

func (e *attemptsError) Error() string {
	return fmt.Sprintf("%v (%d attempts over %s)", e.err, e.attempts, HumanDuration(e.elapsed))
}

func (e *attemptsError) Unwrap() error { return e.err }

func (t *retryTransport) logf(format string, args ...any) {
	if t.opts.Logf != nil {
		t.opts.Logf("WARN "+t.vendor+": "+format, args...)
	}
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// closeBody honours the RoundTripper contract: the request body is closed
// even when the request is never sent.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

type bodyTooLargeError struct{ limit int }

func (e *bodyTooLargeError) Error() string {
	return fmt.Sprintf("response larger than the %d-byte limit", e.limit)
}
