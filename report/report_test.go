package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/internal/goldenfile"
	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
)

var update = flag.Bool("update", false, "rewrite golden files")

// asOf is the audit date of every test.
var asOf = resultfixture.AcmeAsOf()

// base is the repository root of the hand-built results; their files are
// below it.
var base = filepath.FromSlash(resultfixture.Base)

func file(rel string) string { return resultfixture.File(rel) }

// ---- golden files ----

// golden compares got with testdata/<name>.golden as text, with a unified
// diff on mismatch, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Text(t, goldenPath(name), got, *update)
}

func goldenPath(name string) string { return filepath.Join("testdata", name+".golden") }

// goldenJSON compares JSON by meaning (key order and whitespace aside).
func goldenJSON(t *testing.T, name, got string) {
	t.Helper()
	path := goldenPath(name)
	want, ok := goldenfile.Read(t, path, []byte(got), *update)
	if !ok {
		return
	}
	var w, g any
	require.NoError(t, json.Unmarshal(want, &w), path)
	require.NoError(t, json.Unmarshal([]byte(got), &g), "output is not JSON")
	if reflect.DeepEqual(w, g) {
		return
	}
	// Show the difference on a canonical form (sorted keys, indented).
	canon := func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b) + "\n"
	}
	t.Errorf("output differs in meaning from %s (run go test ./report -update to accept):\n%s", path, diff.Diff(path, []byte(canon(w)), "got", []byte(canon(g))))
}

// render runs report.Write and fails the test on error.
func render(t *testing.T, format string, r *result.Result, o report.Options) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, report.Write(&buf, format, r, o))
	return buf.String()
}

// ---- the real pipeline ----

// loadInventory writes files (relative path → HCL) to a temp dir and loads
// them; the inventory must be valid.
func loadInventory(t *testing.T, files map[string]string) (*inventory.Inventory, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	return inv, dir
}

func evaluate(t *testing.T, inv *inventory.Inventory, snap *usage.Snapshot) *result.Result {
	t.Helper()
	res, diags := policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
	require.False(t, diags.HasErrors(), diags.Error())
	return res
}

// ---- hand-built results: the format specifics, independent of rules ----

// fixtureRules documents the built-in rules the fixture's findings name,
// plus one ("no-sso") without findings.
func fixtureRules() []*policies.Rule {
	return []*policies.Rule{
		{
			ID: "redundant-capability", Title: "Tools provide the same capability", Family: "redundancy",
			DefaultSeverity: result.Medium,
			What:            "Two or more active tools with intersecting scopes provide the same capability.",
			Why:             "Paying twice for one job wastes money & splits the data.",
			Fix:             "Consolidate onto one tool, or waive the finding while you migrate.",
			Example:         "tool \"a\" {\n  capabilities = [\"email-marketing\"]\n}",
		},
		{
			ID: "inactive-tool", Title: "Paid tool without activity", Family: "cost", DefaultSeverity: result.High,
			NeedsSnapshot: true, What: "A paid tool with no activity in 90 days.", Why: "It costs money.", Fix: "Retire it.",
		},
		{
			ID: "tool-without-owner", Title: "Tool without an owner", Family: "ownership", DefaultSeverity: result.High,
			What: "A tool has no `owner`.", Why: "Nobody renews, reviews or retires it.", Fix: "Set `owner = team.x`.",
		},
		{
			ID: "personal-data-without-dpa", Title: "Personal data without a DPA", Family: "data", DefaultSeverity: result.High,
			What: "A tool stores personal data without `contract.dpa = true`.", Why: "GDPR Art. 28.", Fix: "Sign a DPA.",
		},
		{
			ID: "no-sso", Title: "Tool without SSO", Family: "data", DefaultSeverity: result.Medium,
			What: "A tool with many seats has `sso = false`.", Why: "Leavers keep access.", Fix: "Turn on SSO.",
			Params: []policies.Param{{Name: "min_seats", Type: cty.Number, Default: cty.NumberIntVal(10), Description: "Seats above which SSO is required | strictly"}},
		},
		{
			ID: "low-utilization", Title: "Seats go unused", Family: "cost", DefaultSeverity: result.Medium,
			What: "Active users / seats below the threshold.", Why: "Unused seats.", Fix: "Reclaim seats.",
			Params: []policies.Param{{Name: "threshold", Type: cty.Number, Default: cty.NumberFloatVal(0.6), Description: "Minimum share of active seats"}},
		},
		{
			ID: "unaligned-spend", Title: "Spend supports no objective", Family: "alignment", DefaultSeverity: result.Low,
			What: "A paid tool supports no objective.", Why: "Spend must ladder up.", Fix: "Add `objectives`.",
		},
		{
			ID: "missing-cost", Title: "Active tool without a cost", Family: "cost", DefaultSeverity: result.Low,
			What: "An active, non-trial tool has no `cost` block.", Why: "Spend is unknown.", Fix: "Add a `cost` block.",
		},
		{
			ID: "undeclared-tool", Title: "Undeclared tool (shadow IT)", Family: "discovery", DefaultSeverity: result.Medium,
			NeedsSnapshot: true, What: "Discovery found a tool that matches no declared tool.", Why: "Shadow IT.", Fix: "Declare it.",
		},
	}
}

