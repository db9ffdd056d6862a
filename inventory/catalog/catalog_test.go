package catalog

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustLoad(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load()
	require.NoError(t, err)
	return c
}

func ids(ps []*Product) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestTopLevelCategoriesAreTheChiefmartecSix(t *testing.T) {
	c := mustLoad(t)
	var names []string
	for _, cat := range c.Categories() {
		if cat.Parent == "" {
			names = append(names, cat.Name)
		}
	}
	assert.Equal(t, []string{
		"Advertising & Promotion", "Content & Experience", "Social & Relationships",
		"Commerce & Sales", "Data", "Management",
	}, names)
}

func TestCategoriesAreInTaxonomyOrder(t *testing.T) {
	c := mustLoad(t)
	cats := c.Categories()
	require.NotEmpty(t, cats)
	require.Empty(t, cats[0].Parent, "the list starts with a top-level category")
	current := ""
	for _, cat := range cats {
		if cat.Parent == "" {
			current = cat.ID
			continue
		}
		assert.Equal(t, current, cat.Parent, "subcategory %q must follow its own top-level category", cat.ID)
	}
	sub, ok := c.Category("cdp")
	require.True(t, ok)
	assert.Equal(t, "Customer Data Platform", sub.Name)
	assert.Equal(t, "data", sub.Parent)
}

func TestTaxonomyIntegrity(t *testing.T) {
	c := mustLoad(t)
	assert.GreaterOrEqual(t, len(c.Capabilities()), 45)

	seen := map[string]bool{}
	for _, cat := range c.Categories() {
		assert.True(t, validID(cat.ID), "category id %q", cat.ID)
		assert.False(t, seen[cat.ID], "duplicate category %q", cat.ID)
		seen[cat.ID] = true
		assert.NotEmpty(t, cat.Name)
		if cat.Parent != "" {
			parent, ok := c.Category(cat.Parent)
			if assert.True(t, ok, "category %q: parent %q", cat.ID, cat.Parent) {
				assert.Empty(t, parent.Parent, "category %q: parent %q must be top-level", cat.ID, cat.Parent)
			}
		}
	}

	capIDs := []string{}
	for _, capb := range c.Capabilities() {
		capIDs = append(capIDs, capb.ID)
		assert.True(t, validID(capb.ID), "capability id %q", capb.ID)
		assert.NotEmpty(t, capb.Name)
		_, ok := c.Category(capb.Category)
		assert.True(t, ok, "capability %q: category %q", capb.ID, capb.Category)
	}
	assert.True(t, slices.IsSorted(capIDs), "Capabilities() is sorted by id")
	assert.Len(t, slices.Compact(slices.Clone(capIDs)), len(capIDs), "capability ids are unique")
}

func TestProductIntegrity(t *testing.T) {
	c := mustLoad(t)
	products := c.Products()
	require.GreaterOrEqual(t, len(products), 150)
	all := ids(products)
	assert.True(t, slices.IsSorted(all), "Products() is sorted by id")
	assert.Len(t, slices.Compact(slices.Clone(all)), len(all), "product ids are unique")

	for _, p := range products {
		assert.True(t, validProductID(p.ID), "product id %q", p.ID)
		assert.NotEmpty(t, strings.TrimSpace(p.Name), p.ID)
		assert.NotEmpty(t, strings.TrimSpace(p.Vendor), p.ID)
		_, ok := c.Category(p.Category)
		assert.True(t, ok, "product %q: category %q", p.ID, p.Category)
		assert.NotEmpty(t, p.Capabilities, p.ID)
		for _, id := range p.Capabilities {
			_, ok := c.Capability(id)
			assert.True(t, ok, "product %q: capability %q", p.ID, id)
		}
		assert.True(t, len(p.Domains)+len(p.AppNames) > 0, "product %q needs domains or app_names", p.ID)
		for _, h := range slices.Concat(p.Domains, p.ScriptHosts) {
			assert.Empty(t, checkHostSignal(h), "product %q: host %q", p.ID, h)
		}
	}
}

