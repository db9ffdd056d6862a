package hubspot

import (
	"context"
	"net/http"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestHubSpotSimulator(t *testing.T) {
	sb := Simulator().New(SandboxSeed{Token: "tok", Users: []SandboxUser{{ID: "1"}, {ID: "2"}, {ID: "3"}}}, sandbox.Faults{})
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	get := func(path, auth string) (int, map[string]any, http.Header) {
		return scantest.GetJSON(t, urls["hubspot"]+path, auth)
	}
	tests := []struct {
		path, auth string
		status     int
		field      string
		want       any
	}{
		{"/settings/v3/users/?limit=2", "Bearer tok", 200, "results", 2},
		{"/settings/v3/users?limit=2&after=Mg", "Bearer tok", 200, "results", 1},
		{"/settings/v3/users/", "", 401, "category", "INVALID_AUTHENTICATION"},
		{"/settings/v3/users/", "Bearer nope", 401, "category", "INVALID_AUTHENTICATION"},
		{"/settings/v3/users/?limit=101", "Bearer tok", 400, "category", "VALIDATION_ERROR"},
		{"/account-info/v3/activity/login?limit=200", "Bearer tok", 200, "results", 0},
		{"/nope", "Bearer tok", 404, "category", "OBJECT_NOT_FOUND"},
	}
	for _, tt := range tests {
		status, body, h := get(tt.path, tt.auth)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, status, tt.status)
			continue
		}
		got := body[tt.field]
		if l, ok := got.([]any); ok {
			got = len(l)
		}
		if got != tt.want {
			t.Errorf("%s: %s = %v, want %v", tt.path, tt.field, got, tt.want)
		}
		if h.Get("X-HubSpot-RateLimit-Max") == "" {
			t.Errorf("%s: no rate-limit headers", tt.path)
		}
	}
	_, first, _ := get("/settings/v3/users/?limit=2", "Bearer tok")
	if first["paging"].(map[string]any)["next"].(map[string]any)["after"] != "Mg" {
		t.Errorf("paging %v", first["paging"])
	}
}
