package csv_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
)

// TestConformance: none of the HTTP cases applies; the file's own limits
// (size, symlinks out of the inventory) are in csv_test.go.
func TestConformance(t *testing.T) {
	scantest.Conformance(t, scantest.Vendor{Kind: "csv", Scanner: csv.New(),
		Skip: scantest.SkipAll("it reads a file of the inventory and makes no HTTP call")})
}
