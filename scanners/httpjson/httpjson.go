// Package httpjson is the generic `http` scanner: it reads the user list of
// any JSON API that has no scanner of its own, with jq expressions (gojq)
// that say where the users, their last activity, the purchased seats and
// the next page are in a response.
//
//	scan "http" {
//	  url          = "https://api.gong.io/v2/stats/activity/day-by-day"
//	  token_env    = "GONG_BASIC_AUTH"  # holds "Basic <base64 of key:secret>"
//	  method       = "POST"
//	  body         = { filter = { fromDate = "$as_of-90d", toDate = "$as_of" } }
//	  users        = ".usersDetailedActivities[] | {id: .userId, email: .userEmailAddress, last_active: ...}"
//	  next         = ".records.cursor"
//	  cursor_param = "cursor"
//	}
//
// The request. method is GET (default) or POST; a POST sends body, an HCL
// object (or a string holding JSON), as its JSON body, and is treated as a
// read: retried like a GET. A string value "$as_of" in the body is the
// scan's --as-of date and "$as_of-Nd" the date N days before it
// (YYYY-MM-DD), so that a scheduled job asks for a rolling window. headers
// adds further headers, each value read from the environment variable it
// names (headers = { "X-Tenant" = "VENDOR_TENANT" }), sent like the
// credential to the API's own host only.
//
// The credential. The variable token_env names is sent in the header
// `header` (default Authorization). With `prefix` set, the header value is
// prefix + the variable's value, verbatim (prefix = "" sends the value
// alone). Without it, a value for Authorization that already names its
// scheme (it has a space, as in "Basic dXNlcjpw" or "Token abc") is sent as
// it is, and a bare token gets "Bearer " in front; any other header gets the
// value alone. So a Basic-auth API such as Gong works by putting the whole
// "Basic ..." value in the variable, and a bearer-token API by putting the
// token alone.
//
// The expressions. users yields one object per seat holder with id and/or
// email (a string; an id may be a number) and optionally last_active (an
// RFC 3339 string, a YYYY-MM-DD date, or unix seconds; null, "" and 0 mean
// never). Other keys are ignored, except spellings of last_active such as
// lastActive, which are an error rather than a silent "never active". A
// value of the wrong shape is an error naming the page and the value's
// position (counting from 1). seats yields the number of purchased
// seats, read from the first page; without it the inventory's cost.seats
// counts. next yields the next page, or null/empty on the last one: a URL
// (absolute, or relative to the page's URL; it must stay on the same host,
// or the token would follow it), or, with cursor_param set, a cursor sent as
// that query parameter of url (for a POST: as that top-level field of the
// body). Instead of next, next_link = true follows the Link response
// header's rel="next" target (RFC 8288), on the same host only. Every
// expression is compiled by Validate;
// each runs with a timeout, and sees no environment variables ($ENV and env
// are empty).
//
// The address. url must be https://, or http:// on a loopback host for a
// local test server. `--endpoint http=URL` replaces url's scheme and host
// and puts URL's path in front of url's path: with --endpoint
// http=http://127.0.0.1:8080/proxy, https://api.gong.io/v2/users is read
// from http://127.0.0.1:8080/proxy/v2/users, and next-page links to
// api.gong.io are rewritten the same way.
//
// Unlike the vendor kinds, whose hosts are fixed or pattern-checked, url
// decides where the token is sent: review a change to url or token_env in
// an inventory pull request as a change to where a secret goes.
package httpjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/itchyny/gojq"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "http"

// Limits on what an expression may do with one page.
const (
	// DefaultQueryTimeout bounds one expression on one page: a query
	// such as `repeat(.)` must not stall the run.
	DefaultQueryTimeout = 10 * time.Second
	// MaxValuesPerPage bounds what an expression yields for one page:
	// the iteration limit (gojq has none of its own).
	MaxValuesPerPage = 100_000
	// MaxValueBytes bounds one value an expression yields, as JSON: a
	// user object, a seat count and a next page are far smaller. gojq
	// itself caps a string at 2 GiB; this keeps such a value out of the
	// snapshot, where `"x" * 1000000000` once made a 1 GB file the
	// reader refused.
	MaxValueBytes = 64 << 10
	// MaxOutputBytes bounds everything an expression yields for one
	// page, as JSON: twice the largest body a page may have.
	MaxOutputBytes = 2 * scanners.DefaultMaxBody
	// MaxFieldBytes bounds a user's id and email.
	MaxFieldBytes = 1 << 10
)

// Scanner scans one tool through its JSON API.
type Scanner struct{}

