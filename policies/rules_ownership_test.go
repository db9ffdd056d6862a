package policies_test

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

const ownershipSrc = `team "mops" {
  name = "Marketing Ops"
  lead = "dana@x.example"
}

team "brand" {
  name = "Brand & Creative"
}

team "idle" {
  name = "Owns Nothing"
}

team "integrations" {
  name = "Integrations"
}

objective "pipeline" {
  name  = "Pipeline"
  owner = team.mops
  kpis  = ["SQLs"]
}

objective "trust" {
  name = "Trusted data"
  kpis = ["Duplicates"]
}

tool "owned" {
  name     = "Owned Tool"
  category = "collaboration"
  owner    = team.brand
}

tool "orphan" {
  name     = "Orphan Tool"
  category = "collaboration"
  cost {
    amount = 1200
    period = "month"
  }
}

tool "free_orphan" {
  category = "collaboration"
}

tool "old" {
  category = "collaboration"
  status   = "retired"
}

tool "leaving" {
  category = "collaboration"
  status   = "retiring"
}

tool "trying" {
  category = "collaboration"
  status   = "trial"
  owner    = team.mops
}

flow "synced" {
  from  = tool.owned
  to    = tool.trying
  owner = team.integrations
}

flow "unowned" {
  from = tool.owned
  to   = tool.orphan
}
`

func TestOwnershipRules(t *testing.T) {
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": ownershipSrc}), nil)
	cases := []struct {
		rule     string
		subjects []string
		severity result.Severity
		lines    []string // needles of the lines the findings point at, in finding (source) order
		messages []string
	}{
		{rule: "tool-without-owner", severity: result.High,
			subjects: []string{"tool.orphan", "tool.free_orphan", "tool.leaving"},
			lines:    []string{`tool "orphan"`, `tool "free_orphan"`, `tool "leaving"`},
			messages: []string{"Orphan Tool (orphan) has no owner, and costs USD 14,400 a year.", "free_orphan has no owner.", "leaving has no owner."}},
		{rule: "flow-without-owner", severity: result.High,
			subjects: []string{"flow.unowned"}, lines: []string{`flow "unowned"`},
			messages: []string{"The flow unowned (Owned Tool → Orphan Tool) has no owner."}},
		{rule: "team-without-lead", severity: result.Low,
			subjects: []string{"team.brand", "team.integrations"}, lines: []string{`team "brand"`, `team "integrations"`},
			messages: []string{"Brand & Creative (brand) owns 1 tool and has no lead.", "Integrations (integrations) owns 1 flow and has no lead."}},
		{rule: "objective-without-owner", severity: result.Medium,
			subjects: []string{"objective.trust"}, lines: []string{`objective "trust"`},
			messages: []string{`The objective "Trusted data" (trust) has no owner.`}},
	}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			fs := findingsOf(res, tc.rule)
			assert.Equal(t, tc.subjects, subjectsOf(fs))
			require.Len(t, fs, len(tc.lines))
			for i, f := range fs {
				assert.Equal(t, tc.severity, f.Severity)
				redundancyAt(t, f, redundancyLine(t, ownershipSrc, tc.lines[i]))
				assert.Equal(t, tc.messages[i], f.Message)
			}
		})
	}
}

func TestOwnershipCleanInventory(t *testing.T) {
	src := `team "mops" {
  name = "Marketing Ops"
  lead = "dana@x.example"
}

team "idle" {
  name = "Owns nothing and needs no lead"
}

objective "pipeline" {
  owner = team.mops
  kpis  = ["SQLs"]
}

tool "a" {
  category = "collaboration"
  owner    = team.mops
}

tool "b" {
  category = "collaboration"
  owner    = team.mops
}

tool "gone" {
  category = "collaboration"
  status   = "retired"
}

flow "ab" {
  from  = tool.a
  to    = tool.b
  owner = team.mops
}
`
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": src}), nil)
	for _, rule := range []string{"tool-without-owner", "flow-without-owner", "team-without-lead", "objective-without-owner"} {
		assert.Empty(t, findingsOf(res, rule), rule)
	}
}

func TestOwnershipRuleBlocks(t *testing.T) {
	src := ownershipSrc + `
rule "tool-without-owner" {
  severity = "critical"
}

rule "team-without-lead" {
  enabled = false
}

rule "objective-without-owner" {
  severity = "low"
}
`
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": src}), nil)
	for _, f := range findingsOf(res, "tool-without-owner") {
		assert.Equal(t, result.Critical, f.Severity)
	}
	assert.Len(t, findingsOf(res, "tool-without-owner"), 3)
	assert.Empty(t, findingsOf(res, "team-without-lead"))
	fs := findingsOf(res, "objective-without-owner")
	require.Len(t, fs, 1)
	assert.Equal(t, result.Low, fs[0].Severity)
	assert.Len(t, findingsOf(res, "flow-without-owner"), 1)
}

