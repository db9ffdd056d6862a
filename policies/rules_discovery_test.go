package policies_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// discoveryInventory declares the four discovery sources and tools that
// the discovered items below are matched against, each in another way.
const discoveryInventory = `
discovery "okta" {
  host      = "acme.okta.com"
  token_env = "OKTA_TOKEN"
}

discovery "google_workspace" {
  customer_id = "C01abc"
  token_env   = "GOOGLE_TOKEN"
}

discovery "github" {
  org       = "acme-analytics"
  token_env = "GITHUB_TOKEN"
}

discovery "segment" {
  token_env = "SEGMENT_TOKEN"
}

tool "hubspot" {
  name    = "HubSpot Marketing Hub Enterprise"
  product = "hubspot-marketing-hub"
}

tool "segment" {
  name    = "Twilio Segment Business"
  vendor  = "Twilio"
  product = "segment"
}

tool "mixpanel" {
  product = "mixpanel"
}

tool "zapier" {
  product = "zapier"
  status  = "retiring"
}

# Matched by id only: no product, another name.
tool "chili_piper" {
  name     = "Meeting router"
  category = "sales-automation"
}

# Matched by name only: not in the catalog.
tool "acme_wiki" {
  name     = "Acme Wiki"
  category = "cms-web-experience"
}

# Matched by vendor + name only.
tool "gsheets" {
  name     = "Sheets Pro"
  vendor   = "Grid"
  category = "cms-web-experience"
}

# Retired tools are still declared.
tool "drift" {
  product = "drift"
  status  = "retired"
}
`

// discoverySnapshot builds a snapshot JSON with the given discovered
// section.
func discoverySnapshot(t *testing.T, d usage.Discovered) string {
	t.Helper()
	js, err := json.Marshal(map[string]any{
		"schema":     usage.SnapshotSchema,
		"taken_at":   "2026-11-20T08:00:00Z",
		"tools":      map[string]any{},
		"discovered": d,
	})
	require.NoError(t, err)
	return string(js)
}

