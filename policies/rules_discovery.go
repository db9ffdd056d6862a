package policies

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// discoveryRules compare what discovery found across the organization (the
// snapshot's `discovered` section) with the declared inventory. They all
// need a snapshot.
func discoveryRules() []*Rule {
	return []*Rule{
		{
			ID:              "undeclared-tool",
			Title:           "Discovery found a tool that no declared tool matches",
			Family:          "discovery",
			DefaultSeverity: result.Medium,
			NeedsSnapshot:   true,
			What: `Fires for every product that discovery found in use (an app assigned in the identity provider, a
third-party OAuth grant, an SDK or tag in the organization's code) and that matches no declared tool.
A discovered item matches a tool when the catalog links them (the tool's ` + "`product`" + ` is the item's
product, or the catalog product whose app names, domains or SDK packages match the item's name or
evidence) or when the item's name equals the tool's name, id, or vendor and product name, ignoring case,
spaces, dots, dashes and underscores. Items of one product are one finding that lists all the evidence:
an SDK found in five repositories is one finding.`,
			Why: `Undeclared tools are shadow IT: they cost money outside the budget, hold company or customer data
without a contract, DPA or owner, and escape offboarding and security review. They also distort every
other number in the audit, from spend per objective to overlap between tools.`,
			Fix: `Find out who uses the product from the evidence (the Okta app's assignments, the OAuth grant's users,
the repository). If it is in use legitimately, declare it as a ` + "`tool`" + ` with its ` + "`product`" + `, an owner
and its cost. If not, remove the app assignment, revoke the grant or delete the SDK, and the next scan
clears the finding.`,
			Example: `# The Okta discoverer finds the app "Hotjar" assigned to 12 users, and no
# tool has product = "hotjar" or the name "Hotjar".
discovery "okta" {
  host      = "acme.okta.com"
  token_env = "OKTA_TOKEN"
}`,
			Check: checkUndeclaredTool,
		},
		{
			ID:              "undeclared-flow",
			Title:           "Discovery found a data flow that no declared flow matches",
			Family:          "discovery",
			DefaultSeverity: result.Medium,
			NeedsSnapshot:   true,
			What: `Fires for every data flow that discovery found (for example a Segment source sending to a
destination) when its two ends match declared tools but no declared ` + "`flow`" + ` goes from the one to
the other, or when an end matches no declared tool at all. Ends are matched to tools as for
` + "`undeclared-tool`" + `. A declared flow with ` + "`via`" + ` also connects its ` + "`from`" + ` to the ` + "`via`" + ` tool and
the ` + "`via`" + ` tool to its ` + "`to`" + `. A flow between two ends that match the same tool is ignored.`,
			Why: `Undeclared flows are how personal data reaches tools without a DPA and how a retired tool keeps
receiving data. The data-protection rules can only judge flows that are declared, and a record of
processing activities that misses them is wrong.`,
			Fix: `Declare the flow with ` + "`from`" + `, ` + "`to`" + `, the ` + "`data`" + ` classes it carries and an ` + "`owner`" + `, and
declare the tools at either end if they are missing. If the flow should not exist, disable it at the
source (the Segment destination, the integration) and the next scan clears the finding.`,
			Example: `# Segment reports an enabled destination from the web source to Mixpanel,
# and no flow goes from tool.segment to tool.mixpanel.
discovery "segment" {
  token_env = "SEGMENT_TOKEN"
}

tool "segment" {
  product = "segment"
}

tool "mixpanel" {
  product = "mixpanel"
}`,
			Check: checkUndeclaredFlow,
		},
		{
			ID:              "risky-oauth-grant",
			Title:           "A third-party app holds write or full access to mail, files, contacts or the directory",
			Family:          "discovery",
			DefaultSeverity: result.High,
			NeedsSnapshot:   true,
			What: `Fires for every app that discovery found holding an OAuth scope that grants write or full access to
mail, files, contacts or the user directory, whether or not the app is a declared tool. There is one
finding per app, listing its risky scopes. Read-only scopes (` + "`gmail.readonly`" + `, ` + "`drive.readonly`" + `,
` + "`contacts.readonly`" + `, ` + "`Mail.Read`" + `, ` + "`Files.Read.All`" + `, …) and Google's per-file ` + "`drive.file`" + `
scope, which only reaches files the user opened with the app, are not reported. The risky scopes are:

` + riskyScopeTable() + `
A scope matches with or without its provider's URL prefix, ignoring case.`,
			Why: `A marketing app that can send mail as your employees, read every file in Drive or rewrite the
directory is a path to phishing from trusted addresses, data exfiltration and account takeover, and its
vendor's breach becomes yours. Such grants are often given by one user clicking "Allow" on a trial.`,
			Fix: `Check whether the app needs the access: many apps request full scopes by default and work with
read-only or per-file ones. Revoke grants the app does not need in the Google Workspace or Entra ID admin
console, and restrict third-party app access to approved apps. For an approved app, declare it as a tool
with an owner and a DPA, and waive the finding for that tool with the reason the access is needed.`,
			Example: `# Google Workspace reports that 34 users granted "Zapier" the scopes
# https://www.googleapis.com/auth/gmail.send and .../auth/drive.
discovery "google_workspace" {
  customer_id = "C01abc"
  token_env   = "GOOGLE_TOKEN"
}`,
			Check: checkRiskyOAuthGrant,
		},
	}
}