// New returns the http scanner.
func New() *Scanner { return &Scanner{} }

// settings are the http block's own settings (see the package doc).
type settings struct {
	url         *url.URL
	header      string
	prefix      *string
	seats       *query
	users       *query
	next        *query
	cursorParam string
	// method is GET or POST; body the POST's JSON body (nil for a GET).
	method string
	body   []byte
	// headers are further headers, each from an environment variable.
	headers []envHeader
	// nextLink follows the Link header's rel="next".
	nextLink bool
}

// envHeader is a header whose value is read from an environment variable.
type envHeader struct{ name, env string }

// query is one compiled jq expression and the setting it came from.
type query struct {
	name string
	code *gojq.Code
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "url"}, {Name: "header"}, {Name: "prefix"},
		{Name: "seats"}, {Name: "users"}, {Name: "next"}, {Name: "cursor_param"},
		{Name: "method"}, {Name: "body"}, {Name: "headers"}, {Name: "next_link"},
	},
}

const howToToken = "An http scan reads the API credential from an environment variable: add token_env = \"VENDOR_TOKEN\" " +
	"and put the API token in it (or, for a scheme other than Bearer, the whole header value, such as \"Basic dXNlcjpzZWNyZXQ=\")."

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{header: "Authorization", method: http.MethodGet}
	var diags hcl.Diagnostics
	diags = append(diags, scanners.RequireTokenEnv(scan, howToToken)...)
	if scan.Body == nil {
		return st, diags
	}
	content, moreDiags := scan.Body.Content(settingsSchema)
	diags = append(diags, moreDiags...)
	attrs := content.Attributes
	missing := func(name, detail string) {
		diags = append(diags, scanners.BlockError(scan.DeclRange, "Missing "+name+" setting", detail))
	}

	if _, ok := attrs["url"]; ok {
		diags = append(diags, scanners.CheckedString(attrs, "url", func(s string) (problem string) {
			st.url, problem = checkURL(s)
			return problem
		})...)
	} else {
		missing("url", "An http scan needs the address of the API's user list: url = \"https://api.example.com/v2/users\".")
	}

	diags = append(diags, scanners.CheckedString(attrs, "header", func(s string) string {
		if problem := checkHeader(s); problem != "" {
			return problem
		}
		st.header = http.CanonicalHeaderKey(s)
		return ""
	})...)
	diags = append(diags, scanners.CheckedString(attrs, "prefix", func(s string) string {
		if strings.ContainsFunc(s, isControl) {
			return "prefix is put in front of the token in the header value, such as \"Bearer \" or \"Token \"; it cannot hold control characters or line breaks."
		}
		st.prefix = &s
		return ""
	})...)

	compile := func(name string, dst **query) {
		a, ok := attrs[name]
		if !ok {
			return
		}
		s, d := scanners.StringAttribute(a)
		if d != nil {
			diags = append(diags, d)
			return
		}
		code, problem := compileQuery(s)
		if problem != "" {
			diags = append(diags, scanners.AttributeError(a, "Invalid "+name+" expression", problem))
			return
		}
		*dst = &query{name: name, code: code}
	}
	compile("seats", &st.seats)
	compile("users", &st.users)
	compile("next", &st.next)
	if _, ok := attrs["users"]; !ok {
		missing("users", "An http scan needs a jq expression that yields one object per user, with id and/or email and optionally last_active, "+
			"such as users = \".users[] | select(.active) | {id, email, last_active: .lastLogin}\".")
	}

	diags = append(diags, st.decodeRequest(attrs)...)
	if a, ok := attrs["next_link"]; ok {
		diags = append(diags, scanners.BoolSetting(attrs, "next_link",
			"next_link is true (follow the Link header's rel=\"next\") or false.", &st.nextLink)...)
		if _, hasNext := attrs["next"]; hasNext && st.nextLink {
			diags = append(diags, scanners.AttributeError(a, "next_link with next",
				"next_link follows the Link header and next a place in the body: keep one of them."))
		}
	}

	if a, ok := attrs["cursor_param"]; ok {
		if s, d := scanners.StringAttribute(a); d != nil {
			diags = append(diags, d)
		} else if !cursorParamPattern.MatchString(s) {
			diags = append(diags, scanners.AttributeError(a, "Invalid cursor_param setting",
				fmt.Sprintf("cursor_param is the name of the query parameter that carries the next page's cursor, such as \"cursor\" or \"page[after]\"; %q is not such a name.", s)))
		} else if _, hasNext := attrs["next"]; !hasNext {
			diags = append(diags, scanners.AttributeError(a, "cursor_param without next",
				"cursor_param names the query parameter for the cursor that next yields: add next = \".paging.cursor\" (the cursor's place in the response), or remove cursor_param."))
		} else {
			st.cursorParam = s
		}
	}
	return st, diags
}

