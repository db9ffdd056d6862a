// Package github is the GitHub scanner and discoverer, built on go-github
// v60 over scanners.Env.HTTPClient (retries, rate limits, timeouts, size
// limit).
//
// The scanner (scan "github") counts an organization's seats: its members
// (seats = "members", GET orgs/{org}/members, then GET orgs/{org}, whose
// plan block, shown to owners only, gives the seats bought (plan.seats) and
// billed (plan.filled_seats: members plus outside collaborators on private
// repositories plus pending invitations)), or its Copilot Business seats
// (seats = "copilot", GET orgs/{org}/copilot/billing/seats, with
// total_seats as the purchased seats and each seat's last_activity_at; a
// seat with "assignee": null is bought but assigned to nobody).
// GitHub reports no activity for members, so member seats have no
// LastActive and never count as active; users are identified by login.
//
// The discoverer (discovery "github") searches the organization's code for
// the catalog's SDK packages and script hosts; see Discoverer.
//
// go-github builds the requests (base URL, headers) and types the failures
// (CheckResponse: rate limits, secondary limits, error bodies); they are
// sent straight through scanners.Env.HTTPClient, whose stack does every
// retry and rate-limit wait, and the Link header is read here. Bodies are
// read raw and decoded by the DecodeXxx functions here, which reject
// responses without the lists they must have rather than reading them as
// empty.
package github

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan and discovery block label.
const Kind = "github"

// DefaultBaseURL is GitHub's REST API (go-github needs the trailing slash).
const DefaultBaseURL = "https://api.github.com/"

// Seat sources of the scan block's seats setting.
const (
	SeatsMembers = "members"
	SeatsCopilot = "copilot"
)

// loginPattern is GitHub's organization login syntax.
var loginPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)

// endpoint is one API call and what a token needs for it, for errors.
type endpoint struct {
	path string // relative to the base URL, without query
	what string // what it reads, for messages
	// scope is the classic token scope; permission the fine-grained
	// token's permission.
	scope, permission string
}

func membersEndpoint(org string) endpoint {
	return endpoint{path: "orgs/" + org + "/members", what: "the members of " + org,
		scope: "read:org", permission: "organization permission \"Members: Read-only\""}
}

// orgEndpoint is GET orgs/{org}; its plan block (seats, filled_seats) is
// returned to owners only.
func orgEndpoint(org string) endpoint {
	return endpoint{path: "orgs/" + org, what: "the organization " + org,
		scope: "read:org", permission: "organization permission \"Members: Read-only\""}
}

func copilotEndpoint(org string) endpoint {
	return endpoint{path: "orgs/" + org + "/copilot/billing/seats", what: "the Copilot seats of " + org,
		scope: "manage_billing:copilot", permission: "organization permission \"GitHub Copilot Business: Read-only\""}
}

// Scanner scans a GitHub organization's seats.
type Scanner struct{}

// New returns the GitHub scanner.
func New() *Scanner { return &Scanner{} }

// settings are the github scan block's own settings:
//
//	scan "github" {
//	  token_env = "GITHUB_TOKEN"
//	  org       = "acme"
//	  seats     = "members" # or "copilot"
//	}
type settings struct {
	org   string
	seats string
}

var scanSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "org"}, {Name: "seats"}},
}

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

const tokenHowTo = "create a fine-grained personal access token with the organization as resource owner and the " +
	"organization permission \"Members: Read-only\" (\"GitHub Copilot Business: Read-only\" for seats = \"copilot\"), " +
	"or a classic token with the scope read:org (manage_billing:copilot for seats = \"copilot\")"

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{seats: SeatsMembers}
	var diags hcl.Diagnostics
	diags = append(diags, scanners.RequireTokenEnv(scan, "A github scan reads a token from an environment variable: add "+
		"token_env = \"GITHUB_TOKEN\" and "+tokenHowTo+".")...)
	attrs, moreDiags := orgBlock(scan.Body, scan.DeclRange, scanSchema, &st.org)
	diags = append(diags, moreDiags...)
	if a, ok := attrs["seats"]; ok {
		v, moreDiags := stringValue(a)
		diags = append(diags, moreDiags...)
		switch {
		case moreDiags.HasErrors():
		case v == SeatsMembers || v == SeatsCopilot:
			st.seats = v
		default:
			diags = append(diags, scanners.AttributeError(a, "Invalid seats setting",
				"seats is \"members\" (the organization's members hold the seats) or \"copilot\" (its Copilot Business seats)."))
		}
	}
	return st, diags
}