func TestDiscoveryUndeclaredTool(t *testing.T) {
	snap := func(d usage.Discovered) string { return discoverySnapshot(t, d) }
	tool := func(source, name, product string) usage.DiscoveredTool {
		return usage.DiscoveredTool{Source: source, Name: name, Product: product, Evidence: source + " app " + name}
	}
	integration := func(product, repo, evidence string) usage.Integration {
		return usage.Integration{Source: "github", Product: product, Repo: repo, Path: "package.json", Evidence: evidence}
	}
	dataRunCases(t, "undeclared-tool", []dataRuleCase{
		{
			name: "clean: matched by product, app name, domain, name, id, vendor + name; retired tools count",
			hcl:  discoveryInventory,
			snapshot: snap(usage.Discovered{
				Tools: []usage.DiscoveredTool{
					tool("okta", "Portal", "hubspot-marketing-hub"), // product
					tool("okta", "HubSpot", ""),                     // catalog app name
					tool("google_workspace", "hubspot.com", ""),     // catalog domain
					tool("okta", "ACME WIKI", ""),                   // name, case-insensitively
					tool("okta", "Chili Piper", ""),                 // id
					tool("okta", "grid sheets pro", ""),             // vendor + name
					tool("okta", "Twilio Segment", ""),              // catalog app name / vendor + product
					tool("okta", "Drift", "drift"),                  // retired, still declared
				},
				Integrations: []usage.Integration{
					integration("mixpanel", "acme/web", "mixpanel-browser"),
					integration("", "acme/web", "@segment/analytics-next@1.70.0"),                 // catalog package, versioned
					integration("", "acme/web", `"mixpanel-browser": "^2.47.0"`),                  // package.json line
					integration("", "acme/site", `<script src="https://js.hs-scripts.com/1.js">`), // catalog script host
				},
			}),
		},
		{
			name: "one finding per product, merging sources and repositories",
			hcl:  discoveryInventory,
			snapshot: snap(usage.Discovered{
				Tools: []usage.DiscoveredTool{
					{Source: "okta", Name: "Hotjar", Product: "hotjar", Users: 12, Evidence: "Okta app 0oa1x (SAML, 12 assigned users)"},
				},
				Integrations: []usage.Integration{
					integration("hotjar", "acme/web", "@hotjar/browser"),
					integration("", "acme/blog", "https://static.hotjar.com/c/hotjar-1.js"),
					integration("fullstory", "acme/web", "@fullstory/browser"),
					integration("fullstory", "acme/app", "@fullstory/browser"),
					integration("fullstory", "acme/app", "@fullstory/browser"),
				},
			}),
			want: []dataWant{
				{"discovered.hotjar", `discovery "okta"`, []string{"Hotjar is in use but matches no declared tool (12 users). Evidence: okta: Okta app 0oa1x (SAML, 12 assigned users); github: acme/web package.json: @hotjar/browser; github: acme/blog"}},
				{"discovered.fullstory", `discovery "github"`, []string{"FullStory is in use but matches no declared tool. Evidence: github: acme/web package.json: @fullstory/browser; github: acme/app package.json: @fullstory/browser."}},
			},
		},
		{
			name: "without a product or catalog match: keyed by the lower-cased name",
			hcl:  discoveryInventory,
			snapshot: snap(usage.Discovered{Tools: []usage.DiscoveredTool{
				tool("google_workspace", "Lead Magic Scraper", ""),
				tool("okta", "lead magic scraper", ""),
			}}),
			want: []dataWant{{"discovered.lead magic scraper", `discovery "google_workspace"`, []string{"Lead Magic Scraper is in use", "Evidence: google_workspace: google_workspace app Lead Magic Scraper; okta: okta app lead magic scraper."}}},
		},
		{
			name: "an unknown source points at the first discovery block",
			hcl:  discoveryInventory,
			snapshot: snap(usage.Discovered{Tools: []usage.DiscoveredTool{
				tool("entra", "Hotjar", ""),
			}}),
			want: []dataWant{{"discovered.hotjar", `discovery "github"`, nil}},
		},
		{
			name: "no discovery block: the finding is about the inventory as a whole",
			hcl:  "tool \"hubspot\" {\n  product = \"hubspot-marketing-hub\"\n}\n",
			snapshot: snap(usage.Discovered{Tools: []usage.DiscoveredTool{
				tool("okta", "Hotjar", "hotjar"),
			}}),
			want: []dataWant{{"discovered.hotjar", "", nil}},
		},
		{
			name:     "clean: an empty discovered section",
			hcl:      discoveryInventory,
			snapshot: `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T08:00:00Z", "tools": {}}`,
		},
	})
}

func TestDiscoveryUndeclaredFlow(t *testing.T) {
	snap := func(flows ...usage.DiscoveredFlow) string {
		return discoverySnapshot(t, usage.Discovered{Flows: flows})
	}
	flow := func(from, fromProduct, to, toProduct string) usage.DiscoveredFlow {
		return usage.DiscoveredFlow{Source: "segment", From: from, To: to, FromProduct: fromProduct, ToProduct: toProduct, Evidence: "destination enabled"}
	}
	declared := discoveryInventory + `
flow "segment_to_mixpanel" {
  from = tool.segment
  to   = tool.mixpanel
}

flow "hubspot_to_acme_wiki" {
  from = tool.hubspot
  to   = tool.acme_wiki
  via  = tool.zapier
}
`
	dataRunCases(t, "undeclared-flow", []dataRuleCase{
		{
			name: "clean: declared directly, or through a via",
			hcl:  declared,
			snapshot: snap(
				flow("Javascript web source", "segment", "Mixpanel", "mixpanel"),
				flow("HubSpot", "", "Zapier", ""),                   // from → via
				flow("Zapier", "zapier", "Acme Wiki", ""),           // via → to
				flow("HubSpot", "", "acme wiki", ""),                // from → to
				flow("iOS source", "segment", "Twilio Segment", ""), // both ends one tool
			),
		},
		{
			name: "declared ends, no declared flow between them",
			hcl:  declared,
			snapshot: snap(
				flow("Mixpanel", "mixpanel", "Javascript web source", "segment"), // reversed
				flow("Javascript web source", "segment", "HubSpot (Actions)", "hubspot-marketing-hub"),
				flow("iOS source", "segment", "HubSpot Web (Actions)", ""),
			),
			want: []dataWant{
				{"discovered_flow.mixpanel->segment,tool.mixpanel,tool.segment", `discovery "segment"`, []string{"Mixpanel → Segment", "no declared flow goes from tool.mixpanel to tool.segment"}},
				{"discovered_flow.segment->hubspot-marketing-hub,tool.hubspot,tool.segment", `discovery "segment"`, []string{
					"Segment → HubSpot Marketing Hub", "no declared flow goes from tool.segment to tool.hubspot",
					"Javascript web source → HubSpot (Actions) (destination enabled)", "iOS source → HubSpot Web (Actions)",
				}},
			},
		},
		{
			name: "an end matches no declared tool",
			hcl:  declared,
			snapshot: snap(
				flow("Javascript web source", "segment", "Braze", "braze"),
				flow("Typeform", "", "Snowflake", ""),
			),
			want: []dataWant{
				{"discovered_flow.segment->braze,tool.segment", `discovery "segment"`, []string{"Braze matches no declared tool"}},
				{"discovered_flow.typeform->snowflake", `discovery "segment"`, []string{"neither Typeform nor Snowflake matches a declared tool"}},
			},
		},
	})
}

