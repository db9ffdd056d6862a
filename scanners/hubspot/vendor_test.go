package hubspot_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

// TestDecodeRecordedUsers decodes the users pages of HubSpot's docs,
// whose example writes superAdmin as the string "false" (main's decoder
// failed the whole scan on it), and picks the paid seats from them.
func TestDecodeRecordedUsers(t *testing.T) {
	for _, tc := range []struct {
		file       string
		paidRoles  []string
		wantIDs    []string
		wantAdmins []string
		wantPaid   []string
		wantCounts string
		wantNext   bool
	}{
		{file: "users-v3-string-superadmin.json", wantIDs: []string{"123", "124"}, wantAdmins: []string{"124"},
			wantPaid: []string{"123", "124"}, wantCounts: usage.CountsUsers, wantNext: true},
		{file: "users-v3-string-superadmin.json", paidRoles: []string{"100"}, wantIDs: []string{"123", "124"},
			wantAdmins: []string{"124"}, wantPaid: []string{"123", "124"}, wantNext: true},
		{file: "users-v3-string-superadmin.json", paidRoles: []string{"999"}, wantIDs: []string{"123", "124"},
			wantAdmins: []string{"124"}, wantPaid: nil, wantNext: true},
		{file: "users-v3-seatnames.json", wantIDs: []string{"201", "202", "203"}, wantAdmins: []string{"203"},
			wantPaid: []string{"201"}},
		{file: "users-v3-seatnames.json", paidRoles: []string{"301"}, wantIDs: []string{"201", "202", "203"},
			wantAdmins: []string{"203"}, wantPaid: []string{"203"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := scantest.Decoded(t, hubspot.DecodeUsers, tc.file)
			var ids, admins, paid []string
			for _, u := range p.Results {
				ids = append(ids, u.ID)
				if u.SuperAdmin {
					admins = append(admins, u.ID)
				}
			}
			got, counts := hubspot.PaidSeats(p.Results, tc.paidRoles)
			for _, u := range got {
				paid = append(paid, u.ID)
			}
			if !slices.Equal(ids, tc.wantIDs) || !slices.Equal(admins, tc.wantAdmins) || !slices.Equal(paid, tc.wantPaid) {
				t.Errorf("ids %v admins %v paid %v, want %v %v %v", ids, admins, paid, tc.wantIDs, tc.wantAdmins, tc.wantPaid)
			}
			if counts != tc.wantCounts {
				t.Errorf("counts = %q, want %q", counts, tc.wantCounts)
			}
		})
	}
}

func TestDecodeRecordedLogins(t *testing.T) {
	p := scantest.Decoded(t, hubspot.DecodeLogins, "login-activity.json")
	if len(p.Results) != 2 || string(p.Results[0].UserID) != "123" || !p.Results[0].LoginSucceeded || p.Results[1].LoginSucceeded {
		t.Fatalf("logins = %+v", p.Results)
	}
	if got := p.Results[0].LoginAt.UTC().Format("2006-01-02T15:04:05.000Z"); got != "2026-11-18T19:36:24.303Z" {
		t.Errorf("loginAt = %s", got)
	}
}

// TestScanLabelsUsers: a portal whose users carry no seat information is
// measured as users, which the snapshot says; with paid_roles only those
// roles count.
func TestScanLabelsUsers(t *testing.T) {
	s := seed(3)
	s.Users[0].RoleID = "100"
	r := vendor().MustRun(t, setup{Seed: s})
	if r.Usage.SeatsCount != usage.CountsUsers || r.Usage.Seats.Assigned != 3 {
		t.Errorf("seats_count %q assigned %d, want users 3", r.Usage.SeatsCount, r.Usage.Seats.Assigned)
	}
	v := vendor()
	v.HCL = v.ToolHCL(`paid_roles = ["100"]`)
	r = v.Run(t, scantest.Setup{Seed: s})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Usage.SeatsCount != "" || r.Usage.Seats.Assigned != 1 || r.Usage.Users[0].ID != "1000" {
		t.Errorf("with paid_roles: seats_count %q assigned %d users %+v", r.Usage.SeatsCount, r.Usage.Seats.Assigned, r.Usage.Users)
	}
}

// get answers one GET from the simulated portal and returns its results.
func simulated(t *testing.T, s hubspot.SandboxSeed, path string) []json.RawMessage {
	t.Helper()
	page := scantest.SimulatedJSON[struct{ Results []json.RawMessage }](t, hubspot.Simulator(), s, "/hubspot"+path, "Bearer "+s.Token)
	if len(page.Results) == 0 {
		t.Fatalf("GET %s: no results", path)
	}
	return page.Results
}

// recordedResults is the results list of a recorded page.
func recordedResults(t *testing.T, files ...string) []json.RawMessage {
	t.Helper()
	var all []json.RawMessage
	for _, f := range files {
		var page struct{ Results []json.RawMessage }
		if err := json.Unmarshal(scantest.Recorded(t, f), &page); err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Results...)
	}
	return all
}

// TestSimulatorMatchesRecorded: the simulator writes users and logins in
// the shapes HubSpot's docs show.
func TestSimulatorMatchesRecorded(t *testing.T) {
	s := seed(1)
	s.Users[0].RoleID, s.Users[0].SeatNames = "100", []string{"Sales Hub Professional"}
	for _, tc := range []struct {
		path  string
		files []string
	}{
		{"/settings/v3/users/", []string{"users-v3-string-superadmin.json", "users-v3-seatnames.json"}},
		{"/account-info/v3/activity/login", []string{"login-activity.json"}},
	} {
		for _, got := range simulated(t, s, tc.path) {
			if p := scantest.ShapeProblems(got, recordedResults(t, tc.files...)...); len(p) > 0 {
				t.Errorf("GET %s: %q", tc.path, p)
			}
		}
	}
}

// TestDecodeSpecLogin: a login record made of the field examples of
// HubSpot's OpenAPI description (spec-login-activity.json): an offset
// written +00:00 and an int32 userId.
func TestDecodeSpecLogin(t *testing.T) {
	p := scantest.Decoded(t, hubspot.DecodeLogins, "spec-login-activity.json")
	if len(p.Results) != 1 || string(p.Results[0].UserID) != "876" || !p.Results[0].LoginSucceeded {
		t.Fatalf("logins = %+v", p.Results)
	}
	if got := p.Results[0].LoginAt.UTC().Format(time.RFC3339Nano); got != "2022-04-01T19:36:24.303Z" {
		t.Errorf("loginAt = %s", got)
	}
}