func TestEachTopLevelHasAtLeast15Products(t *testing.T) {
	c := mustLoad(t)
	count := map[string]int{}
	for _, p := range c.Products() {
		count[c.TopLevel(p.Category)]++
	}
	for _, cat := range c.Categories() {
		if cat.Parent == "" {
			assert.GreaterOrEqual(t, count[cat.ID], 15, "top-level category %q", cat.ID)
		}
	}
	assert.Len(t, count, 6)
}

// Each products file holds exactly one top-level category, so a reviewer can
// find a product by where it sits in the landscape.
func TestProductFilesFollowTopLevelCategories(t *testing.T) {
	c := mustLoad(t)
	entries, err := fs.ReadDir(data, productsDir)
	require.NoError(t, err)
	var files []string
	for _, e := range entries {
		name := path.Join(productsDir, e.Name())
		files = append(files, strings.TrimSuffix(e.Name(), ".hcl"))
		var f productsFile
		require.NoError(t, decodeFile(data, hclparse.NewParser(), name, &f))
		for _, p := range f.Products {
			assert.Equal(t, strings.TrimSuffix(e.Name(), ".hcl"), c.TopLevel(p.Category),
				"product %q (category %q) is in the wrong file", p.ID, p.Category)
		}
	}
	assert.ElementsMatch(t, []string{
		"advertising-promotion", "content-experience", "social-relationships", "commerce-sales", "data", "management",
	}, files)
}

// Other packages and example inventories refer to these ids.
func TestRequiredProductsExist(t *testing.T) {
	c := mustLoad(t)
	required := []string{
		"hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-cms", "marketo-engage", "salesforce-sales-cloud",
		"salesforce-account-engagement", "salesforce-marketing-cloud", "braze", "iterable", "klaviyo", "mailchimp",
		"customer-io", "segment", "mparticle", "rudderstack", "amplitude", "mixpanel", "heap", "google-analytics-4",
		"google-tag-manager", "adobe-analytics", "hotjar", "fullstory", "optimizely", "vwo", "contentful",
		"wordpress-vip", "webflow", "sprout-social", "hootsuite", "6sense", "demandbase", "bombora", "zoominfo",
		"clearbit", "apollo", "outreach", "salesloft", "gong", "drift", "intercom", "zendesk", "gainsight", "on24",
		"zoom-webinars", "zoom", "cvent", "goldcast", "canva", "figma", "bynder", "wistia", "vimeo", "looker",
		"tableau", "power-bi", "snowflake", "bigquery", "fivetran", "hightouch", "census", "zapier", "workato",
		"onetrust", "cookiebot", "slack", "okta", "google-workspace", "github", "asana", "monday", "jira", "notion",
		"miro", "calendly", "chili-piper", "docusign", "semrush", "ahrefs", "typeform", "surveymonkey", "qualtrics",
		"g2", "trustpilot", "linkedin-ads", "google-ads", "meta-ads", "the-trade-desk", "linkedin-sales-navigator",
		"gartner-digital-markets", "partnerstack", "impact", "shopify", "yotpo", "hubspot-service-hub", "highspot",
		"seismic", "allocadia", "planful", "vendr", "zylo", "greenhouse", "productboard", "callrail",
		"twilio-sendgrid", "cision", "meltwater", "lob", "attentive", "onesignal", "appsflyer", "branch", "unbounce",
		"instapage", "pipedrive", "dynamics-365-marketing", "adobe-experience-manager", "adobe-target", "sitecore",
		"contentstack", "sanity", "storyblok", "brightcove", "vidyard", "loom", "airtable", "smartsheet", "lucid",
		"mutiny", "qualified", "clari", "terminus", "rollworks", "metadata-io", "influitive", "bazaarvoice",
		"khoros", "brandwatch", "sprinklr", "later", "buffer", "aspire", "grin", "referralcandy", "smile-io", "yext",
		"invoca", "dreamdata", "bizible", "hockeystack", "supermetrics", "funnel-io", "tealium", "ketch",
		"transcend", "trustarc", "usercentrics", "osano", "mode", "sigma", "dbt-cloud", "airbyte", "stitch",
		"tray-io", "make", "n8n", "celigo",
	}
	for _, id := range required {
		_, ok := c.Product(id)
		assert.True(t, ok, "required product %q is missing", id)
	}
	// Ids that were deliberately folded into others must not reappear.
	for _, id := range []string{"twilio-segment", "hubspot-crm", "adobe-marketo", "6sense-revenue-ai", "aspireiq"} {
		_, ok := c.Product(id)
		assert.False(t, ok, "product %q must not exist", id)
	}
}

