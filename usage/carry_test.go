package usage_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/usage"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func measured(d30 int, users ...string) *usage.ToolUsage {
	u := &usage.ToolUsage{Scanner: "hubspot", Status: usage.StatusOK, Seats: usage.Seats{Assigned: len(users)}, Active: usage.Active{D30: d30, D90: d30}, Users: []usage.User{}}
	for _, e := range users {
		u.Users = append(u.Users, usage.User{ID: e, Email: e})
	}
	return u
}

// carried is u as a run that did not measure it carries it forward from
// its measurement at at.
func carried(u *usage.ToolUsage, at time.Time, reason string) *usage.ToolUsage {
	u.MeasuredAt, u.Carried = &at, reason
	return u
}

func skipped(msg string) *usage.ToolUsage {
	return &usage.ToolUsage{Scanner: "hubspot", Status: usage.StatusSkipped, Error: msg, Users: []usage.User{}}
}

// TestCarryForward: what a scan did not measure keeps its last measured
// data and the date of that measurement; what was never measured stays
// unmeasured; nothing is carried without a reason.
func TestCarryForward(t *testing.T) {
	aug, nov := day("2026-08-01"), day("2026-11-20")
	cases := []struct {
		name      string
		prev      *usage.Snapshot
		next      *usage.Snapshot
		reasons   map[string]string
		wantTools map[string]*usage.ToolUsage
		wantDisc  usage.Discovered
		wantCarry []usage.Carry
	}{
		{
			name:      "no previous snapshot: not measured",
			next:      &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{"hubspot": skipped("x")}},
			reasons:   map[string]string{"hubspot": "token unset: HUBSPOT_TOKEN"},
			wantTools: map[string]*usage.ToolUsage{"hubspot": skipped("x")},
		},
		{
			name:    "skipped tool keeps its usage and the date it was measured",
			prev:    &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{"hubspot": measured(1, "a@x", "b@x"), "slack": measured(2, "c@x")}},
			next:    &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{"hubspot": skipped("x"), "slack": measured(1, "c@x")}},
			reasons: map[string]string{"hubspot": "token unset: HUBSPOT_TOKEN"},
			wantTools: map[string]*usage.ToolUsage{
				"hubspot": carried(measured(1, "a@x", "b@x"), aug, "token unset: HUBSPOT_TOKEN"),
				"slack":   measured(1, "c@x"),
			},
			wantCarry: []usage.Carry{{ID: "hubspot", MeasuredAt: aug, Reason: "token unset: HUBSPOT_TOKEN"}},
		},
		{
			name:      "carried twice keeps the first measurement date",
			prev:      &usage.Snapshot{TakenAt: aug.AddDate(0, 1, 0), Tools: map[string]*usage.ToolUsage{"hubspot": carried(measured(1, "a@x"), aug, "token unset: HUBSPOT_TOKEN")}},
			next:      &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{"hubspot": skipped("x")}},
			reasons:   map[string]string{"hubspot": "failed: 401"},
			wantTools: map[string]*usage.ToolUsage{"hubspot": carried(measured(1, "a@x"), aug, "failed: 401")},
			wantCarry: []usage.Carry{{ID: "hubspot", MeasuredAt: aug, Reason: "failed: 401"}},
		},
		{
			name:      "a previous failure is nothing to carry",
			prev:      &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{"hubspot": skipped("old")}},
			next:      &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{"hubspot": skipped("x")}},
			reasons:   map[string]string{"hubspot": "token unset: HUBSPOT_TOKEN"},
			wantTools: map[string]*usage.ToolUsage{"hubspot": skipped("x")},
		},
		{
			name:      "no reason, no carry: a tool removed from the inventory stays out",
			prev:      &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{"gone": measured(1, "a@x")}},
			next:      &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{}},
			wantTools: map[string]*usage.ToolUsage{},
		},
		{
			name:      "a tool left out of the run (--only) is carried too",
			prev:      &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{"slack": measured(2, "c@x")}},
			next:      &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{}},
			reasons:   map[string]string{"slack": "not scanned: --only"},
			wantTools: map[string]*usage.ToolUsage{"slack": carried(measured(2, "c@x"), aug, "not scanned: --only")},
			wantCarry: []usage.Carry{{ID: "slack", MeasuredAt: aug, Reason: "not scanned: --only"}},
		},
		{
			name: "a skipped discovery source keeps its findings, others are fresh",
			prev: &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{
				Tools:        []usage.DiscoveredTool{{Source: "okta", Name: "Hotjar"}, {Source: "google_workspace", Name: "Old grant"}},
				Integrations: []usage.Integration{{Source: "github", Product: "segment"}},
				Flows:        []usage.DiscoveredFlow{{Source: "segment", From: "web", To: "Mixpanel"}},
			}},
			next: &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{
				Tools:    []usage.DiscoveredTool{{Source: "google_workspace", Name: "New grant"}},
				Errors:   []usage.DiscoveryError{{Source: "github", Status: usage.StatusError, Error: "500"}, {Source: "okta", Status: usage.StatusSkipped, Error: "unset"}},
				Measured: []string{"google_workspace"},
			}},
			reasons:   map[string]string{"discovery.okta": "token unset: OKTA_TOKEN", "discovery.github": "failed: 500"},
			wantTools: map[string]*usage.ToolUsage{},
			wantDisc: usage.Discovered{
				Tools:        []usage.DiscoveredTool{{Source: "google_workspace", Name: "New grant"}, {Source: "okta", Name: "Hotjar"}},
				Integrations: []usage.Integration{{Source: "github", Product: "segment"}},
				Errors:       []usage.DiscoveryError{{Source: "github", Status: usage.StatusError, Error: "500"}, {Source: "okta", Status: usage.StatusSkipped, Error: "unset"}},
				Measured:     []string{"google_workspace"},
				Carried:      []usage.CarriedSource{{Source: "github", MeasuredAt: aug, Reason: "failed: 500"}, {Source: "okta", MeasuredAt: aug, Reason: "token unset: OKTA_TOKEN"}},
			},
			wantCarry: []usage.Carry{{ID: "discovery.github", MeasuredAt: aug, Reason: "failed: 500"}, {ID: "discovery.okta", MeasuredAt: aug, Reason: "token unset: OKTA_TOKEN"}},
		},
		{
			name: "a source that found nothing last time is carried as nothing, with its date",
			prev: &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{Measured: []string{"okta"}}},
			next: &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{
				Errors: []usage.DiscoveryError{{Source: "okta", Status: usage.StatusSkipped}}}},
			reasons:   map[string]string{"discovery.okta": "token unset: OKTA_TOKEN"},
			wantTools: map[string]*usage.ToolUsage{},
			wantDisc: usage.Discovered{
				Errors:  []usage.DiscoveryError{{Source: "okta", Status: usage.StatusSkipped}},
				Carried: []usage.CarriedSource{{Source: "okta", MeasuredAt: aug, Reason: "token unset: OKTA_TOKEN"}},
			},
			wantCarry: []usage.Carry{{ID: "discovery.okta", MeasuredAt: aug, Reason: "token unset: OKTA_TOKEN"}},
		},
		{
			name: "a source that failed last time too has nothing to carry",
			prev: &usage.Snapshot{TakenAt: aug, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{
				Errors: []usage.DiscoveryError{{Source: "okta", Status: usage.StatusSkipped}}}},
			next: &usage.Snapshot{TakenAt: nov, Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{
				Errors: []usage.DiscoveryError{{Source: "okta", Status: usage.StatusSkipped}}}},
			reasons:   map[string]string{"discovery.okta": "token unset: OKTA_TOKEN"},
			wantTools: map[string]*usage.ToolUsage{},
			wantDisc:  usage.Discovered{Errors: []usage.DiscoveryError{{Source: "okta", Status: usage.StatusSkipped}}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := usage.CarryForward(c.prev, c.next, c.reasons)
			if diff := cmp.Diff(c.wantCarry, got); diff != "" {
				t.Errorf("carried (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.wantTools, c.next.Tools); diff != "" {
				t.Errorf("tools (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.wantDisc, c.next.Discovered); diff != "" {
				t.Errorf("discovered (-want +got):\n%s", diff)
			}
			// Stale lists exactly what was carried.
			if diff := cmp.Diff(c.wantCarry, c.next.Stale()); diff != "" {
				t.Errorf("Stale (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCarryForwardDoesNotShareUsers: editing the new snapshot (e.g.
// pseudonymizing it) never changes the previous one.
func TestCarryForwardDoesNotShareUsers(t *testing.T) {
	prev := &usage.Snapshot{TakenAt: day("2026-08-01"), Tools: map[string]*usage.ToolUsage{"hubspot": measured(1, "a@x")}}
	next := &usage.Snapshot{TakenAt: day("2026-11-20"), Tools: map[string]*usage.ToolUsage{}}
	usage.CarryForward(prev, next, map[string]string{"hubspot": "r"})
	next.Tools["hubspot"].Users[0].Email = "changed"
	assert.Equal(t, "a@x", prev.Tools["hubspot"].Users[0].Email)
}

// TestCarriedFieldsRoundTrip: the new optional fields survive a write and
// a read, and a snapshot without them reads with measured_at = taken_at.
func TestCarriedFieldsRoundTrip(t *testing.T) {
	aug := day("2026-08-01")
	u := measured(1, "a@x")
	u.MeasuredAt, u.Carried = &aug, "token unset: HUBSPOT_TOKEN"
	s := &usage.Snapshot{TakenAt: day("2026-11-20"), Organization: "Acme", Tools: map[string]*usage.ToolUsage{"hubspot": u, "slack": measured(0)},
		Pseudonyms: &usage.Pseudonyms{Scheme: usage.PseudonymScheme, KeyFingerprint: "abc"},
		Discovered: usage.Discovered{Tools: []usage.DiscoveredTool{}, Integrations: []usage.Integration{}, Flows: []usage.DiscoveredFlow{},
			Measured: []string{"github"}, Carried: []usage.CarriedSource{{Source: "okta", MeasuredAt: aug, Reason: "r"}}}}
	var buf bytes.Buffer
	require.NoError(t, usage.Encode(&buf, s))
	got, err := usage.Decode(&buf, "s.json")
	require.NoError(t, err)
	if diff := cmp.Diff(s, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	assert.Equal(t, aug, got.MeasuredAt(got.Tools["hubspot"]))
	assert.Equal(t, day("2026-11-20"), got.MeasuredAt(got.Tools["slack"]))

	old, err := usage.Decode(strings.NewReader(`{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T06:00:00Z",
		"tools": {"hubspot": {"status": "ok", "users": []}}}`), "old.json")
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC), old.MeasuredAt(old.Tools["hubspot"]))
	assert.Nil(t, old.Pseudonyms)
	assert.Empty(t, old.Stale())
}
