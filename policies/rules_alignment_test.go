package policies_test

import (
	"testing"
)

const alignmentBase = `
organization {
  currency       = "USD"
  exchange_rates = { GBP = 1.27 }
}

team "mops" {
  lead = "dana@acme.example"
}

objective "pipeline" {
  name  = "Grow pipeline"
  owner = team.mops
  kpis  = ["SQLs per quarter"]
}
`

// alignmentTool declares a tool with a status, an optional yearly cost and
// optional objectives; its name line carries a marker comment.
func alignmentTool(id, status, cost, objectives string) string {
	s := "\ntool \"" + id + "\" { # " + id + "\n  category = \"public-relations\"\n  status   = \"" + status + "\"\n"
	if objectives != "" {
		s += "  objectives = " + objectives + " # objectives of " + id + "\n"
	}
	if cost != "" {
		s += "\n  cost {\n" + cost + "\n  }\n"
	}
	return s + "}\n"
}

func TestAlignmentUnalignedSpend(t *testing.T) {
	yearly := "    amount = 14000\n    currency = \"GBP\"\n    period = \"year\""
	monthly := "    amount = 640\n    period = \"month\""
	free := "    amount = 0\n    period = \"year\""
	dataRunCases(t, "unaligned-spend", []dataRuleCase{
		{
			name: "paid active tool without objectives, in the organization currency",
			hcl:  alignmentBase + alignmentTool("cision", "active", yearly, ""),
			want: []dataWant{{"tool.cision", "# cision", []string{"cision costs USD 17,780 a year and supports no objective."}}},
		},
		{
			name: "trial tools count; an empty objectives list is pointed at",
			hcl:  alignmentBase + alignmentTool("miro", "trial", monthly, "[]"),
			want: []dataWant{{"tool.miro", "# objectives of miro", []string{"USD 7,680 a year"}}},
		},
		{
			name: "clean: aligned, free, without cost, retiring, retired",
			hcl: alignmentBase +
				alignmentTool("a_aligned", "active", yearly, "[objective.pipeline]") +
				alignmentTool("b_free", "active", free, "") +
				alignmentTool("c_no_cost", "trial", "", "") +
				alignmentTool("d_retiring", "retiring", yearly, "") +
				alignmentTool("e_retired", "retired", yearly, ""),
		},
	})
}

func TestAlignmentObjectiveWithoutKPI(t *testing.T) {
	dataRunCases(t, "objective-without-kpi", []dataRuleCase{
		{
			name: "no kpis attribute, an empty list, blank strings",
			hcl: alignmentBase + `
objective "efficiency" {
  name  = "Cut martech cost per opportunity by 15%"
  owner = team.mops
}

objective "empty" {
  kpis = [] # empty kpis
}

objective "blank" {
  kpis = ["  "] # blank kpis
}
` + alignmentTool("asana", "active", "", "[objective.efficiency]") +
				alignmentTool("slack", "active", "", "[objective.efficiency, objective.pipeline]") +
				alignmentTool("old", "retired", "", "[objective.efficiency]"),
			want: []dataWant{
				{"objective.efficiency", `objective "efficiency"`, []string{`"Cut martech cost per opportunity by 15%" (efficiency) lists no KPI`, "2 tools ladder up to it (asana, slack)"}},
				{"objective.empty", "# empty kpis", []string{"(empty) lists no KPI."}},
				{"objective.blank", "# blank kpis", nil},
			},
		},
		{
			name: "clean: every objective has a KPI",
			hcl:  alignmentBase,
		},
	})
}