// tricky is a message with everything that must be escaped somewhere.
const tricky = resultfixture.Tricky

func sub(kind, id string) result.Subject { return resultfixture.Sub(kind, id) }

func finding(rule string, sev result.Severity, title, msg string, loc result.Location, subjects ...result.Subject) result.Finding {
	return resultfixture.Finding(rule, sev, title, msg, loc, subjects...)
}

func at(rel string, line, col, endLine, endCol int) result.Location {
	return resultfixture.At(rel, line, col, endLine, endCol)
}

// fixture is the Result both the report formats and the workbook are
// tested on (internal/resultfixture).
func fixture() *result.Result { return resultfixture.Result() }

// fixtureBaseline is the fixture compared with a baseline: some findings
// are new, the others existing.
func fixtureBaseline() *result.Result {
	r := fixture()
	for i := range r.Findings {
		f := &r.Findings[i]
		switch f.Rule {
		case "tool-without-owner", "pii-needs-dpa", "redundant-capability":
			f.Baseline = "new"
		default:
			f.Baseline = "existing"
		}
	}
	return r
}

func fixtureOptions() report.Options {
	return report.Options{Version: "v1.4.0", BaseDir: base, Rules: fixtureRules(), Title: "stackaudit check"}
}

// ---- tests of the registry and of every format at once ----

func TestFormats(t *testing.T) {
	assert.Equal(t, []string{"text", "json", "sarif", "markdown", "junit", "github"}, report.Formats())
}

func TestUnknownFormatIsAnError(t *testing.T) {
	for _, name := range []string{"xml", "", "JSON", "sarif2", "html"} {
		var buf bytes.Buffer
		err := report.Write(&buf, name, fixture(), report.Options{})
		require.Error(t, err, name)
		assert.True(t, errors.Is(err, report.ErrUnknownFormat), name)
		assert.Contains(t, err.Error(), "text, json, sarif, markdown, junit, github")
		assert.Zero(t, buf.Len(), "nothing is written for an unknown format")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorsAreWrapped(t *testing.T) {
	for _, name := range report.Formats() {
		err := report.Write(failingWriter{}, name, fixture(), fixtureOptions())
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "disk full")
		assert.Contains(t, err.Error(), name)
	}
}

// TestGoldenFixture renders the hand-built results in every format.
func TestGoldenFixture(t *testing.T) {
	cases := map[string]func() *result.Result{
		"fixture":  fixture,
		"baseline": fixtureBaseline,
		"empty": func() *result.Result {
			return &result.Result{Schema: result.Schema, AsOf: "2026-11-20", Organization: result.Organization{Name: "Empty", Currency: "EUR"}}
		},
	}
	for name, build := range cases {
		for _, format := range report.Formats() {
			t.Run(name+"/"+format, func(t *testing.T) {
				got := render(t, format, build(), fixtureOptions())
				compareGolden(t, name+"_"+format, format, got)
			})
		}
	}
}

// goldenFormats compares each format's rendering with the golden named
// prefix+format, one subtest a format.
func goldenFormats(t *testing.T, prefix string, formats []string, render func(t *testing.T, format string) string) {
	t.Helper()
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			compareGolden(t, prefix+format, format, render(t, format))
		})
	}
}

func compareGolden(t *testing.T, name, format, got string) {
	t.Helper()
	if format == "json" || format == "sarif" {
		goldenJSON(t, name, got)
	} else {
		golden(t, name, got)
	}
}

// pipelineInventory is a small inventory with problems for several rule
// families: when their rules land, their findings appear in the goldens
// (review the diff and run with -update).
var pipelineInventory = map[string]string{
	"organization.hcl": `
organization {
  name     = "Pipeline Co"
  currency = "USD"
}

team "mops" {
  name = "Marketing Operations"
}

objective "pipeline" {
  name  = "Grow pipeline"
  owner = team.mops
  kpis  = ["SQLs"]
}

data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
}
`,
	"tools/hubspot.hcl": `
tool "hubspot" {
  name         = "HubSpot Marketing Hub"
  vendor       = "HubSpot"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "forms"]
  owner        = team.mops
  objectives   = [objective.pipeline]
  scope        = ["global"]
  sso          = false
  stores       = [data_class.contact_pii]

  cost {
    amount = 8000
    period = "month"
    seats  = 40
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-01-01"
    auto_renew  = true
    notice_days = 60
  }
}
`,
	"tools/marketo.hcl": `
tool "marketo" {
  name         = "Marketo Engage"
  vendor       = "Adobe"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "lead-scoring"]
  scope        = ["global"]

  cost {
    amount = 30000
    period = "year"
  }
}
`,
	"flows.hcl": `
flow "hubspot_to_marketo" {
  from = tool.hubspot
  to   = tool.marketo
  data = [data_class.contact_pii]
}

policy "pii-needs-dpa" {
  severity    = "high"
  description = "Tools that store personal data must have a DPA"
  for_each    = tools
  condition   = !anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)
  message     = "${each.name} stores personal data without a DPA"
}

waiver "hubspot-dpa" {
  rule        = "pii-needs-dpa"
  subjects    = [tool.hubspot]
  reason      = "DPA in legal review"
  approved_by = "dpo@pipeline.example"
  expires     = "2027-06-30"
}
`,
}

