package googleworkspace

import (
	"context"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestGoogleWorkspaceSimulator(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	seed := SandboxSeed{Token: "tok", CustomerID: "C01abc", Domain: "acme.example", PageSize: 2,
		Grants: []SandboxGrant{
			{Time: at.Add(-time.Hour), ActorEmail: "a@x.example", ClientID: "1.apps.googleusercontent.com", AppName: "One", Scopes: []string{"s1", "s2"}},
			{Time: at, ActorEmail: "b@x.example", ClientID: "2.apps.googleusercontent.com", AppName: "Two"},
			{Time: at.AddDate(0, -7, 0), ActorEmail: "c@x.example", ClientID: "3.apps.googleusercontent.com", AppName: "Old"},
		},
		Licenses: []SandboxLicense{{ProductID: "Google-Apps", SKUID: "1010020027", SKUName: "Business Standard", UserIDs: []string{"a@x.example", "b@x.example", "c@x.example"}}},
		Tokens:   []SandboxToken{{UserEmail: "a@x.example", ClientID: "1.apps.googleusercontent.com", DisplayText: "One", Scopes: []string{"s1"}}},
	}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	const reports = "/admin/reports/v1/activity/users/all/applications/token"
	tests := []struct {
		path, auth string
		status     int
		field      string
		want       any
	}{
		{reports + "?eventName=authorize&maxResults=1000", "Bearer tok", 200, "kind", "admin#reports#activities"},
		{reports + "?eventName=authorize", "Bearer tok", 200, "items", 2},
		{reports + "?eventName=authorize", "Bearer tok", 200, "items.0.events.0.parameters.1.value", "Two"}, // newest first
		{reports + "?eventName=authorize", "Bearer tok", 200, "items.1.events.0.parameters.3.multiValue", 2},
		{reports + "?eventName=authorize&pageToken=b2Zmc2V0OjI", "Bearer tok", 200, "items.0.actor.email", "c@x.example"},
		{reports + "?eventName=authorize&startTime=2026-10-01T00:00:00Z", "Bearer tok", 200, "nextPageToken", nil},
		{reports + "?eventName=revoke", "Bearer tok", 200, "items", nil}, // no items at all when empty
		{reports + "?maxResults=1001", "Bearer tok", 400, "error.errors.0.reason", "invalid"},
		{reports + "?pageToken=nope", "Bearer tok", 400, "error.status", "INVALID_ARGUMENT"},
		{reports + "?startTime=yesterday", "Bearer tok", 400, "error.errors.0.reason", "invalid"},
		{reports + "?customerId=C99other", "Bearer tok", 403, "error.errors.0.reason", "forbidden"},
		{reports, "", 401, "error.errors.0.reason", "required"},
		{reports, "Bearer nope", 401, "error.status", "UNAUTHENTICATED"},
		{"/apps/licensing/v1/product/Google-Apps/users?customerId=C01abc", "Bearer tok", 200, "kind", "licensing#licenseAssignmentList"},
		{"/apps/licensing/v1/product/Google-Apps/users?customerId=C01abc&pageToken=b2Zmc2V0OjI", "Bearer tok", 200, "items.0.userId", "c@x.example"},
		// A domain was accepted by an earlier version of the APIs only.
		{"/apps/licensing/v1/product/Google-Apps/users?customerId=acme.example", "Bearer tok", 400, "error.errors.0.reason", "invalid"},
		{"/admin/directory/v1/users?customer=acme.example", "Bearer tok", 400, "error.errors.0.reason", "invalid"},
		{"/admin/directory/v1/users?customer=my_customer", "Bearer tok", 200, "users.0.lastLoginTime", "1970-01-01T00:00:00.000Z"},
		{"/admin/directory/v1/users?customer=C01abc&maxResults=1", "Bearer tok", 200, "users.0.primaryEmail", "a@x.example"},
		{"/admin/directory/v1/users?customer=C01abc", "Bearer tok", 200, "users.1.customerId", "C01abc"},
		{"/admin/directory/v1/users?customer=C01abc&maxResults=501", "Bearer tok", 400, "error.errors.0.reason", "invalid"},
		{"/admin/directory/v1/users/a@x.example/tokens", "Bearer tok", 200, "items.0.displayText", "One"},
		{"/admin/directory/v1/users/b@x.example/tokens", "Bearer tok", 200, "kind", "admin#directory#tokenList"},
		{"/admin/directory/v1/users/b@x.example/tokens", "Bearer tok", 200, "items", nil}, // no items at all when empty
		{"/admin/directory/v1/users/nobody@x.example/tokens", "Bearer tok", 404, "error.errors.0.reason", "notFound"},
		{"/apps/licensing/v1/product/Google-Apps/sku/1010020027/users?customerId=C01abc&maxResults=1", "Bearer tok", 200, "items.0.skuName", "Business Standard"},
		{"/apps/licensing/v1/product/Google-Apps/users", "Bearer tok", 400, "error.errors.0.reason", "required"},
		{"/apps/licensing/v1/product/Google-Vault/users?customerId=C01abc", "Bearer tok", 404, "error.errors.0.reason", "notFound"},
		{"/apps/licensing/v1/product/Google-Apps", "Bearer tok", 404, "", nil}, // an HTML page
		{"/nope", "Bearer tok", 404, "", nil},
	}
	for _, tt := range tests {
		status, body := scantest.Get(t, urls["google_workspace"], tt.path, "Authorization", tt.auth)
		if status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, status, tt.status)
			continue
		}
		if tt.field == "" {
			if body != nil {
				t.Errorf("%s: a JSON body, want Google's HTML 404 page", tt.path)
			}
			continue
		}
		if got := scantest.Dig(body, tt.field); got != tt.want {
			t.Errorf("%s: %s = %v, want %v", tt.path, tt.field, got, tt.want)
		}
	}

	scoped := Simulator().New(SandboxSeed{Token: "tok", Scopes: []string{SandboxScopeLicensing}}, sandbox.Faults{})
	urls, stop2, err := scoped.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop2()
	status, body := scantest.Get(t, urls["google_workspace"], reports, "Authorization", "Bearer tok")
	if status != 403 || scantest.Dig(body, "error.errors.0.reason") != "insufficientPermissions" || scantest.Dig(body, "error.details.0.reason") != "ACCESS_TOKEN_SCOPE_INSUFFICIENT" {
		t.Errorf("missing scope: %d %v", status, body)
	}
}
