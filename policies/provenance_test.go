package policies_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
)

// TestUsageProvenance: the result names the snapshot it judged and counts
// the inventory's tools per scanner kind by outcome; a carried tool counts
// as failed or skipped, by why it was not measured again, and as carried.
func TestUsageProvenance(t *testing.T) {
	files := map[string]string{"a.hcl": `
tool "crm" {
  category = "crm"
}
tool "chat" {
  category = "team-chat"
}
tool "mail" {
  category = "email-marketing"
}
tool "ads" {
  category = "crm"
}
tool "web" {
  category = "crm"
}
tool "hr" {
  category = "crm"
}
`}
	inv := policytest.LoadInventory(t, files)
	snap := policytest.SnapshotJSON(t, `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T06:00:00Z", "simulated": true, "tools": {
  "crm":  {"scanner": "salesforce", "status": "ok", "seats": {"assigned": 1}, "active": {"d30": 1, "d90": 1}},
  "ads":  {"scanner": "salesforce", "status": "error", "error": "HTTP 500"},
  "chat": {"scanner": "slack", "status": "skipped", "error": "token unset"},
  "mail": {"scanner": "slack", "status": "ok", "measured_at": "2026-08-20T06:00:00Z", "carried": "failed: HTTP 500"},
  "web":  {"scanner": "slack", "status": "ok", "measured_at": "2026-08-20T06:00:00Z", "carried": "token unset: SLACK_TOKEN"},
  "hr":   {"status": "ok"},
  "gone": {"scanner": "okta", "status": "ok"}}}`)
	snap.Path = "snaps/2026-11-20.json"
	res := policytest.Evaluate(t, inv, snap)
	want := &result.UsageSource{
		Snapshot: "snaps/2026-11-20.json", TakenAt: time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC), Simulated: true,
		Kinds: []result.KindStatus{
			{Kind: "salesforce", OK: 1, Failed: 1},
			{Kind: "slack", Failed: 1, Skipped: 2, Carried: 2},
			{Kind: "unknown", OK: 1},
		},
	}
	if diff := cmp.Diff(want, res.Usage); diff != "" {
		t.Errorf("Usage (-want +got):\n%s", diff)
	}

	if res := policytest.Evaluate(t, inv, nil); res.Usage != nil {
		t.Errorf("without a snapshot, Usage = %+v, want nil", res.Usage)
	}
}
