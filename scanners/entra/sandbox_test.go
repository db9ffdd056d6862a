package entra_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/entra"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const sandboxHCL = `discovery "entra_id" {
  tenant_id = "` + tenant + `"
  client_id = "` + clientID + `"
  token_env = "ENTRA_TOKEN"
}

tool "gong" {
  category = "crm"
  scan "entra_id" {
    tenant_id = "` + tenant + `"
    client_id = "` + clientID + `"
    token_env = "ENTRA_TOKEN"
    app_id    = "` + appID + `"
  }
}
`

// TestSandboxReplaysTheSnapshot: `--sandbox` seeds the simulated tenant
// from a snapshot, and scanning it measures what the snapshot recorded:
// the scanned app's users and dates (one inside the sign-in log's 30
// days, one before, one never), and the apps discovery found with their
// users and scopes.
func TestSandboxReplaysTheSnapshot(t *testing.T) {
	asOf := scantest.AsOf()
	recent, old := asOf.Add(-50*time.Hour), asOf.AddDate(0, -3, 0)
	snap := &usage.Snapshot{Schema: usage.SnapshotSchema, TakenAt: asOf, Tools: map[string]*usage.ToolUsage{
		"gong": {Scanner: entra.Kind, Status: usage.StatusOK, Seats: usage.Seats{Assigned: 3}, Users: []usage.User{
			{ID: "u1", Email: "a@acme.example", LastActive: &recent},
			{ID: "u2", Email: "b@acme.example", LastActive: &old},
			{ID: "u3", Email: "c@acme.example"},
		}},
	}, Discovered: usage.Discovered{Tools: []usage.DiscoveredTool{
		{Source: entra.Kind, Name: "Clari", Users: 2, Scopes: []string{"Mail.ReadWrite", "User.Read"},
			Evidence: "Entra app c1a2b3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d (delegated consent by 2 users)"},
		{Source: entra.Kind, Name: "Salesloft", Users: 4, Scopes: []string{},
			Evidence: "Entra enterprise app 4b8d2e90-7c1a-4f3e-a6d5-9e2b1c0f7a34 (4 assigned users)"},
	}}}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(sandboxHCL), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := usage.Write(filepath.Join(dir, ".stackaudit", "snapshots", "2026-11-20.json"), snap); err != nil {
		t.Fatal(err)
	}
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	vendors := []sandbox.Vendor{entra.Simulator()}
	seed, err := sandbox.SeedFor(inv, asOf, vendors)
	if err != nil {
		t.Fatal(err)
	}
	token := sandbox.Credentials(inv, vendors)["ENTRA_TOKEN"]
	if token != sandbox.Token {
		t.Fatalf("credential %q", token)
	}

	v := vendor()
	r := v.MustRun(t, scantest.Setup{Seed: seed[entra.Kind], Token: token, HCL: sandboxHCL})
	got := map[string]*time.Time{}
	for _, u := range r.Usage.Users {
		got[u.Email] = u.LastActive
	}
	if len(got) != 3 || got["a@acme.example"] == nil || !got["a@acme.example"].Equal(recent) ||
		got["b@acme.example"] == nil || !got["b@acme.example"].Equal(old) || got["c@acme.example"] != nil {
		t.Errorf("users = %+v", r.Usage.Users)
	}
	if r.Usage.ActivitySource != usage.ActivityMixed {
		t.Errorf("activity source %q", r.Usage.ActivitySource)
	}

	d := discoverer()
	r = d.Run(t, scantest.Setup{Seed: seed[entra.Kind], Token: token, HCL: strings.SplitAfter(sandboxHCL, "}\n")[0]})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	var lines []string
	for _, tool := range r.Found.Tools {
		lines = append(lines, tool.Name+" "+strings.Join(tool.Scopes, ",")+" "+tool.Evidence)
	}
	want := []string{
		"Clari Mail.ReadWrite,User.Read Entra app c1a2b3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d (delegated consent by 2 users)",
		"gong  Entra enterprise app " + appID + " (3 assigned users)",
		"Salesloft  Entra enterprise app 4b8d2e90-7c1a-4f3e-a6d5-9e2b1c0f7a34 (4 assigned users)",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("discovered:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
