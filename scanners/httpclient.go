package scanners

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"golang.org/x/time/rate"
)

// ClientOptions configure the vendor HTTP stack (Client and
// Env.HTTPClient). The zero value means the defaults; tests replace the
// clock and the sleeper (scantest.Clock).
type ClientOptions struct {
	// Timeout bounds one attempt of one call, body included (default 30s).
	Timeout time.Duration
	// Retries is how often a 429, a 5xx, a rate-limit 403 or a transport
	// error is retried (default 4; negative means none).
	Retries int
	// MinBackoff and MaxBackoff bound the exponential backoff used when
	// the server sends no Retry-After (defaults 500ms and 30s).
	MinBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest wait the server may ask for (a
	// Retry-After, the reset of an exhausted rate limit, GitHub's minute
	// after a secondary limit) that is waited for; a longer one (such as
	// a daily limit) ends the call (default 2m).
	MaxRetryAfter time.Duration
	// MaxBody is the response size limit in bytes (default 16 MiB).
	MaxBody int
	// Transport replaces http.DefaultTransport.
	Transport http.RoundTripper
	// Logf receives the stack's log lines (each retry and its wait) and
	// resty's; nil discards them.
	Logf func(format string, args ...any)
	// Now is the clock of every wait: Retry-After dates, rate-limit
	// resets and the rate limiter's slots are measured against it
	// (default time.Now).
	Now func() time.Time
	// Sleep is every wait of the stack: the rate limiter, the backoff,
	// Retry-After and rate-limit resets. It waits d or until ctx is done
	// (default: a timer). Tests pass a sleeper that records the wait and
	// advances their Now, so that no test waits or depends on how fast
	// the machine is.
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

// Client is one vendor's HTTP client: resty builds the requests and reads
// the bodies, and sends them through the stack of HTTPClient (retries on
// 429, 5xx and rate-limit 403s honouring Retry-After and rate-limit
// resets, a per-attempt timeout, a response size limit, the vendor's rate
// limiter before every attempt, outside its timeout, and redirects that
// drop the credentials when they leave the host). Its errors name the
// vendor and the request (method and path, never the query or the token).
type Client struct {
	vendor  string
	r       *resty.Client
	headers http.Header
}

// NewClient builds a client for vendor. limiter may be nil (no limit).
func NewClient(vendor, baseURL string, limiter *rate.Limiter, opts ClientOptions) *Client {
	o := opts.withDefaults()
	r := resty.NewWithClient(newHTTPClient(vendor, limiter, o)).
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetLogger(restyLogger{o.Logf}).
		// The transport retries: resty's own retries would multiply them.
		SetRetryCount(0)
	return &Client{vendor: vendor, r: r, headers: http.Header{}}
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
	return c.Send(ctx, http.MethodGet, target, query, nil)
}

// Send is Fetch with any method and, when jsonBody is not nil, a JSON
// request body. A POST is retried only when ctx is marked ReadOnly.
func (c *Client) Send(ctx context.Context, method, target string, query url.Values, jsonBody []byte) (*Response, error) {
	path := target
	if u, err := url.Parse(target); err == nil && u.IsAbs() {
		base, _ := url.Parse(c.r.BaseURL)
		if base == nil || u.Scheme != base.Scheme || u.Host != base.Host {
			return nil, &RequestError{Vendor: c.vendor, Method: method, Path: u.Path,
				Err: fmt.Errorf("the API pointed to another host (%s); the token is only sent to %s", u.Host, hostOf(base))}
		}
		path = u.String()
	}
	req := c.r.R().SetContext(ctx).SetHeaderMultiValues(c.headers)
	if query != nil {
		req.SetQueryParamsFromValues(query)
	}
	if jsonBody != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(jsonBody)
	}
	shown := pathOnly(target)
	resp, err := req.Execute(method, path)
	if err != nil {
		return nil, &RequestError{Vendor: c.vendor, Method: method, Path: shown, Err: c.cleanErr(ctx, err)}
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		if o := outcomeOf(resp.RawResponse); o != nil && o.tooLong > 0 {
			return nil, &RequestError{Vendor: c.vendor, Method: method, Path: shown,
				Attempts: o.attempts, Err: &RetryAfterError{Wait: o.tooLong}}
		}
		return nil, &RequestError{Vendor: c.vendor, Method: method, Path: shown,
			Status: resp.StatusCode(), Body: resp.Body(), Header: resp.Header(), Attempts: Attempts(resp.RawResponse)}
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
// query); the transport's own errors are already in plain words.
func (c *Client) cleanErr(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
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

// WithDefaults returns o with every unset field at its default, for the
// vendor libraries' adapters that need the stack's clock or bounds.
func (o ClientOptions) WithDefaults() ClientOptions { return o.withDefaults() }
