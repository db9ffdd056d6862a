package result_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareWithPreviousResult(t *testing.T) {
	q3 := map[string]string{"a.hcl": `
tool "crm" {
  category = "crm"
  cost {
    amount = 1000
    period = "year"
  }
}
tool "old" {
  category = "crm"
  cost {
    amount = 500
    period = "year"
  }
}
`}
	prevRes := policytest.Evaluate(t, policytest.LoadInventory(t, q3), nil)
	path := filepath.Join(t.TempDir(), "q3.json")
	js, err := json.Marshal(prevRes)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, js, 0o644))

	q4 := map[string]string{"a.hcl": `
team "mops" {
  lead = "dana@acme.example"
}
tool "crm" {
  category = "crm"
  owner    = team.mops
  cost {
    amount = 1200
    period = "year"
  }
}
tool "new" {
  category = "crm"
  owner    = team.mops
  cost {
    amount = 300
    period = "year"
  }
}
`}
	res := policytest.Evaluate(t, policytest.LoadInventory(t, q4), nil)
	prev, err := result.ReadPrevious(path)
	require.NoError(t, err)
	result.Compare(res, prev)
	c := res.Changes
	require.NotNil(t, c)
	assert.False(t, c.UsageOnly)
	assert.Equal(t, "1500", c.SpendBefore.String())
	assert.Equal(t, "0", c.SpendDelta.String()) // 1,500 → 1,200 + 300
	assert.Equal(t, []string{"new"}, c.ToolsAdded)
	assert.Equal(t, []string{"old"}, c.ToolsRemoved)
	var resolved []string
	for _, f := range c.FindingsResolved {
		resolved = append(resolved, f.Rule+" "+f.Subjects[0].String())
	}
	assert.Contains(t, resolved, "tool-without-owner tool.crm")
	assert.Contains(t, resolved, "tool-without-owner tool.old")
	for _, f := range c.FindingsNew {
		assert.NotEqual(t, "tool-without-owner", f.Rule)
	}
}

func TestCompareWithPreviousSnapshot(t *testing.T) {
	files := map[string]string{"a.hcl": "tool \"crm\" {\n  category = \"crm\"\n  cost {\n    amount = 1000\n    period = \"year\"\n    seats  = 10\n  }\n}\n"}
	now := policytest.SnapshotJSON(t, `{"schema": "stackaudit.snapshot/v1", "tools": {"crm": {"status": "ok", "seats": {"assigned": 10}, "active": {"d30": 8, "d90": 9}}}}`)
	res := policytest.Evaluate(t, policytest.LoadInventory(t, files), now)
	path := filepath.Join(t.TempDir(), "q3.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-08-20T06:00:00Z", "tools": {"crm": {"status": "ok", "seats": {"assigned": 10}, "active": {"d30": 4, "d90": 6}}}}`), 0o644))
	prev, err := result.ReadPrevious(path)
	require.NoError(t, err)
	result.Compare(res, prev)
	c := res.Changes
	assert.True(t, c.UsageOnly)
	assert.Equal(t, "2026-08-20", c.PreviousAsOf)
	require.Len(t, c.Utilization, 1)
	assert.InDelta(t, 0.4, c.Utilization[0].Before, 1e-9)
	assert.InDelta(t, 0.8, c.Utilization[0].After, 1e-9)
}

func TestReadPreviousRejectsOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"schema": "something/v1"}`), 0o644))
	_, err := result.ReadPrevious(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "neither a result")
	_, err = result.ReadPrevious(filepath.Join(t.TempDir(), "missing.json"))
	assert.Error(t, err)
}
