// Package goldenfile compares test output with committed golden files, or
// rewrites them when the test package's -update flag is set. [Text] is the
// entry point; [Read] serves comparisons other than plain text (JSON by
// meaning). It is imported by tests only.
//
// Each test package keeps its own -update flag (flags are per binary) and
// passes its value in, so the rewrite and the message are written once.
package goldenfile

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
)

// Read returns the content of the golden file at path, with ok true. With
// update it writes got there instead and returns ok false: there is
// nothing to compare.
func Read(tb testing.TB, path string, got []byte, update bool) (want []byte, ok bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return nil, false
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("missing golden file; run the package's tests with -update: %v", err)
	}
	return want, true
}

// Text compares got with the golden file at path as text, with a unified
// diff on mismatch, or rewrites the file with update.
func Text(tb testing.TB, path, got string, update bool) {
	tb.Helper()
	if want, ok := Read(tb, path, []byte(got), update); ok && string(want) != got {
		tb.Errorf("output differs from %s (run with -update to accept):\n%s", path, diff.Diff(path, want, "got", []byte(got)))
	}
}
