package policies_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// redundancyLine is the 1-based line of the first occurrence of needle in
// src; tests use it to check where a finding points.
func redundancyLine(t *testing.T, src, needle string) int {
	t.Helper()
	i := strings.Index(src, needle)
	require.GreaterOrEqual(t, i, 0, "%q not in the test inventory", needle)
	return strings.Count(src[:i], "\n") + 1
}

// redundancyAt asserts a finding points at main.hcl, line.
func redundancyAt(t *testing.T, f result.Finding, line int) {
	t.Helper()
	assert.Equal(t, "main.hcl", filepath.Base(f.Location.File), f.Rule)
	assert.Equal(t, line, f.Location.Line, "%s: %s", f.Rule, f.Message)
}

// costUsage is one tool's entry of a test snapshot; costUser is a user
// active daysAgo days before asOf.
type costUsage struct {
	Status    string // default "ok"
	Error     string
	Purchased int // 0: not reported by the vendor
	D30, D90  int
	Users     []costUser
	// NoActivity: the vendor reports seat holders without activity.
	NoActivity bool
	// The snapshot's labels of what the numbers count.
	ActivitySource, SeatsCount, Unit string
}

type costUser struct {
	Email   string
	DaysAgo int
}

// costSnapshot builds a snapshot of the SPEC §5 shape and decodes it.
func costSnapshot(t *testing.T, tools map[string]costUsage) *usage.Snapshot {
	t.Helper()
	entries := map[string]any{}
	for id, u := range tools {
		status := u.Status
		if status == "" {
			status = "ok"
		}
		seats := map[string]any{"assigned": u.D90}
		if u.Purchased > 0 {
			seats["purchased"] = u.Purchased
		}
		users := []map[string]any{}
		var last *time.Time
		for i, usr := range u.Users {
			at := asOf.AddDate(0, 0, -usr.DaysAgo)
			if last == nil || at.After(*last) {
				last = &at
			}
			users = append(users, map[string]any{"id": fmt.Sprint(i + 1), "email": usr.Email, "last_active": at.Format(time.RFC3339)})
		}
		e := map[string]any{"scanner": "csv", "status": status, "error": u.Error, "seats": seats,
			"active": map[string]int{"d30": u.D30, "d90": u.D90}, "users": users}
		if last != nil {
			e["last_activity"] = last.Format(time.RFC3339)
		}
		if u.NoActivity {
			e["no_activity"] = true
		}
		for k, v := range map[string]string{"activity_source": u.ActivitySource, "seats_count": u.SeatsCount, "unit": u.Unit} {
			if v != "" {
				e[k] = v
			}
		}
		entries[id] = e
	}
	js, err := json.Marshal(map[string]any{"schema": usage.SnapshotSchema, "taken_at": asOf.Format(time.RFC3339), "tools": entries})
	require.NoError(t, err)
	return snapshotJSON(t, string(js))
}

// redundancyTool writes a minimal tool block.
func redundancyTool(id, capabilities, scope, status string, amount int) string {
	return fmt.Sprintf(`tool %q {
  category     = "marketing-automation"
  capabilities = [%s]
  status       = %q
  scope        = [%s]
  cost {
    amount = %d
    period = "year"
  }
}
`, id, capabilities, status, scope, amount)
}