func TestLookups(t *testing.T) {
	c := mustLoad(t)

	p, ok := c.Product("hubspot-marketing-hub")
	require.True(t, ok)
	assert.Equal(t, "HubSpot Marketing Hub", p.Name)
	assert.Equal(t, "HubSpot", p.Vendor)
	assert.Equal(t, "marketing-automation", p.Category)
	assert.Equal(t, "hubspot", p.Scanner)
	assert.Contains(t, p.Capabilities, "lead-scoring")

	capb, ok := c.Capability("reverse-etl")
	require.True(t, ok)
	assert.Equal(t, "ipaas-integration", capb.Category)

	for _, missing := range []string{"", "HubSpot-Marketing-Hub", "nope"} {
		_, ok := c.Product(missing)
		assert.False(t, ok, "Product(%q)", missing)
		_, ok = c.Category(missing)
		assert.False(t, ok, "Category(%q)", missing)
		_, ok = c.Capability(missing)
		assert.False(t, ok, "Capability(%q)", missing)
	}
}

// The CLI prints catalog entries as JSON; absent lists must be [] not null.
func TestProductJSON(t *testing.T) {
	c := mustLoad(t)
	p, ok := c.Product("6sense")
	require.True(t, ok)
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": "6sense", "name": "6sense Revenue AI", "vendor": "6sense", "category": "abm",
		"capabilities": ["account-intelligence", "intent-data", "ad-targeting-abm", "b2b-contact-data"],
		"domains": ["6sense.com"], "app_names": ["6sense", "6sense Revenue AI"], "packages": [],
		"script_hosts": ["j.6sc.co"], "scanner": ""
	}`, string(out))

	cat, _ := c.Category("cdp")
	out, err = json.Marshal(cat)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id": "cdp", "name": "Customer Data Platform", "parent": "data"}`, string(out))
}

func TestReturnedSlicesAreCopies(t *testing.T) {
	c := mustLoad(t)
	ps := c.Products()
	first := ps[0]
	ps[0] = nil
	assert.Same(t, first, c.Products()[0])

	cats := c.Categories()
	cats[0] = nil
	assert.NotNil(t, c.Categories()[0])

	caps := c.Capabilities()
	caps[0] = nil
	assert.NotNil(t, c.Capabilities()[0])

	m := c.MatchHost("cdn.segment.com")
	m[0] = nil
	assert.Equal(t, []string{"segment"}, ids(c.MatchHost("cdn.segment.com")))
}

func TestTopLevel(t *testing.T) {
	c := mustLoad(t)
	for _, tc := range []struct{ in, want string }{
		{"cdp", "data"},
		{"marketing-automation", "content-experience"},
		{"abm", "social-relationships"},
		{"display-programmatic", "advertising-promotion"},
		{"sales-automation", "commerce-sales"},
		{"vendor-analysis", "management"},
		{"management", "management"},
		{"unknown", ""},
		{"", ""},
	} {
		assert.Equal(t, tc.want, c.TopLevel(tc.in), "TopLevel(%q)", tc.in)
	}
}

