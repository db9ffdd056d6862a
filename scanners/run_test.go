package scanners_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const canary = "pat-eu1-CANARY-0d5e6f7a8b9c"

func tool(id, kind, tokenEnv string) string {
	te := ""
	if tokenEnv != "" {
		te = fmt.Sprintf("token_env = %q", tokenEnv)
	}
	return fmt.Sprintf(`
tool %q {
  name     = %q
  vendor   = "Vendor"
  category = "marketing-automation"
  scan %q {
    %s
  }
}
`, id, id, kind, te)
}

func TestRunRecordsEachToolsOutcome(t *testing.T) {
	inv := scantest.Load(t, tool("hs_ok", "hubspot", "HUBSPOT_TOKEN")+
		tool("hs_bad", "hubspot", "HUBSPOT_EU_TOKEN")+
		tool("hs_unset", "hubspot", "HUBSPOT_APAC_TOKEN")+
		tool("panics", "slack", "SLACK_TOKEN")+
		tool("nobody", "segment", "SEGMENT_TOKEN"))
	sb := hubspot.Simulator().New(hubspot.SandboxSeed{
		Access: sandbox.Access{Token: "good-token-123"},
		Users:  []hubspot.SandboxUser{{ID: "1", Email: "a@acme.example"}, {ID: "2", Email: "b@acme.example"}, {ID: "3", Email: "c@acme.example"}},
		Logins: []hubspot.SandboxLogin{
			{UserID: 1, LoginAt: scantest.AsOf().Add(-time.Hour), Succeeded: true},
			{UserID: 2, LoginAt: scantest.AsOf().AddDate(0, 0, -45), Succeeded: true},
			{UserID: 3, LoginAt: scantest.AsOf().AddDate(0, 0, -1), Succeeded: false},
		},
	}, sandbox.Faults{})
	ctx := context.Background()
	urls, stop, err := sb.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	var log scantest.Log
	reg := registry.Registry()
	reg["slack"] = panicky{}
	delete(reg, "segment")
	httpOpts := scantest.Fast()
	httpOpts.Logf = log.Logf
	env := map[string]string{"HUBSPOT_TOKEN": "good-token-123", "HUBSPOT_EU_TOKEN": canary, "SLACK_TOKEN": canary}
	var seen atomic.Int32
	snap, results := scanners.Run(ctx, inv, scanners.RunOptions{
		Scanners:  reg,
		AsOf:      scantest.AsOf(),
		Now:       func() time.Time { return scantest.AsOf() },
		Getenv:    func(k string) string { return env[k] },
		Endpoints: urls,
		HTTP:      httpOpts,
		OnResult:  func(scanners.ToolResult) { seen.Add(1) },
	})

	want := map[string]string{"hs_ok": "ok", "hs_bad": "error", "hs_unset": "skipped", "panics": "error", "nobody": "error"}
	if len(results) != len(want) || int(seen.Load()) != len(want) {
		t.Fatalf("%d results, %d progress calls, want %d", len(results), seen.Load(), len(want))
	}
	for _, r := range results {
		if r.Status != want[r.Tool] {
			t.Errorf("%s: status %s, want %s (%v)", r.Tool, r.Status, want[r.Tool], r.Err)
		}
		if got := snap.Tools[r.Tool].Status; got != want[r.Tool] {
			t.Errorf("%s: snapshot status %s", r.Tool, got)
		}
	}
	ok := snap.Tools["hs_ok"]
	if ok.Seats.Assigned != 3 || ok.Active.D30 != 1 || ok.Active.D90 != 2 || ok.Scanner != "hubspot" {
		t.Errorf("hs_ok = %+v", ok)
	}
	if e := snap.Tools["hs_bad"].Error; !strings.Contains(e, "HUBSPOT_EU_TOKEN") || !strings.Contains(e, "401") {
		t.Errorf("hs_bad error %q does not say which token was rejected", e)
	}
	if e := snap.Tools["hs_unset"].Error; e != "environment variable HUBSPOT_APAC_TOKEN is not set" {
		t.Errorf("hs_unset error %q", e)
	}
	if e := snap.Tools["panics"].Error; !strings.Contains(e, "panicked") {
		t.Errorf("panics error %q", e)
	}
	if e := snap.Tools["nobody"].Error; !strings.Contains(e, `no "segment" scanner`) {
		t.Errorf("nobody error %q", e)
	}

	data, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, r := range results {
		if r.Err != nil {
			errs = append(errs, r.Err.Error())
		}
	}
	for where, text := range map[string]string{"snapshot": string(data), "log": log.String(), "results": strings.Join(errs, "\n")} {
		if strings.Contains(text, canary) {
			t.Errorf("the canary token appears in the %s", where)
		}
	}
}

