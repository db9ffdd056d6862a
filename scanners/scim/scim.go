// Package scim is the generic `scim` scanner: it reads the users of any
// SCIM 2.0 service provider (RFC 7644) from its /Users endpoint, the one
// API that Figma, Miro, Zoom, Atlassian, Slack and dozens of other tools
// share. Its entry point is Spec (kind.go); Scan does the work.
//
//	scan "scim" {
//	  url       = "https://www.figma.com/scim/v2/1401286822445493852"
//	  token_env = "FIGMA_SCIM_TOKEN"
//	  activity  = "meta.lastModified"  # the default; or "none", or an attribute path
//	}
//
// The address. url is the SCIM base URL, the one the vendor's docs name
// (GET {url}/Users lists the users; a url that already ends in /Users is
// read the same). It must be https://, or http:// on a loopback host for a
// local test server, and holds no query, user name or fragment. `--endpoint
// scim=URL` replaces its scheme and host and puts URL's path in front of
// its path. Like the http kind's, url decides where the token goes: review
// a change to url or token_env in an inventory pull request as a change to
// where a secret is sent. The token is only ever sent to url's origin.
//
// The credential. The variable token_env names holds the SCIM API token,
// sent as "Authorization: Bearer <token>" (RFC 7644 §2 uses OAuth bearer
// tokens; every vendor recipe in docs/scanners.md does).
//
// Seats. Users whose active attribute is false are suspended or
// deactivated accounts and hold no seat. The others are the assigned
// count, labelled seats_count "users": SCIM does not say which users a
// vendor bills. A user without active counts as active: RFC 7643 §4.1.1
// gives active no default ("the definitive meaning of this attribute is
// determined by the service provider"; false typically means suspended),
// and a provider that lists a user without suspending them keeps their
// account, and the seat. A user without an id is an error (RFC 7643 §3.1:
// id is required and assigned by the provider).
//
// Activity. SCIM has no sign-in date. activity says which attribute stands
// for a user's last activity: "meta.lastModified" (the default) is when
// the provider last changed the user's record, which an identity provider's
// sync also touches, so the snapshot labels it activity_source
// "record_modified": a hint, not a sign-in. An attribute path, such as
// "urn:ietf:params:scim:schemas:extension:acme:2.0:User:lastLoginAt" (RFC
// 7644 §3.10 notation: an extension's schema URN, then the attribute, with
// "." for a sub-attribute), reads a vendor's own attribute; it is labelled
// "vendor_attribute" unless activity_is_sign_in = true says it is each
// user's last sign-in to the tool. "none" reads no activity: the tool is
// measured for seats only. When no user has the attribute at all, the scan
// reports no activity (seats only) rather than every user inactive;
// an attribute path that no user has is an error, since it is probably
// misspelt.
//
// Paging (RFC 7644 §3.4.2.4) is by startIndex (1-based) and count: the
// next startIndex is the last one plus the number of users the page held,
// whatever itemsPerPage or count say, so that a provider that ignores count
// and sends more or fewer users per page is read whole. The scan stops on
// an empty page, or once it has read totalResults users; when the last
// page was full (as large as count and every earlier page) it asks once
// more, since a provider's totalResults may be too low. A page whose users
// were all listed on earlier pages means the provider ignores startIndex:
// scanners.ErrCursorLoop, not a hang.
package scim

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "scim"

const (
	// DefaultCount is the page size asked for: RFC 7644 leaves it to the
	// provider; 100 is what Atlassian and Slack document as their default
	// and maximum (Figma allows 200).
	DefaultCount = 100
	// MaxCount bounds the count setting.
	MaxCount = 1000
)

// The values of activity that are not attribute paths.
const (
	ActivityLastModified = "meta.lastModified"
	ActivityNone         = "none"
)

// Values of usage.ToolUsage.ActivitySource this kind sets.
const (
	// SourceRecordModified: the dates are meta.lastModified.
	SourceRecordModified = usage.ActivityRecordModified
	// SourceVendorAttribute: the dates are a vendor attribute the block
	// names, not known to be sign-ins.
	SourceVendorAttribute = usage.ActivityVendorAttribute
)

// Scanner scans one tool through its SCIM /Users endpoint.
type Scanner struct{}

// New returns the scim scanner.
func New() *Scanner { return &Scanner{} }

