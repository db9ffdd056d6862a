package googleworkspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// reportsPath lists the OAuth token audit log of every user.
const reportsPath = "/admin/reports/v1/activity/users/all/applications/token"

// MaxLookbackDays is how far back the token audit log goes.
const MaxLookbackDays = 180

// Discoverer reports the third-party apps users granted access to their
// Google account:
//
//	discovery "google_workspace" {
//	  token_env           = "GOOGLE_CREDENTIALS"    # a service account's JSON key, or an access token
//	  subject             = "it-admin@acme.example" # with a key: the admin it acts for
//	  customer_id         = "C01abc23d" # default "my_customer": the admin's own
//	  lookback_days       = 180         # 1..180, the days of the token audit log read, up to and including --as-of
//	  include_google_apps = false       # also report Google's own apps (Chrome, iOS sign-in, ...)
//	}
//
// What users have granted now comes from the Directory API: every active
// user's users.tokens.list, whenever the grant was made. The OAuth token
// audit log (Reports API, "authorize" events of the window) adds when the
// apps were authorized and by whom, and apps authorized in the window
// whose grants were revoked since: they were in use. Apps are grouped by
// OAuth client id (or, without one, by name); an app's users are those
// holding a grant now plus those who authorized it in the window. Events
// after the --as-of day are left out, so that a past as-of gives the same
// log on every run.
//
// Google's own apps are left out by default: every Workspace customer's
// grants are full of "Google Chrome", "Android device" and "iOS Account
// Manager" sign-ins, which are not tools anyone declares and would each be
// an undeclared-tool finding. An app counts as Google's own when its name
// starts with "Google " or is one of Google's device sign-in clients, and
// the catalog does not know it as a product (so "Google Ads" and "Google
// Analytics" grants are still reported). Google does not let third-party
// apps use its name on the OAuth consent screen, so the prefix does not
// hide them. include_google_apps = true reports everything.
type Discoverer struct {
	scanners.BlockDiscoverer[discoverySettings]
}

// NewDiscoverer returns the google_workspace discoverer.
func NewDiscoverer() *Discoverer {
	return &Discoverer{scanners.BlockDiscoverer[discoverySettings]{Decode: decodeDiscovery, Find: discover}}
}

type discoverySettings struct {
	customerID        string
	lookbackDays      int
	includeGoogleApps bool
	auth              authSettings
}

var discoverySchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{{Name: "customer_id"}, {Name: "lookback_days"}, {Name: "include_google_apps"}}, authAttrs...),
}

// The scopes of discovery's calls.
var discoveryScopes = []string{ScopeUsers, ScopeTokens, ScopeReports}

// tokensPath is users.tokens.list of one user.
func tokensPath(userKey string) string {
	return usersPath + "/" + url.PathEscape(userKey) + "/tokens"
}

var discoveryCustomerPattern = regexp.MustCompile(`^(my_customer|C[0-9a-z]+)$`)

func decodeDiscovery(d *inventory.Discovery) (discoverySettings, hcl.Diagnostics) {
	st := discoverySettings{customerID: "my_customer", lookbackDays: MaxLookbackDays}
	howTo := "A google_workspace discovery reads its credentials from an environment variable: add token_env = \"GOOGLE_CREDENTIALS\". " +
		credentialHowTo(discoveryScopes, "Users › Read, Security settings and Reports")
	if d.Body == nil {
		return st, scanners.RequireDiscoveryTokenEnv(d, howTo)
	}
	content, diags := d.Body.Content(discoverySchema)
	attrs := content.Attributes
	var moreDiags hcl.Diagnostics
	st.auth, moreDiags = decodeAuth(attrs, d.TokenEnv, d.DeclRange, howTo)
	diags = append(diags, moreDiags...)

	diags = append(diags, customerIDSetting(attrs, &st.customerID)...)
	if a, ok := attrs["lookback_days"]; ok {
		detail := fmt.Sprintf("lookback_days is a whole number of days from 1 to %d: the token audit log goes back %d days.", MaxLookbackDays, MaxLookbackDays)
		v, vd := a.Expr.Value(nil)
		diags = append(diags, vd...)
		if !vd.HasErrors() {
			n, ok := wholeNumber(v)
			if !ok || n < 1 || n > MaxLookbackDays {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid lookback_days setting", Detail: detail, Subject: a.Expr.Range().Ptr()})
			} else {
				st.lookbackDays = n
			}
		}
	}
	diags = append(diags, scanners.BoolSetting(attrs, "include_google_apps",
		"include_google_apps is false (leave out Google's own apps, such as Chrome and device sign-ins) or true (report every app).", &st.includeGoogleApps)...)
	return st, diags
}

const customerIDDetail = "customer_id is \"my_customer\" (the customer of the admin the token acts for, the default) or the customer's ID, " +
	"such as \"C01abc23d\" (Admin console › Account › Account settings › Customer ID, in lower case after the C)."

