package dashboard

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/inventory"
)

// TestFlowLayout checks the drawing of acme's flows: every tool once, in
// the column of its first journey stage (columns in journey order), no two
// boxes on top of each other, every flow an edge, all inside the picture.
func TestFlowLayout(t *testing.T) {
	inv, res := resultfixture.EvaluateAcme(t, "../..")

	g := layoutFlows(inv, res)
	require.Len(t, g.Edges, len(res.Flows))
	stageRank := map[string]int{}
	for i, s := range inventory.Stages() {
		stageRank[s] = i
	}
	first := func(id string) int {
		r := len(stageRank)
		for _, s := range res.Tool(id).Stages {
			r = min(r, stageRank[s])
		}
		return r
	}
	seen := map[string]bool{}
	at := map[[2]int]string{}
	for _, n := range g.Nodes {
		assert.False(t, seen[n.ID], "%s drawn twice", n.ID)
		seen[n.ID] = true
		if other, ok := at[[2]int{n.X, n.Y}]; ok {
			t.Errorf("%s and %s at the same place", n.ID, other)
		}
		at[[2]int{n.X, n.Y}] = n.ID
		assert.True(t, n.X >= 0 && n.X+nodeW <= g.Width && n.Y >= 0 && n.Y+nodeH <= g.Height, "%s inside the picture", n.ID)
	}
	for _, f := range res.Flows {
		assert.True(t, seen[f.From] && seen[f.To], f.ID)
	}
	for _, a := range g.Nodes {
		for _, b := range g.Nodes {
			if first(a.ID) < first(b.ID) {
				assert.Less(t, a.X, b.X, "%s (stage %d) left of %s (stage %d)", a.ID, first(a.ID), b.ID, first(b.ID))
			}
			if first(a.ID) == first(b.ID) {
				assert.Equal(t, a.X, b.X, "%s and %s in one column", a.ID, b.ID)
			}
		}
	}
	// The same inputs draw the same picture.
	assert.Equal(t, g, layoutFlows(inv, res))
}