// settings are the scim block's own settings (see the package doc).
type settings struct {
	url *url.URL
	// activity is ActivityLastModified, ActivityNone or a path.
	activity string
	path     attrPath
	signIn   bool
	count    int
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "url"}, {Name: "activity"}, {Name: "activity_is_sign_in"}, {Name: "count"},
	},
}

const howToToken = "A scim scan reads the SCIM API token from an environment variable: add token_env = \"VENDOR_SCIM_TOKEN\" " +
	"and put the token the vendor's admin settings generate for SCIM provisioning in it (sent as a Bearer token)."

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{activity: ActivityLastModified, count: DefaultCount}
	diags := scanners.RequireTokenEnv(scan, howToToken)
	if scan.Body == nil {
		return st, append(diags, missingURL(scan))
	}
	content, moreDiags := scan.Body.Content(settingsSchema)
	diags = append(diags, moreDiags...)
	attrs := content.Attributes
	if _, ok := attrs["url"]; ok {
		diags = append(diags, scanners.CheckedString(attrs, "url", func(s string) (problem string) {
			st.url, problem = checkURL(s)
			return problem
		})...)
	} else {
		diags = append(diags, missingURL(scan))
	}
	diags = append(diags, scanners.CheckedString(attrs, "activity", func(s string) (problem string) {
		p, problem := parseActivity(s)
		if problem == "" {
			st.activity, st.path = s, p
		}
		return problem
	})...)
	if a, ok := attrs["activity_is_sign_in"]; ok {
		diags = append(diags, scanners.BoolSetting(attrs, "activity_is_sign_in",
			"activity_is_sign_in is true when the attribute that activity names is each user's last sign-in to (or use of) the tool, false otherwise.", &st.signIn)...)
		if st.signIn && (st.activity == ActivityLastModified || st.activity == ActivityNone) {
			diags = append(diags, scanners.AttributeError(a, "activity_is_sign_in without an attribute",
				"activity_is_sign_in describes the vendor attribute that activity names; meta.lastModified is when the user's record changed, never a sign-in. "+
					"Set activity to the vendor's last-sign-in attribute, or remove activity_is_sign_in."))
			st.signIn = false
		}
	}
	if a, ok := attrs["count"]; ok {
		if n, ok := wholeNumber(a, 1, MaxCount); ok {
			st.count = n
		} else {
			diags = append(diags, scanners.AttributeError(a, "Invalid count setting",
				fmt.Sprintf("count is how many users to ask for per page, a whole number from 1 to %d (default %d); a provider may send fewer or more.", MaxCount, DefaultCount)))
		}
	}
	return st, diags
}

// wholeNumber reads a literal whole number from lo to hi.
func wholeNumber(a *hcl.Attribute, lo, hi int64) (int, bool) {
	v, d := a.Expr.Value(nil)
	if d.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return 0, false
	}
	n, acc := v.AsBigFloat().Int64()
	return int(n), acc == big.Exact && n >= lo && n <= hi
}

func missingURL(scan *inventory.Scan) *hcl.Diagnostic {
	return scanners.BlockError(scan.DeclRange, "Missing url setting",
		"A scim scan needs the vendor's SCIM base URL, such as url = \"https://www.figma.com/scim/v2/TENANT_ID\" (see docs/scanners.md#scim for each vendor's).")
}

