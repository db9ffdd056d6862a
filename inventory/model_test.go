package inventory_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

// writeTree writes files (relative path → content) under a temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func loadOK(t *testing.T, files map[string]string) *inventory.Inventory {
	t.Helper()
	dir := writeTree(t, files)
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), render(t, inv, diags))
	return inv
}

const stack = `
organization {
  name           = "Acme"
  currency       = "USD"
  exchange_rates = { EUR = 1.08 }
}
team "marketing" { name = "Marketing" }
team "mops" {
  name   = "Marketing Operations"
  lead   = "dana@acme.example"
  parent = team.marketing
}
objective "pipeline" {
  name  = "Pipeline"
  owner = team.mops
  kpis  = ["SQLs"]
}
data_class "contact_pii" {
  sensitivity = "personal"
  steward     = team.mops
}
tool "hubspot" {
  product      = "hubspot-marketing-hub"
  owner        = team.mops
  objectives   = [objective.pipeline]
  stores       = [data_class.contact_pii]
  sso          = true
  cost {
    amount = 1999.99
    period = "month"
    seats  = 40
  }
  contract {
    start       = "2025-04-01"
    end         = "2026-04-01"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
    portal_id = 12345
  }
}
tool "sheets" {
  category     = "collaboration"
  capabilities = ["document-collaboration"]
  cost {
    amount   = 100
    currency = "EUR"
    period   = "quarter"
  }
}
flow "hubspot_to_sheets" {
  from   = tool.hubspot
  to     = tool.sheets
  data   = [data_class.contact_pii]
  owner  = team.mops
  method = "file"
}
`

func TestReferencesResolveToTypedPointers(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	hub, mops := inv.Tool("hubspot"), inv.Team("mops")
	require.NotNil(t, hub)
	require.NotNil(t, mops)
	assert.Same(t, mops, hub.Owner)
	assert.Same(t, inv.Team("marketing"), mops.Parent)
	assert.Same(t, inv.Objective("pipeline"), hub.Objectives[0])
	assert.Same(t, inv.DataClass("contact_pii"), hub.Stores[0])
	f := inv.Flow("hubspot_to_sheets")
	assert.Same(t, hub, f.From)
	assert.Same(t, inv.Tool("sheets"), f.To)
	assert.Same(t, mops, f.Owner)
	assert.True(t, inv.DataClass("contact_pii").Personal())
}

func TestSourceRanges(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	hub := inv.Tool("hubspot")
	assert.Equal(t, 22, hub.DeclRange.Start.Line)
	assert.Equal(t, 1, hub.DeclRange.Start.Column)
	assert.Equal(t, filepath.Join(inv.Dir, "main.hcl"), hub.DeclRange.Filename)
	assert.Equal(t, 24, hub.AttrRange("owner").Start.Line)
	// A missing attribute points at the block, so a finding about it has a place.
	assert.Equal(t, hub.DeclRange, hub.AttrRange("admins"))
	assert.Equal(t, 29, hub.Cost.AttrRange("amount").Start.Line)
}

func TestMoneyIsDecimal(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	hub := inv.Tool("hubspot")
	assert.Equal(t, "1999.99", hub.Cost.Amount.String())
	assert.True(t, decimal.RequireFromString("23999.88").Equal(hub.Cost.Annual()), hub.Cost.Annual().String())
	sheets := inv.Tool("sheets")
	assert.Equal(t, "EUR", sheets.Cost.Currency)
	assert.Equal(t, "400", sheets.Cost.Annual().String())
	assert.Equal(t, "1.08", inv.Organization.ExchangeRates["EUR"].String())
	// A cost without currency is in the organization's.
	assert.Equal(t, "USD", hub.Cost.Currency)
	require.NotNil(t, hub.Cost.Seats)
	assert.Equal(t, 40, *hub.Cost.Seats)
}

func TestContractDates(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	c := inv.Tool("hubspot").Contract
	assert.Equal(t, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), c.End)
	deadline, ok := c.NoticeDeadline()
	require.True(t, ok)
	assert.Equal(t, "2026-01-01", deadline.Format("2006-01-02"))
	require.NotNil(t, c.DPA)
	assert.True(t, *c.DPA)
}

func TestCatalogDefaults(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	hub := inv.Tool("hubspot")
	require.NotNil(t, hub.Product)
	assert.Equal(t, "HubSpot", hub.Vendor)
	assert.Equal(t, "marketing-automation", hub.Category)
	assert.Contains(t, hub.Capabilities, "email-marketing")
	// name defaults to the catalog product's name, so messages say
	// "HubSpot Marketing Hub", not the label.
	assert.Equal(t, "HubSpot Marketing Hub", hub.Name)
	// declared capabilities win over the catalog's.
	assert.Equal(t, []string{"document-collaboration"}, inv.Tool("sheets").Capabilities)
}