// riskyScope is an OAuth scope that grants write or full access to mail,
// files, contacts or the directory.
type riskyScope struct {
	Provider string
	Scope    string // as the provider writes it
	Access   string
}

const (
	discoveryGooglePrefix   = "https://www.googleapis.com/auth/"
	discoveryMSGraphPrefix  = "https://graph.microsoft.com/"
	discoveryGoogle         = "Google"
	discoveryMicrosoftGraph = "Microsoft Graph"
)

// riskyScopes is the one list of risky OAuth scopes; the rule's docs print
// it. Read-only scopes are not in it, nor Google's drive.file (per file,
// only files the user opened or created with the app) and
// Files.ReadWrite.AppFolder (the app's own folder).
var riskyScopes = []riskyScope{
	{discoveryGoogle, "https://mail.google.com/", "full access to Gmail: read, send and permanently delete all mail"},
	{discoveryGoogle, discoveryGooglePrefix + "gmail.modify", "read, send, change and delete mail"},
	{discoveryGoogle, discoveryGooglePrefix + "gmail.compose", "create drafts and send mail"},
	{discoveryGoogle, discoveryGooglePrefix + "gmail.send", "send mail as the user"},
	{discoveryGoogle, discoveryGooglePrefix + "gmail.insert", "add messages to the mailbox"},
	{discoveryGoogle, discoveryGooglePrefix + "gmail.settings.sharing", "set up mail forwarding and delegation"},
	{discoveryGoogle, discoveryGooglePrefix + "drive", "read, change and delete all Drive files"},
	{discoveryGoogle, discoveryGooglePrefix + "contacts", "read, change and delete all contacts"},
	{discoveryGoogle, "https://www.google.com/m8/feeds", "read, change and delete all contacts (legacy Contacts API)"},
	{discoveryGoogle, discoveryGooglePrefix + "admin.directory.user", "create, change and delete user accounts"},
	{discoveryGoogle, discoveryGooglePrefix + "admin.directory.group", "create, change and delete groups and their members"},
	{discoveryMicrosoftGraph, "Mail.ReadWrite", "read, change and delete the user's mail"},
	{discoveryMicrosoftGraph, "Mail.ReadWrite.Shared", "read, change and delete mail in shared mailboxes"},
	{discoveryMicrosoftGraph, "Mail.Send", "send mail as the user"},
	{discoveryMicrosoftGraph, "Mail.Send.Shared", "send mail as shared mailboxes"},
	{discoveryMicrosoftGraph, "Files.ReadWrite", "read, change and delete the user's files"},
	{discoveryMicrosoftGraph, "Files.ReadWrite.All", "read, change and delete every file the user can access"},
	{discoveryMicrosoftGraph, "Sites.ReadWrite.All", "change items and files in every SharePoint site"},
	{discoveryMicrosoftGraph, "Contacts.ReadWrite", "read, change and delete the user's contacts"},
	{discoveryMicrosoftGraph, "Directory.ReadWrite.All", "change the directory: users, groups and apps"},
	{discoveryMicrosoftGraph, "Directory.AccessAsUser.All", "everything the user can do in the directory"},
	{discoveryMicrosoftGraph, "User.ReadWrite.All", "create, change and delete every user"},
}

