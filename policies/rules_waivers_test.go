package policies_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waiverInventory has findings of rules from this package's own families:
// unaligned-spend for cision and miro, no-sso for miro, and
// agency-holds-personal-data for linkedin_ads (with team.northwind).
const waiverInventory = `
team "northwind" {
  lead = "priya@northwind.example"
  kind = "agency"
}

team "mops" {
  lead = "dana@acme.example"
}

data_class "contact_pii" {
  sensitivity = "personal"
  steward     = team.mops
}

tool "cision" {
  category = "public-relations"
  cost {
    amount = 14000
    period = "year"
  }
}

tool "miro" {
  category = "collaboration"
  sso      = false
  cost {
    amount = 7680
    period = "year"
    seats  = 40
  }
}

tool "linkedin_ads" {
  category = "search-social-ads"
  owner    = team.northwind
  stores   = [data_class.contact_pii]
  contract {
    dpa = true
  }
}
`

// waiverBlock writes a waiver; subjects is an HCL list or "".
func waiverBlock(id, rule, subjects, expires string) string {
	s := "\nwaiver \"" + id + "\" {\n  rule        = \"" + rule + "\"\n"
	if subjects != "" {
		s += "  subjects    = " + subjects + "\n"
	}
	return s + "  reason      = \"Accepted for now\"\n  approved_by = \"cmo@acme.example\"\n  expires     = \"" + expires + "\" # expires " + id + "\n}\n"
}

func TestWaiverExpired(t *testing.T) {
	dataRunCases(t, "expired-waiver", []dataRuleCase{
		{
			name: "expired before the as-of date",
			hcl:  waiverInventory + waiverBlock("cision-spend", "unaligned-spend", "[tool.cision]", "2026-09-30"),
			want: []dataWant{{"waiver.cision-spend", "# expires cision-spend", []string{
				"The waiver cision-spend for rule unaligned-spend expired on 2026-09-30 (51 days ago) and no longer applies; the 1 finding it covered counts again.",
			}}},
		},
		{
			name: "expired yesterday, covering nothing",
			hcl:  waiverInventory + waiverBlock("old", "no-sso", "[tool.cision]", "2026-11-19"),
			want: []dataWant{{"waiver.old", "# expires old", []string{"(1 day ago)", "it would cover no current finding"}}},
		},
		{
			name: "clean: expires today or later",
			hcl: waiverInventory + waiverBlock("today", "unaligned-spend", "[tool.cision]", "2026-11-20") +
				waiverBlock("later", "no-sso", "", "2027-06-30"),
		},
	})
}

func TestWaiverUnused(t *testing.T) {
	dataRunCases(t, "unused-waiver", []dataRuleCase{
		{
			name: "the rule reports nothing about the subject",
			hcl:  waiverInventory + waiverBlock("linkedin-spend", "unaligned-spend", "[tool.linkedin_ads]", "2027-06-30"),
			want: []dataWant{{"waiver.linkedin-spend", `waiver "linkedin-spend"`, []string{
				"The waiver linkedin-spend matches no finding: the rule unaligned-spend reports 2 findings, none about tool.linkedin_ads.",
			}}},
		},
		{
			name: "subjects that only partly match a finding",
			hcl:  waiverInventory + waiverBlock("agency", "agency-holds-personal-data", "[tool.linkedin_ads, team.mops]", "2027-06-30"),
			want: []dataWant{{"waiver.agency", `waiver "agency"`, []string{"reports 1 finding, none about team.mops"}}},
		},
		{
			name: "subjects each in some finding, never together",
			hcl:  waiverInventory + waiverBlock("both", "unaligned-spend", "[tool.cision, tool.miro]", "2027-06-30"),
			want: []dataWant{{"waiver.both", `waiver "both"`, []string{"none about all of tool.cision, tool.miro together"}}},
		},
		{
			name: "a rule without findings",
			hcl:  waiverInventory + waiverBlock("kpi", "objective-without-kpi", "", "2027-06-30"),
			want: []dataWant{{"waiver.kpi", `waiver "kpi"`, []string{"the rule objective-without-kpi reports nothing"}}},
		},
		{
			name: "a disabled rule",
			hcl: waiverInventory + waiverBlock("sso", "no-sso", "", "2027-06-30") + `
rule "no-sso" {
  enabled = false
}
`,
			want: []dataWant{{"waiver.sso", `waiver "sso"`, []string{"the rule no-sso is disabled by its rule block"}}},
		},
		{
			name: "clean: a subset of the finding's subjects, no subjects, expiring today",
			hcl: waiverInventory +
				waiverBlock("agency", "agency-holds-personal-data", "[tool.linkedin_ads]", "2027-06-30") +
				waiverBlock("spend", "unaligned-spend", "", "2027-06-30") +
				waiverBlock("sso", "no-sso", "[tool.miro]", "2026-11-20"),
		},
		{
			name: "clean: a second waiver for an already waived finding still matches it",
			hcl: waiverInventory +
				waiverBlock("a", "no-sso", "[tool.miro]", "2027-06-30") +
				waiverBlock("b", "no-sso", "", "2027-06-30"),
		},
		{
			name: "clean: expired waivers are expired-waiver's",
			hcl:  waiverInventory + waiverBlock("old", "objective-without-kpi", "", "2026-01-31"),
		},
		{
			name: "clean: a waiver for a rule that needs a snapshot, without one",
			hcl:  waiverInventory + waiverBlock("shadow", "undeclared-tool", "", "2027-06-30"),
		},
		{
			name:     "a waiver for a rule that needs a snapshot, with one",
			hcl:      waiverInventory + waiverBlock("shadow", "undeclared-tool", "", "2027-06-30"),
			snapshot: `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T08:00:00Z", "tools": {}}`,
			want:     []dataWant{{"waiver.shadow", `waiver "shadow"`, []string{"undeclared-tool reports nothing"}}},
		},
	})
}