func TestSearch(t *testing.T) {
	c := mustLoad(t)
	for _, tc := range []struct {
		word      string
		first     []string // the leading results, in order
		contains  []string
		excludes  []string
		wantEmpty bool
	}{
		{word: "segment", first: []string{"segment"}, contains: []string{"mparticle", "braze"}}, // exact id; "audience-segmentation" capability
		{word: "HubSpot", first: []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}, contains: []string{"clearbit"}},
		{word: "Mixpanel", first: []string{"mixpanel"}},
		{word: "google", first: []string{"bigquery", "google-ads", "google-analytics-4", "google-tag-manager", "google-workspace"}, contains: []string{"looker", "dv360"}}, // "Google BigQuery" is a name prefix
		{word: "webinars", contains: []string{"on24", "zoom-webinars", "goldcast"}},
		{word: "customer data platform", contains: []string{"segment", "rudderstack", "tealium"}}, // category name
		{word: "cdn.segment.com", wantEmpty: true},                                                // script hosts are not searched
		{word: "hs-sites.com", first: []string{"hubspot-cms"}},                                    // domains are
		{word: "Pardot", first: []string{"salesforce-account-engagement"}},                        // app names are
		{word: "zzzz-no-such-product", wantEmpty: true},
		{word: "   ", wantEmpty: true},
		{word: "zoom", first: []string{"zoom", "zoom-webinars"}, excludes: []string{"google-workspace"}},
	} {
		t.Run(tc.word, func(t *testing.T) {
			got := ids(c.Search(tc.word))
			if tc.wantEmpty {
				assert.Empty(t, got)
				return
			}
			require.GreaterOrEqual(t, len(got), max(len(tc.first), 1))
			if tc.first != nil {
				assert.Equal(t, tc.first, got[:len(tc.first)])
			}
			for _, id := range tc.contains {
				assert.Contains(t, got, id)
			}
			for _, id := range tc.excludes {
				assert.NotContains(t, got, id)
			}
		})
	}
}

func TestSearchRanking(t *testing.T) {
	c := mustLoad(t)
	// Exact id first, even though other products merely contain the word.
	got := ids(c.Search("make"))
	require.NotEmpty(t, got)
	assert.Equal(t, "make", got[0])

	// Id or name prefixes before other substrings; ties in id order.
	got = ids(c.Search("hub"))
	require.GreaterOrEqual(t, len(got), 5)
	assert.Equal(t, []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}, got[:4])
	assert.Contains(t, got[4:], "github")
	assert.Contains(t, got[4:], "clearbit") // vendor HubSpot

	got = ids(c.Search("adobe"))
	rank2 := slices.Index(got, "marketo-engage") // name "Adobe Marketo Engage" is a prefix match too
	assert.Equal(t, []string{"adobe-analytics", "adobe-commerce", "adobe-creative-cloud", "adobe-experience-manager", "adobe-target", "adobe-workfront", "bizible", "marketo-engage"}, got[:rank2+1])
}

// matchCase is an input of a catalog matcher and the ids of the products
// it must return, in order; nil for none.
type matchCase struct {
	in   string
	want []string
}

// checkMatches runs one of the catalog's matchers (host, app name,
// package) over its cases, which all three read the same way.
func checkMatches(t *testing.T, match func(string) []*Product, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := match(tc.in)
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, ids(got))
		})
	}
}

