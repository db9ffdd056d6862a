package policies_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// costTool writes a tool "t" with the given status, seats (0: a flat fee),
// yearly amount (-1: no cost block) and an optional csv scan block, then
// extra blocks (rule blocks).
func costTool(status string, seats, amount int, scan bool, extra string) string {
	src := fmt.Sprintf("tool \"t\" {\n  name     = \"Tee\"\n  category = \"collaboration\"\n  status   = %q\n", status)
	if amount >= 0 {
		src += fmt.Sprintf("\n  cost {\n    amount = %d\n    period = \"year\"\n", amount)
		if seats > 0 {
			src += fmt.Sprintf("    seats  = %d\n", seats)
		}
		src += "  }\n"
	}
	if scan {
		src += "\n  scan \"csv\" {\n    path = \"usage/t.csv\"\n  }\n"
	}
	return src + "}\n\n" + extra
}

// costCase is one row of the cost rules' tables: an inventory, optional
// usage of tool "t", and what the rule should report.
type costCase struct {
	name     string
	src      string
	usage    *costUsage // nil: no snapshot at all
	want     bool
	severity result.Severity
	line     string // needle of the line the finding points at
	message  []string
}

func costRun(t *testing.T, rule string, cases []costCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := loadInventory(t, map[string]string{"main.hcl": tc.src})
			snap := costSnapshot(t, map[string]costUsage{})
			switch {
			case tc.usage == nil:
				snap = nil
			case tc.usage.Status != "absent":
				snap = costSnapshot(t, map[string]costUsage{"t": *tc.usage})
			}
			fs := findingsOf(evaluate(t, inv, snap), rule)
			if !tc.want {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			f := fs[0]
			assert.Equal(t, []string{"tool.t"}, subjectsOf(fs))
			assert.Equal(t, tc.severity, f.Severity)
			redundancyAt(t, f, redundancyLine(t, tc.src, tc.line))
			for _, part := range tc.message {
				assert.Contains(t, f.Message, part)
			}
		})
	}
}

func TestCostLowUtilization(t *testing.T) {
	use := func(purchased, d30 int) *costUsage { return &costUsage{Purchased: purchased, D30: d30, D90: d30} }
	rule := func(body string) string { return "rule \"low-utilization\" {\n" + body + "\n}\n" }
	costRun(t, "low-utilization", []costCase{
		{name: "half the seats used", src: costTool("active", 10, 12000, true, ""), usage: use(0, 5),
			want: true, severity: result.Medium, line: "seats  = 10",
			message: []string{"Tee: 5 of 10 purchased seats active in the last 30 days (50%, below the 60% threshold).", "4 seats can be reclaimed at the next renewal (no contract end declared): USD 4,800 a year."}},
		{name: "exactly at the threshold", src: costTool("active", 10, 12000, true, ""), usage: use(0, 6)},
		{name: "threshold set in a rule block, exactly at it", src: costTool("active", 10, 12000, true, rule("  threshold = 0.5")), usage: use(0, 5)},
		{name: "threshold set in a rule block, below it", src: costTool("active", 10, 12000, true, rule("  threshold = 0.5")), usage: use(0, 4),
			want: true, severity: result.Medium, line: "seats  = 10", message: []string{"(40%, below the 50% threshold)", "5 seats can be reclaimed", "USD 6,000 a year"}},
		{name: "seats reported by the vendor win", src: costTool("active", 10, 12000, true, ""), usage: use(20, 10),
			want: true, severity: result.Medium, line: "seats  = 10", message: []string{"10 of 20 purchased seats", "(50%,", "8 seats can be reclaimed", "USD 4,800 a year"}},
		{name: "fewer seats than min_seats", src: costTool("active", 4, 12000, true, ""), usage: use(0, 0)},
		{name: "exactly min_seats", src: costTool("active", 5, 12000, true, ""), usage: use(0, 0),
			want: true, severity: result.Medium, line: "seats  = 5", message: []string{"0 of 5 purchased seats", "(0%,"}},
		{name: "min_seats set in a rule block", src: costTool("active", 10, 12000, true, rule("  min_seats = 11")), usage: use(0, 1)},
		{name: "severity set in a rule block", src: costTool("active", 10, 12000, true, rule("  severity = \"high\"")), usage: use(0, 1),
			want: true, severity: result.High, line: "seats  = 10"},
		{name: "disabled in a rule block", src: costTool("active", 10, 12000, true, rule("  enabled = false")), usage: use(0, 1)},
		{name: "trial", src: costTool("trial", 10, 12000, true, ""), usage: use(0, 1)},
		{name: "retiring", src: costTool("retiring", 10, 12000, true, ""), usage: use(0, 1)},
		{name: "scan failed", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Status: "error", Error: "401"}},
		{name: "no snapshot", src: costTool("active", 10, 12000, true, "")},
		{name: "flat fee", src: costTool("active", 0, 12000, true, ""), usage: use(0, 1)},
		{name: "flat fee with purchased seats from the vendor", src: costTool("active", 0, 12000, true, ""), usage: use(10, 1),
			want: true, severity: result.Medium, line: "cost {", message: []string{"1 of 10 purchased seats", "It is a flat fee: removing users saves nothing unless the whole tool goes."}},
		{name: "vendor without activity dates", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D90: 8, NoActivity: true}},
		// The snapshot's labels reach the message (before, they were
		// dropped and the numbers read as paid seats used in the tool).
		{name: "Okta lastLogin fallback", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D30: 5, D90: 5, ActivitySource: "account_wide"},
			want: true, severity: result.Medium, line: "seats  = 10",
			message: []string{"Usage measured 2026-11-20 (activity is the last account-wide sign-in to the identity provider, not to the app)."}},
		{name: "users, not paid seats", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D30: 5, D90: 5, SeatsCount: "users"},
			want: true, severity: result.Medium, line: "seats  = 10",
			message: []string{"Usage measured 2026-11-20 (assigned counts users, not paid seats)."}},
		{name: "contacts are no seats", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Purchased: 15000, D90: 9000, Unit: "contacts"}},
	})
}