// ownershipAcmeLine is the line, in an examples/acme file, of a block's
// header or, with attr, of that attribute's (or nested block's) first line
// inside the block, so
// that the test survives edits elsewhere in the example.
func ownershipAcmeLine(t *testing.T, file, block, attr string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../examples/acme", file))
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, block+" ") {
			continue
		}
		if attr == "" {
			return i + 1
		}
		for j := i + 1; j < len(lines) && lines[j] != "}"; j++ {
			if strings.HasPrefix(strings.TrimSpace(lines[j]), attr+" ") {
				return j + 1
			}
		}
	}
	t.Fatalf("%s: no %s %s", file, block, attr)
	return 0
}

// ownershipAcme evaluates examples/acme at its audit date.
func ownershipAcme(t *testing.T, withSnapshot bool) *result.Result {
	t.Helper()
	inv, snap := resultfixture.LoadAcme(t, "..")
	if !withSnapshot {
		snap = nil
	}
	return evaluate(t, inv, snap)
}

// ownershipWhere indexes findings as "rule subjects" → "file:line severity".
func ownershipWhere(t *testing.T, res *result.Result) map[string]string {
	t.Helper()
	at := map[string]string{}
	for _, f := range res.Findings {
		rel, err := filepath.Rel("../examples/acme", f.Location.File)
		require.NoError(t, err)
		at[f.Rule+" "+subjectsOf([]result.Finding{f})[0]] = rel + ":" + strconv.Itoa(f.Location.Line) + " " + string(f.Severity)
	}
	return at
}

// TestRedundancyCostContractsOwnershipOnAcme runs the example inventory at
// its audit date without a snapshot: every rule of these four families
// that needs no snapshot fires on the deliberate problems of
// examples/acme/README.md, and nowhere else.
func TestRedundancyCostContractsOwnershipOnAcme(t *testing.T) {
	res := ownershipAcme(t, false)
	for _, r := range policies.Builtins() {
		switch r.Family {
		case "redundancy", "cost", "contracts", "ownership":
		default:
			continue
		}
		if r.NeedsSnapshot {
			assert.Empty(t, findingsOf(res, r.ID), "%s needs a snapshot", r.ID)
		} else {
			assert.NotEmpty(t, findingsOf(res, r.ID), "%s does not fire on examples/acme", r.ID)
		}
	}

	want := map[string][]string{
		"redundant-capability": {"tool.amplitude,tool.mixpanel", "tool.fullstory,tool.hotjar", "tool.hootsuite,tool.sprout_social",
			"tool.hubspot,tool.marketo", "tool.zoom_webinars,tool.zoom_webinars_emea"},
		"duplicate-product":       {"tool.zoom_webinars,tool.zoom_webinars_emea"},
		"renewal-notice-due":      {"tool.gong", "tool.outreach"},
		"contract-lapsed":         {"tool.wistia"},
		"missing-cost":            {"tool.dreamdata"},
		"tool-without-owner":      {"tool.semrush"},
		"flow-without-owner":      {"flow.booth_scans_to_marketo", "flow.segment_to_mixpanel"},
		"team-without-lead":       {"team.brand"},
		"objective-without-owner": {"objective.data_trust"},
		// Every paid tool with seats and no scan block, and, with no
		// snapshot yet, every one with a scan block (README).
		"unmeasured-spend": {"tool.asana", "tool.bynder", "tool.chili_piper", "tool.docusign", "tool.figma", "tool.github", "tool.gong",
			"tool.highspot", "tool.hootsuite", "tool.hotjar", "tool.hubspot", "tool.linkedin_sales_navigator", "tool.looker", "tool.miro",
			"tool.outreach", "tool.salesforce", "tool.salesforce_platform", "tool.semrush", "tool.slack", "tool.sprout_social",
			"tool.surveymonkey", "tool.zapier", "tool.zoom_webinars", "tool.zoom_webinars_emea", "tool.zoominfo"},
	}
	for rule, subjects := range want {
		got := subjectsOf(findingsOf(res, rule))
		sort.Strings(got)
		assert.Equal(t, subjects, got, rule)
	}

	// Where the README says they are.
	line := func(file, block, attr, severity string) string {
		return file + ":" + strconv.Itoa(ownershipAcmeLine(t, file, block, attr)) + " " + severity
	}
	at := ownershipWhere(t, res)
	for key, loc := range map[string]string{
		// Without usage data no tool is kept: the overlap points at the
		// capabilities of its first unmeasured tool.
		"redundant-capability tool.hubspot,tool.marketo":                  line("tools/content.hcl", `tool "hubspot"`, "capabilities", "medium"),
		"redundant-capability tool.fullstory,tool.hotjar":                 line("tools/data.hcl", `tool "fullstory"`, "capabilities", "medium"),
		"redundant-capability tool.amplitude,tool.mixpanel":               line("tools/data.hcl", `tool "amplitude"`, "capabilities", "medium"),
		"redundant-capability tool.hootsuite,tool.sprout_social":          line("tools/social.hcl", `tool "hootsuite"`, "capabilities", "medium"),
		"redundant-capability tool.zoom_webinars,tool.zoom_webinars_emea": line("tools/social.hcl", `tool "zoom_webinars"`, "capabilities", "medium"),
		"duplicate-product tool.zoom_webinars,tool.zoom_webinars_emea":    line("tools/social.hcl", `tool "zoom_webinars_emea"`, "product", "high"),
		"renewal-notice-due tool.outreach":                                line("tools/sales.hcl", `tool "outreach"`, "end", "high"),
		"renewal-notice-due tool.gong":                                    line("tools/sales.hcl", `tool "gong"`, "end", "medium"),
		"contract-lapsed tool.wistia":                                     line("tools/content.hcl", `tool "wistia"`, "end", "medium"),
		"missing-cost tool.dreamdata":                                     line("tools/data.hcl", `tool "dreamdata"`, "", "low"),
		"tool-without-owner tool.semrush":                                 line("tools/content.hcl", `tool "semrush"`, "", "high"),
		"flow-without-owner flow.booth_scans_to_marketo":                  line("flows.hcl", `flow "booth_scans_to_marketo"`, "", "high"),
		"flow-without-owner flow.segment_to_mixpanel":                     line("flows.hcl", `flow "segment_to_mixpanel"`, "", "high"),
		"team-without-lead team.brand":                                    line("teams.hcl", `team "brand"`, "", "low"),
		"objective-without-owner objective.data_trust":                    line("objectives.hcl", `objective "data_trust"`, "", "medium"),
		"unmeasured-spend tool.bynder":                                    line("tools/content.hcl", `tool "bynder"`, "seats", "low"),
	} {
		assert.Equal(t, loc, at[key], key)
	}

	// The HubSpot/Marketo overlap of the README, waived; without usage
	// data the tool to keep is not guessed.
	for _, f := range findingsOf(res, "redundant-capability") {
		if f.Subjects[0].ID == "hubspot" {
			assert.Contains(t, f.Message, "Combined cost USD 160,800 a year; decide which to keep after measuring: HubSpot Marketing Hub Enterprise and Marketo Engage have no usage data.")
			require.NotNil(t, f.Waiver)
			assert.Equal(t, "marketo-overlap", f.Waiver.ID)
		}
	}
}

