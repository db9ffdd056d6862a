package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// sandboxRate is every kind's rate limit against the simulator: it runs on
// loopback, so the vendors' documented limits (some a few calls a minute)
// would only make the demo slow. Real scans keep the documented limits.
const sandboxRate = 200

// useSandbox starts the vendor simulator seeded for inv and points every
// kind of opts at it. The run then reads no credential variable: each
// block's token_env resolves to the simulator's token.
func useSandbox(ctx context.Context, inv *inventory.Inventory, asOf time.Time, opts *scanners.RunOptions) (stop func(), err error) {
	_, stop, err = startSandbox(ctx, inv, asOf, opts)
	return stop, err
}

// startSandbox is useSandbox that also returns the simulator, whose
// Requests a test reads.
func startSandbox(ctx context.Context, inv *inventory.Inventory, asOf time.Time, opts *scanners.RunOptions) (*sandbox.Sandbox, func(), error) {
	vendors := registry.Vendors()
	seed, err := sandbox.SeedFor(inv, asOf, vendors)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: %w", err)
	}
	sb := sandbox.New(vendors, seed, sandbox.Faults{})
	urls, stop, err := sb.Start(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: start the simulator on loopback: %w", err)
	}
	opts.Endpoints = urls
	creds := sandbox.Credentials(inv, vendors)
	opts.Getenv = func(name string) string { return creds[name] }
	opts.RaiseLimits(slices.Collect(maps.Keys(urls)), sandboxRate)
	// Simulated usage is generated for the audit date, so it is taken on
	// that date: stamped with the wall clock, a sandbox snapshot would look
	// newer than --as-of and make the same run write different files.
	opts.Now = func() time.Time { return asOf.UTC() }
	return sb, stop, nil
}