// panicky is a scanner with a bug; its panic message carries the token.
type panicky struct{}

func (panicky) Kind() string                             { return "slack" }
func (panicky) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (panicky) Scan(_ context.Context, t *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	panic("boom with " + env.Getenv(t.Scan.TokenEnv))
}

// counting records how many scans run at once. Each scan waits until two
// have been seen at once (or a generous bound passes, so that a run that
// never overlaps fails rather than hangs): whether scans overlap does not
// depend on how fast the machine is.
type counting struct {
	mu       sync.Mutex
	cur, max int
	two      chan struct{} // closed when two scans ran at once
}

func newCounting() *counting { return &counting{two: make(chan struct{})} }

func (*counting) Kind() string                             { return "csv" }
func (*counting) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (c *counting) Scan(ctx context.Context, _ *inventory.Tool, _ scanners.Env) (*usage.ToolUsage, error) {
	c.mu.Lock()
	c.cur++
	if c.cur == 2 && c.max < 2 {
		close(c.two)
	}
	c.max = max(c.max, c.cur)
	c.mu.Unlock()
	select {
	case <-c.two:
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
	}
	c.mu.Lock()
	c.cur--
	c.mu.Unlock()
	return &usage.ToolUsage{}, nil
}

func TestRunConcurrencyAndOnly(t *testing.T) {
	var src strings.Builder
	for i := range 6 {
		src.WriteString(tool(fmt.Sprintf("t%d", i), "csv", ""))
	}
	inv := scantest.Load(t, src.String())
	c := newCounting()
	_, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners: map[string]scanners.Scanner{"csv": c}, Concurrency: 2, AsOf: scantest.AsOf(),
	})
	if len(results) != 6 || c.max != 2 {
		t.Errorf("%d results, at most %d at once; want 6 and 2", len(results), c.max)
	}
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners: map[string]scanners.Scanner{"csv": c}, Only: []string{"t3"}, AsOf: scantest.AsOf(),
	})
	if len(results) != 1 || results[0].Tool != "t3" || len(snap.Tools) != 1 {
		t.Errorf("--only t3 scanned %v", results)
	}
}

func TestRunCancelled(t *testing.T) {
	inv := scantest.Load(t, tool("t", "csv", ""))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	snap, _ := scanners.Run(ctx, inv, scanners.RunOptions{Scanners: map[string]scanners.Scanner{"csv": newCounting()}})
	if snap.Tools["t"].Status != usage.StatusError {
		t.Errorf("a cancelled run recorded %+v", snap.Tools["t"])
	}
}

func TestValidateAll(t *testing.T) {
	inv := scantest.Load(t, tool("a", "hubspot", "")+tool("b", "okta", "OKTA_TOKEN")+`
discovery "segment" {
  token_env = "SEGMENT_TOKEN"
}
`)
	reg := registry.Registry()
	delete(reg, "okta")
	diags := scanners.Validate(inv, reg, map[string]scanners.Discoverer{})
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	if strings.Join(got, "|") != "Missing token_env|Discoverer not available|Scanner not available" {
		t.Errorf("diagnostics %q", got)
	}
}