var cursorParamPattern = regexp.MustCompile(`^[A-Za-z0-9_.\-\[\]]{1,100}$`)

// envNamePattern is an environment variable name.
var envNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)

// decodeRequest reads method, body and headers.
func (st *settings) decodeRequest(attrs hcl.Attributes) hcl.Diagnostics {
	var diags hcl.Diagnostics
	diags = append(diags, scanners.CheckedString(attrs, "method", func(s string) string {
		m := strings.ToUpper(s)
		if m != http.MethodGet && m != http.MethodPost {
			return fmt.Sprintf("method is \"GET\" (default) or \"POST\" (a read-only query with a JSON body), not %q.", s)
		}
		st.method = m
		return ""
	})...)
	if a, ok := attrs["body"]; ok {
		body, problem := bodyValue(a)
		switch {
		case problem != "":
			diags = append(diags, scanners.AttributeError(a, "Invalid body setting", problem))
		case st.method != http.MethodPost:
			diags = append(diags, scanners.AttributeError(a, "body without method = \"POST\"", "A GET sends no body: add method = \"POST\", or remove body."))
		default:
			st.body = body
		}
	} else if st.method == http.MethodPost {
		st.body = []byte("{}")
	}
	if a, ok := attrs["headers"]; ok {
		hs, problem := headersValue(a, st.header)
		if problem != "" {
			diags = append(diags, scanners.AttributeError(a, "Invalid headers setting", problem))
		}
		st.headers = hs
	}
	return diags
}

// bodyValue is the JSON of the body setting: an HCL object, or a string
// holding a JSON object.
func bodyValue(a *hcl.Attribute) ([]byte, string) {
	const howTo = "body is the POST's JSON body: an object such as { filter = { fromDate = \"$as_of-30d\" } }, or a string holding a JSON object."
	v, d := a.Expr.Value(nil)
	if d.HasErrors() {
		return nil, howTo + " " + d.Error()
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		return nil, howTo
	}
	var body []byte
	if v.Type() == cty.String {
		body = []byte(v.AsString())
	} else {
		b, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			return nil, howTo
		}
		body = b
	}
	var obj map[string]any
	if json.Unmarshal(body, &obj) != nil || obj == nil {
		return nil, howTo
	}
	return body, ""
}

// headersValue reads headers = { "Header-Name" = "ENV_VAR" }, sorted by
// header name.
func headersValue(a *hcl.Attribute, credential string) ([]envHeader, string) {
	const howTo = "headers maps header names to the environment variables that hold their values, such as headers = { \"X-Tenant-Id\" = \"VENDOR_TENANT\" }."
	v, d := a.Expr.Value(nil)
	if d.HasErrors() || v.IsNull() || !v.IsWhollyKnown() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return nil, howTo
	}
	var out []envHeader
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		name := k.AsString()
		if problem := checkHeader(name); problem != "" {
			return nil, problem
		}
		if strings.EqualFold(name, credential) {
			return nil, fmt.Sprintf("The header %s already carries the credential of token_env.", http.CanonicalHeaderKey(name))
		}
		if val.IsNull() || val.Type() != cty.String || !envNamePattern.MatchString(val.AsString()) {
			return nil, fmt.Sprintf("The value for %s must name an environment variable, such as \"VENDOR_TENANT\" (the value itself stays out of the inventory).", name)
		}
		out = append(out, envHeader{name: http.CanonicalHeaderKey(name), env: val.AsString()})
	}
	slices.SortFunc(out, func(a, b envHeader) int { return strings.Compare(a.name, b.name) })
	return out, ""
}

// CredentialEnv lists the variables a block's headers read, for the run
// (scanners.Kind.CredentialEnv).
func CredentialEnv(scan *inventory.Scan) []string {
	st, _ := decode(scan)
	var out []string
	for _, h := range st.headers {
		out = append(out, h.env)
	}
	return out
}

// asOfPattern is a body placeholder for the as-of date, or N days before.
var asOfPattern = regexp.MustCompile(`^\$as_of(?:-([0-9]{1,4})d)?$`)

