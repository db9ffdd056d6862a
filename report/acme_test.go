package report_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// acmeResult evaluates the shipped example with its committed snapshot, as
// `stackaudit check examples/acme --as-of 2026-11-20` does.
func acmeCheckResult(t *testing.T) (*result.Result, report.Options) {
	t.Helper()
	_, res := resultfixture.EvaluateAcme(t, "..")
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	return res, report.Options{Version: "1.0.0", BaseDir: root, Rules: policies.Builtins(), Title: "stackaudit check"}
}

// TestGoldenAcme renders the example in every CI format.
func TestGoldenAcme(t *testing.T) {
	res, o := acmeCheckResult(t)
	goldenFormats(t, "acme_", report.Formats(), func(t *testing.T, format string) string { return render(t, format, res, o) })
}

// TestSARIFAcmeFields asserts every field SPEC §6 requires of the SARIF
// that GitHub code scanning accepts, on the example's real output.
func TestSARIFAcmeFields(t *testing.T) {
	res, o := acmeCheckResult(t)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(render(t, "sarif", res, o)), &doc))
	assert.Equal(t, "https://json.schemastore.org/sarif-2.1.0.json", doc["$schema"])
	assert.Equal(t, "2.1.0", doc["version"])
	runs := doc["runs"].([]any)
	require.Len(t, runs, 1)
	run := runs[0].(map[string]any)
	driver := run["tool"].(map[string]any)["driver"].(map[string]any)
	assert.Equal(t, "stackaudit", driver["name"])
	assert.Equal(t, "1.0.0", driver["semanticVersion"])

	allowed := map[string]bool{"9.5": true, "8.0": true, "5.5": true, "2.0": true}
	ruleIDs := map[string]bool{}
	for _, raw := range driver["rules"].([]any) {
		r := raw.(map[string]any)
		id := r["id"].(string)
		ruleIDs[id] = true
		assert.NotEmpty(t, r["shortDescription"].(map[string]any)["text"], id)
		assert.NotEmpty(t, r["fullDescription"].(map[string]any)["text"], id)
		help := r["help"].(map[string]any)
		assert.NotEmpty(t, help["text"], id)
		assert.NotEmpty(t, help["markdown"], id)
		if policies.Lookup(id) != nil {
			assert.Equal(t, "https://github.com/stackaudit/stackaudit/blob/main/docs/rules/"+id+".md", r["helpUri"], id)
		}
		props := r["properties"].(map[string]any)
		if sev, ok := props["security-severity"]; ok {
			s, isString := sev.(string)
			assert.True(t, isString, "%s: security-severity must be a string, got %T", id, sev)
			assert.True(t, allowed[s], "%s: security-severity %q", id, s)
		}
	}

	results := run["results"].([]any)
	require.Len(t, results, len(res.Findings))
	suppressed := 0
	for i, raw := range results {
		r := raw.(map[string]any)
		assert.True(t, ruleIDs[r["ruleId"].(string)], "result %d names a rule of the driver", i)
		assert.Contains(t, []string{"error", "warning", "note"}, r["level"])
		assert.NotEmpty(t, r["message"].(map[string]any)["text"])
		locs := r["locations"].([]any)
		require.NotEmpty(t, locs, "result %d has a location", i)
		pl := locs[0].(map[string]any)["physicalLocation"].(map[string]any)
		uri := pl["artifactLocation"].(map[string]any)["uri"].(string)
		assert.True(t, strings.HasPrefix(uri, "examples/acme/"), "relative to the repository root: %s", uri)
		assert.False(t, strings.HasPrefix(uri, "/") || strings.Contains(uri, ":"), uri)
		assert.GreaterOrEqual(t, pl["region"].(map[string]any)["startLine"].(float64), 1.0)
		fp := r["partialFingerprints"].(map[string]any)
		assert.NotEmpty(t, fp["primaryLocationLineHash"])
		assert.Equal(t, res.Findings[i].Fingerprint, fp["stackaudit/v1"])
		if sup, ok := r["suppressions"]; ok {
			suppressed++
			s := sup.([]any)[0].(map[string]any)
			assert.Equal(t, "external", s["kind"])
			assert.NotEmpty(t, s["justification"])
		}
	}
	assert.Equal(t, res.Summary.Waived, suppressed, "every waived finding is suppressed")
	assert.Positive(t, suppressed)
}
