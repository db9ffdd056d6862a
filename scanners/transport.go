package scanners

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// HTTPClient builds an *http.Client for vendor, for the vendor libraries
// that take one (go-github) rather than a Client. Its transport gives the
// same guarantees as Client: it waits on e.Limiter before every attempt
// (outside the attempt's timeout), bounds every attempt, body included,
// with e.HTTP.Timeout, retries 429, 5xx and transport errors of GET and
// HEAD requests with the same backoff and Retry-After rules, also retries
// GitHub's rate-limit 403s (X-RateLimit-Remaining: 0 until
// X-RateLimit-Reset, and secondary limits), refuses bodies over
// e.HTTP.MaxBody, and drops credentials on redirects to another host.
//
// A response it will not retry any more (retries used up, or a wait longer
// than MaxRetryAfter) is returned as it is, so that the library sees the
// vendor's status and body; Attempts tells how often it was sent. The
// transport adds no credentials: the caller adds them for its own host.
// Its errors carry no URL and no query.
func (e Env) HTTPClient(vendor string) *http.Client {
	o := e.HTTP.withDefaults()
	return &http.Client{
		Transport:     &retryTransport{vendor: vendor, base: o.Transport, limiter: e.Limiter, opts: o},
		CheckRedirect: sameHostCredentials,
	}
}

// WithDefaults returns o with every unset field at its default, for the
// callers that wait on their own (such as for a rate-limit reset that a
// library learned from an earlier answer) and must keep to the same bounds.
func (o ClientOptions) WithDefaults() ClientOptions { return o.withDefaults() }

// Attempts is how many times the transport of an HTTPClient sent the
// request that resp answers (1 when it was not retried, 0 when resp did
// not come from such a transport).
func Attempts(resp *http.Response) int {
	if resp == nil || resp.Request == nil {
		return 0
	}
	n, _ := resp.Request.Context().Value(attemptKey{}).(int)
	return n
}

type attemptKey struct{}

// retryTransport is the RoundTripper of HTTPClient.
type retryTransport struct {
	vendor  string
	base    http.RoundTripper
	limiter *rate.Limiter
	opts    ClientOptions
}

// maxSecondaryWait is what GitHub asks for after a secondary rate limit
// that comes without Retry-After: "wait for at least one minute".
const maxSecondaryWait = time.Minute

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	// Only a request that can be sent again unchanged is retried: a body
	// may have been read, and other methods may not be idempotent.
	retryable := (req.Method == http.MethodGet || req.Method == http.MethodHead) &&
		(req.Body == nil || req.Body == http.NoBody)
	for attempt := 1; ; attempt++ {
		if t.limiter != nil {
			if err := t.limiter.Wait(ctx); err != nil {
				closeBody(req)
				return nil, limiterError(ctx, err)
			}
		}
		resp, err := t.attempt(ctx, req, attempt)
		last := !retryable || attempt > t.opts.Retries
		var wait time.Duration
		switch {
		case err != nil:
			var tooLarge *bodyTooLargeError
			if last || ctx.Err() != nil || errors.As(err, &tooLarge) {
				return nil, err
			}
			wait = t.backoff(attempt)
			t.logf("%s %s: %v; attempt %d of %d, retrying in %s", req.Method, req.URL.Path, err, attempt, t.opts.Retries+1, wait)
		default:
			var again bool
			wait, again = t.retryWait(resp, attempt)
			if last || !again {
				return resp, nil
			}
			t.logf("%s %s: HTTP %d; attempt %d of %d, retrying in %s", req.Method, req.URL.Path, resp.StatusCode, attempt, t.opts.Retries+1, wait)
		}
		if err := t.opts.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt sends req once, within the per-attempt timeout, and reads the
// whole body within it, so that a server that stalls mid-body is a timeout
// and a cut-off body is a retryable transport error.
func (t *retryTransport) attempt(ctx context.Context, req *http.Request, n int) (*http.Response, error) {
	actx, cancel := context.WithTimeout(context.WithValue(ctx, attemptKey{}, n), t.opts.Timeout)
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

// retryWait says whether resp is worth another attempt, and after how long.
func (t *retryTransport) retryWait(resp *http.Response, attempt int) (time.Duration, bool) {
	s := resp.StatusCode
	if s != http.StatusTooManyRequests && s != http.StatusForbidden && s < 500 {
		return 0, false
	}
	now := t.opts.Now()
	var wait time.Duration
	if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		wait = d
	} else if d, ok := rateLimitReset(resp.Header, now); ok {
		wait = d
	} else if s == http.StatusForbidden {
		if !secondaryRateLimit(resp) {
			return 0, false // a permission problem: the vendor means it
		}
		wait = maxSecondaryWait
	} else {
		return t.backoff(attempt), true
	}
	if wait > t.opts.MaxRetryAfter {
		return 0, false
	}
	return max(wait, time.Millisecond), true
}

// rateLimitReset reads GitHub's primary rate limit: no requests left until
// the X-RateLimit-Reset epoch second.
func rateLimitReset(h http.Header, now time.Time) (time.Duration, bool) {
	if h.Get("X-RateLimit-Remaining") != "0" {
		return 0, false
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64)
	if err != nil || sec < 0 {
		return 0, false
	}
	// The reset second is whole: wait into the next one so that a clock a
	// little behind the server's does not ask too early.
	return max(time.Unix(sec, 0).Sub(now)+time.Second, 0), true
}

// secondaryRateLimit recognizes a 403 that is GitHub's secondary rate
// limit, as go-github does (documentation_url), or by its message.
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

// backoff is exponential with jitter, as Client.retryWait.
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.opts.MinBackoff << min(attempt-1, 20)
	if d <= 0 || d > t.opts.MaxBackoff {
		d = t.opts.MaxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	return max(d, t.opts.MinBackoff)
}

func (t *retryTransport) logf(format string, args ...any) {
	if t.opts.Logf != nil {
		t.opts.Logf("WARN "+t.vendor+": "+format, args...)
	}
}

// limiterError explains a rate-limiter wait that failed: the run was
// cancelled, or its deadline comes before the next free slot.
func limiterError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if _, ok := ctx.Deadline(); ok {
		return fmt.Errorf("the rate limit allows no call before the deadline: %w", context.DeadlineExceeded)
	}
	return fmt.Errorf("waiting for the rate limit: %w", err)
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