// requestBody is the body with its date placeholders replaced and, when
// cursor is set, the cursor in the field cursorParam.
func (st settings) requestBody(asOf time.Time, cursorParam, cursor string) ([]byte, error) {
	if st.body == nil {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(st.body))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not a JSON object: %w", err)
	}
	replaced := withDates(v, asOf).(map[string]any)
	if cursor != "" && cursorParam != "" {
		replaced[cursorParam] = cursor
	}
	return json.Marshal(replaced)
}

// withDates replaces the "$as_of" placeholders in v.
func withDates(v any, asOf time.Time) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = withDates(e, asOf)
		}
	case []any:
		for i, e := range x {
			x[i] = withDates(e, asOf)
		}
	case string:
		if m := asOfPattern.FindStringSubmatch(x); m != nil {
			days, _ := strconv.Atoi(m[1])
			return asOf.AddDate(0, 0, -days).Format(time.DateOnly)
		}
	}
	return v
}

// credentialParams are query parameter names that carry a credential: the
// inventory is committed to version control, so they must not be in url.
var credentialParams = []string{"apikey", "api_key", "api-key", "access_token", "token", "secret", "client_secret", "password", "key"}

// checkURL parses the url setting and says what is wrong with it, or "".
func checkURL(s string) (*url.URL, string) {
	u, problem := scanners.CheckAPIURL(s, Kind, "the address of the user list", "https://api.example.com/v2/users")
	if problem != "" {
		return nil, problem
	}
	for name := range u.Query() {
		for _, c := range credentialParams {
			if strings.EqualFold(name, c) {
				return nil, fmt.Sprintf("url has the query parameter %q, which looks like a credential: inventories are committed to version control. "+
					"Send the credential in a header instead (header = \"X-Api-Key\" with token_env).", name)
			}
		}
	}
	return u, ""
}

// forbiddenHeaders are managed by the HTTP client itself.
var forbiddenHeaders = []string{"Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Te", "Trailer", "Proxy-Authorization", "Proxy-Connection", "Keep-Alive"}

func checkHeader(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return !isTokenChar(r) }) {
		return fmt.Sprintf("header is the name of the HTTP header that carries the token, such as \"Authorization\" or \"X-Api-Key\"; %q is not a header name.", s)
	}
	for _, f := range forbiddenHeaders {
		if strings.EqualFold(s, f) {
			return fmt.Sprintf("The header %s is set by the HTTP client itself and cannot carry the token; use the header the API documents for its key, such as \"Authorization\" or \"X-Api-Key\".", http.CanonicalHeaderKey(s))
		}
	}
	return ""
}

// isTokenChar is RFC 9110's tchar.
func isTokenChar(r rune) bool {
	return r < 127 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r))
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// compileQuery compiles a jq expression and says what is wrong with it, or "".
func compileQuery(src string) (*gojq.Code, string) {
	if strings.TrimSpace(src) == "" {
		return nil, "The expression is empty; write a jq expression, such as \".users[]\"."
	}
	q, err := gojq.Parse(src)
	if err != nil {
		var pe *gojq.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Sprintf("The jq expression does not parse: %s, after %q. See https://jqlang.org/manual/ for the syntax.", pe.Error(), snippet(src, pe.Offset))
		}
		return nil, "The jq expression does not parse: " + err.Error() + "."
	}
	// No environment: $ENV and env must not read the scan's secrets.
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(func() []string { return nil }))
	if err != nil {
		return nil, "The jq expression does not compile: " + err.Error() + "."
	}
	return code, ""
}