func TestMatchHost(t *testing.T) {
	c := mustLoad(t)
	hubspot := []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}
	checkMatches(t, c.MatchHost, []matchCase{
		{"js.hs-scripts.com", []string{"hubspot-marketing-hub"}},
		{"https://js.hs-scripts.com/123456.js", []string{"hubspot-marketing-hub"}},
		{"JS.HS-Scripts.COM.", []string{"hubspot-marketing-hub"}},
		{"app.hubspot.com", hubspot}, // subdomain of a domain shared by the hubs
		{"acme.hs-sites.com", []string{"hubspot-cms"}},
		{"cdn.segment.com", []string{"segment"}},
		{"//cdn.segment.com/analytics.js/v1/KEY/analytics.min.js", []string{"segment"}},
		{"api.segment.io:443", []string{"segment"}},
		{"acme.my.salesforce.com", []string{"salesforce-sales-cloud"}},
		{"acme.lightning.force.com", []string{"salesforce-sales-cloud"}},
		{"pi.pardot.com", []string{"salesforce-account-engagement"}},
		{"static.hotjar.com", []string{"hotjar"}},
		{"snap.licdn.com", []string{"linkedin-ads"}},
		{"connect.facebook.net", []string{"meta-ads"}},
		{"j.6sc.co", []string{"6sense"}},
		{"tag.clearbitscripts.com", []string{"clearbit"}},
		{"s.adroll.com", []string{"adroll", "rollworks"}},
		{"d.adroll.com", []string{"adroll"}},
		// One host, two products: the path decides, the bare host means Tag Manager.
		{"https://www.googletagmanager.com/gtag/js?id=G-ABC123", []string{"google-analytics-4"}},
		{"https://www.googletagmanager.com/gtm.js?id=GTM-XYZ", []string{"google-tag-manager"}},
		{"www.googletagmanager.com", []string{"google-tag-manager"}},
		{"region1.google-analytics.com", []string{"google-analytics-4"}},
		{"https://cdn.jsdelivr.net/npm/hockeystack@latest/hockeystack.min.js", []string{"hockeystack"}},
		{"https://www.linkedin.com/sales/home", []string{"linkedin-sales-navigator"}},
		{"https://www.linkedin.com/salesforce", nil}, // path prefixes match whole words only
		{"https://www.linkedin.com/campaignmanager/accounts", []string{"linkedin-ads"}},
		{"acme.atlassian.net", []string{"confluence", "jira"}},
		{"https://acme.atlassian.net/wiki/spaces/MKT", []string{"confluence"}},
		{"https://acme.atlassian.net/browse/MKT-1", []string{"confluence", "jira"}},
		// Negative cases.
		{"example.com", nil},
		{"notsegment.com", nil},
		{"segment.com.evil.example", nil},
		{"cdn.jsdelivr.net/npm/react", nil},
		{"www.linkedin.com", nil},
		{"", nil},
		{"   ", nil},
	})
}

func TestMatchAppName(t *testing.T) {
	c := mustLoad(t)
	checkMatches(t, c.MatchAppName, []matchCase{
		{"HubSpot", []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}},
		{"HubSpot Marketing Hub", []string{"hubspot-marketing-hub"}},
		{"hubspot  marketing   hub", []string{"hubspot-marketing-hub"}},
		{"Google Analytics 4", []string{"google-analytics-4"}},
		{"Mixpanel (Actions)", []string{"mixpanel"}},
		{" mixpanel ", []string{"mixpanel"}},
		{"Zoom", []string{"zoom"}},
		{"Zoom Webinars", []string{"zoom-webinars"}},
		{"chili-piper", []string{"chili-piper"}},
		{"Customer.io", []string{"customer-io"}},
		{"Pardot", []string{"salesforce-account-engagement"}},
		{"Salesforce", []string{"salesforce-sales-cloud"}},
		{"Twilio Segment", []string{"segment"}},
		{"Okta Workforce Identity", []string{"okta"}}, // the product name counts too
		{"Hub", nil},
		{"Salesforc", nil},
		{"", nil},
	})
}