// TestGoldenPipeline renders a Result of the real pipeline (inventory.Load
// and policies.Evaluate) in every format.
func TestGoldenPipeline(t *testing.T) {
	inv, dir := loadInventory(t, pipelineInventory)
	res := evaluate(t, inv, nil)
	o := report.Options{Version: "1.0.0", BaseDir: dir, Rules: policies.Builtins(), Title: "stackaudit check"}
	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, res, o)
			assert.NotContains(t, got, dir, "file names are relative to BaseDir")
			compareGolden(t, "pipeline_"+format, format, got)
		})
	}
}

// TestPipelineInvariants holds whatever rules exist: every finding is in
// every format.
func TestPipelineInvariants(t *testing.T) {
	inv, dir := loadInventory(t, pipelineInventory)
	res := evaluate(t, inv, nil)
	o := report.Options{Version: "dev", BaseDir: dir, Rules: policies.Builtins()}

	sarifOut := render(t, "sarif", res, o)
	validateSARIF(t, "pipeline", sarifOut)
	var sarif sarifDoc
	require.NoError(t, json.Unmarshal([]byte(sarifOut), &sarif))
	require.Len(t, sarif.Runs, 1)
	assert.Len(t, sarif.Runs[0].Results, len(res.Findings))
	assert.Len(t, sarif.Runs[0].Tool.Driver.Rules, len(policies.Builtins())+len(customRules(res, policies.Builtins())))

	var back result.Result
	require.NoError(t, json.Unmarshal([]byte(render(t, "json", res, o)), &back))
	assert.Len(t, back.Findings, len(res.Findings))
	assert.Len(t, back.Tools, len(res.Tools))
	for _, tf := range back.Tools {
		assert.False(t, filepath.IsAbs(tf.Location.File), tf.Location.File)
	}

	suites := parseJUnit(t, render(t, "junit", res, o))
	assert.Len(t, suites.Suites, len(policies.Builtins())+len(customRules(res, policies.Builtins())))

	text := render(t, "text", res, o)
	for _, f := range res.Findings {
		assert.Contains(t, text, f.Rule)
	}
}

func customRules(r *result.Result, rules []*policies.Rule) map[string]bool {
	known := map[string]bool{}
	for _, rule := range rules {
		known[rule.ID] = true
	}
	out := map[string]bool{}
	for _, f := range r.Findings {
		if !known[f.Rule] {
			out[f.Rule] = true
		}
	}
	return out
}

// TestDeterministic: the order of findings in the Result does not change
// any output, and rendering twice gives the same bytes.
func TestDeterministic(t *testing.T) {
	for _, format := range report.Formats() {
		if format == "json" {
			continue // the JSON is the Result as given, in its order
		}
		a := render(t, format, fixture(), fixtureOptions())
		reversed := fixture()
		for i, j := 0, len(reversed.Findings)-1; i < j; i, j = i+1, j-1 {
			reversed.Findings[i], reversed.Findings[j] = reversed.Findings[j], reversed.Findings[i]
		}
		assert.Equal(t, a, render(t, format, reversed, fixtureOptions()), format)
		assert.Equal(t, a, render(t, format, fixture(), fixtureOptions()), format)
	}
}

// TestWriteDoesNotModifyTheResult: rendering is pure.
func TestWriteDoesNotModifyTheResult(t *testing.T) {
	r := fixture()
	r.Findings[0].Subjects = nil
	before, err := json.Marshal(r)
	require.NoError(t, err)
	for _, format := range report.Formats() {
		render(t, format, r, fixtureOptions())
	}
	after, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	assert.Nil(t, r.Findings[0].Subjects)
}

// TestRelativeLocations: every format names files relative to BaseDir,
// with forward slashes, also when one side is relative to the working
// directory.
func TestRelativeLocations(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	r := &result.Result{Findings: []result.Finding{
		finding("tool-without-owner", result.High, "t", "m", result.Location{File: filepath.Join("inv", "tools", "x.hcl"), Line: 2}, sub("tool", "x")),
	}}
	for _, format := range report.Formats() {
		got := render(t, format, r, report.Options{BaseDir: wd})
		assert.Contains(t, got, "inv/tools/x.hcl", format)
		got = render(t, format, r, report.Options{BaseDir: filepath.Join(wd, "inv")})
		assert.Contains(t, got, "tools/x.hcl", format)
		assert.NotContains(t, got, "inv/tools", format)
		assert.NotContains(t, got, wd, format)
	}
}

// lines splits output into lines without the trailing empty one.
func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