// snippet is the end of src up to offset, to show where a parse error is.
func snippet(src string, offset int) string {
	offset = max(0, min(offset, len(src)))
	s := src[:offset]
	if r := []rune(s); len(r) > 40 {
		s = "…" + string(r[len(r)-40:])
	}
	return s
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, token, err := scanners.Prepare(env, tool.Scan, tool.Scan.TokenEnv, decode)
	if err != nil {
		return nil, err
	}
	tokenEnv := tool.Scan.TokenEnv
	first, err := st.rebase(st.url, env.BaseURL)
	if err != nil {
		return nil, err
	}
	vendor := st.url.Host
	value, shown := st.headerValue(token, tokenEnv)
	if strings.ContainsFunc(value, isControl) {
		return nil, fmt.Errorf("%s: the value of %s has a line break or control character and cannot be sent in a header", vendor, tokenEnv)
	}
	extra := http.Header{}
	for _, h := range st.headers {
		v := ""
		if env.Getenv != nil {
			v = strings.TrimSpace(env.Getenv(h.env))
		}
		switch {
		case v == "":
			return nil, fmt.Errorf("%s: environment variable %s is not set (the value of the header %s)", vendor, h.env, h.name)
		case strings.ContainsFunc(v, isControl):
			return nil, fmt.Errorf("%s: the value of %s has a line break or control character and cannot be sent in a header", vendor, h.env)
		}
		extra.Set(h.name, v)
	}
	extra.Set(st.header, value)
	opts := env.HTTP
	next := opts.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	// The credentials are added per request, and only for the API's own
	// origin: a redirect or link to another host never carries them,
	// whatever the headers' names.
	opts.Transport = &credentialTransport{next: next, scheme: first.Scheme, host: first.Host, headers: extra}
	if st.method != http.MethodGet {
		// A POST here is a query: it may be sent again after a 429.
		ctx = scanners.ReadOnly(ctx)
	}
	c := scanners.NewClient(vendor, first.Scheme+"://"+first.Host, env.Limiter, opts)
	const timeout = DefaultQueryTimeout
	explain := func(err error) error { return explain(err, tokenEnv, shown) }

	var purchased *int
	users := []usage.User{}
	byKey := map[string]int{}
	page := 0
	lastPath := first.Path
	err = scanners.Paginate(ctx, func(ctx context.Context, cursor string) (string, error) {
		page++
		target := first
		bodyCursor := ""
		switch {
		case cursor == "":
		case st.cursorParam != "" && st.body != nil:
			bodyCursor = cursor
		case st.cursorParam != "":
			u := *first
			q := u.Query()
			q.Set(st.cursorParam, cursor)
			u.RawQuery = q.Encode()
			target = &u
		default:
			u, err := url.Parse(cursor)
			if err != nil {
				// Not quoted: the link may carry a cursor.
				return "", fmt.Errorf("%s: page %d: the next page's URL does not parse", vendor, page)
			}
			target = u
		}
		lastPath = target.Path
		where := fmt.Sprintf("%s: %s %s: page %d", vendor, st.method, target.Path, page)
		body, err := st.requestBody(env.AsOf, st.cursorParam, bodyCursor)
		if err != nil {
			return "", fmt.Errorf("%s: %w", where, err)
		}
		resp, err := c.Send(ctx, st.method, target.String(), nil, body)
		if err != nil {
			return "", explain(err)
		}
		doc, err := DecodePage(resp.Body)
		if err != nil {
			return "", fmt.Errorf("%s: %w", where, err)
		}
		run := func(q *query, each func(i int, v any) error) error {
			return runQuery(ctx, q, doc, timeout, func(i int, v any) error {
				if err := each(i, v); err != nil {
					return fmt.Errorf("%s: %s expression, value %d: %w", where, q.name, i+1, err)
				}
				return nil
			}, where)
		}
		if page == 1 && st.seats != nil {
			err := run(st.seats, func(i int, v any) error {
				if i > 0 {
					return errors.New("it yields more than one value; make it yield one number, such as .seats.total")
				}
				n, err := seatCount(v)
				purchased = n
				return err
			})
			if err != nil {
				return "", err
			}
		}
		err = run(st.users, func(i int, v any) error {
			u, err := UserFromValue(v)
			if err != nil {
				return err
			}
			key := "id:" + u.ID
			if u.ID == "" {
				key = "email:" + strings.ToLower(u.Email)
				u.ID = strings.ToLower(u.Email)
			}
			if j, dup := byKey[key]; dup {
				if la := u.LastActive; la != nil && (users[j].LastActive == nil || la.After(*users[j].LastActive)) {
					users[j].LastActive = la
				}
				return nil
			}
			if err := scanners.KeepUser(ctx); err != nil {
				return err
			}
			byKey[key] = len(users)
			users = append(users, u)
			return nil
		})
		if err != nil {
			return "", err
		}
		if st.nextLink {
			link, err := NextLink(resp.Header.Values("Link"))
			if err != nil {
				return "", fmt.Errorf("%s: %w", where, err)
			}
			if link == "" {
				return "", nil
			}
			n, err := st.nextPage(link, target, env.BaseURL)
			if err != nil {
				return "", fmt.Errorf("%s: the Link header's next page: %w", where, err)
			}
			if u, _ := url.Parse(n); u == nil || u.Host != first.Host || u.Scheme != first.Scheme {
				// Not quoted: the link may carry a cursor.
				return "", fmt.Errorf("%s: the Link header's next page is on another host; only links on %s are followed, since the credential goes with them", where, first.Host)
			}
			return n, nil
		}
		if st.next == nil {
			return "", nil
		}
		var nextPage string
		err = run(st.next, func(i int, v any) error {
			if i > 0 {
				return errors.New("it yields more than one value; make it yield the one next page, or null on the last page")
			}
			n, err := st.nextPage(v, target, env.BaseURL)
			nextPage = n
			return err
		})
		return nextPage, err
	})
	if errors.Is(err, scanners.ErrCursorLoop) || errors.Is(err, scanners.ErrCursorTooLong) || errors.Is(err, scanners.ErrUserCap) {
		return nil, fmt.Errorf("%s: %s %s: %w", vendor, st.method, lastPath, err)
	}
	if err != nil {
		return nil, err
	}
	return &usage.ToolUsage{Users: users, Seats: usage.Seats{Purchased: purchased, Assigned: len(users)}}, nil
}