func TestMatchPackage(t *testing.T) {
	c := mustLoad(t)
	checkMatches(t, c.MatchPackage, []matchCase{
		{"@segment/analytics-next", []string{"segment"}},
		{"analytics-node", []string{"segment"}},
		{"github.com/segmentio/analytics-go/v3", []string{"segment"}},
		{"@Hotjar/Browser", []string{"hotjar"}},
		{"react-ga4", []string{"google-analytics-4"}},
		{"@amplitude/analytics-browser", []string{"amplitude"}},
		{"mixpanel-browser", []string{"mixpanel"}},
		{"@braze/web-sdk", []string{"braze"}},
		{"@intercom/messenger-js-sdk", []string{"intercom"}},
		{"@optimizely/optimizely-sdk", []string{"optimizely"}},
		{"pygithub", []string{"github"}},
		{"@hubspot/api-client", []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}},
		{"react", nil},
		{"@segment/analytics", nil},
		{"", nil},
	})
}

// A signal that two products share cannot identify either on its own, so each
// one must be a deliberate choice recorded here.
func TestSharedSignalsAreDeliberate(t *testing.T) {
	c := mustLoad(t)
	hubs := []string{"hubspot-cms", "hubspot-marketing-hub", "hubspot-sales-hub", "hubspot-service-hub"}
	want := map[string][]string{
		// One HubSpot portal, one login and one SDK serve every hub; callers
		// narrow the candidates to the hubs an inventory declares.
		"host hubspot.com":            hubs,
		"host hubapi.com":             hubs,
		"package @hubspot/api-client": hubs,
		"package hubspot-api-client":  hubs,
		"app_name hubspot":            hubs,
		// RollWorks (ABM) and AdRoll (retargeting) are both NextRoll products on one pixel.
		"host s.adroll.com": {"adroll", "rollworks"},
		// Every Dynamics 365 customer-engagement app lives in the same org host.
		"host crm.dynamics.com": {"dynamics-365-marketing", "dynamics-365-sales"},
		// A Jira or Confluence Cloud site is one atlassian.net host; /wiki tells Confluence apart.
		"host atlassian.net": {"confluence", "jira"},
	}

	got := map[string][]string{}
	add := func(key string, p *Product) {
		if !slices.Contains(got[key], p.ID) {
			got[key] = append(got[key], p.ID)
		}
	}
	for _, p := range c.Products() {
		for _, h := range slices.Concat(p.Domains, p.ScriptHosts) {
			add("host "+h, p)
		}
		for _, pkg := range p.Packages {
			add("package "+strings.ToLower(pkg), p)
		}
		for _, n := range append([]string{p.Name}, p.AppNames...) {
			add("app_name "+normalizeAppName(n), p)
		}
	}
	shared := map[string][]string{}
	for k, v := range got {
		if len(v) > 1 {
			shared[k] = v
		}
	}
	assert.Equal(t, want, shared)
}

// The data files follow the canonical layout that `stackaudit fmt` enforces on
// inventories, so that edits to them produce minimal diffs.
func TestDataFilesAreCanonicallyFormatted(t *testing.T) {
	err := fs.WalkDir(data, "data", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := fs.ReadFile(data, name)
		require.NoError(t, err)
		assert.Equal(t, string(hclwrite.Format(src)), string(src), "%s is not formatted", name)
		return nil
	})
	require.NoError(t, err)
}