func TestCostInactiveTool(t *testing.T) {
	idle := &costUsage{D30: 0, D90: 0, Users: []costUser{{"old@x.example", 120}}}
	costRun(t, "inactive-tool", []costCase{
		{name: "paid and idle", src: costTool("active", 10, 12000, true, ""), usage: idle,
			want: true, severity: result.High, line: `tool "t"`,
			message: []string{"Tee costs USD 12,000 a year and no user was active in it in the last 90 days (last activity 2026-07-23, 120 days ago)."}},
		{name: "no recorded activity", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{},
			want: true, severity: result.High, line: `tool "t"`, message: []string{"(the scan recorded no activity at all)"}},
		{name: "vendor without activity dates", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D90: 8, NoActivity: true}},
		{name: "a paid trial", src: costTool("trial", 0, 500, true, ""), usage: idle,
			want: true, severity: result.High, line: `tool "t"`, message: []string{"USD 500 a year", "It is a paid trial."}},
		{name: "one user in 90 days", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D30: 0, D90: 1}},
		{name: "retiring", src: costTool("retiring", 10, 12000, true, ""), usage: idle},
		{name: "free", src: costTool("active", 10, 0, true, ""), usage: idle},
		{name: "no cost block", src: costTool("active", 0, -1, true, ""), usage: idle},
		{name: "scan skipped", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Status: "skipped"}},
		{name: "no snapshot", src: costTool("active", 10, 12000, true, "")},
		{name: "severity set in a rule block", src: costTool("active", 10, 12000, true, "rule \"inactive-tool\" {\n  severity = \"critical\"\n}\n"), usage: idle,
			want: true, severity: result.Critical, line: `tool "t"`},
	})
}

