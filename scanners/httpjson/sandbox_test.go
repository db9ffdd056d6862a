package httpjson

import (
	"context"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestHTTPSimulator(t *testing.T) {
	seed := SandboxSeed{Token: "Basic Zm9vOmJhcg==", PageSize: 2, TotalRecords: 10, NextLinks: true, Users: []SandboxUser{
		{ID: "1", Email: "a@x.example", Active: true, LastActivity: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "2", Email: "b@x.example"},
		{ID: "3", Email: "c@x.example", Active: true},
	}}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	tests := []struct {
		path, auth string
		status     int
		field      string
		want       any
	}{
		{"/v2/users", "Basic Zm9vOmJhcg==", 200, "users", 2},
		{"/v2/users", "Basic Zm9vOmJhcg==", 200, "records.totalRecords", 10.0},
		// Gong's users have no last-activity field (testdata/vendor/gong-users.json).
		{"/v2/users", "Basic Zm9vOmJhcg==", 200, "users.0.lastActivityTime", nil},
		{"/v2/users", "Basic Zm9vOmJhcg==", 200, "records.cursor", "eyJvZmZzZXQiOi2"},
		{"/v2/users", "Basic Zm9vOmJhcg==", 200, "next", urls["http"] + "/v2/users?cursor=eyJvZmZzZXQiOi2"},
		{"/v2/users?cursor=eyJvZmZzZXQiOi2", "Basic Zm9vOmJhcg==", 200, "users.0.emailAddress", "c@x.example"},
		{"/v2/users?cursor=eyJvZmZzZXQiOi2", "Basic Zm9vOmJhcg==", 200, "records.cursor", nil},
		{"/v2/users?cursor=2", "Basic Zm9vOmJhcg==", 400, "errors", 1},
		{"/v2/users", "Bearer Zm9vOmJhcg==", 401, "errors.0", "Unauthorized: the credentials are missing or invalid"},
		{"/v2/users", "", 401, "requestId", "4al018gzaztcr8nbukwerr"},
		{"/v2/calls", "Basic Zm9vOmJhcg==", 404, "errors", 1},
	}
	for _, tt := range tests {
		status, body := scantest.Get(t, urls["http"], tt.path, "Authorization", tt.auth)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, status, tt.status)
			continue
		}
		if got := scantest.Dig(body, tt.field); got != tt.want {
			t.Errorf("%s %s: %s = %v, want %v", tt.path, tt.auth, tt.field, got, tt.want)
		}
	}

	keyed := Simulator().New(SandboxSeed{Token: "k1", Header: "X-Api-Key", Scopes: []string{}}, sandbox.Faults{LoopingCursor: true})
	urls, stop2, err := keyed.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop2()
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
		seed := SandboxSeed{Token: "tok"}
		if tt.header != "Authorization" {
			seed.Header = tt.header
		}
		sb := Simulator().New(seed, sandbox.Faults{})
		urls, stop, err := sb.Start(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if status, _ := scantest.Get(t, urls["http"], "/v2/users", tt.header, tt.value); status != tt.status {
			t.Errorf("%s: %s: status %d, want %d", tt.header, tt.value, status, tt.status)
		}
		stop()
	}
}
