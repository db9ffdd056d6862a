// Package salesforce is the Salesforce scanner: the org's active standard
// users and their LastLoginDate from a SOQL query on User, and the
// purchased seats of their licences from UserLicense, through the REST API
// of the org's My Domain host.
package salesforce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "salesforce"

// DefaultAPIVersion is the REST API version queried unless api_version
// says otherwise.
const DefaultAPIVersion = "v66.0"

// The queries, and what the token and its user need to run them.
const (
	usersSOQL = "SELECT Id, Username, Email, IsActive, LastLoginDate, UserType, Profile.UserLicense.Name " +
		"FROM User WHERE IsActive = true"
	licensesSOQL = "SELECT Id, Name, MasterLabel, Status, TotalLicenses, UsedLicenses FROM UserLicense"
	scopeAPI     = "api"
	permAPI      = "API Enabled"
	permSetup    = "View Setup and Configuration"
)

// Scanner scans a Salesforce org.
type Scanner struct{}

// New returns the Salesforce scanner.
func New() *Scanner { return &Scanner{} }

// settings are the salesforce block's own settings:
//
//	scan "salesforce" {
//	  host        = "acme.my.salesforce.com"
//	  token_env   = "SALESFORCE_TOKEN"
//	  api_version = "v66.0"                          # REST API version
//	  licenses    = ["Salesforce", "Salesforce Platform"] # seats to count
//	}
type settings struct {
	apiVersion string
	// licenses are the licence names (Name or MasterLabel) whose users
	// and seats count; nil when the setting is absent: then the licences
	// of the tool's catalog product count (DefaultLicenses).
	licenses []string
	// auth is AuthToken, AuthClientCredentials or AuthJWTBearer; clientID
	// and username go with the OAuth flows.
	auth, clientID, username string
	// clientIDEnv names the variable holding the consumer key, in place
	// of clientID.
	clientIDEnv string
}

// DefaultLicenses are the user licences whose users and seats a tool
// counts without a licenses setting: those its catalog product is sold
// as. A CRM seat is the "Salesforce" licence; Salesforce Platform,
// Identity, Integration and Chatter licences are other (cheaper or free)
// products, and counting them would inflate both assigned and purchased
// seats. Platform seats count only when licenses names them.
// The scan kind reads the CRM org, so every product defaults to the CRM
// licence; a product sold on another licence gets its entry here.
func DefaultLicenses(product string) []string {
	byProduct := map[string][]string{}
	if names, ok := byProduct[product]; ok {
		return names
	}
	return []string{"Salesforce"}
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "api_version"}, {Name: "licenses"}, {Name: "auth"}, {Name: "client_id"}, {Name: "client_id_env"}, {Name: "username"}},
}

var versionPattern = regexp.MustCompile(`^v\d+\.\d$`)

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{apiVersion: DefaultAPIVersion, auth: AuthToken}
	var diags hcl.Diagnostics
	diags = append(diags, scanners.RequireTokenEnv(scan, "A salesforce scan reads an access token from an environment variable: add token_env = \"SALESFORCE_TOKEN\" "+
		"and put in it a token of a user with the permissions "+permAPI+" and "+permSetup+" (`sf org display` prints one, "+
		"or use a Connected App with the OAuth scope "+scopeAPI+").")...)
	if scan.Host == "" && !scan.HasAttr("host") {
		// An invalid host has its own error from the inventory.
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing host",
			Detail:   "A salesforce scan needs the org's My Domain host: add host = \"acme.my.salesforce.com\" (Setup › My Domain; without https://).",
			Subject:  scan.DeclRange.Ptr(),
		})
	}
	diags = append(diags, scanners.Settings(scan.Body, settingsSchema, func(attrs hcl.Attributes) hcl.Diagnostics {
		var diags hcl.Diagnostics
		if a, ok := attrs["api_version"]; ok {
			diags = append(diags, decodeVersion(a, &st.apiVersion)...)
		}
		if a, ok := attrs["licenses"]; ok {
			diags = append(diags, decodeLicenses(a, &st.licenses)...)
		}
		return append(diags, decodeAuth(scan, attrs, &st)...)
	})...)
	return st, diags
}

