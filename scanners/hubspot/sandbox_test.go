package hubspot

import (
	"net/http"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestHubSpotSimulator(t *testing.T) {
	urls := scantest.Serve(t, Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "tok"}, Users: []SandboxUser{{ID: "1"}, {ID: "2"}, {ID: "3"}}}, sandbox.Faults{}))
	get := func(path, auth string) (int, map[string]any, http.Header) {
		return scantest.GetJSON(t, urls["hubspot"]+path, auth)
	}
	scantest.Probes(t, urls["hubspot"], []scantest.Probe{
		{Path: "/settings/v3/users/?limit=2", Auth: "Bearer tok", Status: 200, Field: "results", Want: 2},
		{Path: "/settings/v3/users?limit=2&after=Mg", Auth: "Bearer tok", Status: 200, Field: "results", Want: 1},
		{Path: "/settings/v3/users/", Auth: "", Status: 401, Field: "category", Want: "INVALID_AUTHENTICATION"},
		{Path: "/settings/v3/users/", Auth: "Bearer nope", Status: 401, Field: "category", Want: "INVALID_AUTHENTICATION"},
		{Path: "/settings/v3/users/?limit=101", Auth: "Bearer tok", Status: 400, Field: "category", Want: "VALIDATION_ERROR"},
		{Path: "/account-info/v3/activity/login?limit=200", Auth: "Bearer tok", Status: 200, Field: "results", Want: 0},
		{Path: "/nope", Auth: "Bearer tok", Status: 404, Field: "category", Want: "OBJECT_NOT_FOUND"},
	}, func(t *testing.T, h http.Header) {
		if h.Get("X-HubSpot-RateLimit-Max") == "" {
			t.Error("no rate-limit headers")
		}
	})
	_, first, _ := get("/settings/v3/users/?limit=2", "Bearer tok")
	if first["paging"].(map[string]any)["next"].(map[string]any)["after"] != "Mg" {
		t.Errorf("paging %v", first["paging"])
	}
}