func riskyScopeTable() string {
	var b strings.Builder
	b.WriteString("| provider | scope | grants |\n|---|---|---|\n")
	for _, s := range riskyScopes {
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", s.Provider, s.Scope, s.Access)
	}
	return b.String()
}

// riskyScopeIndex maps the normalized forms of each risky scope (with and
// without its provider's URL prefix) to its entry.
var riskyScopeIndex = func() map[string]*riskyScope {
	m := map[string]*riskyScope{}
	for i := range riskyScopes {
		s := &riskyScopes[i]
		key := discoveryScopeKey(s.Scope)
		m[key] = s
		switch s.Provider {
		case discoveryGoogle:
			if short, ok := strings.CutPrefix(key, discoveryGooglePrefix); ok {
				m[short] = s
			}
		case discoveryMicrosoftGraph:
			m[discoveryScopeKey(discoveryMSGraphPrefix+s.Scope)] = s
		}
	}
	return m
}()

func discoveryScopeKey(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/")
}

// riskyScopeOf returns the table entry for a granted scope, or nil.
func riskyScopeOf(granted string) *riskyScope { return riskyScopeIndex[discoveryScopeKey(granted)] }

// discoveryMatcher matches discovered items to declared tools (SPEC §5).
type discoveryMatcher struct {
	inv      *inventory.Inventory
	products map[string][]*inventory.Tool // lower-cased product id
	names    map[string][]*inventory.Tool // discoveryNorm of name, id, vendor + name, vendor + product
}

func newDiscoveryMatcher(inv *inventory.Inventory) *discoveryMatcher {
	m := &discoveryMatcher{inv: inv, products: map[string][]*inventory.Tool{}, names: map[string][]*inventory.Tool{}}
	add := func(idx map[string][]*inventory.Tool, key string, t *inventory.Tool) {
		if key == "" {
			return
		}
		if l := idx[key]; len(l) > 0 && l[len(l)-1] == t {
			return
		}
		idx[key] = append(idx[key], t)
	}
	for _, t := range inv.Tools {
		add(m.products, strings.ToLower(t.ProductID), t)
		add(m.names, discoveryNorm(t.Name), t)
		add(m.names, discoveryNorm(t.ID), t)
		if t.Vendor != "" {
			add(m.names, discoveryNorm(t.Vendor+" "+t.Name), t)
		}
		if t.Product != nil && t.Vendor != "" {
			add(m.names, discoveryNorm(t.Vendor+" "+t.Product.Name), t)
		}
	}
	return m
}

// discoveryNorm folds a name for comparison: lower case, without white
// space, dots, dashes and underscores, so that a tool id (chili_piper)
// matches an app name (Chili Piper).
func discoveryNorm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// discoveryEnd is a discovered item resolved against the catalog and the
// inventory.
type discoveryEnd struct {
	// Key identifies the item across sources: its product id, else its
	// lower-cased name.
	Key   string
	Label string
	// Tools are the declared tools it matches, in id order.
	Tools []*inventory.Tool
}

// resolve matches an item by its product (when the discoverer named one)
// or else the catalog products its name or evidence (packages, hosts)
// reveal, and by its name.
func (m *discoveryMatcher) resolve(product, name string, signals ...string) discoveryEnd {
	name = strings.TrimSpace(name)
	var products []string
	if p := strings.ToLower(strings.TrimSpace(product)); p != "" {
		products = []string{p}
	} else {
		products = m.catalogProducts(name, signals)
	}
	e := discoveryEnd{}
	switch {
	case strings.TrimSpace(product) != "":
		e.Key = products[0]
	case len(products) == 1:
		e.Key = products[0]
	case name != "":
		e.Key = strings.ToLower(name)
	case len(products) > 0:
		e.Key = products[0]
	case len(signals) > 0:
		e.Key = strings.ToLower(strings.TrimSpace(signals[0]))
	}
	e.Label = name
	if m.inv.Catalog != nil {
		if p, ok := m.inv.Catalog.Product(e.Key); ok {
			e.Label = p.Name
		}
	}
	if e.Label == "" {
		e.Label = e.Key
	}
	seen := map[*inventory.Tool]bool{}
	add := func(ts []*inventory.Tool) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				e.Tools = append(e.Tools, t)
			}
		}
	}
	for _, p := range products {
		add(m.products[p])
	}
	if name != "" {
		add(m.names[discoveryNorm(name)])
	}
	sort.Slice(e.Tools, func(i, j int) bool { return e.Tools[i].ID < e.Tools[j].ID })
	return e
}

