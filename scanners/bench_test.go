package scanners_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// BenchmarkScan200Tools scans 200 HubSpot tools against the simulator with
// 50 ms of latency on every request and 5 pages per tool, and compares the
// wall time with the ideal one that the concurrency and the rate limit
// allow (target: within 1.3×). One case is bound by the rate limit, the
// other by the concurrency.
func BenchmarkScan200Tools(b *testing.B) {
	const (
		tools   = 200
		pages   = 5
		latency = 50 * time.Millisecond
	)
	cases := []struct {
		name        string
		concurrency int
		limit       rate.Limit
	}{
		{"rate-bound", 32, 200},
		{"concurrency-bound", 16, 10_000},
	}
	var src strings.Builder
	for i := range tools {
		fmt.Fprintf(&src, "tool \"t%03d\" {\n  category = \"crm\"\n  scan \"hubspot\" {\n    token_env = \"HUBSPOT_TOKEN\"\n    logins    = false\n  }\n}\n", i)
	}
	inv := scantest.Load(b, src.String())
	seed := hubspot.SandboxSeed{Access: sandbox.Access{Token: "bench-token", PageSize: 100}}
	for i := range pages * 100 {
		seed.Users = append(seed.Users, hubspot.SandboxUser{ID: fmt.Sprint(i + 1), Email: fmt.Sprintf("u%d@acme.example", i)})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			requests := tools * pages
			burst := max(1, int(c.limit))
			concBound := time.Duration((tools+c.concurrency-1)/c.concurrency*pages) * latency
			rateBound := time.Duration(float64(max(0, requests-burst))/float64(c.limit)*float64(time.Second)) + latency
			ideal := max(concBound, rateBound)
			var worst time.Duration
			for b.Loop() {
				sb := hubspot.Simulator().New(seed, sandbox.Faults{Latency: latency})
				urls, stop, err := sb.Start(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
					Scanners: registry.Registry(), Concurrency: c.concurrency, AsOf: scantest.AsOf(),
					Getenv:    func(string) string { return "bench-token" },
					Endpoints: urls, Limits: map[string]rate.Limit{"hubspot": c.limit},
				})
				elapsed := time.Since(start)
				stop()
				worst = max(worst, elapsed)
				for _, r := range results {
					if r.Status != usage.StatusOK || snap.Tools[r.Tool].Seats.Assigned != pages*100 {
						b.Fatalf("%s: %s %v", r.Tool, r.Status, r.Err)
					}
				}
				if n := len(sb.Requests()); n != requests {
					b.Fatalf("%d requests, want %d", n, requests)
				}
			}
			ratio := worst.Seconds() / ideal.Seconds()
			b.ReportMetric(ideal.Seconds(), "ideal-s")
			b.ReportMetric(worst.Seconds(), "wall-s")
			b.ReportMetric(ratio, "x-ideal")
			b.Logf("%s: %d tools × %d pages, %s latency, concurrency %d, %g req/s: ideal %s, measured %s (%.2f×; target ≤ 1.3×)",
				c.name, tools, pages, latency, c.concurrency, float64(c.limit), ideal.Round(time.Millisecond), worst.Round(time.Millisecond), ratio)
		})
	}
}

// BenchmarkScanLiveMemoryPerUser scans one HubSpot portal of 100,000 users
// in-process and reports the heap the result keeps alive per user, after
// a GC: what a scan must hold (each seat holder, for the snapshot), apart
// from the per-page garbage and GC headroom the process benchmark's peak
// RSS includes.
func BenchmarkScanLiveMemoryPerUser(b *testing.B) {
	const n = 100_000
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	seed := hubspot.SandboxSeed{Access: sandbox.Access{Token: "bench-token"}}
	for i := range n {
		seed.Users = append(seed.Users, hubspot.SandboxUser{ID: fmt.Sprint(i + 1), Email: fmt.Sprintf("user%d@acme.example", i)})
		seed.Logins = append(seed.Logins, hubspot.SandboxLogin{ID: fmt.Sprint(i), UserID: i + 1, Email: fmt.Sprintf("user%d@acme.example", i), LoginAt: at, Succeeded: true})
	}
	urls, stop, err := hubspot.Simulator().New(seed, sandbox.Faults{}).Start(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	inv := scantest.Load(b, "tool \"h\" {\n  category = \"crm\"\n  scan \"hubspot\" {\n    token_env = \"T\"\n  }\n}\n")
	var perUser float64
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		snap, _ := scanners.Run(context.Background(), inv, scanners.RunOptions{Scanners: registry.Registry(), AsOf: at,
			Getenv: func(string) string { return "bench-token" }, Endpoints: urls, Limits: map[string]rate.Limit{"hubspot": 10_000}})
		runtime.GC()
		runtime.ReadMemStats(&after)
		if got := len(snap.Tools["h"].Users); got != n {
			b.Fatalf("%d users", got)
		}
		perUser = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		runtime.KeepAlive(snap)
	}
	b.ReportMetric(perUser, "live-B/user")
}