// TestRedundantCapabilitySavingByHand checks an overlap's figures against
// the saving rule computed by hand: keep the tool with the most active
// users; every other tool saves its annual cost × shared/own capabilities.
func TestRedundantCapabilitySavingByHand(t *testing.T) {
	src := `organization {
  name           = "Test"
  currency       = "USD"
  exchange_rates = { EUR = 1.08 }
}

tool "alpha" {
  name         = "Alpha Mail"
  category     = "email-marketing"
  capabilities = ["email-marketing", "landing-pages", "forms"]
  cost {
    amount = 5000
    period = "month"
  }
}

tool "beta" {
  name         = "Beta SMS"
  category     = "mobile-marketing"
  capabilities = ["email-marketing", "sms-marketing"]
  cost {
    amount   = 20000
    currency = "EUR"
    period   = "year"
  }
}

tool "gamma" {
  name         = "Gamma Automation"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "lead-scoring", "forms"]
  cost {
    amount = 9000
    period = "quarter"
  }
}
`
	inv := loadInventory(t, map[string]string{"main.hcl": src})
	snap := costSnapshot(t, map[string]costUsage{
		"alpha": {D30: 10, D90: 12, Users: []costUser{{"dana@x.example", 1}, {"sam@x.example", 3}}},
		"beta":  {D30: 25, D90: 25, Users: []costUser{{"Dana@x.example", 2}, {"lee@x.example", 5}}},
		"gamma": {D30: 3, D90: 4, Users: []costUser{{"sam@x.example", 60}, {"dana@x.example", 29}}},
	})
	res := evaluate(t, inv, snap)

	// Annual costs: alpha 5,000 × 12 = 60,000; beta 20,000 EUR × 1.08 =
	// 21,600; gamma 9,000 × 4 = 36,000.
	//
	// Every tool has users active in 30 days, so the cheaper is kept.
	// email-marketing is shared by all three: keep beta (21,600, the
	// cheapest). alpha shares 1 of its 3 capabilities with beta: 60,000 / 3
	// = 20,000; gamma 1 of 4: 36,000 / 4 = 9,000. Saving 29,000; combined
	// 117,600. dana is active in all three; sam's last gamma activity is 60
	// days old.
	//
	// forms and landing-pages are shared by alpha and gamma: keep gamma
	// (36,000 against 60,000); the group holds 2 of alpha's 3 capabilities:
	// 60,000 × 2/3 = 40,000. Combined 96,000. Over both groups alpha saves
	// 60,000: all 3 of its capabilities are provided by others, never more
	// than its cost.
	require.Len(t, res.Overlaps, 2)
	byKey := map[string]*result.Overlap{}
	for _, o := range res.Overlaps {
		byKey[strings.Join(o.Tools, ",")] = o
	}
	all, pair := byKey["alpha,beta,gamma"], byKey["alpha,gamma"]
	require.NotNil(t, all)
	require.NotNil(t, pair)
	assert.Equal(t, []string{"email-marketing"}, all.Capabilities)
	assert.Equal(t, "beta", all.Keep)
	assert.True(t, decimal.NewFromInt(117600).Equal(all.CombinedCost), all.CombinedCost.String())
	assert.True(t, decimal.NewFromInt(29000).Equal(all.EstimatedSaving), all.EstimatedSaving.String())
	assert.Equal(t, []string{"dana@x.example"}, all.SharedUsers)
	assert.Equal(t, []string{"forms", "landing-pages"}, pair.Capabilities)
	assert.Equal(t, "gamma", pair.Keep)
	assert.True(t, decimal.NewFromInt(96000).Equal(pair.CombinedCost), pair.CombinedCost.String())
	assert.True(t, decimal.NewFromInt(40000).Equal(pair.EstimatedSaving), pair.EstimatedSaving.String())
	require.Len(t, pair.Drops, 1)
	assert.Equal(t, "alpha", pair.Drops[0].Tool)
	assert.True(t, decimal.NewFromInt(40000).Equal(pair.Drops[0].Saving), pair.Drops[0].Saving.String())
	assert.Equal(t, result.DecisionConsolidate, pair.Decision)

	fs := findingsOf(res, "redundant-capability")
	require.Len(t, fs, 2)
	bySubjects := map[string]result.Finding{}
	for i, s := range subjectsOf(fs) {
		bySubjects[s] = fs[i]
	}
	f3 := bySubjects["tool.alpha,tool.beta,tool.gamma"]
	assert.Equal(t, result.Medium, f3.Severity)
	// The first tool that is not kept (alpha), at its capabilities.
	redundancyAt(t, f3, redundancyLine(t, src, `capabilities = ["email-marketing", "landing-pages", "forms"]`))
	for _, part := range []string{"Alpha Mail (alpha), Beta SMS (beta) and Gamma Automation (gamma)", "capability in intersecting scopes: email-marketing.",
		"Combined cost USD 117,600 a year", "keeping Beta SMS saves an estimated USD 29,000 a year", "1 user is active in more than one of them"} {
		assert.Contains(t, f3.Message, part)
	}
	f2 := bySubjects["tool.alpha,tool.gamma"]
	redundancyAt(t, f2, redundancyLine(t, src, `capabilities = ["email-marketing", "landing-pages", "forms"]`))
	for _, part := range []string{"capabilities in intersecting scopes: forms and landing-pages.", "USD 96,000", "keeping Gamma Automation saves an estimated USD 40,000", "1 user is active"} {
		assert.Contains(t, f2.Message, part)
	}

	assert.True(t, decimal.NewFromInt(69000).Equal(res.Summary.ConsolidationSavings), res.Summary.ConsolidationSavings.String())

	// Without a snapshot the tool to keep is not guessed: both groups say
	// to measure first, and nothing is counted.
	res = evaluate(t, inv, nil)
	fs = findingsOf(res, "redundant-capability")
	require.Len(t, fs, 2)
	for _, f := range fs {
		assert.NotContains(t, f.Message, "user")
		assert.Contains(t, f.Message, "decide which to keep after measuring")
		assert.Equal(t, result.Medium, f.Severity)
	}
	for _, o := range res.Overlaps {
		assert.Equal(t, result.DecisionMeasureFirst, o.Decision)
		assert.Empty(t, o.Keep)
		assert.True(t, o.EstimatedSaving.IsZero())
	}
	assert.True(t, res.Summary.ConsolidationSavings.IsZero(), res.Summary.ConsolidationSavings.String())
}