// TestRunAcmeAgainstSandbox scans the example inventory's HubSpot tool
// against the simulator, end to end, and writes and reads the snapshot.
func TestRunAcmeAgainstSandbox(t *testing.T) {
	inv, diags := inventory.Load("../examples/acme")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if diags := scanners.Validate(inv, registry.Registry(), registry.Discoverers()); diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	sb := hubspot.Simulator().New(hubspot.SandboxSeed{
		Access: sandbox.Access{Token: "sandbox-token"}, Users: []hubspot.SandboxUser{{ID: "1", Email: "dana.kim@acme.example"}},
		Logins: []hubspot.SandboxLogin{{UserID: 1, LoginAt: scantest.AsOf().AddDate(0, 0, -2), Succeeded: true}},
	}, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners: registry.Registry(), Only: []string{"hubspot"}, AsOf: scantest.AsOf(), Endpoints: urls, HTTP: scantest.Fast(),
		Getenv: func(k string) string {
			if k == "HUBSPOT_TOKEN" {
				return "sandbox-token"
			}
			return ""
		},
	})
	if len(results) != 1 || results[0].Status != usage.StatusOK {
		t.Fatalf("results %+v", results)
	}
	path := t.TempDir() + "/snap.json"
	if err := usage.Write(path, snap); err != nil {
		t.Fatal(err)
	}
	back, err := usage.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if u := back.Tools["hubspot"]; u.Active.D30 != 1 || u.Seats.Assigned != 1 || len(u.Users) != 1 {
		t.Errorf("read back %+v", u)
	}
}

// fixed is a scanner that measures one user of its tool, and a
// discoverer that finds one app.
type fixed struct{ kind string }

func (f fixed) Kind() string                           { return f.kind }
func (fixed) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (fixed) Scan(_ context.Context, t *inventory.Tool, _ scanners.Env) (*usage.ToolUsage, error) {
	la := scantest.AsOf().Add(-time.Hour)
	return &usage.ToolUsage{Seats: usage.Seats{Assigned: 1}, Users: []usage.User{{ID: "u-" + t.ID, Email: "New@Acme.example", LastActive: &la}}}, nil
}

type fixedDiscoverer struct{ fixed }

func (fixedDiscoverer) Validate(*inventory.Discovery) hcl.Diagnostics { return nil }
func (fixedDiscoverer) Discover(context.Context, *inventory.Discovery, scanners.Env) (*usage.Discovered, error) {
	return &usage.Discovered{Tools: []usage.DiscoveredTool{{Source: "okta", Name: "Fresh app"}}}, nil
}

