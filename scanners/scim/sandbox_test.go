package scim

import (
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// TestSimulator: the simulated provider's answers, as RFC 7644 shapes
// them.
func TestSimulator(t *testing.T) {
	t.Parallel()
	no := false
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 2}, Users: []SandboxUser{
		{ID: "a", UserName: "a@x.example", Email: "a@x.example", LastModified: at},
		{ID: "b", UserName: "b@x.example", Active: &no},
		{ID: "c", UserName: "c@x.example", LastLogin: at},
	}, Accounts: map[string][]SandboxUser{"/scim/v2/42": {{ID: "z", UserName: "z@x.example"}}}}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	scantest.Probes(t, urls[Kind], []scantest.Probe{
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "totalResults", Want: 3.0},
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "itemsPerPage", Want: 2.0},
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "schemas.0", Want: listSchema},
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "Resources.0.meta.lastModified", Want: "2026-11-01T09:00:00Z"},
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "Resources.0.emails.0.value", Want: "a@x.example"},
		{Path: "/v2/Users", Auth: "Bearer tok", Status: 200, Field: "Resources.1.active", Want: false},
		{Path: "/v2/Users?startIndex=3&count=5", Auth: "Bearer tok", Status: 200, Field: "Resources.0.id", Want: "c"},
		{Path: "/v2/Users?startIndex=3", Auth: "Bearer tok", Status: 200, Field: "Resources.0." + SandboxExtension + ".lastLoginAt", Want: "2026-11-01T09:00:00Z"},
		{Path: "/v2/Users?startIndex=0&count=1", Auth: "Bearer tok", Status: 200, Field: "startIndex", Want: 1.0},
		{Path: "/v2/Users?count=-4", Auth: "Bearer tok", Status: 200, Field: "itemsPerPage", Want: 0.0},
		{Path: "/v2/Users?startIndex=9", Auth: "Bearer tok", Status: 200, Field: "itemsPerPage", Want: 0.0},
		{Path: "/v2/Users?count=x", Auth: "Bearer tok", Status: 400, Field: "scimType", Want: "invalidValue"},
		{Path: "/scim/v2/42/Users", Auth: "Bearer tok", Status: 200, Field: "Resources.0.id", Want: "z"},
		{Path: "/v2/Users", Auth: "Bearer nope", Status: 401, Field: "status", Want: "401"},
		{Path: "/v2/Users", Auth: "", Status: 401, Field: "schemas.0", Want: errorSchema},
		{Path: "/v2/Groups", Auth: "Bearer tok", Status: 404, Field: "status", Want: "404"},
	}, nil)
}
