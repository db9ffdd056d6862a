// Package scantest has helpers shared by the scanner tests: loading a small
// inventory from HCL text and test-speed client options.
package scantest

import (
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
