// Package scantest has helpers shared by the scanner tests: loading a small
// inventory from HCL text and test-speed client options.
package scantest

import (
	"github.com/hashicorp/hcl/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
)

// Load writes src as main.hcl in a temporary directory and loads it; any
// error diagnostic fails the test.
func Load(t testing.TB, src string) *inventory.Inventory {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		t.Fatalf("load inventory: %s", diags.Error())
	}
	return inv
}

// Fast are client options with millisecond backoffs and short timeouts, so
// that retry and timeout tests take well under a second each.
func Fast() scanners.ClientOptions {
	return scanners.ClientOptions{
		Timeout:       2 * time.Second,
		Retries:       3,
		MinBackoff:    time.Millisecond,
		MaxBackoff:    5 * time.Millisecond,
		MaxRetryAfter: 3 * time.Second,
	}
}

// ValidateErrors validates the scan block of a one-tool inventory written
// with the given kind, token_env (omitted when empty) and extra settings,
// and returns the summaries of its errors, failing the test for an error
// without a source range.
func ValidateErrors(t testing.TB, s scanners.Scanner, tokenEnv, body string) []string {
	t.Helper()
	src := "tool \"t\" {\n  category = \"crm\"\n  scan \"" + s.Kind() + "\" {\n"
	if tokenEnv != "" {
		src += "    token_env = \"" + tokenEnv + "\"\n"
	}
	src += "    " + body + "\n  }\n}\n"
	var got []string
	for _, d := range s.Validate(Load(t, src).Tool("t").Scan) {
		if d.Severity == hcl.DiagError {
			got = append(got, d.Summary)
			if d.Subject == nil || d.Subject.Filename == "" {
				t.Errorf("diagnostic %q has no subject range", d.Summary)
			}
		}
	}
	return got
}