// rebase applies --endpoint to a URL on the configured API's origin: the
// endpoint's scheme and host, and its path in front of the URL's path.
func (st settings) rebase(u *url.URL, endpoint string) (*url.URL, error) {
	out := *u
	if endpoint == "" || u.Scheme != st.url.Scheme || u.Host != st.url.Host {
		return &out, nil
	}
	ep, err := url.Parse(endpoint)
	if err != nil || ep.Host == "" || ep.Scheme != "http" && ep.Scheme != "https" {
		return nil, fmt.Errorf("the endpoint for the http kind is not an http(s) URL")
	}
	out.Scheme, out.Host = ep.Scheme, ep.Host
	out.Path = strings.TrimRight(ep.Path, "/") + u.Path
	out.RawPath = ""
	return &out, nil
}

// Credential is the header a scan block sends its token in, and that
// header's value for token (see the package doc): what a simulator serving
// the block must expect. Settings are read as Validate reads them; a
// block with mistakes gets the defaults for them.
func Credential(scan *inventory.Scan, token string) (header, value string) {
	st, _ := decode(scan)
	value, _ = st.headerValue(token, scan.TokenEnv)
	return st.header, value
}

// headerValue is the header value to send, and how to describe it in
// messages without the token.
func (st settings) headerValue(token, tokenEnv string) (value, shown string) {
	prefix := ""
	switch {
	case st.prefix != nil:
		prefix = *st.prefix
	case st.header == "Authorization" && !strings.Contains(strings.TrimSpace(token), " "):
		prefix = "Bearer "
	}
	return prefix + strings.TrimSpace(token), st.header + ": " + prefix + "<" + tokenEnv + ">"
}

// nextPage turns what next yielded into the next page: a cursor, or an
// absolute URL; "" ends the paging.
func (st settings) nextPage(v any, current *url.URL, endpoint string) (string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return "", nil
	case bool:
		if !x {
			return "", nil
		}
		return "", errors.New("it yields true; make it yield the next page's URL or cursor, or null")
	case string:
		s = strings.TrimSpace(x)
	case json.Number, int, float64, *big.Int:
		if st.cursorParam == "" {
			return "", errors.New("it yields a number: set cursor_param to the query parameter that takes it (such as \"page\"), or make it yield the next page's URL")
		}
		n, ok := number(x)
		if !ok || n != math.Trunc(n) {
			return "", errors.New("it yields a number that is not an integer")
		}
		return strconv.FormatFloat(n, 'f', -1, 64), nil
	default:
		return "", fmt.Errorf("it yields %s; make it yield the next page's URL or cursor (a string), or null on the last page", gojq.TypeOf(v))
	}
	if s == "" || st.cursorParam != "" {
		return s, nil
	}
	ref, err := url.Parse(s)
	if err != nil {
		return "", errors.New("it yields a string that is not a URL; if it is a cursor, set cursor_param to the query parameter that takes it")
	}
	u := current.ResolveReference(ref)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", errors.New("it yields a URL that is not http(s)")
	}
	u.Fragment = ""
	if endpoint != "" {
		if u, err = st.rebase(u, endpoint); err != nil {
			return "", err
		}
	}
	return u.String(), nil
}