// TestWaiverAppliedFindings: a covered finding stays listed, marked with
// its waiver, and does not count; an expired waiver covers nothing.
func TestWaiverAppliedFindings(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": waiverInventory +
		waiverBlock("cision-spend", "unaligned-spend", "[tool.cision]", "2026-11-20") +
		waiverBlock("miro-spend", "unaligned-spend", "[tool.miro]", "2026-11-19") +
		waiverBlock("agency", "agency-holds-personal-data", "[tool.linkedin_ads]", "2027-06-30")})
	res := evaluate(t, inv, nil)

	byTool := map[string]result.Finding{}
	for _, f := range findingsOf(res, "unaligned-spend") {
		byTool[f.Subjects[0].ID] = f
	}
	require.Len(t, byTool, 2)
	cision, miro := byTool["cision"], byTool["miro"]
	require.NotNil(t, cision.Waiver, "a waiver is valid on its expiry date")
	assert.Equal(t, "cision-spend", cision.Waiver.ID)
	assert.Equal(t, "Accepted for now", cision.Waiver.Reason)
	assert.Equal(t, "cmo@acme.example", cision.Waiver.ApprovedBy)
	assert.Equal(t, "2026-11-20", cision.Waiver.Expires.Format("2006-01-02"))
	assert.True(t, cision.Waived())
	assert.False(t, cision.Counts())
	assert.Nil(t, miro.Waiver, "an expired waiver covers nothing")
	assert.True(t, miro.Counts())

	agency := findingsOf(res, "agency-holds-personal-data")
	require.Len(t, agency, 1)
	require.NotNil(t, agency[0].Waiver)
	assert.Equal(t, "agency", agency[0].Waiver.ID)
	assert.False(t, agency[0].Counts())

	assert.Equal(t, []string{"waiver.miro-spend"}, subjectsOf(findingsOf(res, "expired-waiver")))
	assert.Empty(t, findingsOf(res, "unused-waiver"), "both current waivers cover a finding")
	assert.Equal(t, 2, res.Summary.Waived)
}

// TestWaiverCustomPolicy: waivers of custom policy findings are judged too.
func TestWaiverCustomPolicy(t *testing.T) {
	hcl := waiverInventory + `
policy "cost-needs-owner" {
  severity  = "low"
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner"
}
` + waiverBlock("cision-owner", "cost-needs-owner", "[tool.cision]", "2027-06-30") +
		waiverBlock("linkedin-owner", "cost-needs-owner", "[tool.linkedin_ads]", "2027-06-30")
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": hcl}), nil)
	assert.Equal(t, []string{"waiver.linkedin-owner"}, subjectsOf(findingsOf(res, "unused-waiver")))
}