// catalogProducts are the catalog products an item's name (as an app
// name, or a host when it looks like one) and evidence (package names and
// hosts in it) reveal, unique and in order.
func (m *discoveryMatcher) catalogProducts(name string, signals []string) []string {
	cat := m.inv.Catalog
	if cat == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(ps []*catalog.Product) {
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p.ID)
			}
		}
	}
	if name != "" {
		add(cat.MatchAppName(name))
		if discoveryHostLike(name) {
			add(cat.MatchHost(name))
		}
	}
	for _, s := range signals {
		for _, tok := range discoveryTokens(s) {
			add(cat.MatchPackage(discoveryPackageName(tok)))
			if discoveryHostLike(tok) {
				add(cat.MatchHost(tok))
			}
		}
	}
	return out
}

// discoveryTokens splits evidence ("@segment/analytics-next@1.2.3",
// `src="https://js.hs-scripts.com/1.js"`, `"mixpanel-browser": "^2.4"`)
// into the words that may be a package or a URL.
func discoveryTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'`<>(),;=", r)
	})
}

// discoveryPackageName strips a version from a package token:
// "@scope/pkg@1.2.3" → "@scope/pkg", "analytics-python==2.0" was split at
// "=" already, "pkg:" → "pkg".
func discoveryPackageName(tok string) string {
	tok = strings.TrimRight(tok, ":")
	if i := strings.LastIndexByte(tok, '@'); i > 0 {
		tok = tok[:i]
	}
	return strings.TrimRight(tok, "~^!<>")
}

// discoveryHostLike reports whether s may be a host or URL: it has a dot and
// no space, and is not a scoped package.
func discoveryHostLike(s string) bool {
	return strings.Contains(s, ".") && !strings.ContainsAny(s, " \t") && !strings.HasPrefix(s, "@")
}

// discoveryRange is where a finding about discovered items points: the
// discovery block of the first source that reported it, else the first
// discovery block, else nowhere (the inventory as a whole).
func discoveryRange(inv *inventory.Inventory, sources []string) hcl.Range {
	for _, s := range sources {
		for _, d := range inv.Discoveries {
			if d.Kind == s {
				return d.DeclRange
			}
		}
	}
	if len(inv.Discoveries) > 0 {
		return inv.Discoveries[0].DeclRange
	}
	return hcl.Range{}
}

// discoveryGroup merges the discovered items of one product (or flow).
type discoveryGroup struct {
	key      string
	label    string
	sources  []string
	evidence []string
	users    int
	// spend is the annualised spend the spend feeds show.
	spend decimal.Decimal
	tools []*inventory.Tool
	// granted holds the risky scopes, as granted, by table entry.
	granted map[*riskyScope]string
	detail  string
}

type discoveryGroups struct {
	byKey map[string]*discoveryGroup
}

func (gs *discoveryGroups) get(key, label string) *discoveryGroup {
	if gs.byKey == nil {
		gs.byKey = map[string]*discoveryGroup{}
	}
	g := gs.byKey[key]
	if g == nil {
		g = &discoveryGroup{key: key, label: label}
		gs.byKey[key] = g
	}
	return g
}

// name is the group's label, with its key when the two differ beyond
// case: "Hotjar (hotjar.com)".
func (g *discoveryGroup) name() string {
	if strings.EqualFold(g.label, g.key) {
		return g.label
	}
	return fmt.Sprintf("%s (%s)", g.label, g.key)
}

func (g *discoveryGroup) addEvidence(source, evidence string) {
	if !discoveryContains(g.sources, source) {
		g.sources = append(g.sources, source)
	}
	line := source
	if evidence != "" {
		line += ": " + evidence
	}
	if !discoveryContains(g.evidence, line) {
		g.evidence = append(g.evidence, line)
	}
}