func missingOrg(r hcl.Range) *hcl.Diagnostic {
	return scanners.BlockError(r, "Missing org", "A github block reads one organization: add org = \"LOGIN\", the name in https://github.com/LOGIN.")
}

// orgBlock decodes the body of a github scan or discovery block against
// schema: the org setting, which both require, into *org, and the
// attributes for the block's other settings.
func orgBlock(body hcl.Body, block hcl.Range, schema *hcl.BodySchema, org *string) (hcl.Attributes, hcl.Diagnostics) {
	if body == nil {
		return nil, hcl.Diagnostics{missingOrg(block)}
	}
	content, diags := body.Content(schema)
	o, moreDiags := orgSetting(content.Attributes, block)
	*org = o
	return content.Attributes, append(diags, moreDiags...)
}

// orgSetting decodes the required org setting.
func orgSetting(attrs hcl.Attributes, block hcl.Range) (string, hcl.Diagnostics) {
	a, ok := attrs["org"]
	if !ok {
		return "", hcl.Diagnostics{missingOrg(block)}
	}
	v, diags := stringValue(a)
	if diags.HasErrors() {
		return "", diags
	}
	if !loginPattern.MatchString(v) {
		return "", append(diags, scanners.AttributeError(a, "Invalid org", fmt.Sprintf("%q is not a GitHub organization login: write the name in https://github.com/LOGIN, "+
			"1 to 39 letters, digits or hyphens, starting with a letter or digit, such as \"acme-inc\".", v)))
	}
	return v, diags
}

// stringValue evaluates a setting that must be a literal string.
func stringValue(a *hcl.Attribute) (string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return "", diags
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", append(diags, scanners.AttributeError(a, "Invalid "+a.Name+" setting", a.Name+" must be a string."))
	}
	return v.AsString(), diags
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, token, err := scanners.Prepare(env, tool.Scan, tool.Scan.TokenEnv, decode)
	if err != nil {
		return nil, err
	}
	c, err := newClient(env, token)
	if err != nil {
		return nil, err
	}
	a := api{c: c, tokenEnv: tool.Scan.TokenEnv, org: st.org, howTo: tokenHowTo, now: env.HTTP.WithDefaults().Now}
	if st.seats == SeatsCopilot {
		return a.copilotSeats(ctx)
	}
	return a.members(ctx)
}

// api is one organization's calls with one token.
type api struct {
	c        *gh.Client
	tokenEnv string
	org      string
	// howTo says how to create a token for this block, for a 401.
	howTo string
	// now is the clock of the HTTP options, for Retry-After dates.
	now func() time.Time
}