// TestNameDefaultsToProductName: a written name wins; without one, a
// known product gives its name and anything else falls back to the label.
// Only the name changes: the id, references and the formatted source stay.
func TestNameDefaultsToProductName(t *testing.T) {
	src := `tool "klaviyo" {
  product = "klaviyo"
}

tool "mail" {
  name    = "Our Mail"
  product = "klaviyo"
}

tool "own" {
  product  = "not-in-catalog"
  category = "email-marketing"
}

tool "plain" {
  category = "email-marketing"
}

flow "f" {
  from = tool.klaviyo
  to   = tool.plain
}
`
	inv, diags := inventory.Load(writeTree(t, map[string]string{"main.hcl": src}))
	require.False(t, diags.HasErrors(), diags.Error())
	for _, tc := range []struct{ id, name string }{
		{"klaviyo", "Klaviyo"},
		{"mail", "Our Mail"},
		{"own", "own"},
		{"plain", "plain"},
	} {
		tool := inv.Tool(tc.id)
		require.NotNil(t, tool, tc.id)
		assert.Equal(t, tc.name, tool.Name, tc.id)
		assert.Equal(t, tc.id, tool.ID)
	}
	assert.Same(t, inv.Tool("klaviyo"), inv.Flows[0].From, "references resolve by id")
	formatted, fdiags := inventory.Format("main.hcl", []byte(src))
	require.False(t, fdiags.HasErrors())
	assert.Equal(t, src, string(formatted), "fmt does not write the defaulted name")
}

func TestDefaults(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	sheets := inv.Tool("sheets")
	assert.Equal(t, inventory.StatusActive, sheets.Status)
	assert.Equal(t, []string{"global"}, sheets.Scope)
	assert.Nil(t, sheets.SSO, "absent sso is unknown, not false")
	assert.Nil(t, sheets.Owner)
	assert.Equal(t, inventory.TeamInternal, inv.Team("mops").Kind)
	empty := loadOK(t, map[string]string{"a.hcl": `team "x" {}`})
	assert.False(t, empty.Organization.Declared)
	assert.Equal(t, "USD", empty.Organization.Currency)
	assert.Equal(t, time.January, empty.Organization.FiscalYearStart.Month)
}

func TestScanBodyIsLeftToTheScanner(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack})
	s := inv.Tool("hubspot").Scan
	require.NotNil(t, s)
	assert.Equal(t, "hubspot", s.Kind)
	assert.Equal(t, "HUBSPOT_TOKEN", s.TokenEnv)
	attrs, diags := s.Body.JustAttributes()
	require.False(t, diags.HasErrors())
	assert.Contains(t, attrs, "portal_id", "kind-specific settings stay in Body")
	assert.NotContains(t, attrs, "token_env")
}

func TestFilesAreMergedRecursivelySkippingDotFolders(t *testing.T) {
	inv := loadOK(t, map[string]string{
		"teams.hcl":                     `team "mops" {}`,
		"tools/crm.hcl":                 "tool \"crm\" {\n  category = \"crm\"\n  owner = team.mops\n}\n",
		"tools/deep/more.hcl":           `tool "zapier" { product = "zapier" }`,
		".stackaudit/ignored.hcl":       `this is not hcl`,
		"tools/.editor/backup.hcl":      `tool "crm" { category = "crm" }`,
		"notes.txt":                     `not an inventory file`,
		"json/objectives.hcl.json":      `{"objective": {"pipeline": {"owner": "team.mops", "kpis": ["SQLs"]}}}`,
		"json/tool.hcl.json":            `{"tool": {"segment": {"product": "segment", "objectives": ["objective.pipeline"]}}}`,
		"json/flow.hcl.json":            `{"flow": {"f": {"from": "tool.segment", "to": "tool.crm"}}}`,
		"tools/deep/deeper/x/y/z/w.hcl": `team "deep" {}`,
	})
	assert.Len(t, inv.Tools, 3)
	assert.NotNil(t, inv.Team("deep"))
	assert.Same(t, inv.Team("mops"), inv.Objective("pipeline").Owner)
	assert.Same(t, inv.Objective("pipeline"), inv.Tool("segment").Objectives[0])
	assert.Same(t, inv.Tool("segment"), inv.Flow("f").From)
	var ids []string
	for _, tool := range inv.Tools {
		ids = append(ids, tool.ID)
	}
	assert.Equal(t, []string{"crm", "segment", "zapier"}, ids, "sorted by id")
}

func TestSingleFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"one.hcl": `team "a" {}`, "two.hcl": `team "b" {}`})
	inv, diags := inventory.Load(filepath.Join(dir, "one.hcl"))
	require.False(t, diags.HasErrors())
	assert.Len(t, inv.Teams, 1)
}

