package report_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// TestGitHubLevels: the annotation level follows the severity, and
// --fail-on moves the line so that errors are exactly what fails the gate.
func TestGitHubLevels(t *testing.T) {
	r := &result.Result{Schema: result.Schema, Findings: []result.Finding{
		finding("a", result.Critical, "A", "crit", at("a.hcl", 1, 1, 1, 5), sub("tool", "a")),
		finding("b", result.High, "B", "high", at("a.hcl", 2, 1, 2, 5), sub("tool", "b")),
		finding("c", result.Medium, "C", "med", at("a.hcl", 3, 1, 3, 5), sub("tool", "c")),
		finding("d", result.Low, "D", "low", at("a.hcl", 4, 1, 4, 5), sub("tool", "d")),
		finding("e", result.Info, "E", "info", at("a.hcl", 5, 1, 5, 5), sub("tool", "e")),
	}}
	cases := []struct {
		failOn string
		want   []string
	}{
		{"", []string{"error", "error", "warning", "notice", "notice"}},
		{"high", []string{"error", "error", "warning", "notice", "notice"}},
		{"critical", []string{"error", "warning", "warning", "notice", "notice"}},
		{"medium", []string{"error", "error", "error", "notice", "notice"}},
		{"low", []string{"error", "error", "error", "error", "notice"}},
		{"none", []string{"warning", "warning", "warning", "notice", "notice"}},
	}
	for _, tc := range cases {
		t.Run("fail-on="+tc.failOn, func(t *testing.T) {
			out := render(t, "github", r, report.Options{BaseDir: base, FailOn: tc.failOn})
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				level, _, _ := strings.Cut(strings.TrimPrefix(line, "::"), " ")
				got = append(got, level)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestGitHubOmitsWaivedAndExisting: waived findings and, with a baseline,
// existing ones are not annotated; properties and messages are escaped.
func TestGitHubOmitsWaivedAndExisting(t *testing.T) {
	waived := finding("w", result.High, "W", "waived", at("a.hcl", 1, 1, 1, 2), sub("tool", "w"))
	waived.Waiver = &result.AppliedWaiver{ID: "x", Reason: "migrating"}
	existing := finding("x", result.High, "X", "existing", at("a.hcl", 2, 1, 2, 2), sub("tool", "x"))
	existing.Baseline = "existing"
	fresh := finding("n,e:w", result.High, "N", "100% new\r\nsecond", at("dir,1/a:b.hcl", 3, 1, 4, 2), sub("tool", "n"))
	fresh.Baseline = "new"
	r := &result.Result{Schema: result.Schema, Findings: []result.Finding{waived, existing, fresh}}
	out := render(t, "github", r, report.Options{BaseDir: base})
	assert.Equal(t, "::error file=dir%2C1/a%3Ab.hcl,line=3,endLine=4,title=n%2Ce%3Aw (high)::100%25 new%0D%0Asecond\n", out)
}
