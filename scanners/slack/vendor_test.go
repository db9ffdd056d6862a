package slack_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/slack"
)

// TestDecodeRecordedResponses: every decoder on Slack's own examples.
func TestDecodeRecordedResponses(t *testing.T) {
	t.Parallel()
	t.Run("users.list", func(t *testing.T) {
		p := scantest.Decoded(t, slack.DecodeUsers, "users.list.json")
		if len(p.Members) != 2 || p.Members[0].Profile.Email != "spengler@ghostbusters.example.com" || p.ResponseMetadata.NextCursor != "dXNlcjpVMEc5V0ZYTlo=" {
			t.Errorf("members %+v, cursor %q", p.Members, p.ResponseMetadata.NextCursor)
		}
	})
	t.Run("team.billableInfo", func(t *testing.T) {
		p := scantest.Decoded(t, slack.DecodeBillable, "team.billableInfo.json")
		if len(p.BillableInfo) != 3 || p.BillableInfo["U0632EWRW"].BillingActive || !p.BillableInfo["U02UCPE1R"].BillingActive {
			t.Errorf("billable %+v", p.BillableInfo)
		}
	})
	for _, tt := range []struct {
		file     string
		logins   int
		lastUser string
		lastDate int64
	}{
		{"team.accessLogs-paging.json", 2, "U12345", 1422922493},
		{"team.accessLogs-cursor.json", 2, "XUHWU0F", 1447395965},
	} {
		t.Run(tt.file, func(t *testing.T) {
			p := scantest.Decoded(t, slack.DecodeAccessLogs, tt.file)
			if len(p.Logins) != tt.logins || p.Logins[1].UserID != tt.lastUser || p.Logins[1].DateLast != tt.lastDate {
				t.Errorf("logins %+v", p.Logins)
			}
		})
	}
	for _, tt := range []struct{ file, code string }{
		{"error-paid_only.json", "paid_only"},
		{"error-invalid_auth.json", "invalid_auth"},
		{"error-invalid_cursor.json", "invalid_cursor"},
		{"error-missing_argument.json", "missing_argument"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			_, err := slack.DecodeAccessLogs(scantest.Recorded(t, tt.file))
			var ae *slack.APIError
			if !errors.As(err, &ae) || ae.Code != tt.code {
				t.Errorf("error %v, want Slack error %s", err, tt.code)
			}
		})
	}
}

// TestScanRecordedResponses scans an httptest server that answers with the
// recorded bodies: an org-level token without team_id (missing_argument),
// a free workspace (paid_only), and a 429 with Retry-After before the
// answer.
func TestScanRecordedResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		settings string
		// bodies maps a method to the recorded answer; "429" answers the
		// first call of that method with 429 Retry-After: 7.
		bodies    map[string]string
		wantErr   []string
		wantWaits []time.Duration
		wantSeats int
	}{
		{name: "Grid org token without team_id",
			bodies:  map[string]string{"users.list": "users.list.json", "team.billableInfo": "error-missing_argument.json"},
			wantErr: []string{"slack: GET /team.billableInfo: Slack error missing_argument", `add team_id = "T…"`, "SLACK_TOKEN"}},
		{name: "free workspace", bodies: map[string]string{"users.list": "users.list.json", "team.billableInfo": "team.billableInfo.json",
			"team.accessLogs": "error-paid_only.json"}, wantErr: []string{"Slack error paid_only", "access_logs = false"}},
		{name: "429 with Retry-After, then the answers", bodies: map[string]string{"users.list": "429",
			"team.billableInfo": "team.billableInfo.json", "team.accessLogs": "team.accessLogs-paging.json"},
			wantWaits: []time.Duration{7 * time.Second}, wantSeats: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			limited := false
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				method := strings.TrimPrefix(r.URL.Path, "/api/")
				f := tt.bodies[method]
				if f == "429" && !limited {
					limited = true
					w.Header().Set("Retry-After", "7")
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = w.Write([]byte(`{"ok":false,"error":"ratelimited"}`))
					return
				}
				body := []byte(`{"ok":false,"error":"unknown_method"}`)
				switch {
				case f == "429":
					// The recorded page, as the last one.
					body = []byte(strings.Replace(string(scantest.Recorded(t, "users.list.json")), "dXNlcjpVMEc5V0ZYTlo=", "", 1))
				case f != "":
					body = scantest.Recorded(t, f)
					if method == "users.list" {
						body = []byte(strings.Replace(string(body), "dXNlcjpVMEc5V0ZYTlo=", "", 1))
					}
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(body)
			})
			r := vendor().Run(t, setup{Handler: h, Endpoint: "/api", HCL: vendor().ToolHCL(tt.settings)})
			if len(tt.wantErr) > 0 {
				scantest.ErrorContains(t, r.Err, tt.wantErr...)
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			// The recorded members (W012A3CDE, W07QCRPA4) are not in the
			// recorded billable_info: counted (conservative).
			if r.Usage.Seats.Assigned != tt.wantSeats {
				t.Errorf("assigned %d, want %d", r.Usage.Seats.Assigned, tt.wantSeats)
			}
			if got := r.Waits; len(got) != len(tt.wantWaits) || len(got) > 0 && got[0] != tt.wantWaits[0] {
				t.Errorf("waits %v, want %v", got, tt.wantWaits)
			}
		})
	}
}