func wholeNumber(v cty.Value) (int, bool) {
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return 0, false
	}
	bf := v.AsBigFloat()
	if !bf.IsInt() {
		return 0, false
	}
	n, acc := bf.Int64()
	if acc != big.Exact || n > 1<<31 || n < -1<<31 {
		return 0, false
	}
	return int(n), true
}

// googleClients are the names of Google's own device sign-in clients as
// the token audit log shows them.
var googleClients = []string{"android device", "ios account manager", "macos", "chrome os", "chromeos", "windows", "google"}

// isGoogleApp reports whether name is one of Google's own apps.
func isGoogleApp(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return strings.HasPrefix(n, "google ") || slices.Contains(googleClients, n)
}

// discover reads the token audit log and the users with the block's
// settings and credential (variable: what token_env names holds).
func discover(ctx context.Context, d *inventory.Discovery, env scanners.Env, st discoverySettings, variable string) (*usage.Discovered, error) {
	token, cred, err := signIn(ctx, env, d.TokenEnv, variable, st.auth, discoveryScopes)
	if err != nil {
		return nil, err
	}
	c := env.Client(Kind, ReportsBaseURL)
	c.SetBearer(token)

	apps := map[string]*grantedApp{}
	people, _, err := listUsers(ctx, c, st.customerID, cred.where, discoveryScopes, "Users › Read")
	if err != nil {
		return nil, err
	}
	emails := make([]string, 0, len(people))
	for email, u := range people {
		// A suspended or archived user cannot use the apps they granted.
		if !u.Suspended && !u.Archived {
			emails = append(emails, email)
		}
	}
	slices.Sort(emails)
	for _, email := range emails {
		path := tokensPath(people[email].PrimaryEmail)
		body, err := c.Get(ctx, path, nil)
		if re, ok := scanners.Rejected(err); ok && re.Status == http.StatusNotFound && jsonBody(re.Body) {
			continue // deleted since the list was read
		}
		if err != nil {
			return nil, explain(err, cred.where, discoveryScopes, ScopeTokens, "Security settings", "")
		}
		p, err := DecodeTokens(body)
		if err != nil {
			return nil, fmt.Errorf("google_workspace: GET %s/{user}/tokens: %w", usersPath, err)
		}
		for _, t := range p.Items {
			addToken(apps, email, t)
		}
	}

	if err := readGrantLog(ctx, c, st, env.AsOf, cred.where, apps); err != nil {
		return nil, err
	}

	tools := []usage.DiscoveredTool{}
	for _, app := range apps {
		name := app.name
		if name == "" {
			name = app.clientID
		}
		product, known := "", false
		if env.Catalog != nil {
			ps := env.Catalog.MatchAppName(name)
			known = len(ps) > 0
			if len(ps) == 1 {
				product = ps[0].ID
			}
		}
		if !st.includeGoogleApps && !known && isGoogleApp(name) {
			continue
		}
		scopes := make([]string, 0, len(app.scopes))
		for s := range app.scopes {
			scopes = append(scopes, s)
		}
		slices.Sort(scopes)
		evidence := app.evidence()
		tools = append(tools, usage.DiscoveredTool{Source: Kind, Name: name, Product: product,
			Users: len(app.users), Scopes: scopes, Evidence: evidence})
	}
	return scanners.ToolsFound(tools), nil
}

// grantDates says when an app's grants were made: " on 2026-11-17" or
// " between 2026-09-14 and 2026-11-17" (UTC days), or "" without dates.
func grantDates(first, last time.Time) string {
	const day = "2006-01-02"
	switch {
	case first.IsZero():
		return ""
	case first.UTC().Format(day) == last.UTC().Format(day):
		return " on " + first.UTC().Format(day)
	}
	return " between " + first.UTC().Format(day) + " and " + last.UTC().Format(day)
}

// grantedApp is one OAuth client and who granted it access.
type grantedApp struct {
	clientID, name string
	// users holds everybody counted: holders and authorizers.
	users map[string]struct{}
	// holders hold a grant now (users.tokens.list); authorizers
	// authorized the app in the audit log's window.
	holders, authorizers map[string]struct{}
	scopes               map[string]struct{}
	// first and last are the dates of the earliest and latest
	// authorization in the log, for the evidence.
	first, last time.Time
}

// app returns the app of clientID (or, without one, name), added when new;
// nil when there is nothing to name it by.
func app(apps map[string]*grantedApp, clientID, name string) *grantedApp {
	key := "client:" + clientID
	if clientID == "" {
		if name == "" {
			return nil
		}
		key = "name:" + strings.ToLower(name)
	}
	a := apps[key]
	if a == nil {
		a = &grantedApp{clientID: clientID, users: map[string]struct{}{}, holders: map[string]struct{}{},
			authorizers: map[string]struct{}{}, scopes: map[string]struct{}{}}
		apps[key] = a
	}
	return a
}