func TestLoadRejectsBrokenData(t *testing.T) {
	const taxonomy = `
category "data" {
  name = "Data"
}
category "cdp" {
  name   = "Customer Data Platform"
  parent = "data"
}
capability "customer-data-platform" {
  name     = "CDP"
  category = "cdp"
}
`
	const good = `
product "segment" {
  name         = "Segment"
  vendor       = "Twilio"
  category     = "cdp"
  capabilities = ["customer-data-platform"]
  domains      = ["segment.com"]
}
`
	withProduct := func(body string) string {
		return "product \"x\" {\n  name = \"X\"\n  vendor = \"V\"\n" + body + "\n}\n"
	}
	priced := func(price string) string {
		return withProduct("category = \"cdp\"\ncapabilities = [\"customer-data-platform\"]\ndomains = [\"x.com\"]\nlist_price {\n" + price + "\n}")
	}
	for _, tc := range []struct {
		name     string
		taxonomy string
		products string
		wantErr  string
	}{
		{"valid", taxonomy, good, ""},
		{"syntax error", taxonomy, `product "x" {`, "parse data/products/test.hcl"},
		{"unknown attribute", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]
domains = ["x.com"]
colour = "red"`), "decode data/products/test.hcl"},
		{"missing required attribute", taxonomy, withProduct(`capabilities = ["customer-data-platform"]`), `"category" is required`},
		{"unknown category", taxonomy, withProduct(`category = "nope"
capabilities = ["customer-data-platform"]
domains = ["x.com"]`), `unknown category "nope"`},
		{"unknown capability", taxonomy, withProduct(`category = "cdp"
capabilities = ["telepathy"]
domains = ["x.com"]`), `unknown capability "telepathy"`},
		{"no capability", taxonomy, withProduct(`category = "cdp"
capabilities = []
domains = ["x.com"]`), "at least one capability"},
		{"no domain or app name", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]`), "needs domains or app_names"},
		{"bad host", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]
domains = ["https://x.com"]`), `host "https://x.com"`},
		{"upper-case host", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]
script_hosts = ["CDN.x.com"]
app_names = ["X"]`), "must be lower case"},
		{"duplicate app name", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]
app_names = ["X Y", "x-y"]`), "app_names list"},
		{"scanner not a kind name", taxonomy, withProduct(`category = "cdp"
capabilities = ["customer-data-platform"]
app_names = ["X"]
scanner = "Google Workspace"`), `scanner "Google Workspace" is not a kind name`},
		{"list price without source", taxonomy, priced(`amount = 10
currency = "USD"
period = "month"
per = "seat"
read = "2026-01-02"`), `"source" is required`},
		{"list price not positive", taxonomy, priced(listPrice("0", "USD", "month", "seat", "https://x.com/pricing", "2026-01-02")), "amount must be positive"},
		{"list price not a number", taxonomy, priced(listPrice(`"ten"`, "USD", "month", "seat", "https://x.com/pricing", "2026-01-02")), `amount "ten" is not a decimal number`},
		{"list price bad currency", taxonomy, priced(listPrice("10", "usd", "month", "seat", "https://x.com/pricing", "2026-01-02")), `currency "usd"`},
		{"list price unknown period", taxonomy, priced(listPrice("10", "USD", "week", "seat", "https://x.com/pricing", "2026-01-02")), `period "week"`},
		{"list price not per seat", taxonomy, priced(listPrice("10", "USD", "month", "site", "https://x.com/pricing", "2026-01-02")), `per "site"`},
		{"list price http source", taxonomy, priced(listPrice("10", "USD", "month", "seat", "http://x.com/pricing", "2026-01-02")), `source "http://x.com/pricing" is not an https address`},
		{"list price bad date", taxonomy, priced(listPrice("10", "USD", "month", "seat", "https://x.com/pricing", "2 Jan 2026")), `read "2 Jan 2026"`},
		{"bad product id", taxonomy, strings.Replace(good, `"segment"`, `"Segment_1"`, 1), "id must match"},
		{"duplicate product id", taxonomy, good + good, "duplicate product id"},
		{"third taxonomy level", taxonomy + `
category "deep" {
  name   = "Deep"
  parent = "cdp"
}`, good, `parent "cdp" is itself a subcategory`},
		{"unknown parent", taxonomy + `
category "orphan" {
  name   = "Orphan"
  parent = "nope"
}`, good, `unknown parent "nope"`},
		{"capability in unknown category", taxonomy + `
