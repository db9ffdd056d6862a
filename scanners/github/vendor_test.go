package github_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
)

// TestDecodeRecordedResponses: every decoder on GitHub's own shapes. The
// null assignee failed the whole scan before (go-github v60 rejects it).
func TestDecodeRecordedResponses(t *testing.T) {
	t.Parallel()
	t.Run("copilot seats with a null assignee", func(t *testing.T) {
		p := scantest.Decoded(t, github.DecodeCopilotSeats, "copilot-seats-null-assignee.json")
		var users []string
		unassigned := 0
		for _, s := range p.Seats {
			if s.Assignee == nil {
				unassigned++
				if s.CreatedAt == nil {
					t.Error("the unassigned seat lost its created_at")
				}
			}
			if u, ok := s.GetUser(); ok {
				users = append(users, u.GetLogin())
			}
		}
		if p.TotalSeats != 4 || len(p.Seats) != 4 || unassigned != 1 || strings.Join(users, ",") != "octocat,octokitten" {
			t.Errorf("total %d, %d seats, %d unassigned, users %v; want 4, 4, 1, octocat and octokitten", p.TotalSeats, len(p.Seats), unassigned, users)
		}
	})
	tests := []struct {
		name, file            string
		wantSeats, wantFilled int // -1: no plan
	}{
		{name: "organization with plan (owner token)", file: "org-with-plan.json", wantSeats: 5, wantFilled: 4},
		{name: "organization without plan (member token)", file: "org-without-plan.json", wantSeats: -1, wantFilled: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := scantest.Decoded(t, github.DecodeOrgPlan, tt.file)
			switch {
			case tt.wantSeats < 0 && p != nil:
				t.Errorf("plan %+v, want none", p)
			case tt.wantSeats >= 0 && (p == nil || p.GetSeats() != tt.wantSeats || p.GetFilledSeats() != tt.wantFilled):
				t.Errorf("plan %+v, want %d seats, %d filled", p, tt.wantSeats, tt.wantFilled)
			}
		})
	}
	t.Run("members", func(t *testing.T) {
		m, err := github.DecodeMembers(scantest.Recorded(t, "members.json"))
		if err != nil || len(m) != 1 || m[0].GetLogin() != "octocat" || m[0].GetType() != "User" {
			t.Errorf("members %v, %v; want octocat", m, err)
		}
	})
	bad := []struct{ name, body, wantErr string }{
		{"organization without login", `{"plan":{"seats":5,"filled_seats":4}}`, "no login"},
		{"plan seats negative", `{"login":"a","plan":{"seats":-1,"filled_seats":4}}`, "negative"},
		{"plan not an object", `{"login":"a","plan":"business"}`, "invalid response"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := github.DecodeOrgPlan([]byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestScanRecordedResponses scans an httptest server answering with the
// recorded bodies: Copilot's null assignee is a purchased, unassigned seat
// and an owner token's plan gives purchased and billed member seats.
func TestScanRecordedResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                    string
		settings                string
		bodies                  map[string]string
		wantPurchased, wantUsed int // wantPurchased -1: none
		wantUsers               int
	}{
		{name: "copilot with a null assignee", settings: `seats = "copilot"`,
			bodies:        map[string]string{"/orgs/acme/copilot/billing/seats": "copilot-seats-null-assignee.json"},
			wantPurchased: 4, wantUsed: 2, wantUsers: 2},
		{name: "members with the owner's plan",
			bodies:        map[string]string{"/orgs/acme/members": "members.json", "/orgs/acme": "org-with-plan.json"},
			wantPurchased: 5, wantUsed: 4, wantUsers: 1},
		{name: "members without a plan",
			bodies:        map[string]string{"/orgs/acme/members": "members.json", "/orgs/acme": "org-without-plan.json"},
			wantPurchased: -1, wantUsed: 1, wantUsers: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				f, ok := tt.bodies[r.URL.Path]
				if !ok {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(scantest.Recorded(t, f))
			})
			u := vendor().MustRun(t, setup{Handler: h, Endpoint: "/", HCL: vendor().ToolHCL(tt.settings)}).Usage
			gotPurchased := -1
			if u.Seats.Purchased != nil {
				gotPurchased = *u.Seats.Purchased
			}
			if gotPurchased != tt.wantPurchased || u.Seats.Assigned != tt.wantUsed || len(u.Users) != tt.wantUsers {
				t.Errorf("seats %+v (purchased %d), %d users; want %d purchased, %d assigned, %d users",
					u.Seats, gotPurchased, len(u.Users), tt.wantPurchased, tt.wantUsed, tt.wantUsers)
			}
		})
	}
}