func TestDiscoveryRiskyOAuthGrant(t *testing.T) {
	snap := func(tools ...usage.DiscoveredTool) string {
		return discoverySnapshot(t, usage.Discovered{Tools: tools})
	}
	dataRunCases(t, "risky-oauth-grant", []dataRuleCase{
		{
			name: "declared app with Google write scopes, merged across sources",
			hcl:  discoveryInventory,
			snapshot: snap(
				usage.DiscoveredTool{Source: "google_workspace", Name: "Zapier", Users: 34, Evidence: "OAuth client 1234", Scopes: []string{
					"https://www.googleapis.com/auth/drive.readonly",
					"https://www.googleapis.com/auth/drive",
					"https://www.googleapis.com/auth/gmail.send",
				}},
				usage.DiscoveredTool{Source: "okta", Name: "Zapier", Product: "zapier", Users: 3, Scopes: []string{"https://mail.google.com/"}},
			),
			want: []dataWant{{"discovered.zapier,tool.zapier", `discovery "google_workspace"`, []string{
				"Zapier holds risky OAuth scopes, granted by 34 users: https://mail.google.com/ (full access to Gmail",
				"https://www.googleapis.com/auth/gmail.send (send mail as the user); https://www.googleapis.com/auth/drive (read, change and delete all Drive files).",
				"It is declared as tool.zapier. Evidence: google_workspace: OAuth client 1234; okta: Zapier.",
			}}},
		},
		{
			name: "undeclared app with Microsoft Graph and short Google scopes",
			hcl:  discoveryInventory,
			snapshot: snap(usage.DiscoveredTool{Source: "google_workspace", Name: "Lead Bot", Scopes: []string{
				"User.Read", "Mail.ReadWrite", "https://graph.microsoft.com/Files.ReadWrite.All", "directory.readwrite.all", "gmail.modify", "https://mail.google.com",
			}}),
			want: []dataWant{{"discovered.lead bot", `discovery "google_workspace"`, []string{
				"Lead Bot holds risky OAuth scopes: https://mail.google.com (", "gmail.modify (", "Mail.ReadWrite (", "https://graph.microsoft.com/Files.ReadWrite.All (", "directory.readwrite.all (",
				"It matches no declared tool.",
			}}},
		},
		{
			name: "clean: read-only and per-file scopes",
			hcl:  discoveryInventory,
			snapshot: snap(usage.DiscoveredTool{Source: "google_workspace", Name: "Hotjar", Scopes: []string{
				"https://www.googleapis.com/auth/gmail.readonly",
				"https://www.googleapis.com/auth/drive.readonly",
				"https://www.googleapis.com/auth/drive.file",
				"https://www.googleapis.com/auth/contacts.readonly",
				"https://www.googleapis.com/auth/admin.directory.user.readonly",
				"openid", "email", "profile",
				"Mail.Read", "Files.Read.All", "Contacts.Read", "User.Read.All", "Files.ReadWrite.AppFolder",
			}}),
		},
	})
}

func TestDiscoveryRulesNeedASnapshot(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": discoveryInventory})
	res := evaluate(t, inv, nil)
	for _, id := range []string{"undeclared-tool", "undeclared-flow", "risky-oauth-grant"} {
		assert.True(t, policies.Lookup(id).NeedsSnapshot, id)
		assert.Empty(t, findingsOf(res, id), id)
	}
}

