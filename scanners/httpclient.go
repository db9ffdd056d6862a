package scanners

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"golang.org/x/time/rate"
)

// ClientOptions configure the vendor HTTP clients. The zero value means
// the defaults; tests shrink the timings.
type ClientOptions struct {
	// Timeout bounds one attempt of one call, body included (default 30s).
	Timeout time.Duration
	// Retries is how often a 429, a 5xx or a transport error is retried
	// (default 4; negative means none).
	Retries int
	// MinBackoff and MaxBackoff bound the exponential backoff used when
	// the server sends no Retry-After (defaults 500ms and 30s).
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After that is waited for; a
	// longer one (such as a daily limit) ends the call with an error
	// (default 2m).
	MaxRetryAfter time.Duration
	// MaxBody is the response size limit in bytes (default 16 MiB).
	MaxBody int
	// Transport replaces http.DefaultTransport.
	Transport http.RoundTripper
	// Logf receives the HTTP library's log lines; nil discards them.
	Logf func(format string, args ...any)
	// Now is the clock that Retry-After dates and rate-limit resets are
	// measured against (default time.Now).
	Now func() time.Time
	// Sleep waits d or until ctx is done (default: a timer). Tests pass a
	// sleeper that records the wait and returns at once, so that no test
	// depends on how fast the machine is.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultMaxBody is the default response size limit.
const DefaultMaxBody = 16 << 20

func (o ClientOptions) withDefaults() ClientOptions {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	switch {
	case o.Retries == 0:
		o.Retries = 4
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 500 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(30*time.Second, o.MinBackoff)
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 2 * time.Minute
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	return o
}

// Client is one vendor's HTTP client: resty with retries on 429 and 5xx
// honouring Retry-After, a per-attempt timeout, a response size limit, the
// vendor's rate limiter before every attempt (outside its timeout; redirects
// are followed without a second wait), and redirects that drop the
// credentials when they leave the host. Its errors name the vendor and the
// request (method and path, never the query or the token).
type Client struct {
	vendor  string
	opts    ClientOptions
	r       *resty.Client
	headers http.Header
}

// NewClient builds a client for vendor. limiter may be nil (no limit).
func NewClient(vendor, baseURL string, limiter *rate.Limiter, opts ClientOptions) *Client {
	o := opts.withDefaults()
	hc := &http.Client{Transport: o.Transport, Timeout: o.Timeout}
	c := &Client{vendor: vendor, opts: o, headers: http.Header{}}
	r := resty.NewWithClient(hc).
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetLogger(restyLogger{o.Logf}).
		SetRetryCount(o.Retries).
		SetRetryWaitTime(o.MinBackoff).
		// resty clamps every wait to this; the callback below keeps the
		// exponential backoff under MaxBackoff itself.
		SetRetryMaxWaitTime(max(o.MaxBackoff, o.MaxRetryAfter)).
		AddRetryCondition(retryable).
		SetRetryAfter(func(_ *resty.Client, resp *resty.Response) (time.Duration, error) {
			return c.retryWait(resp)
		}).
		SetResponseBodyLimit(o.MaxBody).
		SetRedirectPolicy(resty.RedirectPolicyFunc(sameHostCredentials))
	if limiter != nil {
		// Waited on before every attempt, outside the attempt's timeout:
		// tools queueing for a shared vendor limit must not time out.
		r.OnBeforeRequest(func(_ *resty.Client, req *resty.Request) error {
			if err := limiter.Wait(req.Context()); err != nil {
				return &waitError{err}
			}
			return nil
		})
	}
	c.r = r
	return c
}

// SetBearer sends "Authorization: Bearer token" with every request.
func (c *Client) SetBearer(token string) { c.SetAuthorization("Bearer " + token) }

// SetAuthorization sends the Authorization header value with every request
// (for schemes such as Okta's "SSWS token").
func (c *Client) SetAuthorization(value string) { c.headers.Set("Authorization", value) }

// Get sends GET path?query and returns the body of a 2xx response. Any
// other status is a *RequestError carrying the body, so that the scanner
// can explain it.
func (c *Client) Get(ctx context.Context, path string, query url.Values) ([]byte, error) {
	resp, err := c.Fetch(ctx, path, query)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Response is a 2xx answer, with the headers a scanner may need for
// paging (Okta's Link, Salesforce's Sforce-Limit-Info).
type Response struct {
	Body   []byte
	Header http.Header
}

// Fetch is Get with the response headers. target is a path under the base
// URL, or an absolute URL, which must be on the base URL's scheme and host:
// a next-page link that points elsewhere is refused, so that the token
// never follows it.
func (c *Client) Fetch(ctx context.Context, target string, query url.Values) (*Response, error) {
	path := target
	if u, err := url.Parse(target); err == nil && u.IsAbs() {
		base, _ := url.Parse(c.r.BaseURL)
		if base == nil || u.Scheme != base.Scheme || u.Host != base.Host {
			return nil, &RequestError{Vendor: c.vendor, Method: http.MethodGet, Path: u.Path,
				Err: fmt.Errorf("the API pointed to another host (%s); the token is only sent to %s", u.Host, hostOf(base))}
		}
		path = u.String()
	}
	req := c.r.R().SetContext(ctx).SetHeaderMultiValues(c.headers)
	if query != nil {
		req.SetQueryParamsFromValues(query)
	}
	shown := pathOnly(target)
	resp, err := req.Get(path)
	if err != nil {
		return nil, &RequestError{Vendor: c.vendor, Method: http.MethodGet, Path: shown, Err: c.cleanErr(ctx, err)}
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return nil, &RequestError{Vendor: c.vendor, Method: http.MethodGet, Path: shown,
			Status: resp.StatusCode(), Body: resp.Body(), Header: resp.Header(), Attempts: resp.Request.Attempt}
	}
	return &Response{Body: resp.Body(), Header: resp.Header()}, nil
}

// BaseURL is where the client sends requests.
func (c *Client) BaseURL() string { return c.r.BaseURL }

func hostOf(u *url.URL) string {
	if u == nil {
		return "the configured host"
	}
	return u.Host
}

// pathOnly keeps a target's path for messages: queries and cursors may
// carry account data.
func pathOnly(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Path
	}
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		return target[:i]
	}
	return target
}

// cleanErr drops the URL that net/http puts in its errors (it carries the
// query) and turns library errors into plain words.
func (c *Client) cleanErr(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ra *retryAfterError
	var we *waitError
	switch {
	case errors.As(err, &we):
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, ok := ctx.Deadline(); ok {
			return fmt.Errorf("the rate limit allows no call before the deadline: %w", context.DeadlineExceeded)
		}
		return fmt.Errorf("waiting for the rate limit: %w", we.err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the response ended early: %w", err)
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return fmt.Errorf("response larger than the %d-byte limit", c.opts.MaxBody)
	case errors.As(err, &ra):
		return ra
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Errorf("no complete answer within %s: %w", c.opts.Timeout, context.DeadlineExceeded)
	}
	return err
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// retryable decides which failures are worth another attempt: 429, 5xx and
// transport errors, but not an oversized body or a cancelled run.
func retryable(resp *resty.Response, err error) bool {
	if err != nil {
		var we *waitError
		if errors.Is(err, resty.ErrResponseBodyTooLarge) || errors.Is(err, context.Canceled) || errors.As(err, &we) {
			return false
		}
		if resp != nil && resp.Request != nil && resp.Request.Context().Err() != nil {
			return false
		}
		return true
	}
	if resp == nil {
		return false
	}
	s := resp.StatusCode()
	return s == http.StatusTooManyRequests || s >= 500
}

// retryWait is how long to wait before the next attempt: the server's
// Retry-After (seconds or HTTP date) when it sends one, else exponential
// backoff with jitter.
func (c *Client) retryWait(resp *resty.Response) (time.Duration, error) {
	if resp != nil && resp.RawResponse != nil {
		d, ok := ParseRetryAfter(resp.Header().Get("Retry-After"), c.opts.Now())
		if !ok && resp.StatusCode() == http.StatusTooManyRequests {
			// A reset beyond MaxRetryAfter is left to the backoff: some
			// vendors report the end of a long window while a request a
			// few seconds later already succeeds.
			if r, rok := parseRateLimitReset(resp.Header(), c.opts.Now()); rok && r <= c.opts.MaxRetryAfter {
				d, ok = r, true
			}
		}
		if ok {
			if d > c.opts.MaxRetryAfter {
				return 0, &retryAfterError{wait: d}
			}
			return max(d, time.Millisecond), nil
		}
	}
	attempt := 1
	if resp != nil && resp.Request != nil {
		attempt = max(resp.Request.Attempt, 1)
	}
	d := c.opts.MinBackoff << min(attempt-1, 20)
	if d <= 0 || d > c.opts.MaxBackoff {
		d = c.opts.MaxBackoff
	}
	// Full jitter on the upper half, so that parallel clients spread out.
	d = d/2 + rand.N(d/2+1)
	return max(d, c.opts.MinBackoff), nil
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

// parseRateLimitReset reads when a 429's rate-limit window resets, for
// vendors that send no Retry-After: Okta's X-Rate-Limit-Reset and GitHub's
// X-RateLimit-Reset (epoch seconds), Segment's X-RateLimit-Reset (an
// RFC 5322 date).
func parseRateLimitReset(h http.Header, now time.Time) (time.Duration, bool) {
	for _, name := range []string{"X-Rate-Limit-Reset", "X-RateLimit-Reset"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 1_000_000_000 {
			return max(time.Unix(n, 0).Sub(now), 0) + time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
		if t, err := time.Parse(time.RFC1123Z, v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	return 0, false
}

// waitError is a rate-limiter wait that failed (the run was cancelled, or
// its deadline comes before the next free slot): never retried.
type waitError struct{ err error }

func (e *waitError) Error() string { return e.err.Error() }
func (e *waitError) Unwrap() error { return e.err }

type retryAfterError struct{ wait time.Duration }

func (e *retryAfterError) Error() string {
	return fmt.Sprintf("rate limited: the server asks to retry after %s", e.wait.Round(time.Second))
}

// sameHostCredentials follows at most 10 redirects and never sends the
// Authorization header to a host (or port) other than the original one.
func sameHostCredentials(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
	}
	return nil
}

// restyLogger forwards resty's log lines to Logf, or drops them.
type restyLogger struct{ logf func(string, ...any) }

func (l restyLogger) Errorf(f string, v ...any) { l.log("ERROR "+f, v...) }
func (l restyLogger) Warnf(f string, v ...any)  { l.log("WARN "+f, v...) }
func (l restyLogger) Debugf(f string, v ...any) { l.log("DEBUG "+f, v...) }
func (l restyLogger) log(f string, v ...any) {
	if l.logf != nil {
		l.logf(f, v...)
	}
}

// RequestError is a failed call: a transport error (Err) or a non-2xx
// status (Status, Body). Its message names the vendor and the request.
type RequestError struct {
	Vendor, Method, Path string
	Status               int
	Body                 []byte
	Header               http.Header
	// Attempts is how many times the request was sent.
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	req := e.Vendor + ": " + e.Method + " " + e.Path
	if e.Err != nil {
		return req + ": " + e.Err.Error()
	}
	msg := fmt.Sprintf("%s: HTTP %d %s", req, e.Status, http.StatusText(e.Status))
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

func (e *RequestError) Unwrap() error { return e.Err }
