package policies_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
)

// usageSnapshot is a snapshot taken on takenAt whose tool "t" has 10
// seats, 2 of them active; extra is more of t's JSON fields.
func usageSnapshot(takenAt, extra string) string {
	return fmt.Sprintf(`{"schema": "stackaudit.snapshot/v1", "taken_at": "%sT06:00:00Z", "tools": {"t": {"scanner": "csv", "status": "ok",
		"seats": {"assigned": 10}, "active": {"d30": 2, "d90": 0}%s, "users": []}}}`, takenAt, extra)
}

func TestStaleUsage(t *testing.T) {
	const carried = `, "measured_at": "2026-08-01T06:00:00Z", "carried": "token unset: T_TOKEN"`
	rule := func(body string) string { return "rule \"stale-usage\" {\n" + body + "\n}\n" }
	cases := []struct {
		name, src, snap string
		want            []string // message parts; nil: no finding
		severity        result.Severity
	}{
		{name: "fresh", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2026-11-10", "")},
		{name: "exactly max_age_days old", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2026-10-06", "")},
		{name: "one day older", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2026-10-05", ""), severity: result.Low,
			want: []string{"Tee: its usage was measured 2026-10-05, 46 days before the audit date (more than 45)."}},
		{name: "years old", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2023-11-20", ""), severity: result.Low,
			want: []string{"measured 2023-11-20, 1096 days before"}},
		{name: "carried forward", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2026-11-20", carried), severity: result.Low,
			want: []string{"measured 2026-08-01, 111 days before the audit date (more than 45), and carried forward because the last scan did not measure it (token unset: T_TOKEN)."}},
		{name: "carried forward, young", src: costTool("active", 10, 12000, true, rule("  max_age_days = 365")),
			snap: usageSnapshot("2026-11-20", carried), severity: result.Low, want: []string{"111 days before the audit date, and carried forward"}},
		{name: "max_age_days and severity set", src: costTool("active", 10, 12000, true, rule("  max_age_days = 5\n  severity = \"high\"")),
			snap: usageSnapshot("2026-11-10", ""), severity: result.High, want: []string{"10 days before the audit date (more than 5)"}},
		{name: "disabled", src: costTool("active", 10, 12000, true, rule("  enabled = false")), snap: usageSnapshot("2025-01-01", "")},
		{name: "taken after the audit date", src: costTool("active", 10, 12000, true, ""), snap: usageSnapshot("2026-12-20", "")},
		{name: "retired tool", src: costTool("retired", 10, 12000, true, ""), snap: usageSnapshot("2025-01-01", "")},
		{name: "failed scan: nothing measured", src: costTool("active", 10, 12000, true, ""),
			snap: `{"schema": "stackaudit.snapshot/v1", "taken_at": "2025-01-01T00:00:00Z", "tools": {"t": {"status": "error", "error": "401", "users": []}}}`},
		{name: "no snapshot", src: costTool("active", 10, 12000, true, "")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inv := loadInventory(t, map[string]string{"main.hcl": c.src})
			res := evaluate(t, inv, nil)
			if c.snap != "" {
				res = evaluate(t, inv, snapshotJSON(t, c.snap))
			}
			fs := findingsOf(res, "stale-usage")
			if c.want == nil {
				assert.Empty(t, fs)
				return
			}
			require.Len(t, fs, 1)
			assert.Equal(t, []string{"tool.t"}, subjectsOf(fs))
			assert.Equal(t, c.severity, fs[0].Severity)
			redundancyAt(t, fs[0], redundancyLine(t, c.src, `scan "csv"`))
			for _, part := range c.want {
				assert.Contains(t, fs[0].Message, part)
			}
		})
	}
}

// TestUsageFindingsSayWhenCarriedUsageWasMeasured: findings judging a
// tool's activity name when its usage was measured: the snapshot's date,
// or the earlier date of usage carried forward, said as such.
func TestUsageFindingsSayWhenCarriedUsageWasMeasured(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": costTool("active", 10, 12000, true, "")})
	for _, c := range []struct {
		extra, want string
	}{
		{`, "measured_at": "2026-08-01T06:00:00Z", "carried": "failed: 401"`, " Usage measured 2026-08-01 (carried forward from an earlier scan)."},
		{"", " Usage measured 2026-11-20."},
	} {
		res := evaluate(t, inv, snapshotJSON(t, usageSnapshot("2026-11-20", c.extra)))
		for _, rule := range []string{"low-utilization", "inactive-tool"} {
			fs := findingsOf(res, rule)
			require.Len(t, fs, 1, rule)
			assert.Contains(t, fs[0].Message, c.want, rule)
			assert.Equal(t, 1, strings.Count(fs[0].Message, "Usage measured"), rule)
		}
		tf := res.Facts.Tool("t")
		assert.Equal(t, c.extra != "", tf.UsageMeasuredAt != nil, "set only for carried usage")
	}
}

// TestDiscoveryFindingsSayWhenCarried: findings resting on a discovery
// source carried forward from an earlier scan give its date and reason.
func TestDiscoveryFindingsSayWhenCarried(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": "team \"t\" {\n}\n"})
	snap := func(carried string) string {
		return `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T06:00:00Z", "tools": {},
			"discovered": {"tools": [{"source": "google_workspace", "name": "Apollo.io", "product": "apollo", "users": 9,
			"scopes": ["https://mail.google.com/"], "evidence": "OAuth client 82"}], "integrations": [], "flows": []` + carried + `}}`
	}
	const note = " The google_workspace discovery is from 2026-08-01 (carried forward: token unset: GOOGLE_TOKEN)."
	carried := evaluate(t, inv, snapshotJSON(t, snap(`, "carried": [{"source": "google_workspace", "measured_at": "2026-08-01T06:00:00Z", "reason": "token unset: GOOGLE_TOKEN"}]`)))
	fresh := evaluate(t, inv, snapshotJSON(t, snap("")))
	for _, rule := range []string{"undeclared-tool", "risky-oauth-grant"} {
		fs := findingsOf(carried, rule)
		require.Len(t, fs, 1, rule)
		assert.Contains(t, fs[0].Message, note, rule)
		fs = findingsOf(fresh, rule)
		require.Len(t, fs, 1, rule)
		assert.NotContains(t, fs[0].Message, "carried forward", rule)
	}
}
