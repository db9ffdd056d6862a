package inventory_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// BenchmarkLoad loads synthetic inventories of 1k, 10k and 100k flows (with
// a tenth as many tools) to show that load time grows linearly: ns/block
// should stay flat across sizes.
func BenchmarkLoad(b *testing.B) {
	cat, err := catalog.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, flows := range []int{1_000, 10_000, 100_000} {
		s := synth.Size{Tools: flows / 10, Flows: flows, Teams: max(5, flows/200), Files: 100}
		b.Run(fmt.Sprintf("flows=%d", flows), func(b *testing.B) {
			dir := b.TempDir()
			if err := synth.Write(dir, s); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := inventory.Load(dir, inventory.WithCatalog(cat)); diags.HasErrors() {
					b.Fatal(diags.Error())
				}
			}
			blocks := s.Tools + s.Flows + s.Teams
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(blocks), "ns/block")
		})
	}
}

// BenchmarkTeamParentChain loads one long chain of parent teams, 1,000 to
// 16,000 deep, ending in a cycle: the cycle check walks each team once, so
// ns/team stays flat (it walked the chain again from every team, 13–52 s at
// 16,000).
func BenchmarkTeamParentChain(b *testing.B) {
	cat, err := catalog.Load()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1_000, 4_000, 16_000} {
		b.Run(fmt.Sprintf("teams=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			var src strings.Builder
			for i := range n {
				// t0 → t1 → … → t(n-1) → t(n-2): the last two form a cycle.
				parent := i + 1
				if i == n-1 {
					parent = n - 2
				}
				fmt.Fprintf(&src, "team \"t%d\" {\n  parent = team.t%d\n}\n", i, parent)
			}
			if err := os.WriteFile(filepath.Join(dir, "teams.hcl"), []byte(src.String()), 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				_, diags := inventory.Load(dir, inventory.WithCatalog(cat))
				if len(diags) != 1 || diags[0].Summary != "Team parent cycle" {
					b.Fatalf("want one cycle error, got %v", diags)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/team")
		})
	}
}