func decodeVersion(a *hcl.Attribute, dst *string) hcl.Diagnostics {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	detail := "api_version is a Salesforce REST API version in quotes, such as \"" + DefaultAPIVersion + "\" (the versions an org supports are listed at /services/data)."
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return append(diags, invalid("api_version", detail, a.Expr.Range()))
	}
	s := v.AsString()
	if !versionPattern.MatchString(s) {
		if versionPattern.MatchString("v" + s) {
			detail += fmt.Sprintf(" Did you mean %q?", "v"+s)
		}
		return append(diags, invalid("api_version", detail, a.Expr.Range()))
	}
	*dst = s
	return diags
}

func decodeLicenses(a *hcl.Attribute, dst *[]string) hcl.Diagnostics {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	detail := "licenses lists the Salesforce user licences whose users and seats count, by name, such as " +
		"[\"Salesforce\", \"Salesforce Platform\"] (Setup › Company Information › User Licenses); leave it out to count every licence the active users hold."
	t := v.Type()
	if v.IsNull() || !v.IsWhollyKnown() || !(t.IsTupleType() || t.IsListType() || t.IsSetType()) {
		return append(diags, invalid("licenses", detail, a.Expr.Range()))
	}
	if v.LengthInt() == 0 {
		return append(diags, invalid("licenses", detail, a.Expr.Range()))
	}
	// Element expressions give each wrong entry its own range, when the
	// list is written out.
	elems, _ := hcl.ExprList(a.Expr)
	var names []string
	seen := map[string]bool{}
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		subject := a.Expr.Range()
		if len(elems) == v.LengthInt() {
			subject = elems[i].Range()
		}
		if e.IsNull() || e.Type() != cty.String || strings.TrimSpace(e.AsString()) == "" {
			diags = append(diags, invalid("licenses", "Each licenses entry is a licence name in quotes, such as \"Salesforce\".", subject))
			continue
		}
		name := strings.TrimSpace(e.AsString())
		if !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			names = append(names, name)
		}
	}
	if !diags.HasErrors() {
		*dst = names
	}
	return diags
}

