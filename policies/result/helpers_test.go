package result_test

import "github.com/stackaudit/stackaudit/policies/internal/policytest"

var (
	asOf          = policytest.AsOf
	loadInventory = policytest.LoadInventory
	snapshotJSON  = policytest.SnapshotJSON
	evaluate      = policytest.Evaluate
)
