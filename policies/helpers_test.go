package policies_test

import (
	"flag"

	"github.com/stackaudit/stackaudit/policies/internal/policytest"
)

// Shared test helpers for every rule family's tests (policytest holds
// them, for the sub-packages' tests too). Helpers specific to one family
// are prefixed with that family's name.

// update rewrites golden files and generated docs instead of comparing.
var update = flag.Bool("update", false, "rewrite golden files and docs/rules")

var (
	asOf          = policytest.AsOf
	loadInventory = policytest.LoadInventory
	snapshotJSON  = policytest.SnapshotJSON
	evaluate      = policytest.Evaluate
	evaluateDiags = policytest.EvaluateDiags
	findingsOf    = policytest.FindingsOf
	subjectsOf    = policytest.SubjectsOf
	flow          = policytest.Flow
)
