// Package scantest has helpers shared by the scanner tests: loading a small
// inventory from HCL text, client options on a fake clock (Fast, Clock), a
// log collector and a refused address. No scanner test waits for, or
// measures, the wall clock: a test asserts the waits a Clock recorded.
//
// Conformance is the suite every scanner kind runs against its own vendor
// (a Vendor): the faults and limits common to all vendors, asserted as
// errors, request counts and requested waits. Vendor.Run runs a kind once
// against a handler or its simulator serving a seed, on the inventory
// Vendor.ToolHCL writes, for the kind's own tests; Activity, Fetch and the
// checks in check.go are what those tests assert with.
package scantest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// Fast are the default client options with three retries on a fresh
// Clock: every wait (rate limiter, backoff, Retry-After, rate-limit
// resets) is recorded and returns at once. Timeout, the one real-time
// bound, stays long enough for a loaded machine; tests of timeouts
// shorten it.
func Fast() scanners.ClientOptions {
	return NewClock().Options(scanners.ClientOptions{Timeout: 10 * time.Second, Retries: 3})
}

// Behind are Fast() options whose Now reads d earlier than the fake time
// their waits advance: a machine whose clock is behind, for the tests of
// short-lived signed assertions.
func Behind(d time.Duration) *scanners.ClientOptions {
	c := NewClock()
	o := c.Options(Fast())
	o.Now = func() time.Time { return c.Now().Add(-d) }
	return &o
}

// Clock is a fake clock and sleeper for ClientOptions: Sleep records the
// wait and moves Now forward by it, without waiting. It starts at the real
// time, because the vendor simulators stamp their rate-limit resets with
// the real clock. It is safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// NewClock returns a Clock at the current time.
func NewClock() *Clock { return &Clock{now: time.Now()} }

// Options returns o with c as its clock and sleeper.
func (c *Clock) Options(o scanners.ClientOptions) scanners.ClientOptions {
	o.Now, o.Sleep = c.Now, c.Sleep
	return o
}

// Now is the fake time: the start plus every wait so far.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d and advances the clock by it, unless ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

// Sleeps are the waits asked for so far, in order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Slept is the sum of the waits so far.
func (c *Clock) Slept() time.Duration {
	var sum time.Duration
	for _, d := range c.Sleeps() {
		sum += d
	}
	return sum
}

// ValidateErrors validates the scan block of a one-tool inventory written
// with k's scanner, token_env (omitted when empty) and extra settings,
// and returns the summaries of its errors, failing the test for an error
// without a source range.
func ValidateErrors(t testing.TB, k scanners.Kind, tokenEnv, body string) []string {
	t.Helper()
	src := "tool \"t\" {\n  category = \"crm\"\n  scan \"" + k.Name + "\" {\n"
	if tokenEnv != "" {
		src += "    token_env = \"" + tokenEnv + "\"\n"
	}
	src += "    " + body + "\n  }\n}\n"
	var got []string
	for _, d := range k.Scanner.Validate(Load(t, src).Tool("t").Scan) {
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
	return "http://" + refusedAddr(t) + path
}