func (g *discoveryGroup) addTools(ts []*inventory.Tool) {
	for _, t := range ts {
		found := false
		for _, x := range g.tools {
			found = found || x == t
		}
		if !found {
			g.tools = append(g.tools, t)
		}
	}
	sort.Slice(g.tools, func(i, j int) bool { return g.tools[i].ID < g.tools[j].ID })
}

// evidenceText lists up to five pieces of evidence.
func (g *discoveryGroup) evidenceText() string {
	const limit = 5
	if len(g.evidence) <= limit {
		return strings.Join(g.evidence, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(g.evidence[:limit], "; "), len(g.evidence)-limit)
}

func (gs *discoveryGroups) sorted() []*discoveryGroup {
	out := make([]*discoveryGroup, 0, len(gs.byKey))
	for _, k := range slices.Sorted(maps.Keys(gs.byKey)) {
		out = append(out, gs.byKey[k])
	}
	return out
}

func discoveryContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func discoverySubject(key string) result.Subject { return result.Subject{Kind: "discovered", ID: key} }

func checkUndeclaredTool(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	gs := undeclaredToolGroups(inv, ctx.Snapshot.Discovered)
	var out []result.Finding
	for _, g := range gs.sorted() {
		msg := fmt.Sprintf("%s is in use but matches no declared tool", g.name())
		if g.users > 0 {
			msg += fmt.Sprintf(" (%s)", dataCount(g.users, "user", "users"))
		}
		if g.spend.IsPositive() {
			msg += fmt.Sprintf("; spend feeds show %s a year paid for it", money(inv.Organization.Currency, g.spend))
		}
		msg += fmt.Sprintf(". Evidence: %s.", g.evidenceText()) + discoveryCarriedNote(ctx, g.sources)
		out = append(out, ctx.Finding(discoveryRange(inv, g.sources), msg, discoverySubject(g.key)))
	}
	return out
}

func checkUndeclaredFlow(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	m := newDiscoveryMatcher(inv)
	edges := discoveryEdges(inv.Flows)
	var gs discoveryGroups
	for _, df := range ctx.Snapshot.Discovered.Flows {
		from := m.resolve(df.FromProduct, df.From)
		to := m.resolve(df.ToProduct, df.To)
		if from.Key == "" || to.Key == "" {
			continue
		}
		var detail string
		switch {
		case len(from.Tools) > 0 && len(to.Tools) > 0:
			if discoverySameTool(from.Tools, to.Tools) || discoveryConnected(edges, from.Tools, to.Tools) {
				continue
			}
			detail = fmt.Sprintf("no declared flow goes from %s to %s", discoveryToolList(from.Tools), discoveryToolList(to.Tools))
		default:
			var missing []string
			for _, e := range []discoveryEnd{from, to} {
				if len(e.Tools) == 0 {
					missing = append(missing, e.Label)
				}
			}
			if len(missing) == 2 && missing[0] == missing[1] {
				missing = missing[:1]
			}
			detail = fmt.Sprintf("%s matches no declared tool", strings.Join(missing, " and "))
			if len(missing) == 2 {
				detail = fmt.Sprintf("neither %s nor %s matches a declared tool", missing[0], missing[1])
			}
		}
		g := gs.get(from.Key+"->"+to.Key, from.Label+" → "+to.Label)
		g.detail = detail
		g.addTools(from.Tools)
		g.addTools(to.Tools)
		g.addEvidence(df.Source, discoveryFlowEvidence(df))
	}
	var out []result.Finding
	for _, g := range gs.sorted() {
		msg := fmt.Sprintf("Discovery found data flowing %s, but %s. Evidence: %s.", g.label, g.detail, g.evidenceText()) +
			discoveryCarriedNote(ctx, g.sources)
		subjects := []result.Subject{{Kind: "discovered_flow", ID: g.key}}
		for _, t := range g.tools {
			subjects = append(subjects, result.ToolSubject(t))
		}
		out = append(out, ctx.Finding(discoveryRange(inv, g.sources), msg, subjects...))
	}
	return out
}

// discoveryCarriedNote says when a finding rests on discovery carried
// forward from an earlier scan: " The okta discovery is from 2026-08-01
// (carried forward: token unset: OKTA_TOKEN)." Fresh discovery adds nothing.
func discoveryCarriedNote(ctx *Context, sources []string) string {
	var b strings.Builder
	for _, c := range ctx.Snapshot.Discovered.Carried {
		if discoveryContains(sources, c.Source) {
			fmt.Fprintf(&b, " The %s discovery is from %s (carried forward: %s).", c.Source, c.MeasuredAt.Format("2006-01-02"), c.Reason)
		}
	}
	return b.String()
}

func discoveryFlowEvidence(df usage.DiscoveredFlow) string {
	s := fmt.Sprintf("%s → %s", df.From, df.To)
	if df.Evidence != "" {
		s += " (" + df.Evidence + ")"
	}
	return s
}

func discoverySameTool(a, b []*inventory.Tool) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// discoveryEdges are the tool pairs that declared flows connect: from → to,
// and, for a flow with a via, from → via and via → to.
func discoveryEdges(flows []*inventory.Flow) map[[2]*inventory.Tool]bool {
	edges := map[[2]*inventory.Tool]bool{}
	for _, f := range flows {
		edges[[2]*inventory.Tool{f.From, f.To}] = true
		if f.Via != nil {
			edges[[2]*inventory.Tool{f.From, f.Via}] = true
			edges[[2]*inventory.Tool{f.Via, f.To}] = true
		}
	}
	return edges
}

// discoveryConnected reports whether a declared flow carries data from one
// of the from tools to one of the to tools, directly or through its via.
func discoveryConnected(edges map[[2]*inventory.Tool]bool, from, to []*inventory.Tool) bool {
	for _, a := range from {
		for _, b := range to {
			if edges[[2]*inventory.Tool{a, b}] {
				return true
			}
		}
	}
	return false
}

func discoveryToolList(ts []*inventory.Tool) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = result.ToolSubject(t).String()
	}
	return strings.Join(parts, " or ")
}