func invalid(name, detail string, r hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + name + " setting", Detail: detail, Subject: r.Ptr()}
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, diags := decode(tool.Scan)
	if diags.HasErrors() {
		return nil, diags
	}
	if tool.Scan.Host == "" && env.BaseURL == "" {
		return nil, errors.New("salesforce: no instance host: add host = \"acme.my.salesforce.com\" (the org's My Domain) to the scan block")
	}
	credential, err := scanners.Token(env, tool.Scan)
	if err != nil {
		return nil, err
	}
	c := &oauth.Conn{Client: env.Client(Kind, "https://"+tool.Scan.Host)}
	base, err := url.Parse(c.BaseURL())
	if err != nil {
		return nil, fmt.Errorf("salesforce: invalid base URL: %w", err)
	}
	if err := signIn(ctx, env, c, st, tool.Scan.Host, tool.Scan.TokenEnv, credential); err != nil {
		return nil, err
	}
	q := &querier{c: c, base: base, path: "/services/data/" + st.apiVersion + "/query", tokenEnv: tool.Scan.TokenEnv, version: st.apiVersion, auth: st.auth}

	// Licences first: a licences setting that names none of the org's
	// licences is a mistake to report before reading every user.
	var licences []APILicense
	seenLicence := map[string]bool{}
	err = q.query(ctx, "UserLicense", licensesSOQL, func(body []byte) (string, error) {
		p, err := DecodeLicenses(body)
		if err != nil {
			return "", err
		}
		for _, l := range p.Records {
			if key := l.ID + "\x00" + l.Name; !seenLicence[key] {
				seenLicence[key] = true
				licences = append(licences, l)
			}
		}
		return p.next(), nil
	})
	if err != nil {
		return nil, err
	}
	names, byDefault := st.licenses, st.licenses == nil
	if byDefault {
		names = DefaultLicenses(tool.ProductID)
	}
	wanted, err := resolveLicences(names, licences, byDefault)
	if err != nil {
		return nil, err
	}

	users := []usage.User{}
	seen := map[string]bool{}
	err = q.query(ctx, "User", usersSOQL, func(body []byte) (string, error) {
		p, err := DecodeUsers(body)
		if err != nil {
			return "", err
		}
		for _, u := range p.Records {
			licence := strings.ToLower(u.License())
			// A user whose licence the token cannot see counts by
			// default rather than vanishing; a licenses setting asks for
			// named licences only.
			if !u.counted() || seen[u.ID] || !wanted[licence] && !(byDefault && licence == "") {
				continue
			}
			if err := scanners.KeepUser(ctx); err != nil {
				return "", err
			}
			seen[u.ID] = true
			users = append(users, usage.User{ID: u.ID, Email: u.Email, LastActive: u.LastLogin})
		}
		return p.next(), nil
	})
	if err != nil {
		return nil, err
	}

	// Purchased seats are the totals of the active licences counted; a
	// disabled licence has none left to assign.
	seats := usage.Seats{Assigned: len(users)}
	total, matched := 0, false
	for _, l := range licences {
		if !wanted[strings.ToLower(l.Name)] {
			continue
		}
		matched = true
		if strings.EqualFold(l.Status, "Active") {
			total += l.TotalLicenses
		}
	}
	if matched {
		seats.Purchased = &total
	}
	return &usage.ToolUsage{Users: users, Seats: seats}, nil
}

// resolveLicences turns the licence names to count into the set of
// licence Names (lower case) users may hold to count, accepting each
// licence's Name or MasterLabel (the label Setup shows). byDefault says
// the names are DefaultLicenses, not the block's setting.
func resolveLicences(names []string, licences []APILicense, byDefault bool) (map[string]bool, error) {
	wanted := map[string]bool{}
	for _, n := range names {
		found := false
		for _, l := range licences {
			if strings.EqualFold(n, l.Name) || strings.EqualFold(n, l.MasterLabel) {
				wanted[strings.ToLower(l.Name)] = true
				found = true
			}
		}
		if !found && byDefault {
			return nil, fmt.Errorf("salesforce: the org has no %q user licence, which a CRM seat is; name the licences to count "+
				"with licenses = [...] in the scan block: its licences are %s (Setup › Company Information › User Licenses)", n, licenceNames(licences))
		}
		if !found {
			return nil, fmt.Errorf("salesforce: the licenses setting names %q, which is not a user licence of this org; its licences are %s "+
				"(Setup › Company Information › User Licenses)", n, licenceNames(licences))
		}
	}
	return wanted, nil
}

