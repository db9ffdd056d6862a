package mailchimp

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestMailchimpSimulator(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef-us6"
	sb := Simulator().New(SandboxSeed{Access: sandbox.Access{Token: key, PageSize: 2}, DataCenter: "us6", Forbidden: []string{"/lists"},
		Account: SandboxAccount{AccountID: "a1", Email: "o@x.example", LastLogin: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Apps:    []SandboxApp{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c", Users: []string{"owner"}}},
	}, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	basic := func(k string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte("anystring:"+k)) }
	tests := []struct {
		path, auth string
		status     int
		field      string
		want       any
	}{
		{"/", basic(key), 200, "last_login", "2026-01-02T03:04:05+00:00"},
		{"", basic(key), 200, "account_id", "a1"},
		{"/authorized-apps?count=10&offset=0", basic(key), 200, "apps", 2},
		{"/authorized-apps/?count=10&offset=2", basic(key), 200, "apps", 1},
		{"/authorized-apps?count=10&offset=9", basic(key), 200, "total_items", 3.0},
		{"/authorized-apps?count=1001", basic(key), 400, "title", "Invalid Resource"},
		{"/lists", basic(key), 403, "title", "Forbidden"},
		{"/", "", 401, "title", "API Key Missing"},
		{"/", basic("nope-us6"), 401, "title", "API Key Invalid"},
		{"/", "Bearer " + key, 401, "title", "API Key Missing"},
		{"/", basic("0123456789abcdef0123456789abcdef-us7"), 403, "title", "Wrong Datacenter"},
		{"/campaigns", basic(key), 404, "title", "Resource Not Found"},
	}
	for _, tt := range tests {
		status, body, h := scantest.GetJSON(t, urls["mailchimp"]+tt.path, tt.auth)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d: %v", tt.path, status, tt.status, body)
			continue
		}
		if status != 200 && (h.Get("Content-Type") != "application/problem+json; charset=utf-8" || body["status"] != float64(status) ||
			body["type"] == nil || body["detail"] == nil || body["instance"] == nil) {
			t.Errorf("%s: not an RFC 7807 problem: %v %v", tt.path, h, body)
		}
		got := body[tt.field]
		if l, ok := got.([]any); ok {
			got = len(l)
		}
		if got != tt.want {
			t.Errorf("%s: %s = %v, want %v", tt.path, tt.field, got, tt.want)
		}
	}
}
