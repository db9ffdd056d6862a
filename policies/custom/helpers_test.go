package custom_test

import "github.com/stackaudit/stackaudit/policies/internal/policytest"

var (
	asOf          = policytest.AsOf
	loadInventory = policytest.LoadInventory
	snapshotJSON  = policytest.SnapshotJSON
	evaluate      = policytest.Evaluate
	evaluateDiags = policytest.EvaluateDiags
	findingsOf    = policytest.FindingsOf
	subjectsOf    = policytest.SubjectsOf
)