// checkURL parses the url setting and says what is wrong with it, or "".
// A trailing /Users is dropped: the scanner adds it.
func checkURL(s string) (*url.URL, string) {
	u, problem := scanners.CheckAPIURL(s, Kind, "the SCIM base URL", "https://www.figma.com/scim/v2/TENANT_ID")
	if problem != "" {
		return nil, problem
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, "url is the SCIM base URL and takes no query: the scanner adds startIndex and count itself, and a credential in a query would be committed with the inventory."
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if i := strings.LastIndex(u.Path, "/"); i >= 0 && strings.EqualFold(u.Path[i+1:], "Users") {
		u.Path = u.Path[:i]
	}
	u.RawPath = ""
	return u, ""
}

// attrPath is an attribute path of RFC 7644 §3.10: an optional schema URN
// (an extension's), then an attribute and its sub-attributes.
type attrPath struct {
	urn   string
	names []string
}

func (p attrPath) String() string {
	s := strings.Join(p.names, ".")
	if p.urn != "" {
		return p.urn + ":" + s
	}
	return s
}

var attrNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_$-]{0,99}$`)

// parseActivity reads the activity setting: ActivityLastModified,
// ActivityNone or an attribute path.
func parseActivity(s string) (attrPath, string) {
	const howTo = "activity is \"meta.lastModified\" (when the user's record last changed; the default), \"none\" (measure seats only), " +
		"or the path of a vendor attribute holding each user's last activity, such as \"urn:ietf:params:scim:schemas:extension:acme:2.0:User:lastLoginAt\"."
	switch s {
	case ActivityNone:
		return attrPath{}, ""
	case ActivityLastModified:
		return attrPath{names: []string{"meta", "lastModified"}}, ""
	}
	p := attrPath{}
	rest := s
	if strings.HasPrefix(strings.ToLower(s), "urn:") {
		i := strings.LastIndex(s, ":")
		p.urn, rest = s[:i], s[i+1:]
		if !strings.HasPrefix(strings.ToLower(p.urn), "urn:ietf:params:scim:schemas:") && strings.Count(p.urn, ":") < 2 {
			return p, fmt.Sprintf("%q is not a schema URN followed by an attribute. %s", s, howTo)
		}
	}
	p.names = strings.Split(rest, ".")
	for _, n := range p.names {
		if !attrNamePattern.MatchString(n) {
			return p, fmt.Sprintf("%q is not an attribute path. %s", s, howTo)
		}
	}
	if len(p.names) > 3 {
		return p, fmt.Sprintf("%q has more than three levels; a SCIM attribute has one level of sub-attributes. %s", s, howTo)
	}
	return p, ""
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, token, err := scanners.Prepare(env, tool.Scan, tool.Scan.TokenEnv, decode)
	if err != nil {
		return nil, err
	}
	tokenEnv := tool.Scan.TokenEnv
	token = strings.TrimSpace(token)
	if strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, fmt.Errorf("%s: the value of %s has a space, line break or control character: put the SCIM token alone in it, without \"Bearer\"", st.url.Host, tokenEnv)
	}
	base, err := rebase(st.url, env.BaseURL)
	if err != nil {
		return nil, err
	}
	vendor := st.url.Host
	opts := env.HTTP
	next := opts.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	// The token is added per request, for the base URL's origin only: a
	// redirect elsewhere never carries it.
	opts.Transport = &bearerTransport{next: next, scheme: base.Scheme, host: base.Host, value: "Bearer " + token}
	c := scanners.NewClient(vendor, base.Scheme+"://"+base.Host, env.Limiter, opts)
	list, err := readUsers(ctx, c, base.Path+"/Users", st, vendor, env.HTTP.Logf)
	if err != nil {
		return nil, explain(err, tokenEnv)
	}
	return list, nil
}

// rebase applies --endpoint: its scheme and host, and its path in front of
// the base URL's path.
func rebase(u *url.URL, endpoint string) (*url.URL, error) {
	out := *u
	if endpoint == "" {
		return &out, nil
	}
	ep, err := url.Parse(endpoint)
	if err != nil || ep.Host == "" || ep.Scheme != "http" && ep.Scheme != "https" {
		return nil, errors.New("the endpoint for the scim kind is not an http(s) URL")
	}
	out.Scheme, out.Host = ep.Scheme, ep.Host
	out.Path = strings.TrimRight(ep.Path, "/") + u.Path
	out.RawPath = ""
	return &out, nil
}

// bearerTransport adds the Authorization header to requests for one origin.
type bearerTransport struct {
	next         http.RoundTripper
	scheme, host string
	value        string
}

func (t *bearerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme != t.scheme || r.URL.Host != t.host {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", t.value)
	r.Header.Set("Accept", "application/scim+json, application/json")
	return t.next.RoundTrip(r)
}

// readUsers pages through path (see the package doc) and returns the
// active users.
func readUsers(ctx context.Context, c *scanners.Client, path string, st settings, vendor string, logf func(string, ...any)) (*usage.ToolUsage, error) {
	var list scanners.UserList
	seen := map[string]bool{}
	listed, withDate, withAttr := 0, 0, 0
	start := 1
	// biggest is the largest page so far: the page size of a provider
	// that ignores count.
	biggest := 0
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if page > scanners.MaxPages {
			return nil, fmt.Errorf("%s: GET %s: stopped after %d pages", vendor, path, scanners.MaxPages)
		}
		q := url.Values{"startIndex": {strconv.Itoa(start)}, "count": {strconv.Itoa(st.count)}}
		body, err := c.Get(ctx, path, q)
		if err != nil {
			return nil, err
		}
		where := fmt.Sprintf("%s: GET %s: page %d (startIndex %d)", vendor, path, page, start)
		lr, err := DecodeListResponse(body, st.activity)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		n := len(lr.Users)
		fresh := 0
		for _, u := range lr.Users {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			fresh++
			listed++
			// Suspended users count too: they are kept in seen.
			if err := scanners.KeepUser(ctx); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			if u.HasAttr {
				withAttr++
			}
			if !u.Active {
				continue
			}
			user := usage.User{ID: u.ID, Email: u.Email}
			if st.activity != ActivityNone && u.LastActive != nil {
				t := *u.LastActive
				user.LastActive = &t
				withDate++
			}
			list.Add(user)
		}
		total, known := lr.TotalResults, lr.HasTotal
		readAll := known && start+n > total
		switch {
		case n == 0:
			if known && listed < total && logf != nil {
				logf("WARN %s: GET %s: totalResults is %d but the list ended after %d users", vendor, path, total, listed)
			}
			return finish(list, st, withDate, withAttr, listed, vendor)
		case fresh == 0 && known && start > total:
			// A provider that answers a startIndex past the end with its
			// last page again: the end, not a loop.
			return finish(list, st, withDate, withAttr, listed, vendor)
		case fresh == 0:
			return nil, fmt.Errorf("%s: every user of the page was on an earlier page, so the provider ignores startIndex: %w", where, scanners.ErrCursorLoop)
		case readAll && n < max(st.count, biggest):
			// A short page: the provider has no more, whatever page size
			// it keeps to.
			return finish(list, st, withDate, withAttr, listed, vendor)
		}
		biggest = max(biggest, n)
		// A full last page by totalResults: ask once more, in case
		// totalResults is too low. The next page is empty for an honest
		// provider.
		start += n
	}
}

// finish is the usage of the users read, with the activity label.
func finish(list scanners.UserList, st settings, withDate, withAttr, listed int, vendor string) (*usage.ToolUsage, error) {
	// A provider lists its users, billed or not (Figma's viewers, Slack's
	// guests): the count is users, not paid seats.
	u := &usage.ToolUsage{Users: list.Users(), SeatsCount: usage.CountsUsers}
	u.Seats.Assigned = len(u.Users)
	custom := st.activity != ActivityNone && st.activity != ActivityLastModified
	if custom && listed > 0 && withAttr == 0 {
		return nil, fmt.Errorf("%s: no user has the attribute %s that activity names: check its spelling against the vendor's SCIM schema (GET /Schemas), or set activity = \"none\"", vendor, st.path)
	}
	if withDate > 0 {
		switch {
		case st.activity == ActivityLastModified:
			u.ActivitySource = SourceRecordModified
		case !st.signIn:
			u.ActivitySource = SourceVendorAttribute
		}
	}
	return u, nil
}

// explain turns a rejected call into what the user should do.
func explain(err error, tokenEnv string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		e := DecodeError(re.Body)
		code := ""
		if e.ScimType != "" {
			code = " (scimType " + e.ScimType + ")"
		}
		switch re.Status {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w%s: the provider rejected the token in %s; generate a SCIM token in the vendor's admin settings (docs/scanners.md#scim) and put it in %s, without \"Bearer\"",
				re, code, tokenEnv, tokenEnv)
		case http.StatusForbidden:
			return fmt.Errorf("%w%s: the token in %s was accepted but may not list users; SCIM may be off for the account, or its plan may not include SCIM (see docs/scanners.md#scim)",
				re, code, tokenEnv)
		case http.StatusNotFound:
			return fmt.Errorf("%w%s: the provider has no SCIM Users endpoint at %s; url must be the SCIM base URL the vendor documents (GET {url}/Users)", re, code, re.Path)
		case http.StatusBadRequest:
			return fmt.Errorf("%w%s: the provider refused the page request; if it limits the page size, lower count", re, code)
		case http.StatusTooManyRequests:
			return fmt.Errorf("%w%s: still rate limited after retries", re, code)
		}
		if code != "" {
			return fmt.Errorf("%w%s", re, code)
		}
		return nil
	})
}
