package httpjson

import (
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestHTTPSimulator(t *testing.T) {
	seed := SandboxSeed{Access: sandbox.Access{Token: "Basic Zm9vOmJhcg==", PageSize: 2}, TotalRecords: 10, NextLinks: true, Users: []SandboxUser{
		{ID: "1", Email: "a@x.example", Active: true, LastActivity: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "2", Email: "b@x.example"},
		{ID: "3", Email: "c@x.example", Active: true},
	}}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	scantest.Probes(t, urls["http"], []scantest.Probe{
		{Path: "/v2/users", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "users", Want: 2},
		{Path: "/v2/users", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "records.totalRecords", Want: 10.0},
		// Gong's users have no last-activity field (testdata/vendor/gong-users.json).
		{Path: "/v2/users", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "users.0.lastActivityTime", Want: nil},
		{Path: "/v2/users", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "records.cursor", Want: "eyJvZmZzZXQiOi2"},
		{Path: "/v2/users", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "next", Want: urls["http"] + "/v2/users?cursor=eyJvZmZzZXQiOi2"},
		{Path: "/v2/users?cursor=eyJvZmZzZXQiOi2", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "users.0.emailAddress", Want: "c@x.example"},
		{Path: "/v2/users?cursor=eyJvZmZzZXQiOi2", Auth: "Basic Zm9vOmJhcg==", Status: 200, Field: "records.cursor", Want: nil},
		{Path: "/v2/users?cursor=2", Auth: "Basic Zm9vOmJhcg==", Status: 400, Field: "errors", Want: 1},
		{Path: "/v2/users", Auth: "Bearer Zm9vOmJhcg==", Status: 401, Field: "errors.0", Want: "Unauthorized: the credentials are missing or invalid"},
		{Path: "/v2/users", Auth: "", Status: 401, Field: "requestId", Want: "4al018gzaztcr8nbukwerr"},
		{Path: "/v2/calls", Auth: "Basic Zm9vOmJhcg==", Status: 404, Field: "errors", Want: 1},
	}, nil)

	keyed := Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "k1"}, Header: "X-Api-Key", Scopes: []string{}}, sandbox.Faults{LoopingCursor: true})
	urls = scantest.Serve(t, keyed)
	if status, _ := scantest.Get(t, urls["http"], "/v2/users", "Authorization", "k1"); status != 401 {
		t.Errorf("the key in Authorization: status %d, want 401", status)
	}
	if status, body := scantest.Get(t, urls["http"], "/v2/users", "X-Api-Key", "k1"); status != 403 || scantest.Dig(body, "errors.0") != "Forbidden: missing scope "+SandboxScopeUsers {
		t.Errorf("without the scope: %d %v", status, body)
	}
}

// TestHTTPSimulatorBareToken: a bare seed token is a bearer token in the
// Authorization header, and the exact value in any other header.
func TestHTTPSimulatorBareToken(t *testing.T) {
	for _, tt := range []struct {
		header, value string
		status        int
	}{
		{"Authorization", "Bearer tok", 200},
		{"Authorization", "tok", 401},
		{"X-Api-Key", "tok", 200},
	} {
		seed := SandboxSeed{Access: sandbox.Access{Token: "tok"}}
		if tt.header != "Authorization" {
			seed.Header = tt.header
		}
		sb := Simulator().New(seed, sandbox.Faults{})
		urls := scantest.Serve(t, sb)
		if status, _ := scantest.Get(t, urls["http"], "/v2/users", tt.header, tt.value); status != tt.status {
			t.Errorf("%s: %s: status %d, want %d", tt.header, tt.value, status, tt.status)
		}
	}
}