func TestAllErrorsAreReportedTogether(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.hcl": `tool "a" {
  category = "crm"
  owner    = team.nobody
  status   = "actv"
}`,
		"b.hcl": `tool "b" {
  category = "crm"
  cost {
    amount = -5
    period = "year"
  }
}`,
	})
	_, diags := inventory.Load(dir)
	var summaries []string
	for _, d := range diags {
		summaries = append(summaries, d.Summary)
	}
	assert.ElementsMatch(t, []string{"Reference to undeclared team", "Invalid value for status", "Negative amount"}, summaries)
	// sorted by file, then position
	assert.Equal(t, filepath.Join(dir, "a.hcl"), diags[0].Subject.Filename)
	assert.Equal(t, filepath.Join(dir, "b.hcl"), diags[2].Subject.Filename)
}

func TestWaiverSubjects(t *testing.T) {
	inv := loadOK(t, map[string]string{"main.hcl": stack + `
waiver "w" {
  rule     = "redundant-capability"
  subjects = [tool.hubspot, flow.hubspot_to_sheets, capability.email-marketing]
  reason   = "migration"
  expires  = "2027-06-30"
}
policy "p" {
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner"
}
rule "low-utilization" {
  severity  = "high"
  threshold = 0.5
}
`})
	w := inv.Waivers[0]
	require.Len(t, w.Subjects, 3)
	assert.Equal(t, "tool.hubspot", w.Subjects[0].String())
	assert.Equal(t, "flow.hubspot_to_sheets", w.Subjects[1].String())
	assert.Equal(t, "capability.email-marketing", w.Subjects[2].String())
	assert.Equal(t, "2027-06-30", w.Expires.Format("2006-01-02"))
	p := inv.Policies[0]
	assert.Equal(t, "tools", p.ForEach)
	assert.NotNil(t, p.Condition)
	assert.Equal(t, "medium", p.Severity)
	r := inv.Rules[0]
	assert.Equal(t, "high", r.Severity)
	attrs, _ := r.Body.JustAttributes()
	assert.Contains(t, attrs, "threshold", "rule parameters are left to the rule")
}

func TestRangesNameTheFileTheyCameFrom(t *testing.T) {
	dir := writeTree(t, map[string]string{"x/y.hcl": "\n\nteam \"a\" {\n  parent = team.b\n}\n"})
	_, diags := inventory.Load(dir)
	require.Len(t, diags, 1)
	want := hcl.Range{Filename: filepath.Join(dir, "x/y.hcl"), Start: hcl.Pos{Line: 4, Column: 12, Byte: 24}, End: hcl.Pos{Line: 4, Column: 18, Byte: 30}}
	assert.Equal(t, want, *diags[0].Subject)
}

// TestSecretsAreNeverPrinted: a literal credential is an error, and the
// diagnostic that reports it does not repeat it.
func TestSecretsAreNeverPrinted(t *testing.T) {
	const canary = "xoxb-1234567890-CANARYcanary0987654321"
	dir := writeTree(t, map[string]string{"main.hcl": `
tool "slack" {
  category = "collaboration"
  scan "slack" {
    token_env = "SLACK_TOKEN"
    token     = "` + canary + `"
  }
}
tool "hub" {
  category = "crm"
  vendor   = "` + canary + `"
  scan "hubspot" {
    header = "Bearer ` + canary + `"
  }
}
discovery "okta" {
  host    = "acme.okta.com"
  api_key = "` + canary + `"
}
discovery "github" {
  token_env = "` + canary + `"
}
`})
	inv, diags := inventory.Load(dir)
	out := render(t, inv, diags)
	assert.Equal(t, 5, strings.Count(out, "Error: Literal secret in inventory"), out)
	assert.Contains(t, out, "Invalid environment variable name", "the token_env mistake is still explained")
	assert.NotContains(t, out, "CANARY")
	assert.NotContains(t, out, canary[:12])
	for _, f := range inv.Files {
		assert.NotContains(t, string(f.Bytes), "CANARY", "files kept for printing are redacted")
	}
}

func TestNumbersStayExact(t *testing.T) {
	for _, lit := range []string{"0", "19.99", "0.1", "1999.99", "999999999999999.99", "123456789012.123456", "0.000001", "0.000000000001", "96000", "900719925474099"} {
		t.Run(lit, func(t *testing.T) {
			inv := loadOK(t, map[string]string{"a.hcl": "tool \"x\" {\n  category = \"crm\"\n  cost {\n    amount = " + lit + "\n    period = \"year\"\n  }\n}\n"})
			assert.Equal(t, decimal.RequireFromString(lit).String(), inv.Tool("x").Cost.Amount.String())
		})
	}
}

// TestHugeAndTinyNumbersAreRefused: such values are typos, and formatting
// them exactly once took minutes.
func TestHugeAndTinyNumbersAreRefused(t *testing.T) {
	for _, lit := range []string{"1e-99999999", "1e99999999", "2e15", "0.0000000000001"} {
		t.Run(lit, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"a.hcl": "tool \"x\" {\n  category = \"crm\"\n  cost {\n    amount = " + lit + "\n    period = \"year\"\n  }\n}\n"})
			_, diags := inventory.Load(dir)
			require.True(t, diags.HasErrors())
			assert.Equal(t, "Number out of range", diags[0].Summary)
		})
	}
}