// licenceNames lists the org's licence names for a message, quoted and
// bounded: they are vendor text.
func licenceNames(licences []APILicense) string {
	var names []string
	for _, l := range licences {
		n := l.Name
		if len(n) > 80 {
			n = n[:80] + "…"
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = fmt.Sprintf("%q", n)
	}
	if len(names) > 20 {
		names = append(names[:20], fmt.Sprintf("and %d more", len(names)-20))
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// querier runs SOQL queries and follows their batches.
type querier struct {
	// c gets a new access token once, when the API rejects the one the
	// scan got from the token endpoint.
	c        *oauth.Conn
	base     *url.URL
	path     string
	tokenEnv string
	version  string
	auth     string
}

// query runs soql and hands each batch's body to page, which returns the
// batch's nextRecordsUrl ("" when done).
func (q *querier) query(ctx context.Context, object, soql string, page func([]byte) (string, error)) error {
	// A next batch's path holds its query locator, a cursor: messages
	// show it as "…".
	nextShown := q.path + "/…"
	err := scanners.Paginate(ctx, func(ctx context.Context, next string) (string, error) {
		shown := q.path
		var resp *scanners.Response
		var err error
		if next == "" {
			resp, err = q.c.Fetch(ctx, q.path, url.Values{"q": {soql}})
		} else {
			shown = nextShown
			// nextRecordsUrl is relative to the host; Fetch refuses one
			// that resolves to another host, so the token stays home.
			ref, perr := url.Parse(next)
			if perr != nil {
				return "", fmt.Errorf("salesforce: GET %s (%s query): invalid response: nextRecordsUrl is not a URL", q.path, object)
			}
			resp, err = q.c.Fetch(ctx, q.base.ResolveReference(ref).String(), nil)
		}
		if err != nil {
			if re, ok := err.(*scanners.RequestError); ok && re.Path != shown {
				cp := *re
				cp.Path = shown
				err = &cp
			}
			return "", explain(err, q.tokenEnv, object, q.version, q.auth)
		}
		n, err := page(resp.Body)
		if err != nil {
			return "", fmt.Errorf("salesforce: GET %s (%s query): %w", shown, object, err)
		}
		return n, nil
	})
	if errors.Is(err, scanners.ErrCursorLoop) {
		return fmt.Errorf("salesforce: GET %s (%s query): %w", nextShown, object, err)
	}
	return err
}

// explain turns a rejected call into what the user should do.
func explain(err error, tokenEnv, object, version, auth string) error {
	re, ok := scanners.Rejected(err)
	if !ok {
		return err
	}
	code := ""
	if errs, derr := DecodeErrors(re.Body); derr == nil && len(errs) > 0 {
		code = errs[0].ErrorCode
	}
	withCode := ""
	if code != "" {
		withCode = " (" + code + ")"
	}
	switch re.Status {
	case http.StatusUnauthorized:
		if auth != AuthToken {
			return fmt.Errorf("%w%s: Salesforce rejected the access token the scan got with auth = %q, and a new one too; "+
				"the connected app's selected OAuth scopes must include %s, and its user (the Run As user, or username) needs %s and %s",
				re, withCode, auth, scopeAPI, permAPI, permSetup)
		}
		if code == "INVALID_SESSION_ID" {
			// Salesforce's answer to an expired or revoked session: an
			// access token lives as long as the session it belongs to.
			return fmt.Errorf("%w%s: session expired or invalid: refresh the token in %s (`sf org display --target-org ALIAS` prints a "+
				"current one), or let the scan get its own with auth = \"client_credentials\" or \"jwt_bearer\"", re, withCode, tokenEnv)
		}
		return fmt.Errorf("%w%s: Salesforce rejected the token in %s; put a current access token of the org in %s: "+
			"`sf org display --target-org ALIAS` prints one for an org the Salesforce CLI is logged in to, or use a Connected App "+
			"with the OAuth scope %s; its user needs the permissions %s and %s, and tokens expire with the session",
			re, withCode, tokenEnv, tokenEnv, scopeAPI, permAPI, permSetup)
	case http.StatusForbidden:
		switch code {
		case "INVALID_SESSION_ID":
			// Salesforce's answer to a token without the api scope.
			return fmt.Errorf("%w%s: the token in %s lacks the OAuth scope %s; add it to the Connected App's selected OAuth scopes and get a new token",
				re, withCode, tokenEnv, scopeAPI)
		case "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED":
			return fmt.Errorf("%w%s: the REST API is disabled for the user behind the token in %s; give the user the permission %s "+
				"(the org's edition must include API access)", re, withCode, tokenEnv, permAPI)
		case "REQUEST_LIMIT_EXCEEDED":
			return fmt.Errorf("%w%s: the org has used up its API request allowance%s; scan again when it recovers "+
				"(Setup › Company Information shows the API requests of the last 24 hours)", re, withCode, limitInfo(re.Header))
		}
		return fmt.Errorf("%w%s: the user behind the token in %s may not read %s; give the user the permission %s",
			re, withCode, tokenEnv, object, permSetup)
	case http.StatusBadRequest:
		switch code {
		case "INVALID_TYPE":
			return fmt.Errorf("%w%s: Salesforce hides %s from the user behind the token in %s; give the user the permission %s",
				re, withCode, object, tokenEnv, permSetup)
		case "INVALID_QUERY_LOCATOR":
			return fmt.Errorf("%w%s: the %s query's batches expired before the scan read them all; scan again", re, withCode, object)
		}
		return fmt.Errorf("%w%s: Salesforce refused the %s query; api_version %s may lack its fields: "+
			"use %s or another version the org supports (listed at /services/data)", re, withCode, object, version, DefaultAPIVersion)
	case http.StatusNotFound:
		return fmt.Errorf("%w%s: this host has no REST API %s; check the host (the org's My Domain) and set api_version "+
			"to a version the org supports (listed at /services/data)", re, withCode, version)
	case http.StatusTooManyRequests:
		return fmt.Errorf("%w%s: still rate limited after retries%s", re, withCode, limitInfo(re.Header))
	}
	return err
}

var usagePattern = regexp.MustCompile(`^api-usage=(\d{1,12})/(\d{1,12})$`)

// limitInfo is the Sforce-Limit-Info of an answer, for a message.
func limitInfo(h http.Header) string {
	m := usagePattern.FindStringSubmatch(strings.TrimSpace(h.Get("Sforce-Limit-Info")))
	if m == nil {
		return ""
	}
	return fmt.Sprintf(" (%s of %s daily calls used)", m[1], m[2])
}

// QueryPage is one batch of a SOQL query's records.
type QueryPage[R any] struct {
	TotalSize      int    `json:"totalSize"`
	Done           bool   `json:"done"`
	NextRecordsURL string `json:"nextRecordsUrl"`
	Records        []R    `json:"records"`
}

func (p QueryPage[R]) next() string {
	if p.Done {
		return ""
	}
	return p.NextRecordsURL
}

// decodeQuery decodes one batch of a query and checks that an unfinished
// query says where its next batch is.
func decodeQuery[R any](body []byte) (QueryPage[R], error) {
	var p QueryPage[R]
	if err := decodePage(body, &p); err != nil {
		return QueryPage[R]{}, err
	}
	if !p.Done && p.NextRecordsURL == "" {
		return QueryPage[R]{}, errors.New("invalid response: done is false but there is no nextRecordsUrl")
	}
	return p, nil
}

// UserPage is one batch of the User query.
type UserPage = QueryPage[APIUser]

// APIUser is a User record.
type APIUser struct {
	ID            string   `json:"Id"`
	Username      string   `json:"Username"`
	Email         string   `json:"Email"`
	IsActive      *bool    `json:"IsActive"`
	LastLoginDate *string  `json:"LastLoginDate"`
	UserType      string   `json:"UserType"`
	Profile       *Profile `json:"Profile"`
	// LastLogin is LastLoginDate in UTC; nil for a user who never
	// logged in. DecodeUsers fills it.
	LastLogin *time.Time `json:"-"`
}

// Profile is a user's profile, with its licence.
type Profile struct {
	UserLicense *struct {
		Name string `json:"Name"`
	} `json:"UserLicense"`
}

// License is the Name of the user's licence, or "".
func (u APIUser) License() string {
	if u.Profile == nil || u.Profile.UserLicense == nil {
		return ""
	}
	return u.Profile.UserLicense.Name
}

// counted reports whether the user holds a seat: active, and a standard
// user (AutomatedProcess, CsnOnly, Guest and portal users are not). A
// record without UserType is counted rather than silently dropped.
func (u APIUser) counted() bool {
	if u.IsActive != nil && !*u.IsActive {
		return false
	}
	return u.UserType == "" || strings.EqualFold(u.UserType, "Standard")
}

// LicensePage is one batch of the UserLicense query.
type LicensePage = QueryPage[APILicense]

// APILicense is a UserLicense record.
type APILicense struct {
	ID            string `json:"Id"`
	Name          string `json:"Name"`
	MasterLabel   string `json:"MasterLabel"`
	Status        string `json:"Status"`
	TotalLicenses int    `json:"TotalLicenses"`
	UsedLicenses  int    `json:"UsedLicenses"`
}

// APIError is one entry of a Salesforce error answer.
type APIError struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"errorCode"`
	Fields    []string `json:"fields"`
}

// DecodeUsers decodes and checks one batch of the User query.
func DecodeUsers(body []byte) (UserPage, error) {
	p, err := decodeQuery[APIUser](body)
	if err != nil {
		return UserPage{}, err
	}
	for i := range p.Records {
		u := &p.Records[i]
		if u.ID == "" {
			return UserPage{}, fmt.Errorf("invalid response: records[%d] has no Id", i)
		}
		if u.LastLoginDate != nil {
			t, ok := ParseDateTime(*u.LastLoginDate)
			if !ok {
				return UserPage{}, fmt.Errorf("invalid response: records[%d].LastLoginDate is not a date and time", i)
			}
			u.LastLogin = &t
		}
	}
	return p, nil
}

// DecodeLicenses decodes and checks one batch of the UserLicense query.
func DecodeLicenses(body []byte) (LicensePage, error) {
	p, err := decodeQuery[APILicense](body)
	if err != nil {
		return LicensePage{}, err
	}
	for i, l := range p.Records {
		if l.Name == "" {
			return LicensePage{}, fmt.Errorf("invalid response: records[%d] has no Name", i)
		}
		if l.TotalLicenses < 0 || l.UsedLicenses < 0 {
			return LicensePage{}, fmt.Errorf("invalid response: records[%d] has a negative licence count", i)
		}
	}
	return p, nil
}

// DecodeErrors decodes a Salesforce error answer, a JSON array of
// {message, errorCode}. Error codes that are not code-like words become
// "?", since they end up in messages.
func DecodeErrors(body []byte) ([]APIError, error) {
	var errs []APIError
	if err := json.Unmarshal(body, &errs); err != nil {
		if json.Valid(body) {
			return nil, errors.New("invalid error response: not a list of errors")
		}
		return nil, fmt.Errorf("invalid JSON error response (%d bytes): %s", len(body), scanners.JSONProblem(err))
	}
	for i := range errs {
		errs[i].ErrorCode = clean(errs[i].ErrorCode)
	}
	return errs, nil
}

// ParseDateTime reads a Salesforce dateTime such as
// "2013-05-20T20:49:32.000+0000" (not RFC 3339: the offset has no colon),
// and RFC 3339 as well; the result is in UTC.
func ParseDateTime(s string) (time.Time, bool) {
	// Go accepts the fractional seconds after "05" without a layout for
	// them; Z0700 reads both "Z" and "+0000".
	for _, layout := range []string{"2006-01-02T15:04:05Z0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// decodePage decodes a query result object, which must have a records
// list and a done flag.
func decodePage(body []byte, v any) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(body, &probe); err != nil {
		if json.Valid(body) {
			return errors.New("invalid response: not a query result object")
		}
		return fmt.Errorf("invalid JSON response (%d bytes): %s", len(body), scanners.JSONProblem(err))
	}
	if r := probe["records"]; len(r) == 0 || r[0] != '[' {
		return errors.New("invalid response: no records list")
	}
	if d := string(probe["done"]); d != "true" && d != "false" {
		return errors.New("invalid response: no done flag")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("invalid response: %s", scanners.JSONProblem(err))
	}
	return nil
}

// clean keeps vendor text that ends up in messages to code-like words.
func clean(s string) string { return scanners.CodeLike(s, 64, "_") }