func TestCostUnmeasuredSpend(t *testing.T) {
	costRun(t, "unmeasured-spend", []costCase{
		{name: "no scan block, no snapshot", src: costTool("active", 10, 12000, false, ""),
			want: true, severity: result.Low, line: "seats  = 10",
			message: []string{"Tee costs USD 12,000 a year for 10 seats and has no usage data: it has no scan block."}},
		{name: "no scan block, with a snapshot", src: costTool("active", 10, 12000, false, ""), usage: &costUsage{Status: "absent"},
			want: true, severity: result.Low, line: "seats  = 10", message: []string{"it has no scan block."}},
		{name: "a scan block and no snapshot yet", src: costTool("active", 10, 12000, true, ""),
			want: true, severity: result.Low, line: `scan "csv"`,
			message: []string{"has no usage data: no scan has run yet (there is no snapshot). Run `stackaudit scan DIR` on this inventory to measure it with its \"csv\" scan block."}},
		{name: "scan failed", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Status: "error", Error: "csv: open usage/t.csv: no such file or directory"},
			want: true, severity: result.Low, line: `scan "csv"`,
			message: []string{`has no usage data: its "csv" scan failed (csv: open usage/t.csv: no such file or directory).`}},
		{name: "scan skipped", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Status: "skipped"},
			want: true, severity: result.Low, line: `scan "csv"`, message: []string{`its "csv" scan was skipped.`}},
		{name: "vendor without activity dates", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D90: 8, NoActivity: true},
			want: true, severity: result.Low, line: `scan "csv"`, message: []string{`its "csv" scan reports 8 seat holders but the vendor gives no activity dates`}},
		{name: "missing from the snapshot", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{Status: "absent"},
			want: true, severity: result.Low, line: `scan "csv"`, message: []string{"the snapshot has no entry for it"}},
		{name: "measured", src: costTool("active", 10, 12000, true, ""), usage: &costUsage{D30: 1, D90: 1}},
		{name: "flat fee", src: costTool("active", 0, 12000, false, "")},
		{name: "free", src: costTool("active", 10, 0, false, "")},
		{name: "retired", src: costTool("retired", 10, 12000, false, "")},
		{name: "retiring still costs money", src: costTool("retiring", 10, 12000, false, ""),
			want: true, severity: result.Low, line: "seats  = 10"},
		{name: "a paid trial", src: costTool("trial", 1, 100, false, ""),
			want: true, severity: result.Low, line: "seats  = 1", message: []string{"USD 100 a year for 1 seat"}},
		{name: "disabled in a rule block", src: costTool("active", 10, 12000, false, "rule \"unmeasured-spend\" {\n  enabled = false\n}\n")},
	})
}

func TestCostMissingCost(t *testing.T) {
	costRun(t, "missing-cost", []costCase{
		{name: "active without cost", src: costTool("active", 0, -1, false, ""),
			want: true, severity: result.Low, line: `tool "t"`,
			message: []string{"Tee is active and has no cost block"}},
		{name: "free", src: costTool("active", 0, 0, false, "")},
		{name: "trial", src: costTool("trial", 0, -1, false, "")},
		{name: "retiring", src: costTool("retiring", 0, -1, false, "")},
		{name: "retired", src: costTool("retired", 0, -1, false, "")},
		{name: "severity set in a rule block", src: costTool("active", 0, -1, false, "rule \"missing-cost\" {\n  severity = \"medium\"\n}\n"),
			want: true, severity: result.Medium, line: `tool "t"`},
	})
}

func TestCostThresholdParameterType(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": costTool("active", 10, 1, false, "rule \"low-utilization\" {\n  threshold = \"high\"\n}\n")})
	_, diags := evaluateDiags(t, inv, nil)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), `"threshold" of rule "low-utilization" must be a number`)
}

// TestUsageBasisKnowsTheSnapshotLabels: every label a scanner writes
// (usage's constants) has words in reports and the workbook.
func TestUsageBasisKnowsTheSnapshotLabels(t *testing.T) {
	n := 1
	for _, tf := range []result.ToolFact{
		{ActivitySource: usage.ActivityAccountWide}, {ActivitySource: usage.ActivityMixed},
		{ActivitySource: usage.ActivityRecordModified}, {ActivitySource: usage.ActivityVendorAttribute},
		{SeatsCount: usage.CountsUsers}, {Unit: usage.UnitContacts, Contacts: &n},
	} {
		assert.NotEmpty(t, tf.UsageBasis(), "%+v", tf)
	}
}