func TestRedundantCapability(t *testing.T) {
	email := `"email-marketing"`
	cases := []struct {
		name           string
		a, b           string // tool blocks
		rule           string
		want           []string
		severity       result.Severity
		locationNeedle string
	}{
		{name: "global and global",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			want: []string{"tool.a,tool.b"}, severity: result.Medium, locationNeedle: `tool "a"`},
		{name: "unmeasured: the first tool is the location",
			a: redundancyTool("a", email, `"global"`, "active", 3000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			want: []string{"tool.a,tool.b"}, severity: result.Medium, locationNeedle: `tool "a"`},
		{name: "below min_saving: info",
			a: redundancyTool("a", email, `"global"`, "active", 999), b: redundancyTool("b", email, `"global"`, "active", 999),
			want: []string{"tool.a,tool.b"}, severity: result.Info, locationNeedle: `tool "a"`},
		{name: "min_saving set in a rule block",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			rule: "rule \"redundant-capability\" {\n  min_saving = 2001\n}\n",
			want: []string{"tool.a,tool.b"}, severity: result.Info, locationNeedle: `tool "a"`},
		{name: "emea and na do not intersect",
			a: redundancyTool("a", email, `"emea"`, "active", 1000), b: redundancyTool("b", email, `"na"`, "active", 2000)},
		{name: "emea and global intersect",
			a: redundancyTool("a", email, `"emea"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			want: []string{"tool.a,tool.b"}, severity: result.Medium, locationNeedle: `tool "a"`},
		{name: "emea and na+emea intersect",
			a: redundancyTool("a", email, `"emea"`, "active", 1000), b: redundancyTool("b", email, `"na", "emea"`, "active", 2000),
			want: []string{"tool.a,tool.b"}, severity: result.Medium, locationNeedle: `tool "a"`},
		{name: "trial does not count",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "trial", 2000)},
		{name: "retiring does not count",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "retiring", 2000)},
		{name: "retired does not count",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "retired", 2000)},
		{name: "different capabilities",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", `"sms-marketing"`, `"global"`, "active", 2000)},
		{name: "disabled in a rule block",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			rule: "rule \"redundant-capability\" {\n  enabled = false\n}\n"},
		{name: "severity set in a rule block",
			a: redundancyTool("a", email, `"global"`, "active", 1000), b: redundancyTool("b", email, `"global"`, "active", 2000),
			rule: "rule \"redundant-capability\" {\n  severity = \"high\"\n}\n",
			want: []string{"tool.a,tool.b"}, severity: result.High, locationNeedle: `tool "a"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.a + "\n" + tc.b + "\n" + tc.rule
			res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": src}), nil)
			fs := findingsOf(res, "redundant-capability")
			assert.Equal(t, tc.want, subjectsOf(fs))
			if len(tc.want) == 0 {
				return
			}
			assert.Equal(t, tc.severity, fs[0].Severity)
			// The finding points at the non-kept tool's capabilities.
			line := redundancyLine(t, src, tc.locationNeedle) + 2
			redundancyAt(t, fs[0], line)
			assert.Contains(t, fs[0].Message, "capability in intersecting scopes: email-marketing.")
			assert.Contains(t, fs[0].Message, "Combined cost USD ")
		})
	}
}

func TestRedundantCapabilityManyToolsMessage(t *testing.T) {
	var b strings.Builder
	for i := range 12 {
		b.WriteString(redundancyTool(fmt.Sprintf("t%02d", i), `"webinars"`, `"global"`, "active", 1000+i))
	}
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": b.String()}), nil)
	fs := findingsOf(res, "redundant-capability")
	require.Len(t, fs, 1)
	assert.Len(t, fs[0].Subjects, 12)
	assert.Contains(t, fs[0].Message, "t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 2 more provide the same capability")
	assert.Contains(t, fs[0].Message, "decide which to keep after measuring: t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 2 more have no usage data.")

	// Measured, every tool with one active user: keep t00 (the cheapest);
	// every other tool shares its only capability, so the saving is the
	// sum of their costs: 1,001 + … + 1,011 = 11,066.
	use := map[string]costUsage{}
	for i := range 12 {
		use[fmt.Sprintf("t%02d", i)] = costUsage{D30: 1, D90: 1}
	}
	res = evaluate(t, loadInventory(t, map[string]string{"main.hcl": b.String()}), costSnapshot(t, use))
	fs = findingsOf(res, "redundant-capability")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "keeping t00 saves an estimated USD 11,066 a year")
}

