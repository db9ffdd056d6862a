package workbook_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/stackaudit/stackaudit/internal/goldenfile"
	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/policies/result"
)

// The hand-built Result comes from internal/resultfixture, as report's
// tests take it, so that the workbook goldens show the findings the text
// and SARIF goldens do.

var update = flag.Bool("update", false, "rewrite golden files")

// asOf is the audit date of every test.
var asOf = resultfixture.AcmeAsOf()

// base is the repository root of the hand-built results; their files are
// below it.
var base = filepath.FromSlash(resultfixture.Base)

// golden compares got with testdata/<name>.golden as text, with a unified
// diff on mismatch, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Text(t, filepath.Join("testdata", name+".golden"), got, *update)
}

// acmeCheckResult evaluates the shipped example with its committed
// snapshot, as `stackaudit check examples/acme --as-of 2026-11-20` does.
func acmeCheckResult(t *testing.T) *result.Result {
	t.Helper()
	_, res := resultfixture.EvaluateAcme(t, "..")
	return res
}
