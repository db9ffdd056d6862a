package resultfixture

import (
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// AcmeAsOf is the audit date of the shipped example's committed snapshot.
func AcmeAsOf() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }

// LoadAcme loads the shipped example, examples/acme below root (the
// repository root as the test's package reaches it, such as ".."), and
// its committed snapshot. The path is the test's own because the findings'
// locations, and so the goldens, carry it.
func LoadAcme(tb testing.TB, root string) (*inventory.Inventory, *usage.Snapshot) {
	tb.Helper()
	dir := root + "/examples/acme"
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	snap, err := usage.Read(dir + "/.stackaudit/snapshots/2026-11-20.json")
	if err != nil {
		tb.Fatal(err)
	}
	return inv, snap
}

// EvaluateAcme evaluates LoadAcme's inventory with its snapshot at
// AcmeAsOf, as `stackaudit check examples/acme --as-of 2026-11-20` does.
func EvaluateAcme(tb testing.TB, root string) (*inventory.Inventory, *result.Result) {
	tb.Helper()
	inv, snap := LoadAcme(tb, root)
	res, diags := policies.Evaluate(inv, snap, policies.Options{AsOf: AcmeAsOf()})
	if diags.HasErrors() {
		tb.Fatal(diags.Error())
	}
	return inv, res
}