func TestDiscoveryRiskyScopesAreDocumented(t *testing.T) {
	doc := policies.Markdown(policies.Lookup("risky-oauth-grant"))
	for _, scope := range []string{"https://mail.google.com/", "https://www.googleapis.com/auth/gmail.modify", "https://www.googleapis.com/auth/drive`",
		"https://www.googleapis.com/auth/admin.directory.user`", "Mail.ReadWrite", "Directory.ReadWrite.All", "User.ReadWrite.All", "drive.file"} {
		assert.Contains(t, doc, scope)
	}
}

// TestDiscoveryAcmeSnapshot: with the example's committed snapshot, the
// discovery rules report what examples/acme/README.md lists, and nothing
// else: every other discovered item matches a declared tool or flow.
func TestDiscoveryAcmeSnapshot(t *testing.T) {
	inv, diags := inventory.Load(dataAcmeDir)
	require.False(t, diags.HasErrors(), diags.Error())
	snap, err := usage.Read(filepath.Join(usage.SnapshotDir(dataAcmeDir), "2026-11-20.json"))
	require.NoError(t, err)
	res := evaluate(t, inv, snap)

	assert.ElementsMatch(t, []string{"discovered.canva", "discovered.apollo", "discovered.supermetrics", "discovered.intercom", "discovered.posthog",
		"discovered.clari", "discovered.salesloft", "discovered.loom", "discovered.calendly"},
		subjectsOf(findingsOf(res, "undeclared-tool")))
	assert.Equal(t, []string{"tool.hubspot"}, subjectsOf(findingsOf(res, "spend-mismatch")))
	assert.Equal(t, []string{"discovered.semrush,tool.semrush"}, subjectsOf(findingsOf(res, "duplicate-purchase")))
	assert.ElementsMatch(t, []string{"discovered_flow.segment->google-ads,tool.google_ads,tool.segment", "discovered_flow.segment->intercom,tool.segment"},
		subjectsOf(findingsOf(res, "undeclared-flow")))
	risky := findingsOf(res, "risky-oauth-grant")
	require.Equal(t, []string{"discovered.clari", "discovered.apollo"}, subjectsOf(risky))
	// Entra ID's delegated scopes go through the same scope table.
	assert.Contains(t, risky[0].Message, "granted by 6 users: Mail.ReadWrite (read, change and delete the user's mail)")
	assert.Contains(t, risky[1].Message, "granted by 9 users: https://mail.google.com/ (full access to Gmail")
	assert.Equal(t, result.High, risky[1].Severity)

	discovery := map[string]int{}
	for _, d := range inv.Discoveries {
		discovery[d.Kind] = d.DeclRange.Start.Line
	}
	for _, f := range findingsOf(res, "undeclared-flow") {
		assert.Equal(t, discovery["segment"], f.Location.Line, "undeclared flows point at the segment discovery block")
	}
	assert.Equal(t, discovery["entra_id"], risky[0].Location.Line)
	assert.Equal(t, discovery["google_workspace"], risky[1].Location.Line)
}

// TestDiscoveryErrorsAreListed: a discovery block that failed or was
// skipped appears among the discovered items (the workbook's Discovered
// sheet), so that an empty list is not read as "nothing undeclared".
func TestDiscoveryErrorsAreListed(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": discoveryInventory})
	snap := snapshotJSON(t, discoverySnapshot(t, usage.Discovered{Errors: []usage.DiscoveryError{
		{Source: "okta", Status: usage.StatusError, Error: "okta: GET /api/v1/apps: HTTP 401 Unauthorized: Okta rejected the token in OKTA_TOKEN"},
		{Source: "github", Status: usage.StatusSkipped, Error: "environment variable GITHUB_TOKEN is not set"},
	}}))
	res := evaluate(t, inv, snap)
	var got []string
	for _, d := range res.Discovered {
		got = append(got, d.Kind+" | "+d.Name+" | "+d.Evidence)
	}
	assert.Equal(t, []string{
		"not discovered | okta discovery failed | okta: GET /api/v1/apps: HTTP 401 Unauthorized: Okta rejected the token in OKTA_TOKEN",
		"not discovered | github discovery was skipped | environment variable GITHUB_TOKEN is not set",
	}, got)
}
