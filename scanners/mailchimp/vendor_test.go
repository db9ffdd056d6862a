package mailchimp_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/mailchimp"
	"github.com/stackaudit/stackaudit/usage"
)

func TestDecodeRecordedResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, plan string
		contacts   int
		loggedIn   bool
	}{
		{"root.json", "monthly", 12000, true},
		{"root-forever-free.json", "forever_free", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a := scantest.Decoded(t, mailchimp.DecodeAccount, tt.file)
			if a.TotalSubscribers == nil || *a.TotalSubscribers != tt.contacts || a.PricingPlanType != tt.plan || (a.LastLogin != nil) != tt.loggedIn {
				t.Errorf("account %+v, want %d contacts on %s", a, tt.contacts, tt.plan)
			}
		})
	}
	t.Run("authorized-apps.json", func(t *testing.T) {
		p, err := mailchimp.DecodeAuthorizedApps(scantest.Recorded(t, "authorized-apps.json"))
		if err != nil || len(p.Apps) != 1 || p.Apps[0].ID != "12345" || p.TotalItems != 1 {
			t.Errorf("apps %+v, %v", p, err)
		}
	})
}

// TestScanRecordedResponses: an httptest server answering with the
// recorded bodies. Contacts are the billed metric, in the unit
// "contacts"; Mailchimp's 429 with Retry-After is waited for; its 401
// problem is explained.
func TestScanRecordedResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, root   string
		settings     string
		first429     bool
		wantContacts int
		wantLimit    int // 0: none
		wantErr      []string
	}{
		{name: "monthly plan", root: "root.json", wantContacts: 12000},
		{name: "with the plan's contact limit", root: "root.json", settings: "contact_limit = 50000", wantContacts: 12000, wantLimit: 50000},
		{name: "free plan", root: "root-forever-free.json", wantContacts: 0},
		{name: "429 with Retry-After, then the root", root: "root.json", first429: true, wantContacts: 12000},
		{name: "invalid key", root: "error-api-key-invalid.json",
			wantErr: []string{"mailchimp: GET /: HTTP 401 Unauthorized (API Key Invalid): Mailchimp rejected the API key in MAILCHIMP_API_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				switch {
				case tt.first429 && n == 1:
					w.Header().Set("Retry-After", "3")
					w.Header().Set("Content-Type", "application/problem+json")
					w.WriteHeader(http.StatusTooManyRequests)
					_, _ = w.Write(scantest.Recorded(t, "error-too-many-requests.json"))
				case r.URL.Path == "/3.0/" && strings.HasPrefix(tt.root, "error-"):
					w.Header().Set("Content-Type", "application/problem+json")
					w.WriteHeader(http.StatusUnauthorized)
					_, _ = w.Write(scantest.Recorded(t, tt.root))
				case r.URL.Path == "/3.0/":
					_, _ = w.Write(scantest.Recorded(t, tt.root))
				case r.URL.Path == "/3.0/authorized-apps":
					_, _ = w.Write(scantest.Recorded(t, "authorized-apps.json"))
				default:
					w.WriteHeader(http.StatusNotFound)
					_, _ = w.Write(scantest.Recorded(t, "error-resource-not-found.json"))
				}
			})
			r := vendor().Run(t, setup{Handler: h, Endpoint: "/3.0", HCL: vendor().ToolHCL(usHost, tt.settings)})
			if len(tt.wantErr) > 0 {
				scantest.ErrorContains(t, r.Err, tt.wantErr...)
				scantest.NotShown(t, r.Err, goodKey)
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			u := r.Usage
			limit := 0
			if u.Seats.Purchased != nil {
				limit = *u.Seats.Purchased
			}
			if u.Unit != usage.UnitContacts || u.Seats.Assigned != tt.wantContacts || limit != tt.wantLimit || len(u.Users) != 0 {
				t.Errorf("unit %q, seats %+v, users %v; want %d contacts, limit %d", u.Unit, u.Seats, u.Users, tt.wantContacts, tt.wantLimit)
			}
			if waits := r.Waits; tt.first429 && (len(waits) != 1 || waits[0] != 3*time.Second) {
				t.Errorf("waits %v, want the 3s Mailchimp asked for", waits)
			}
		})
	}
}
