// Package synthtest loads the synthetic inventories of package synth in
// tests and benchmarks: [Inventory] writes one of a given size to a
// temporary folder and loads it; [Dir] only writes it. It is imported by
// tests only.
package synthtest

import (
	"testing"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/inventory"
)

// Dir writes a synthetic inventory of size s to a new temporary folder
// and returns the folder.
func Dir(tb testing.TB, s synth.Size) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := synth.Write(dir, s); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Inventory writes a synthetic inventory of size s (Dir) and loads it; it
// must load without errors.
func Inventory(tb testing.TB, s synth.Size) *inventory.Inventory {
	tb.Helper()
	inv, diags := inventory.Load(Dir(tb, s))
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return inv
}
