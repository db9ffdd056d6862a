package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// TestJSONEmptyListsAreArrays: no list is ever null, at any depth.
func TestJSONEmptyListsAreArrays(t *testing.T) {
	r := &result.Result{
		Findings: []result.Finding{{Rule: "x", Severity: result.Low}},
		Facts: result.Facts{
			Tools:    []*result.ToolFact{{ID: "a"}},
			Overlaps: []*result.Overlap{{}},
		},
	}
	out := render(t, "json", r, report.Options{})
	assert.NotContains(t, out, "null")
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, result.Schema, doc["schema"])
	for _, key := range []string{"findings", "tools", "overlaps", "renewals", "gaps"} {
		assert.IsType(t, []any{}, doc[key], key)
	}
	f := doc["findings"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{}, f["subjects"])
	tool := doc["tools"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{}, tool["objectives"])
	ov := doc["overlaps"].([]any)[0].(map[string]any)
	for _, key := range []string{"capabilities", "tools", "shared_users"} {
		assert.Equal(t, []any{}, ov[key], key)
	}
	summary := doc["summary"].(map[string]any)
	for _, key := range []string{"findings", "counting"} {
		assert.Equal(t, map[string]any{"critical": 0.0, "high": 0.0, "medium": 0.0, "low": 0.0, "info": 0.0}, summary[key], key)
	}
	// The Result itself is untouched.
	assert.Nil(t, r.Findings[0].Subjects)
	assert.Nil(t, r.Tools[0].Objectives)
	assert.Nil(t, r.Renewals)

	// A Result with nothing at all.
	out = render(t, "json", &result.Result{}, report.Options{})
	assert.NotContains(t, out, "null")
	assert.Contains(t, out, `"findings": []`)
}

// TestJSONRoundTrip: the JSON decodes back into the same Result (with
// relative file names), and serves as a baseline.
func TestJSONRoundTrip(t *testing.T) {
	r := fixture()
	out := render(t, "json", r, fixtureOptions())
	var back result.Result
	require.NoError(t, json.Unmarshal([]byte(out), &back))
	require.Len(t, back.Findings, len(r.Findings))
	for i, f := range r.Findings {
		b := back.Findings[i]
		assert.Equal(t, f.Message, b.Message, "messages survive byte for byte")
		assert.Equal(t, f.Fingerprint, b.Fingerprint)
		assert.Equal(t, f.Subjects, b.Subjects)
		assert.Equal(t, f.Waiver != nil, b.Waiver != nil)
		if f.Location.File != "" {
			assert.Equal(t, strings.TrimPrefix(f.Location.File, file("")+"/"), b.Location.File)
			assert.True(t, strings.HasPrefix(b.Location.File, "tools/"), b.Location.File)
		}
	}
	assert.True(t, r.Summary.AnnualSpend.Equal(back.Summary.AnnualSpend))
	assert.Equal(t, "Acme Corp", back.Organization.Name)
	assert.Equal(t, decimal.RequireFromString("27456.5").String(), back.Overlaps[0].EstimatedSaving.String())

	b, err := result.DecodeBaseline(strings.NewReader(out), "result.json")
	require.NoError(t, err, "check --format json is a valid --baseline")
	assert.NotNil(t, b)
}

// TestJSONEscaping: quotes, <, &, newlines and non-Latin text survive, and
// the output is plain UTF-8, not \u escapes.
func TestJSONEscaping(t *testing.T) {
	out := render(t, "json", fixture(), fixtureOptions())
	assert.Contains(t, out, `Tool \"A&B <Ltd>\" | 'quoted' costs > 5 & < 10\nsecond line: 日本語 العربية`)
	var back result.Result
	require.NoError(t, json.Unmarshal([]byte(out), &back))
	found := false
	for _, f := range back.Findings {
		found = found || f.Message == tricky
	}
	assert.True(t, found)
}