func TestRedundancyDuplicateProduct(t *testing.T) {
	tool := func(id, attrs string) string {
		return fmt.Sprintf("tool %q {\n  category = \"events-webinars\"\n%s}\n\n", id, attrs)
	}
	cases := []struct {
		name     string
		src      string
		want     []string
		severity result.Severity
		line     string // needle of the line the finding points at
		message  []string
	}{
		{name: "same catalog product in different scopes",
			src: tool("zoom", "  product = \"zoom-webinars\"\n  scope = [\"global\"]\n") +
				tool("zoom_emea", "  name = \"Zoom EMEA\"\n  product = \"zoom-webinars\" # second\n  scope = [\"emea\"]\n"),
			want: []string{"tool.zoom,tool.zoom_emea"}, severity: result.High, line: `"zoom-webinars" # second`,
			message: []string{"Zoom Webinars is bought twice", "zoom, no owner, scope global", "Zoom EMEA (zoom_emea, no owner, scope emea)"}},
		{name: "three times",
			src:  tool("z1", "  product = \"zoom-webinars\"\n") + tool("z2", "  product = \"zoom-webinars\" # z2\n") + tool("z3", "  product = \"zoom-webinars\"\n"),
			want: []string{"tool.z1,tool.z2,tool.z3"}, severity: result.High, line: `"zoom-webinars" # z2`,
			message: []string{"bought 3 times"}},
		{name: "same vendor and name, case-insensitively",
			src:  tool("a", "  name = \"Acme Events\"\n  vendor = \"Acme\"\n") + tool("b", "  name = \"ACME events\" # b\n  vendor = \"acme\"\n"),
			want: []string{"tool.a,tool.b"}, severity: result.High, line: `"ACME events" # b`,
			message: []string{"Acme Events (Acme) is bought twice"}},
		{name: "same name, different vendor",
			src: tool("a", "  name = \"Events\"\n  vendor = \"Acme\"\n") + tool("b", "  name = \"Events\"\n  vendor = \"Other\"\n")},
		{name: "same name, no vendor",
			src: tool("a", "  name = \"Events\"\n") + tool("b", "  name = \"Events\"\n")},
		{name: "different products",
			src: tool("a", "  product = \"zoom-webinars\"\n") + tool("b", "  product = \"cvent\"\n")},
		{name: "a retired copy does not count",
			src: tool("a", "  product = \"zoom-webinars\"\n") + tool("b", "  product = \"zoom-webinars\"\n  status = \"retired\"\n")},
		{name: "retiring and trial copies count",
			src:  tool("a", "  product = \"zoom-webinars\"\n  status = \"trial\"\n") + tool("b", "  product = \"zoom-webinars\" # b\n  status = \"retiring\"\n"),
			want: []string{"tool.a,tool.b"}, severity: result.High, line: `"zoom-webinars" # b`,
			message: []string{"(a, no owner, scope global, trial)", "(b, no owner, scope global, retiring)"}},
		{name: "severity set in a rule block",
			src: tool("a", "  product = \"zoom-webinars\"\n") + tool("b", "  product = \"zoom-webinars\" # b\n") +
				"rule \"duplicate-product\" {\n  severity = \"critical\"\n}\n",
			want: []string{"tool.a,tool.b"}, severity: result.Critical, line: `"zoom-webinars" # b`},
		{name: "disabled in a rule block",
			src: tool("a", "  product = \"zoom-webinars\"\n") + tool("b", "  product = \"zoom-webinars\"\n") +
				"rule \"duplicate-product\" {\n  enabled = false\n}\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": tc.src}), nil)
			fs := findingsOf(res, "duplicate-product")
			assert.Equal(t, tc.want, subjectsOf(fs))
			if len(tc.want) == 0 {
				return
			}
			assert.Equal(t, tc.severity, fs[0].Severity)
			redundancyAt(t, fs[0], redundancyLine(t, tc.src, tc.line))
			for _, part := range tc.message {
				assert.Contains(t, fs[0].Message, part)
			}
		})
	}
}

