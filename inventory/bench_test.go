package inventory_test

import (
	"fmt"
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