// TestRunCarriesForward: a run with some tokens unset keeps the previous
// snapshot's data for exactly those tools and sources, dated and with the
// reason; --only keeps the tools it leaves out; the measured ones are new
// (and pseudonymized when asked).
func TestRunCarriesForward(t *testing.T) {
	inv := scantest.Load(t, tool("measured", "hubspot", "HUBSPOT_TOKEN")+tool("unset", "hubspot", "HUBSPOT_EU_TOKEN")+
		tool("never", "hubspot", "HUBSPOT_APAC_TOKEN")+`
discovery "okta" {
  host      = "acme.okta.com"
  token_env = "OKTA_TOKEN"
}
discovery "segment" {
  token_env = "SEGMENT_TOKEN"
}
`)
	aug := time.Date(2026, 8, 1, 6, 0, 0, 0, time.UTC)
	prevUsage := func() *usage.ToolUsage {
		return &usage.ToolUsage{Scanner: "hubspot", Status: usage.StatusOK, Seats: usage.Seats{Assigned: 7}, Active: usage.Active{D30: 5, D90: 6},
			Users: []usage.User{{ID: "9", Email: "old@acme.example"}}}
	}
	prev := func() *usage.Snapshot {
		return &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{"measured": prevUsage(), "unset": prevUsage()},
			Discovered: usage.Discovered{Tools: []usage.DiscoveredTool{{Source: "okta", Name: "Old app"}},
				Flows: []usage.DiscoveredFlow{{Source: "segment", From: "web", To: "Mixpanel"}}}}
	}
	opts := func(env map[string]string, only ...string) scanners.RunOptions {
		return scanners.RunOptions{
			Scanners:    map[string]scanners.Scanner{"hubspot": fixed{"hubspot"}},
			Discoverers: map[string]scanners.Discoverer{"okta": fixedDiscoverer{fixed{"okta"}}, "segment": fixedDiscoverer{fixed{"segment"}}},
			AsOf:        scantest.AsOf(), Now: func() time.Time { return scantest.AsOf() }, Getenv: func(k string) string { return env[k] },
			Previous: prev(), Only: only,
		}
	}

	snap, results := scanners.Run(context.Background(), inv, opts(map[string]string{"HUBSPOT_TOKEN": "x", "OKTA_TOKEN": "x"}))
	if len(results) != 5 {
		t.Fatalf("%d results", len(results))
	}
	if u := snap.Tools["measured"]; u.Carried != "" || u.MeasuredAt != nil || u.Seats.Assigned != 1 {
		t.Errorf("measured tool = %+v, want fresh data", u)
	}
	u := snap.Tools["unset"]
	if !u.Measured() || u.Seats.Assigned != 7 || u.Carried != "token unset: HUBSPOT_EU_TOKEN" || u.MeasuredAt == nil || !u.MeasuredAt.Equal(aug) {
		t.Errorf("unset tool = %+v, want its August data carried", u)
	}
	if u := snap.Tools["never"]; u.Status != usage.StatusSkipped || u.Carried != "" {
		t.Errorf("never-measured tool = %+v, want skipped, nothing carried", u)
	}
	names := func(d usage.Discovered) []string {
		var out []string
		for _, t := range d.Tools {
			out = append(out, t.Source+":"+t.Name)
		}
		for _, f := range d.Flows {
			out = append(out, f.Source+":"+f.To)
		}
		return out
	}
	if got := fmt.Sprint(names(snap.Discovered)); got != "[okta:Fresh app segment:Mixpanel]" {
		t.Errorf("discovered %s, want okta's fresh app and segment's carried flow", got)
	}
	if got := fmt.Sprint(snap.Discovered.Carried); !strings.Contains(got, "segment") || !strings.Contains(got, "token unset: SEGMENT_TOKEN") || strings.Contains(got, "okta") {
		t.Errorf("carried sources %s", got)
	}
	if fmt.Sprint(snap.Discovered.Measured) != "[okta]" {
		t.Errorf("measured sources %v", snap.Discovered.Measured)
	}

	// --only: the tools and sources left out keep their data.
	snap, _ = scanners.Run(context.Background(), inv, opts(map[string]string{"HUBSPOT_TOKEN": "x"}, "measured"))
	if u := snap.Tools["unset"]; u.Carried != "not scanned: --only" {
		t.Errorf("--only: unset = %+v", u)
	}
	if got := fmt.Sprint(names(snap.Discovered)); got != "[okta:Old app segment:Mixpanel]" {
		t.Errorf("--only: discovered %s", got)
	}

	// Pseudonymized: fresh users are pseudonyms, carried ones too once
	// matched.
	p, err := usage.NewPseudonymizer([]byte("0123456789abcdef0123"))
	if err != nil {
		t.Fatal(err)
	}
	o := opts(map[string]string{"HUBSPOT_TOKEN": "x"})
	o.Pseudonymizer = p
	if w := usage.MatchPseudonyms(o.Previous, p); w != "" {
		t.Fatal(w)
	}
	snap, _ = scanners.Run(context.Background(), inv, o)
	if snap.Pseudonyms == nil || snap.Pseudonyms.KeyFingerprint != p.Fingerprint() {
		t.Errorf("pseudonyms = %+v", snap.Pseudonyms)
	}
	if got, want := snap.Tools["measured"].Users[0].Email, p.Email("new@acme.example"); got != want {
		t.Errorf("fresh user %q, want %q", got, want)
	}
	if got, want := snap.Tools["unset"].Users[0].Email, p.Email("old@acme.example"); got != want {
		t.Errorf("carried user %q, want %q", got, want)
	}
	raw, _ := json.Marshal(snap)
	if strings.Contains(string(raw), "acme.example") {
		t.Errorf("a pseudonymized snapshot holds an email: %s", raw)
	}
}
