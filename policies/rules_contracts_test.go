package policies_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contractTool writes a tool "t" costing USD 12,000 a year whose contract
// ends on end, with notice_days (-1: not written), then extra blocks.
func contractTool(status, end string, autoRenew bool, noticeDays int, extra string) string {
	src := fmt.Sprintf(`tool "t" {
  name     = "Tee"
  category = "collaboration"
  status   = %q

  cost {
    amount = 12000
    period = "year"
  }

  contract {
    start      = "2024-01-01"
    end        = %q
    auto_renew = %t
`, status, end, autoRenew)
	if noticeDays >= 0 {
		src += fmt.Sprintf("    notice_days = %d\n", noticeDays)
	}
	return src + "  }\n}\n\n" + extra
}

// contractDeadlineIn writes an auto-renewing contract with 30 days' notice
// whose notice deadline is days after asOf.
func contractDeadlineIn(status string, days int, extra string) string {
	return contractTool(status, asOf.AddDate(0, 0, days+30).Format("2006-01-02"), true, 30, extra)
}

type contractCase struct {
	name     string
	src      string
	want     bool
	severity result.Severity
	message  []string
}

func contractRun(t *testing.T, rule string, cases []contractCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": tc.src}), nil)
			fs := findingsOf(res, rule)
			if !tc.want {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			assert.Equal(t, []string{"tool.t"}, subjectsOf(fs))
			assert.Equal(t, tc.severity, fs[0].Severity)
			// Both contract rules point at the contract's end date.
			redundancyAt(t, fs[0], redundancyLine(t, tc.src, "    end "))
			for _, part := range tc.message {
				assert.Contains(t, fs[0].Message, part)
			}
		})
	}
}

func TestContractRenewalNoticeDue(t *testing.T) {
	rule := func(body string) string { return "rule \"renewal-notice-due\" {\n" + body + "\n}\n" }
	contractRun(t, "renewal-notice-due", []contractCase{
		{name: "deadline today", src: contractDeadlineIn("active", 0, ""), want: true, severity: result.High,
			message: []string{"Tee renews automatically on 2026-12-20 unless notice is given by 2026-11-20 (today; 30 days' notice).", "It costs USD 12,000 a year."}},
		{name: "deadline in 30 days", src: contractDeadlineIn("active", 30, ""), want: true, severity: result.High,
			message: []string{"by 2026-12-20 (in 30 days;"}},
		{name: "deadline in 31 days", src: contractDeadlineIn("active", 31, ""), want: true, severity: result.Medium,
			message: []string{"by 2026-12-21 (in 31 days;"}},
		{name: "deadline in 90 days", src: contractDeadlineIn("active", 90, ""), want: true, severity: result.Medium,
			message: []string{"by 2027-02-18 (in 90 days;"}},
		{name: "deadline in 91 days", src: contractDeadlineIn("active", 91, "")},
		{name: "deadline passed yesterday", src: contractDeadlineIn("active", -1, "")},
		{name: "contract ended", src: contractTool("active", "2026-11-01", true, 30, "")},
		{name: "not auto-renewing", src: contractTool("active", "2026-12-20", false, 30, "")},
		{name: "retired", src: contractDeadlineIn("retired", 10, "")},
		{name: "retiring", src: contractDeadlineIn("retiring", 10, ""), want: true, severity: result.High},
		{name: "trial", src: contractDeadlineIn("trial", 40, ""), want: true, severity: result.Medium},
		{name: "no notice_days: the deadline is the end", src: contractTool("active", "2026-12-01", true, -1, ""), want: true, severity: result.High,
			message: []string{"on 2026-12-01 unless notice is given by 2026-12-01 (in 11 days; no notice period declared)."}},
		{name: "high_within = 10", src: contractDeadlineIn("active", 13, rule("  high_within = 10")), want: true, severity: result.Medium},
		{name: "high_within = 10, at it", src: contractDeadlineIn("active", 10, rule("  high_within = 10")), want: true, severity: result.High},
		{name: "medium_within = 120", src: contractDeadlineIn("active", 120, rule("  medium_within = 120")), want: true, severity: result.Medium},
		{name: "medium_within = 120, beyond it", src: contractDeadlineIn("active", 121, rule("  medium_within = 120"))},
		{name: "medium_within below high_within", src: contractDeadlineIn("active", 20, rule("  medium_within = 10")), want: true, severity: result.High},
		{name: "severity low: the medium tier", src: contractDeadlineIn("active", 31, rule(`  severity = "low"`)), want: true, severity: result.Low},
		{name: "severity low: the high tier stays high", src: contractDeadlineIn("active", 13, rule(`  severity = "low"`)), want: true, severity: result.High},
		{name: "severity critical: both tiers", src: contractDeadlineIn("active", 13, rule(`  severity = "critical"`)), want: true, severity: result.Critical},
		{name: "severity critical: the medium tier", src: contractDeadlineIn("active", 60, rule(`  severity = "critical"`)), want: true, severity: result.Critical},
		{name: "disabled", src: contractDeadlineIn("active", 13, rule("  enabled = false"))},
	})
}

func TestContractLapsed(t *testing.T) {
	contractRun(t, "contract-lapsed", []contractCase{
		{name: "ended yesterday", src: contractTool("active", "2026-11-19", false, 30, ""), want: true, severity: result.Medium,
			message: []string{"Tee's contract ended on 2026-11-19 (1 day ago) and the tool is still active."}},
		{name: "ends today", src: contractTool("active", "2026-11-20", false, 30, "")},
		{name: "ends tomorrow", src: contractTool("active", "2026-11-21", false, 30, "")},
		{name: "trial", src: contractTool("trial", "2026-06-30", false, 30, ""), want: true, severity: result.Medium,
			message: []string{"ended on 2026-06-30 (143 days ago) and the tool is still on trial."}},
		{name: "retiring", src: contractTool("retiring", "2026-06-30", false, 30, "")},
		{name: "retired", src: contractTool("retired", "2026-06-30", false, 30, "")},
		{name: "auto-renewing: the end date is stale", src: contractTool("active", "2026-06-30", true, 30, ""), want: true, severity: result.Medium,
			message: []string{"it has probably renewed: record the new end date"}},
		{name: "severity set in a rule block", src: contractTool("active", "2026-06-30", false, 30, "rule \"contract-lapsed\" {\n  severity = \"high\"\n}\n"),
			want: true, severity: result.High},
		{name: "disabled", src: contractTool("active", "2026-06-30", false, 30, "rule \"contract-lapsed\" {\n  enabled = false\n}\n")},
	})
}

func TestContractNoEndDate(t *testing.T) {
	src := `tool "t" {
  category = "collaboration"
  contract {
    auto_renew  = true
    notice_days = 30
  }
}
`
	res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": src}), nil)
	assert.Empty(t, findingsOf(res, "renewal-notice-due"))
	assert.Empty(t, findingsOf(res, "contract-lapsed"))
}
