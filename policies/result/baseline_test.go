package result_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
)

func TestDecodeBaselineRejectsBadInput(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"empty":          {"  \n", "is empty"},
		"not json":       {"nope", "is not a JSON result"},
		"no schema":      {`{"findings": []}`, `has no "schema" field`},
		"other schema":   {`{"schema": "stackaudit.result/v0", "findings": []}`, `has schema "stackaudit.result/v0"`},
		"snapshot given": {`{"schema": "stackaudit.snapshot/v1", "tools": {}}`, `has schema "stackaudit.snapshot/v1"`},
		"no fingerprint": {`{"schema": "stackaudit.result/v1", "findings": [{"rule": "x"}]}`, "without a fingerprint"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := result.DecodeBaseline(strings.NewReader(c.in), "base.json")
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), "base.json")
		})
	}
}

// TestBaselineMarksNewAndExisting: findings of the baseline are existing and
// do not fail; a new one is new and does.
func TestBaselineMarksNewAndExisting(t *testing.T) {
	files := map[string]string{"a.hcl": "tool \"a\" {\n  category = \"crm\"\n}\n"}
	first := policytest.Evaluate(t, policytest.LoadInventory(t, files), nil)
	require.True(t, first.Failing(result.High))
	js, err := json.Marshal(first)
	require.NoError(t, err)
	b, err := result.DecodeBaseline(bytes.NewReader(js), "base.json")
	require.NoError(t, err)

	res, diags := policies.Evaluate(policytest.LoadInventory(t, files), nil, policies.Options{AsOf: policytest.AsOf, Baseline: b})
	require.False(t, diags.HasErrors())
	assert.False(t, res.Failing(result.High), "unchanged inventory passes with its baseline")
	for _, f := range res.Findings {
		assert.Equal(t, "existing", f.Baseline)
	}

	files["b.hcl"] = "tool \"b\" {\n  category = \"crm\"\n}\n"
	res, _ = policies.Evaluate(policytest.LoadInventory(t, files), nil, policies.Options{AsOf: policytest.AsOf, Baseline: b})
	assert.True(t, res.Failing(result.High), "a new high finding fails")
	var fresh []string
	for _, f := range res.Findings {
		if f.Baseline == "new" {
			fresh = append(fresh, f.Subjects[0].String())
		}
	}
	assert.Contains(t, fresh, "tool.b")
	assert.NotContains(t, fresh, "tool.a")
}

// FuzzDecodeBaseline: any bytes give a baseline or an error naming the file.
func FuzzDecodeBaseline(f *testing.F) {
	f.Add([]byte(`{"schema": "stackaudit.result/v1", "findings": [{"fingerprint": "abc"}]}`))
	f.Add([]byte(`{"schema": "stackaudit.result/v1", "findings": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := result.DecodeBaseline(bytes.NewReader(data), "fuzz.json")
		if err != nil && !strings.Contains(err.Error(), "fuzz.json") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
