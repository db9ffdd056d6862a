package segment

import (
	"net/mail"
	"net/url"
	"strconv"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestSegmentSimulator(t *testing.T) {
	sb := Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "tok"}, Forbidden: []string{"/users"},
		Sources: []SandboxSource{{ID: "src1", Slug: "web", Name: "Web", Enabled: true, MetadataName: "Javascript"}},
		Destinations: []SandboxDestination{
			{ID: "d1", SourceID: "src1", Enabled: true, MetadataName: "Mixpanel"},
			{ID: "d2", SourceID: "src2", Enabled: true, MetadataName: "Amplitude"},
			{ID: "d3", SourceID: "src1", Enabled: false, MetadataName: "Braze"},
		}}, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	page := func(count int, cursor string) string {
		q := url.Values{"pagination[count]": {strconv.Itoa(count)}}
		if cursor != "" {
			q.Set("pagination[cursor]", cursor)
		}
		return "?" + q.Encode()
	}
	tests := []struct {
		path, auth string
		status     int
		list       string
		want       int
		next       string
	}{
		{"/destinations" + page(2, ""), "Bearer tok", 200, "destinations", 2, "Mg=="},
		{"/destinations" + page(2, "Mg=="), "Bearer tok", 200, "destinations", 1, ""},
		{"/sources/src1/connected-destinations" + page(1, ""), "Bearer tok", 200, "destinations", 1, "MQ=="},
		{"/sources/src1/connected-destinations" + page(1, "MQ=="), "Bearer tok", 200, "destinations", 1, ""},
		{"/sources/nope/connected-destinations" + page(1, ""), "Bearer tok", 404, "", 0, ""},
		{"/sources" + page(10, ""), "Bearer tok", 200, "sources", 1, ""},
		{"/sources", "Bearer tok", 400, "", 0, ""},
		{"/sources" + page(1001, ""), "Bearer tok", 400, "", 0, ""},
		{"/sources" + page(10, "???"), "Bearer tok", 400, "", 0, ""},
		{"/users" + page(10, ""), "Bearer tok", 403, "", 0, ""},
		{"/sources" + page(10, ""), "Bearer nope", 401, "", 0, ""},
		{"/sources" + page(10, ""), "", 401, "", 0, ""},
		{"/", "Bearer tok", 200, "", 0, ""},
		{"/nope", "Bearer tok", 404, "", 0, ""},
	}
	for _, tt := range tests {
		status, body, h := scantest.GetJSON(t, urls["segment"]+tt.path, tt.auth)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d: %v", tt.path, status, tt.status, body)
			continue
		}
		if h.Get("X-RateLimit-Remaining") == "" || h.Get("X-RateLimit-Reset") == "" {
			t.Errorf("%s: no rate-limit headers", tt.path)
		}
		if status != 200 {
			if errs, _ := body["errors"].([]any); len(errs) != 1 {
				t.Errorf("%s: error body %v", tt.path, body)
			}
			continue
		}
		data, _ := body["data"].(map[string]any)
		if tt.list == "" {
			if data["workspace"] == nil {
				t.Errorf("%s: %v", tt.path, body)
			}
			continue
		}
		if l, _ := data[tt.list].([]any); len(l) != tt.want {
			t.Errorf("%s: %d %s, want %d", tt.path, len(l), tt.list, tt.want)
		}
		p, _ := data["pagination"].(map[string]any)
		if next, _ := p["next"].(string); next != tt.next {
			t.Errorf("%s: next %q, want %q", tt.path, next, tt.next)
		}
	}
}

func TestSegmentRateLimited(t *testing.T) {
	sb := Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "tok"}}, sandbox.Faults{Status429Times: 1})
	urls := scantest.Serve(t, sb)
	status, body, h := scantest.GetJSON(t, urls["segment"]+"/users?pagination%5Bcount%5D=1", "Bearer tok")
	errs, _ := body["errors"].([]any)
	if status != 429 || len(errs) != 1 || h.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("status %d, body %v, headers %v", status, body, h)
	}
	if _, err := mail.ParseDate(h.Get("X-RateLimit-Reset")); err != nil {
		t.Errorf("X-RateLimit-Reset %q is not an RFC 5322 date", h.Get("X-RateLimit-Reset"))
	}
	if data := errs[0].(map[string]any)["data"].(map[string]any); data["msBeforeNext"] != 57647.0 {
		t.Errorf("429 data %v", data)
	}
}