// runQuery runs q on doc with a timeout and hands each value to each,
// counting from 0.
func runQuery(ctx context.Context, q *query, doc any, timeout time.Duration, each func(i int, v any) error, where string) error {
	qctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	iter := q.code.RunWithContext(qctx, doc)
	total := 0
	for i := 0; ; i++ {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if i >= MaxValuesPerPage {
			return fmt.Errorf("%s: the %s expression yields more than %d values for one page", where, q.name, MaxValuesPerPage)
		}
		if _, isErr := v.(error); !isErr {
			n, ok := jsonSize(v, MaxValueBytes)
			if !ok {
				return fmt.Errorf("%s: the %s expression yields a value larger than %d KiB (value %d)", where, q.name, MaxValueBytes>>10, i+1)
			}
			if total += n; total > MaxOutputBytes {
				return fmt.Errorf("%s: the %s expression yields more than %d MiB for one page", where, q.name, MaxOutputBytes>>20)
			}
		}
		if err, isErr := v.(error); isErr {
			switch {
			case ctx.Err() != nil:
				return ctx.Err()
			case errors.Is(err, context.DeadlineExceeded):
				return fmt.Errorf("%s: the %s expression ran longer than %s: %w", where, q.name, timeout, err)
			}
			var he *gojq.HaltError
			if errors.As(err, &he) && he.Value() == nil {
				return nil // halt: stop without an error
			}
			return fmt.Errorf("%s: the %s expression failed: %s", where, q.name, clip(err.Error()))
		}
		if err := each(i, v); err != nil {
			return err
		}
	}
}

// jsonSize is about how many bytes v takes as JSON, and false as soon as
// that is over limit: the walk stops there, so a huge value costs no more
// than limit to measure.
func jsonSize(v any, limit int) (int, bool) {
	n := 0
	var walk func(v any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case string:
			n += len(x) + 2
		case map[string]any:
			n += 2
			for k, e := range x {
				n += len(k) + 4
				if n > limit || !walk(e) {
					return false
				}
			}
		case []any:
			n += 2
			for _, e := range x {
				n++
				if n > limit || !walk(e) {
					return false
				}
			}
		case *big.Int:
			n += len(x.Bits())*20 + 1
		default:
			n += 24 // numbers, booleans, null
		}
		return n <= limit
	}
	ok := walk(v)
	return n, ok
}

// clip keeps messages from gojq (which quote short previews of values)
// to one short line.
func clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// seatCount reads the number seats yielded; null means not reported.
func seatCount(v any) (*int, error) {
	if v == nil {
		return nil, nil
	}
	n, ok := number(v)
	switch {
	case !ok:
		return nil, fmt.Errorf("it yields %s, not a number; convert it in the expression, such as .seats | tonumber", gojq.TypeOf(v))
	case n < 0 || n != math.Trunc(n) || n > 1e9:
		return nil, errors.New("it yields a number that is not a whole, non-negative seat count")
	}
	i := int(n)
	return &i, nil
}

// number reads a JSON number as gojq hands it over.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	case int:
		return float64(x), true
	case float64:
		return x, !math.IsInf(x, 0) && !math.IsNaN(x)
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, !math.IsInf(f, 0)
	}
	return 0, false
}

// UserFromValue reads one value yielded by the users expression: an object
// with id and/or email, and optionally last_active.
func UserFromValue(v any) (usage.User, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return usage.User{}, fmt.Errorf("it yields %s, not an object; make it yield objects such as {id: .id, email: .email}", describe(v))
	}
	var u usage.User
	for k := range m {
		if k != "last_active" && strings.EqualFold(strings.NewReplacer("_", "", "-", "").Replace(k), "lastactive") {
			return u, fmt.Errorf("the object has the key %q; the scanner reads last_active", k)
		}
	}
	switch id := m["id"].(type) {
	case nil:
	case string:
		u.ID = strings.TrimSpace(id)
	case json.Number:
		u.ID = id.String()
	case int:
		u.ID = strconv.Itoa(id)
	case float64:
		if id != math.Trunc(id) || math.IsInf(id, 0) {
			return u, errors.New("its id is a number that is not an integer")
		}
		u.ID = strconv.FormatFloat(id, 'f', -1, 64)
	case *big.Int:
		u.ID = id.String()
	default:
		return u, fmt.Errorf("its id is %s; an id is a string or a number", describe(id))
	}
	switch e := m["email"].(type) {
	case nil:
	case string:
		u.Email = strings.TrimSpace(e)
		if u.Email != "" && !strings.Contains(u.Email, "@") {
			return u, errors.New("its email has no @; put a user name in id instead")
		}
	default:
		return u, fmt.Errorf("its email is %s, not a string", describe(e))
	}
	if u.ID == "" && u.Email == "" {
		return u, errors.New("the object has neither id nor email; every user needs one of them")
	}
	if len(u.ID) > MaxFieldBytes || len(u.Email) > MaxFieldBytes {
		return u, fmt.Errorf("its id or email is longer than %d bytes", MaxFieldBytes)
	}
	la, err := lastActive(m["last_active"])
	if err != nil {
		return u, err
	}
	u.LastActive = la
	return u, nil
}