// TestRedundancyCostContractsOwnershipOnAcmeSnapshot adds the committed Q4
// snapshot: the usage findings of examples/acme/README.md appear.
func TestRedundancyCostContractsOwnershipOnAcmeSnapshot(t *testing.T) {
	res := ownershipAcme(t, true)
	lowUtil := subjectsOf(findingsOf(res, "low-utilization"))
	sort.Strings(lowUtil)
	assert.Equal(t, []string{"tool.hotjar", "tool.sprout_social"}, lowUtil)
	assert.Equal(t, []string{"tool.sprout_social"}, subjectsOf(findingsOf(res, "inactive-tool")))

	line := func(file, block, attr string) string {
		return file + ":" + strconv.Itoa(ownershipAcmeLine(t, file, block, attr))
	}
	at := ownershipWhere(t, res)
	assert.Equal(t, line("tools/data.hcl", `tool "hotjar"`, "seats")+" medium", at["low-utilization tool.hotjar"])
	assert.Equal(t, line("tools/social.hcl", `tool "sprout_social"`, "")+" high", at["inactive-tool tool.sprout_social"])
	assert.Equal(t, line("tools/sales.hcl", `tool "gong"`, `scan "http"`)+" low", at["unmeasured-spend tool.gong"])

	for _, f := range findingsOf(res, "unmeasured-spend") {
		switch f.Subjects[0].ID {
		case "gong":
			assert.Contains(t, f.Message, `its "http" scan failed (api.gong.io: POST /v2/stats/activity/day-by-day: HTTP 401 Unauthorized`)
		case "slack":
			assert.Contains(t, f.Message, `its "slack" scan was skipped (SLACK_TOKEN is not set in the scan environment`)
		}
	}
	assert.Contains(t, subjectsOf(findingsOf(res, "unmeasured-spend")), "tool.slack")
	for _, f := range findingsOf(res, "redundant-capability") {
		switch f.Subjects[0].ID {
		case "hubspot":
			assert.Contains(t, f.Message, "9 users are active in more than one of them.")
		case "amplitude":
			assert.Contains(t, f.Message, "7 users are active in more than one of them.")
		}
	}
}