capability "x" {
  name     = "X"
  category = "nope"
}`, good, `capability "x": unknown category "nope"`},
		{"product block in taxonomy", taxonomy + good, good, "decode data/taxonomy.hcl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				taxonomyPath:               {Data: []byte(tc.taxonomy)},
				productsDir + "/test.hcl":  {Data: []byte(tc.products)},
				productsDir + "/README.md": {Data: []byte("not HCL, ignored")},
			}
			c, err := load(fsys)
			if tc.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{"segment"}, ids(c.Products()))
				return
			}
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tc.wantErr)
			assert.True(t, strings.HasPrefix(err.Error(), "catalog: "), err.Error())
		})
	}
}

// listPrice writes a list_price body; amount is written as given (a number
// or a quoted string).
func listPrice(amount, currency, period, per, source, read string) string {
	return fmt.Sprintf("amount = %s\ncurrency = %q\nperiod = %q\nper = %q\nsource = %q\nread = %q",
		amount, currency, period, per, source, read)
}

// TestListPrices holds every shipped price to its source: a positive
// decimal per seat for a known period, read from an https page on a date.
func TestListPrices(t *testing.T) {
	c := mustLoad(t)
	priced := 0
	for _, p := range c.Products() {
		lp := p.ListPrice
		if lp == nil {
			continue
		}
		priced++
		assert.True(t, lp.Value().IsPositive(), "%s: amount", p.ID)
		assert.Contains(t, []string{"year", "quarter", "month"}, lp.Period, p.ID)
		assert.Equal(t, "seat", lp.Per, p.ID)
		assert.True(t, strings.HasPrefix(lp.Source, "https://"), "%s: source %q", p.ID, lp.Source)
		read, err := time.Parse(time.DateOnly, lp.Read)
		if assert.NoError(t, err, p.ID) {
			assert.True(t, read.Year() >= 2015, "%s: read %s", p.ID, lp.Read)
		}
	}
	assert.Positive(t, priced, "the catalog ships some list prices")
}

func TestListPriceAnnual(t *testing.T) {
	for _, tc := range []struct{ amount, period, want string }{
		{"15", "month", "180"},
		{"119.40", "year", "119.4"},
		{"9.95", "quarter", "39.8"},
	} {
		products := `product "x" {
  name         = "X"
  vendor       = "V"
  category     = "cdp"
  capabilities = ["customer-data-platform"]
  domains      = ["x.com"]
  list_price {
` + listPrice(tc.amount, "USD", tc.period, "seat", "https://x.com/pricing", "2026-01-02") + `
  }
}
`
		c, err := load(fstest.MapFS{
			taxonomyPath:              {Data: []byte("category \"cdp\" {\n  name = \"CDP\"\n}\ncapability \"customer-data-platform\" {\n  name = \"CDP\"\n  category = \"cdp\"\n}\n")},
			productsDir + "/test.hcl": {Data: []byte(products)},
		})
		require.NoError(t, err)
		p, _ := c.Product("x")
		require.NotNil(t, p.ListPrice)
		assert.Equal(t, tc.want, p.ListPrice.Annual().String(), tc.amount+" per "+tc.period)
	}
}

func TestLoadWrapsDiagnostics(t *testing.T) {
	fsys := fstest.MapFS{
		taxonomyPath: {Data: []byte(`category "x" {`)},
	}
	_, err := load(fsys)
	require.Error(t, err)
	var diags hcl.Diagnostics
	assert.ErrorAs(t, err, &diags)

	_, err = load(fstest.MapFS{})
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestSplitURL(t *testing.T) {
	for _, tc := range []struct{ in, host, path string }{
		{"Example.COM", "example.com", ""},
		{"https://user:pw@Example.com:8443/a/B?x=1#f", "example.com", "/a/b"},
		{"//cdn.example.com/", "cdn.example.com", ""},
		{"example.com.", "example.com", ""},
	} {
		host, p := splitURL(tc.in)
		assert.Equal(t, tc.host, host, tc.in)
		assert.Equal(t, tc.path, p, tc.in)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