func (a api) members(ctx context.Context) (*usage.ToolUsage, error) {
	ep := membersEndpoint(a.org)
	users := []usage.User{}
	seen := map[string]bool{}
	err := a.paginate(ctx, ep, 100, func(body []byte) error {
		members, err := DecodeMembers(body)
		if err != nil {
			return err
		}
		for _, m := range members {
			// Bots and apps hold no seat; a login repeated across pages
			// (the list changed while it was read) is one user.
			if (m.GetType() != "User" && m.GetType() != "") || seen[m.GetLogin()] {
				continue
			}
			if err := scanners.KeepUser(ctx); err != nil {
				return err
			}
			seen[m.GetLogin()] = true
			users = append(users, usage.User{ID: m.GetLogin()})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	seats := usage.Seats{Assigned: len(users)}
	// An owner's token sees the plan: the seats bought and the seats
	// billed, which also count outside collaborators on private
	// repositories and pending invitations, so filled_seats may exceed the
	// members listed.
	body, _, err := a.get(ctx, orgEndpoint(a.org), nil, "")
	if err != nil {
		return nil, err
	}
	plan, err := DecodeOrgPlan(body)
	if err != nil {
		return nil, fmt.Errorf("github: GET /%s: %w", orgEndpoint(a.org).path, err)
	}
	if plan != nil {
		seats = usage.Seats{Purchased: plan.Seats, Assigned: max(*plan.FilledSeats, len(users))}
	}
	return &usage.ToolUsage{Users: users, Seats: seats}, nil
}

func (a api) copilotSeats(ctx context.Context) (*usage.ToolUsage, error) {
	ep := copilotEndpoint(a.org)
	users := []usage.User{}
	seen := map[string]bool{}
	var total *int
	err := a.paginate(ctx, ep, 100, func(body []byte) error {
		p, err := DecodeCopilotSeats(body)
		if err != nil {
			return err
		}
		n := int(p.TotalSeats)
		total = &n
		for _, s := range p.Seats {
			u, ok := s.GetUser()
			if !ok || u.GetType() != "User" || seen[u.GetLogin()] {
				continue
			}
			if err := scanners.KeepUser(ctx); err != nil {
				return err
			}
			seen[u.GetLogin()] = true
			usr := usage.User{ID: u.GetLogin()}
			if s.LastActivityAt != nil && !s.LastActivityAt.IsZero() {
				t := s.LastActivityAt.UTC()
				usr.LastActive = &t
			}
			users = append(users, usr)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &usage.ToolUsage{Users: users, Seats: usage.Seats{Purchased: total, Assigned: len(users)}}, nil
}

// paginate reads every page of a page/per_page list, following go-github's
// NextPage (read from the Link header).
func (a api) paginate(ctx context.Context, ep endpoint, perPage int, page func(body []byte) error) error {
	err := scanners.PaginateCall(ctx, "github: GET /"+ep.path, func(ctx context.Context, cursor string) (string, error) {
		q := url.Values{"per_page": {strconv.Itoa(perPage)}}
		if cursor != "" {
			q.Set("page", cursor)
		}
		body, next, err := a.get(ctx, ep, q, "")
		if err != nil {
			return "", err
		}
		if err := page(body); err != nil {
			return "", fmt.Errorf("github: GET /%s: %w", ep.path, err)
		}
		return next, nil
	})
	return err
}

// nextPage is the page number of the Link header's rel="next", as
// go-github reads it; "" on the last page.
func nextPage(h http.Header) string {
	for _, link := range strings.Split(h.Get("Link"), ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		isNext := false
		for _, p := range strings.Split(params, ";") {
			isNext = isNext || strings.TrimSpace(p) == `rel="next"`
		}
		if !isNext {
			continue
		}
		u, err := url.Parse(target[1 : len(target)-1])
		if err != nil {
			continue
		}
		if page := u.Query().Get("page"); page != "" && page != "0" {
			return page
		}
	}
	return ""
}

// newClient is a go-github client on env's HTTP client and base URL that
// sends token to that host only.
func newClient(env scanners.Env, token string) (*gh.Client, error) {
	base := DefaultBaseURL
	if env.BaseURL != "" {
		base = env.BaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("github: the base URL is not an http(s) URL")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	hc := env.HTTPClient(Kind)
	hc.Transport = &bearer{base: hc.Transport, scheme: u.Scheme, host: u.Host, token: token}
	c := gh.NewClient(hc)
	c.BaseURL = u
	return c, nil
}

// bearer adds the token to requests for the API's own scheme and host
// only. It sits above the redirect handling of http.Client, so a redirect
// to another host is sent without it (go-github's WithAuthToken adds the
// token to every request, whatever its host).
type bearer struct {
	base                http.RoundTripper
	scheme, host, token string
}

func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == b.scheme && req.URL.Host == b.host {
		req = req.Clone(req.Context())
		req.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.base.RoundTrip(req)
}

// get sends GET ep.path?query, built by go-github, and returns the raw
// body of a 2xx answer and its next page; any failure is explained. The
// request goes straight to the HTTP client rather than through go-github's
// Do: the stack waits for an exhausted rate limit itself, on the clock of
// the options, where go-github would refuse the call on the wall clock.
func (a api) get(ctx context.Context, ep endpoint, query url.Values, accept string) ([]byte, string, error) {
	target := ep.path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	req, err := a.c.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, "", fmt.Errorf("github: GET /%s: %w", ep.path, err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := a.c.Client().Do(req.WithContext(ctx))
	if err != nil {
		return nil, "", a.explain(ctx, ep, err)
	}
	defer resp.Body.Close()
	// CheckResponse types the failures: rate limits, secondary limits and
	// GitHub's error bodies.
	if err := gh.CheckResponse(resp); err != nil {
		return nil, "", a.explain(ctx, ep, err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return nil, "", a.explain(ctx, ep, err)
	}
	return buf.Bytes(), nextPage(resp.Header), nil
}

// explain turns a failed call into a *scanners.RequestError (vendor,
// method and path; never the query or the token) with what the user
// should do.
func (a api) explain(ctx context.Context, ep endpoint, err error) error {
	re := &scanners.RequestError{Vendor: Kind, Method: http.MethodGet, Path: "/" + ep.path}
	var (
		er    *gh.ErrorResponse
		rl    *gh.RateLimitError
		abuse *gh.AbuseRateLimitError
		ue    *url.Error
		long  *scanners.RetryAfterError
		resp  *http.Response
	)
	switch {
	case errors.As(err, &long) && !long.Reset.IsZero():
		// Not sent: an earlier answer said that no call is left until a
		// reset too far away to wait for.
		re.Err = fmt.Errorf("not sent: the GitHub API rate limit of the token in %s is used up until %s; run again after that",
			a.tokenEnv, long.Reset.UTC().Format(time.RFC3339))
		return re
	case errors.As(err, &rl):
		resp = rl.Response
	case errors.As(err, &abuse):
		resp = abuse.Response
	case errors.As(err, &er):
		resp = er.Response
	case ctx.Err() != nil:
		re.Err = ctx.Err()
	case errors.As(err, &ue):
		// net/http's wrapper names the URL, query included.
		re.Err = ue.Err
	default:
		re.Err = err
	}
	if resp == nil {
		if re.Err == nil {
			re.Err = errors.New("no response")
		}
		return re
	}
	re.Status, re.Header, re.Attempts = resp.StatusCode, resp.Header, scanners.Attempts(resp)
	if resp.Body != nil {
		// CheckResponse put the body back; it is already size-limited.
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		re.Body = b.Bytes()
	}

	switch {
	case rl != nil || (re.Status == http.StatusForbidden || re.Status == http.StatusTooManyRequests) && re.Header.Get("X-RateLimit-Remaining") == "0":
		reset := ""
		if rl != nil && !rl.Rate.Reset.IsZero() {
			reset = rl.Rate.Reset.UTC().Format(time.RFC3339)
		} else if at, ok := scanners.RateLimitReset(re.Status, re.Header); ok {
			reset = at.UTC().Format(time.RFC3339)
		}
		return fmt.Errorf("%w: the GitHub API rate limit of the token in %s is used up until %s; run again after that",
			re, a.tokenEnv, cmp.Or(reset, "its reset"))
	case abuse != nil || re.Status == http.StatusTooManyRequests || re.Status == http.StatusForbidden && secondary(re.Body):
		msg := "GitHub's secondary rate limit stopped the calls"
		if re.Status == http.StatusTooManyRequests && abuse == nil && !secondary(re.Body) {
			msg = "GitHub rate limited the calls"
		}
		if d, ok := scanners.ParseRetryAfter(re.Header.Get("Retry-After"), a.now()); ok {
			return fmt.Errorf("%w: %s and asks to retry after %s; run again then", re, msg, scanners.HumanDuration(d))
		}
		return fmt.Errorf("%w: %s; wait a few minutes and run again", re, msg)
	case re.Status == http.StatusUnauthorized:
		return fmt.Errorf("%w: GitHub rejected the token in %s (%s); %s, and put it in %s",
			re, a.tokenEnv, vendorMessage(re.Body, "Bad credentials"), a.howTo, a.tokenEnv)
	case re.Status == http.StatusForbidden:
		scope := acceptedList(re.Header.Get("X-Accepted-OAuth-Scopes"), ep.scope)
		perm := ep.permission
		if p := acceptedList(re.Header.Get("X-Accepted-GitHub-Permissions"), ""); p != "" {
			perm = "permission " + p
		}
		return fmt.Errorf("%w: the token in %s may not read %s: it needs the scope %s (classic token) or the %s (fine-grained token)",
			re, a.tokenEnv, ep.what, scope, perm)
	case re.Status == http.StatusNotFound:
		extra := ""
		if strings.HasSuffix(ep.path, "/copilot/billing/seats") {
			extra = ", or the organization has no Copilot Business or Enterprise subscription"
		}
		return fmt.Errorf("%w: the organization %q was not found, or the token in %s cannot see it "+
			"(check org; a fine-grained token needs the organization as its resource owner)%s", re, a.org, a.tokenEnv, extra)
	case re.Status == http.StatusUnprocessableEntity && ep.path == searchEndpoint.path:
		return fmt.Errorf("%w: GitHub code search refused the query (%s); check org and repositories: "+
			"each repository must exist in %s and be visible to the token in %s", re, validationMessage(re.Body), a.org, a.tokenEnv)
	case re.Status == http.StatusUnprocessableEntity:
		return fmt.Errorf("%w: GitHub refused the request as invalid (%s)", re, validationMessage(re.Body))
	}
	return re
}

// secondary reports whether an error body is GitHub's secondary rate limit.
func secondary(body []byte) bool {
	var e struct {
		DocumentationURL string `json:"documentation_url"`
	}
	return json.Unmarshal(body, &e) == nil && strings.Contains(e.DocumentationURL, "secondary-rate-limits")
}

// vendorMessage is the message of a GitHub error body, if it is plain
// enough to repeat.
func vendorMessage(body []byte, fallback string) string {
	var e struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || !plain(e.Message) {
		return fallback
	}
	return e.Message
}

// validationMessage names what a 422 Validation Failed complains about.
func validationMessage(body []byte) string {
	var e struct {
		Message string `json:"message"`
		Errors  []struct {
			Message string `json:"message"`
			Field   string `json:"field"`
			Code    string `json:"code"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil {
		return "Validation Failed"
	}
	parts := []string{cmp.Or(keepPlain(e.Message), "Validation Failed")}
	for _, x := range e.Errors {
		switch {
		case plain(x.Message):
			parts = append(parts, x.Message)
		case plain(x.Field) && plain(x.Code):
			parts = append(parts, x.Field+" "+x.Code)
		}
	}
	return strings.Join(parts, ": ")
}

// plain keeps vendor text that ends up in messages to one short line of
// printable text.
func plain(s string) bool {
	if s == "" || len(s) > 300 {
		return false
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	return true
}

func keepPlain(s string) string {
	if plain(s) {
		return s
	}
	return ""
}

// acceptedList reads a header listing scopes or permissions, keeping only
// scope-like words.
func acceptedList(v, fallback string) string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		if s != "" && len(s) <= 100 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_.=-") == "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return fallback
	}
	return strings.Join(out, " or ")
}

// DecodeMembers decodes one page of GET orgs/{org}/members: a list of
// users, each with a login.
func DecodeMembers(body []byte) ([]*gh.User, error) {
	var raw json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, scanners.InvalidJSON(body, err)
	}
	if !scanners.IsList(raw) {
		return nil, errors.New("invalid response: not a list of members")
	}
	var users []*gh.User
	if err := scanners.DecodeBody(body, &users); err != nil {
		return nil, err
	}
	for i, u := range users {
		if u == nil || u.GetLogin() == "" {
			return nil, fmt.Errorf("invalid response: member %d has no login", i)
		}
	}
	return users, nil
}

// DecodeOrgPlan decodes GET orgs/{org} and returns its plan when the
// answer has one with both seats and filled_seats (an owner's token), else
// nil (a member's token sees no plan).
func DecodeOrgPlan(body []byte) (*gh.Plan, error) {
	var org struct {
		Login *string  `json:"login"`
		Plan  *gh.Plan `json:"plan"`
	}
	if err := json.Unmarshal(body, &org); err != nil {
		return nil, probeError(body, err)
	}
	switch p := org.Plan; {
	case org.Login == nil:
		return nil, errors.New("invalid response: not an organization (no login)")
	case p == nil || p.Seats == nil || p.FilledSeats == nil:
		return nil, nil
	case *p.Seats < 0 || *p.FilledSeats < 0:
		return nil, errors.New("invalid response: plan seats are negative")
	}
	return org.Plan, nil
}

// probeError is the error for a body that did not decode into a probe of
// the fields the scanner checks: a JSON value of another type is an invalid
// response, anything else invalid JSON.
func probeError(body []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("invalid response: %s", scanners.JSONProblem(err))
	}
	return scanners.InvalidJSON(body, err)
}

// DecodeCopilotSeats decodes one page of GET
// orgs/{org}/copilot/billing/seats: total_seats and a list of seats, each
// with a typed assignee (a user with a login, a team or an organization)
// or none: GitHub answers "assignee": null for a seat whose user is gone,
// a seat bought but not assigned, which go-github v60's
// CopilotSeatDetails.UnmarshalJSON rejects (fixed upstream in PR #3619).
func DecodeCopilotSeats(body []byte) (*gh.ListCopilotSeatsResponse, error) {
	var probe struct {
		TotalSeats *int64            `json:"total_seats"`
		Seats      []json.RawMessage `json:"seats"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, probeError(body, err)
	}
	switch {
	case probe.Seats == nil:
		return nil, errors.New("invalid response: no seats list")
	case probe.TotalSeats == nil || *probe.TotalSeats < 0:
		return nil, errors.New("invalid response: no total_seats")
	}
	out := &gh.ListCopilotSeatsResponse{TotalSeats: *probe.TotalSeats, Seats: make([]*gh.CopilotSeatDetails, 0, len(probe.Seats))}
	for i, raw := range probe.Seats {
		var s gh.CopilotSeatDetails
		var assignee struct {
			Assignee json.RawMessage `json:"assignee"`
		}
		if err := json.Unmarshal(raw, &assignee); err != nil {
			return nil, fmt.Errorf("invalid response: seat %d: %s", i, scanners.JSONProblem(err))
		}
		if a := bytes.TrimSpace(assignee.Assignee); len(a) == 0 || string(a) == "null" {
			// The same fields without go-github's assignee check.
			type unassigned gh.CopilotSeatDetails
			if err := json.Unmarshal(raw, (*unassigned)(&s)); err != nil {
				return nil, fmt.Errorf("invalid response: seat %d: %s", i, scanners.JSONProblem(err))
			}
			s.Assignee = nil
			out.Seats = append(out.Seats, &s)
			continue
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			// go-github's own check: every assignee says what it is.
			return nil, fmt.Errorf("invalid response: seat %d: the assignee is missing, untyped or of an unknown type", i)
		}
		if u, ok := s.GetUser(); ok && u.GetLogin() == "" {
			return nil, fmt.Errorf("invalid response: seat %d: the assignee has no login", i)
		}
		out.Seats = append(out.Seats, &s)
	}
	return out, nil
}

// DecodeCodeSearch decodes one page of GET search/code: an items list,
// each item with a path and its repository's full_name.
func DecodeCodeSearch(body []byte) (*gh.CodeSearchResult, error) {
	var probe struct {
		Items json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, scanners.InvalidJSON(body, err)
	}
	if !scanners.IsList(probe.Items) {
		return nil, errors.New("invalid response: no items list")
	}
	var r gh.CodeSearchResult
	if err := scanners.DecodeBody(body, &r); err != nil {
		return nil, err
	}
	for i, it := range r.CodeResults {
		switch {
		case it == nil || it.GetPath() == "":
			return nil, fmt.Errorf("invalid response: item %d has no path", i)
		case it.Repository == nil || it.Repository.GetFullName() == "":
			return nil, fmt.Errorf("invalid response: item %d has no repository full_name", i)
		}
	}
	return &r, nil
}