// lastActive reads last_active: an RFC 3339 string or YYYY-MM-DD date, or
// unix seconds; null, "" and 0 mean never.
func lastActive(v any) (*time.Time, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		x = strings.TrimSpace(x)
		if x == "" {
			return nil, nil
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			t = t.UTC()
			return &t, nil
		}
		if t, err := time.Parse(time.DateOnly, x); err == nil {
			return &t, nil
		}
		return nil, fmt.Errorf("its last_active %s is not an RFC 3339 date (2006-01-02T15:04:05Z); convert it in the expression, "+
			"such as (.lastLogin | strptime(\"%%Y-%%m-%%d %%H:%%M:%%S\") | mktime)", quote(x))
	}
	n, ok := number(v)
	switch {
	case !ok:
		return nil, fmt.Errorf("its last_active is %s; it is an RFC 3339 string or unix seconds", describe(v))
	case n == 0:
		return nil, nil
	case n < 0:
		return nil, errors.New("its last_active is a negative number; it is unix seconds")
	case n > 1e11:
		return nil, errors.New("its last_active is too large for unix seconds: if the API gives milliseconds, divide them in the expression, such as (.lastSeen / 1000)")
	}
	sec, frac := math.Modf(n)
	t := time.Unix(int64(sec), int64(frac*1e9)).UTC()
	return &t, nil
}

// describe names a value's jq type without showing the value.
func describe(v any) string {
	t := gojq.TypeOf(v)
	switch t {
	case "array", "object":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

func quote(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return strconv.Quote(s)
}

// DecodePage decodes one response body into the value the expressions
// see; numbers stay exact (json.Number), as jq keeps large ids.
func DecodePage(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("invalid JSON response: the body is empty")
		}
		return nil, scanners.InvalidJSON(body, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("invalid JSON response (%d bytes): more data after the JSON value at byte %d", len(body), dec.InputOffset())
	}
	return v, nil
}

// explain turns a rejected call into what the user should do.
func explain(err error, tokenEnv, shown string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		switch re.Status {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w: the API rejected the credential in %s (sent as %s); put a valid API token in %s. "+
				"If the API uses a scheme other than Bearer, put the whole header value in the variable (such as \"Basic <base64 of user:secret>\") or set prefix; "+
				"if it takes the key in another header, set header (such as \"X-Api-Key\")", re, tokenEnv, shown, tokenEnv)
		case http.StatusForbidden:
			return fmt.Errorf("%w: the credential in %s was accepted but may not read %s; give its API key, app or user the permission (scope or role) to list users", re, tokenEnv, re.Path)
		case http.StatusNotFound:
			return fmt.Errorf("%w: the API has nothing at %s; check url against the API's documentation", re, re.Path)
		}
		return nil
	})
}

// credentialTransport adds the credential headers to requests for one
// origin only.
type credentialTransport struct {
	next         http.RoundTripper
	scheme, host string
	headers      http.Header
}

func (t *credentialTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme != t.scheme || r.URL.Host != t.host {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	for name, v := range t.headers {
		r.Header[name] = v
	}
	return t.next.RoundTrip(r)
}

// NextLink is the target of the rel="next" link among the values of the
// Link response header (RFC 8288): links are comma-separated, on one line
// or several, and rel may list several relation types; "" when there is
// none. A target must be written in angle brackets.
func NextLink(values []string) (string, error) {
	for _, v := range values {
		for rest := strings.TrimSpace(v); rest != ""; {
			if rest[0] != '<' {
				return "", errors.New("the Link header does not parse: a link target is not in <angle brackets>")
			}
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return "", errors.New("the Link header does not parse: a link target has no closing >")
			}
			target := rest[1:end]
			rest = rest[end+1:]
			// The parameters run to the next comma outside quotes.
			params, after := splitParams(rest)
			rest = strings.TrimSpace(strings.TrimPrefix(after, ","))
			for _, p := range params {
				name, val, _ := strings.Cut(p, "=")
				if !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target, nil
					}
				}
			}
		}
	}
	return "", nil
}

// splitParams reads ";param=value" pairs up to the next comma outside
// quotes and returns them and what follows.
func splitParams(s string) (params []string, rest string) {
	inQuote := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			inQuote = !inQuote
		case c == ';' && !inQuote:
			if p := strings.TrimSpace(s[start:i]); p != "" {
				params = append(params, p)
			}
			start = i + 1
		case c == ',' && !inQuote:
			if p := strings.TrimSpace(s[start:i]); p != "" {
				params = append(params, p)
			}
			return params, s[i:]
		}
	}
	if p := strings.TrimSpace(s[start:]); p != "" {
		params = append(params, p)
	}
	return params, ""
}
