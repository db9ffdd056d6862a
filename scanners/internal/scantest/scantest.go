// Package scantest has helpers shared by the scanner tests: loading a small
// inventory from HCL text, test-speed client options, a log collector, a
// refused address and time budgets that allow for the race detector.
package scantest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

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

// Log collects the log lines of clients that run in many goroutines, for
// tests that check what was logged (never a token, never a query).
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Logf is a ClientOptions.Logf.
func (l *Log) Logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.buf, format+"\n", args...)
}

// String is everything logged so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// RefusedURL is a loopback address nobody listens on, followed by path.
func RefusedURL(t testing.TB, path string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + path
}

// TimeBudget is d, or 5×d under the race detector, which makes each HTTP
// round trip several times slower.
func TimeBudget(d time.Duration) time.Duration {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return 5 * d
			}
		}
	}
	return d
}