func TestRedundancyMoneyInMessages(t *testing.T) {
	src := `organization {
  currency       = "EUR"
  exchange_rates = { USD = 0.9 }
}
` + redundancyTool("a", `"forms"`, `"global"`, "active", 1234567) + redundancyTool("b", `"forms"`, `"global"`, "active", 5)
	snap := costSnapshot(t, map[string]costUsage{"a": {D30: 1, D90: 1}, "b": {D30: 1, D90: 1}})
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": src}), snap)
	fs := findingsOf(res, "redundant-capability")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "Combined cost EUR 1,234,572 a year")
	assert.Contains(t, fs[0].Message, "keeping b saves an estimated EUR 1,234,567 a year")
}

// TestRedundancyCostContractOwnershipExamples: every rule's documented
// example loads and triggers the rule.
func TestRedundancyCostContractOwnershipExamples(t *testing.T) {
	snapshots := map[string]map[string]costUsage{
		"low-utilization": {"looker": {D30: 21, D90: 30}},
		"inactive-tool":   {"cision": {D30: 0, D90: 0}},
		"right-size":      {"salesforce": {D30: 72, D90: 104}},
	}
	for _, family := range []string{"redundancy", "cost", "contracts", "ownership"} {
		for _, r := range policies.Builtins() {
			if r.Family != family {
				continue
			}
			t.Run(r.ID, func(t *testing.T) {
				inv := loadInventory(t, map[string]string{"example.hcl": r.Example})
				var snap *usage.Snapshot
				if r.NeedsSnapshot {
					require.Contains(t, snapshots, r.ID)
					snap = costSnapshot(t, snapshots[r.ID])
				}
				assert.NotEmpty(t, findingsOf(evaluate(t, inv, snap), r.ID))
			})
		}
	}
}

// BenchmarkOverlaps times a whole evaluation of synthetic inventories whose
// tools share a handful of capabilities and scopes: overlap detection must
// stay close to linear, so ns/tool should stay roughly flat across sizes.
func BenchmarkOverlaps(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("tools=%d", n), func(b *testing.B) {
			inv := synthtest.Inventory(b, synth.Size{Tools: n, Flows: n, Teams: 50, Files: 20})
			b.ReportAllocs()
			runs := 0
			for b.Loop() {
				res, _ := policies.Evaluate(inv, nil, policies.Options{AsOf: asOf})
				if len(res.Overlaps) == 0 {
					b.Fatal("no overlaps")
				}
				runs++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(runs)/float64(n), "ns/tool")
		})
	}
}