func checkRiskyOAuthGrant(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	m := newDiscoveryMatcher(inv)
	var gs discoveryGroups
	for _, dt := range ctx.Snapshot.Discovered.Tools {
		var risky []*riskyScope
		var granted []string
		for _, s := range dt.Scopes {
			if r := riskyScopeOf(s); r != nil {
				risky = append(risky, r)
				granted = append(granted, strings.TrimSpace(s))
			}
		}
		if len(risky) == 0 {
			continue
		}
		e := m.resolve(dt.Product, dt.Name)
		if e.Key == "" {
			continue
		}
		g := gs.get(e.Key, e.Label)
		g.addTools(e.Tools)
		evidence := dt.Evidence
		if evidence == "" {
			evidence = dt.Name
		}
		g.addEvidence(dt.Source, evidence)
		g.users = max(g.users, dt.Users)
		if g.granted == nil {
			g.granted = map[*riskyScope]string{}
		}
		for i, r := range risky {
			if _, dup := g.granted[r]; !dup {
				g.granted[r] = granted[i]
			}
		}
	}
	var out []result.Finding
	for _, g := range gs.sorted() {
		// In table order, so that the message reads the same in every run.
		var scopes []string
		for i := range riskyScopes {
			if granted, ok := g.granted[&riskyScopes[i]]; ok {
				scopes = append(scopes, fmt.Sprintf("%s (%s)", granted, riskyScopes[i].Access))
			}
		}
		msg := fmt.Sprintf("%s holds risky OAuth scopes", g.name())
		if g.users > 0 {
			msg += fmt.Sprintf(", granted by %s", dataCount(g.users, "user", "users"))
		}
		msg += ": " + strings.Join(scopes, "; ") + "."
		if len(g.tools) > 0 {
			msg += fmt.Sprintf(" It is declared as %s.", discoveryToolList(g.tools))
		} else {
			msg += " It matches no declared tool."
		}
		msg += fmt.Sprintf(" Evidence: %s.", g.evidenceText()) + discoveryCarriedNote(ctx, g.sources)
		subjects := []result.Subject{discoverySubject(g.key)}
		for _, t := range g.tools {
			subjects = append(subjects, result.ToolSubject(t))
		}
		out = append(out, ctx.Finding(discoveryRange(inv, g.sources), msg, subjects...))
	}
	return out
}
