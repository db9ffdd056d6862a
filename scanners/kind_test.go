package scanners_test

import (
	"context"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

func TestRateString(t *testing.T) {
	tests := []struct {
		rate scanners.Rate
		want string
	}{
		{scanners.Rate{Limit: 10, Burst: 10}, "10/s, burst 10"},
		{scanners.Rate{Limit: rate.Limit(20.0 / 60), Burst: 5}, "20/min, burst 5"},
		{scanners.Rate{Limit: rate.Limit(100.0 / 60), Burst: 10}, "100/min, burst 10"},
		{scanners.Rate{Limit: rate.Limit(5000.0 / 3600), Burst: 10}, "5,000/h, burst 10"},
		{scanners.Rate{Limit: rate.Limit(1.0 / 7200), Burst: 1}, "0.000139/s, burst 1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.rate.String())
	}
}

// seatsOnly reports users without any activity date.
type seatsOnly struct{ kind string }

func (s seatsOnly) Kind() string                           { return s.kind }
func (seatsOnly) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (seatsOnly) Scan(context.Context, *inventory.Tool, scanners.Env) (*usage.ToolUsage, error) {
	return &usage.ToolUsage{Users: []usage.User{{ID: "1"}}}, nil
}

type noDiscovery struct{ kind string }

func (d noDiscovery) Kind() string                                { return d.kind }
func (noDiscovery) Validate(*inventory.Discovery) hcl.Diagnostics { return nil }
func (noDiscovery) Discover(context.Context, *inventory.Discovery, scanners.Env) (*usage.Discovered, error) {
	return &usage.Discovered{}, nil
}

// TestRunUsesTheKinds: Run takes the scanners, discoverers and activity
// rules from Kinds, and CountJobs counts what it runs.
func TestRunUsesTheKinds(t *testing.T) {
	inv := scantest.Load(t, tool("a", "alpha", "")+tool("b", "beta", "")+tool("c", "gamma", "")+`
discovery "alpha" {}
`)
	kinds := []scanners.Kind{
		{Name: "alpha", Scanner: seatsOnly{"alpha"}, Discoverer: noDiscovery{"alpha"}, Rate: scanners.Rate{Limit: 1, Burst: 1}, Activity: scanners.Never},
		{Name: "beta", Scanner: seatsOnly{"beta"}, Rate: scanners.Rate{Limit: 1, Burst: 1}, Activity: scanners.Always},
	}
	tests := []struct {
		name       string
		opts       scanners.RunOptions
		jobs       int
		noActivity map[string]bool
	}{
		{"kinds", scanners.RunOptions{Kinds: kinds}, 4, map[string]bool{"a": true, "b": false}},
		{"only", scanners.RunOptions{Kinds: kinds, Only: []string{"a"}}, 1, map[string]bool{"a": true}},
		{"scanners without kinds run no discovery", scanners.RunOptions{Scanners: map[string]scanners.Scanner{"alpha": seatsOnly{"alpha"}}}, 3,
			map[string]bool{"a": false}},
		{"a fake replaces a kind's scanner, keeping its activity rule", scanners.RunOptions{Kinds: kinds, Scanners: map[string]scanners.Scanner{"gamma": seatsOnly{"gamma"}}}, 4,
			map[string]bool{"a": true, "c": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.AsOf = scantest.AsOf()
			jobs := scanners.CountJobs(inv, tt.opts)
			snap, results := scanners.Run(context.Background(), inv, tt.opts)
			assert.Equal(t, tt.jobs, jobs)
			assert.Len(t, results, jobs, "CountJobs counts the results Run reports")
			for id, want := range tt.noActivity {
				if assert.Contains(t, snap.Tools, id) {
					assert.Equal(t, want, snap.Tools[id].NoActivity, "%s no_activity", id)
				}
			}
		})
	}
}

// TestRaiseLimits: a sandbox run raises the limits --rate does not set, and
// the kinds' own extra limits.
func TestRaiseLimits(t *testing.T) {
	raised := 0
	k := scanners.Kind{Name: "alpha", Scanner: seatsOnly{"alpha"}, Rate: scanners.Rate{Limit: 1, Burst: 1}}
	k.Raise = func(limit rate.Limit) scanners.Kind {
		raised++
		r := k
		r.Docs.RateNote = "raised"
		return r
	}
	kinds := []scanners.Kind{k, {Name: "beta", Scanner: seatsOnly{"beta"}}}
	opts := scanners.RunOptions{Kinds: kinds, Limits: map[string]rate.Limit{"beta": 3}}
	opts.RaiseLimits([]string{"alpha", "beta"}, 200)
	assert.Equal(t, map[string]rate.Limit{"alpha": 200, "beta": 3}, opts.Limits)
	assert.Equal(t, 1, raised)
	assert.Equal(t, "raised", opts.Kinds[0].Docs.RateNote)
	assert.Empty(t, kinds[0].Docs.RateNote, "the caller's kinds are left alone")
}