// evidence says where the app was seen: "OAuth client X held by 3 users
// now; authorized by 2 users between 2026-09-14 and 2026-11-17".
func (a *grantedApp) evidence() string {
	subject := "OAuth client " + a.clientID
	if a.clientID == "" {
		subject = fmt.Sprintf("OAuth app %q", a.name)
	}
	var parts []string
	if len(a.holders) > 0 {
		parts = append(parts, "held by "+users(len(a.holders))+" now")
	}
	if len(a.authorizers) > 0 {
		parts = append(parts, "authorized by "+users(len(a.authorizers))+grantDates(a.first, a.last))
	}
	if len(a.holders) == 0 {
		parts = append(parts, "no grant held now")
	}
	return subject + " " + strings.Join(parts, "; ")
}

// addToken counts one user's current grant.
func addToken(apps map[string]*grantedApp, user string, t Token) {
	a := app(apps, strings.TrimSpace(t.ClientID), strings.TrimSpace(t.DisplayText))
	if a == nil {
		return
	}
	// The Directory's name is the app's current one.
	if n := strings.TrimSpace(t.DisplayText); n != "" {
		a.name = n
	}
	a.users[user] = struct{}{}
	a.holders[user] = struct{}{}
	for _, s := range t.Scopes {
		if s = strings.TrimSpace(s); s != "" {
			a.scopes[s] = struct{}{}
		}
	}
}

func addGrant(apps map[string]*grantedApp, actor string, at time.Time, e Event) {
	var clientID, name string
	if p, ok := e.Param("client_id"); ok {
		clientID = strings.TrimSpace(p.Value)
	}
	if p, ok := e.Param("app_name"); ok {
		name = strings.TrimSpace(p.Value)
	}
	app := app(apps, clientID, name)
	if app == nil {
		return // nothing to name the app by
	}
	// Pages list the newest events first: the first name seen is the
	// app's current one.
	if app.name == "" {
		app.name = name
	}
	if !at.IsZero() {
		if app.first.IsZero() || at.Before(app.first) {
			app.first = at
		}
		if at.After(app.last) {
			app.last = at
		}
	}
	if a := strings.ToLower(strings.TrimSpace(actor)); a != "" {
		app.users[a] = struct{}{}
		app.authorizers[a] = struct{}{}
	}
	if p, ok := e.Param("scope"); ok {
		for _, s := range p.MultiValue {
			if s = strings.TrimSpace(s); s != "" {
				app.scopes[s] = struct{}{}
			}
		}
	}
}

func users(n int) string {
	if n == 1 {
		return "1 user"
	}
	return fmt.Sprintf("%d users", n)
}

// cloneQuery copies query values, so that each page sets its own token.
func cloneQuery(q url.Values) url.Values {
	out := make(url.Values, len(q)+1)
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// readGrantLog adds the "authorize" events of the token audit log in the
// window to apps.
func readGrantLog(ctx context.Context, c *scanners.Client, st discoverySettings, asOf time.Time, where string, apps map[string]*grantedApp) error {
	q := url.Values{"eventName": {"authorize"}, "maxResults": {"1000"}}
	if st.customerID != "my_customer" {
		q.Set("customerId", st.customerID)
	}
	// The window is the lookback_days days up to and including the as-of
	// day, so that with today's as-of it stays inside the 180 days the
	// API keeps (it refuses an older startTime).
	var end time.Time
	if !asOf.IsZero() {
		day := asOf.UTC().Truncate(24 * time.Hour)
		end = day.Add(24 * time.Hour)
		q.Set("startTime", day.AddDate(0, 0, 1-st.lookbackDays).Format(time.RFC3339))
	}
	err := scanners.PaginateCall(ctx, "google_workspace: GET "+reportsPath, func(ctx context.Context, pageToken string) (string, error) {
		q := cloneQuery(q)
		if pageToken != "" {
			q.Set("pageToken", pageToken)
		}
		body, err := c.Get(ctx, reportsPath, q)
		if err != nil {
			return "", explain(err, where, discoveryScopes, ScopeReports, "Reports",
				"the Reports API has no token audit log for this customer; check customer_id")
		}
		p, err := DecodeActivities(body)
		if err != nil {
			return "", fmt.Errorf("google_workspace: GET %s: %w", reportsPath, err)
		}
		for _, a := range p.Items {
			if !end.IsZero() && !a.ID.Time.IsZero() && !a.ID.Time.Before(end) {
				continue
			}
			for _, e := range a.Events {
				if e.Name != "authorize" {
					continue
				}
				addGrant(apps, a.Actor.Email, a.ID.Time, e)
			}
		}
		return p.NextPageToken, nil
	})
	var re *scanners.RequestError
	if errors.As(err, &re) && re.Status == http.StatusBadRequest {
		return fmt.Errorf("%w; the token audit log keeps %d days counted back from today: with an --as-of in the past, lower lookback_days", err, MaxLookbackDays)
	}
	return err
}

// jsonBody reports whether an error answer is an API's JSON, not a front
// end's HTML page.
func jsonBody(body []byte) bool {
	var ae APIError
	return json.Unmarshal(body, &ae) == nil && ae.Error.Code != 0
}
