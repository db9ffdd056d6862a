package googleworkspace

import (
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestGoogleWorkspaceSimulator(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 2}, CustomerID: "C01abc", Domain: "acme.example",
		Grants: []SandboxGrant{
			{Time: at.Add(-time.Hour), ActorEmail: "a@x.example", ClientID: "1.apps.googleusercontent.com", AppName: "One", Scopes: []string{"s1", "s2"}},
			{Time: at, ActorEmail: "b@x.example", ClientID: "2.apps.googleusercontent.com", AppName: "Two"},
			{Time: at.AddDate(0, -7, 0), ActorEmail: "c@x.example", ClientID: "3.apps.googleusercontent.com", AppName: "Old"},
		},
		Licenses: []SandboxLicense{{ProductID: "Google-Apps", SKUID: "1010020027", SKUName: "Business Standard", UserIDs: []string{"a@x.example", "b@x.example", "c@x.example"}}},
		Tokens:   []SandboxToken{{UserEmail: "a@x.example", ClientID: "1.apps.googleusercontent.com", DisplayText: "One", Scopes: []string{"s1"}}},
	}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	const reports = "/admin/reports/v1/activity/users/all/applications/token"
	scantest.Probes(t, urls["google_workspace"], []scantest.Probe{
		{Path: reports + "?eventName=authorize&maxResults=1000", Auth: "Bearer tok", Status: 200, Field: "kind", Want: "admin#reports#activities"},
		{Path: reports + "?eventName=authorize", Auth: "Bearer tok", Status: 200, Field: "items", Want: 2},
		{Path: reports + "?eventName=authorize", Auth: "Bearer tok", Status: 200, Field: "items.0.events.0.parameters.1.value", Want: "Two"}, // newest first
		{Path: reports + "?eventName=authorize", Auth: "Bearer tok", Status: 200, Field: "items.1.events.0.parameters.3.multiValue", Want: 2},
		{Path: reports + "?eventName=authorize&pageToken=b2Zmc2V0OjI", Auth: "Bearer tok", Status: 200, Field: "items.0.actor.email", Want: "c@x.example"},
		{Path: reports + "?eventName=authorize&startTime=2026-10-01T00:00:00Z", Auth: "Bearer tok", Status: 200, Field: "nextPageToken", Want: nil},
		{Path: reports + "?eventName=revoke", Auth: "Bearer tok", Status: 200, Field: "items", Want: nil}, // no items at all when empty
		{Path: reports + "?maxResults=1001", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "invalid"},
		{Path: reports + "?pageToken=nope", Auth: "Bearer tok", Status: 400, Field: "error.status", Want: "INVALID_ARGUMENT"},
		{Path: reports + "?startTime=yesterday", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "invalid"},
		{Path: reports + "?customerId=C99other", Auth: "Bearer tok", Status: 403, Field: "error.errors.0.reason", Want: "forbidden"},
		{Path: reports, Auth: "", Status: 401, Field: "error.errors.0.reason", Want: "required"},
		{Path: reports, Auth: "Bearer nope", Status: 401, Field: "error.status", Want: "UNAUTHENTICATED"},
		{Path: "/apps/licensing/v1/product/Google-Apps/users?customerId=C01abc", Auth: "Bearer tok", Status: 200, Field: "kind", Want: "licensing#licenseAssignmentList"},
		{Path: "/apps/licensing/v1/product/Google-Apps/users?customerId=C01abc&pageToken=b2Zmc2V0OjI", Auth: "Bearer tok", Status: 200, Field: "items.0.userId", Want: "c@x.example"},
		// A domain was accepted by an earlier version of the APIs only.
		{Path: "/apps/licensing/v1/product/Google-Apps/users?customerId=acme.example", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "invalid"},
		{Path: "/admin/directory/v1/users?customer=acme.example", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "invalid"},
		{Path: "/admin/directory/v1/users?customer=my_customer", Auth: "Bearer tok", Status: 200, Field: "users.0.lastLoginTime", Want: "1970-01-01T00:00:00.000Z"},
		{Path: "/admin/directory/v1/users?customer=C01abc&maxResults=1", Auth: "Bearer tok", Status: 200, Field: "users.0.primaryEmail", Want: "a@x.example"},
		{Path: "/admin/directory/v1/users?customer=C01abc", Auth: "Bearer tok", Status: 200, Field: "users.1.customerId", Want: "C01abc"},
		{Path: "/admin/directory/v1/users?customer=C01abc&maxResults=501", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "invalid"},
		{Path: "/admin/directory/v1/users/a@x.example/tokens", Auth: "Bearer tok", Status: 200, Field: "items.0.displayText", Want: "One"},
		{Path: "/admin/directory/v1/users/b@x.example/tokens", Auth: "Bearer tok", Status: 200, Field: "kind", Want: "admin#directory#tokenList"},
		{Path: "/admin/directory/v1/users/b@x.example/tokens", Auth: "Bearer tok", Status: 200, Field: "items", Want: nil}, // no items at all when empty
		{Path: "/admin/directory/v1/users/nobody@x.example/tokens", Auth: "Bearer tok", Status: 404, Field: "error.errors.0.reason", Want: "notFound"},
		{Path: "/apps/licensing/v1/product/Google-Apps/sku/1010020027/users?customerId=C01abc&maxResults=1", Auth: "Bearer tok", Status: 200, Field: "items.0.skuName", Want: "Business Standard"},
		{Path: "/apps/licensing/v1/product/Google-Apps/users", Auth: "Bearer tok", Status: 400, Field: "error.errors.0.reason", Want: "required"},
		{Path: "/apps/licensing/v1/product/Google-Vault/users?customerId=C01abc", Auth: "Bearer tok", Status: 404, Field: "error.errors.0.reason", Want: "notFound"},
		{Path: "/apps/licensing/v1/product/Google-Apps", Auth: "Bearer tok", Status: 404, Field: "", Want: nil}, // an HTML page
		{Path: "/nope", Auth: "Bearer tok", Status: 404, Field: "", Want: nil},
	}, nil)

	scoped := Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "tok"}, Scopes: []string{SandboxScopeLicensing}}, sandbox.Faults{})
	urls = scantest.Serve(t, scoped)
	status, body := scantest.Get(t, urls["google_workspace"], reports, "Authorization", "Bearer tok")
	if status != 403 || scantest.Dig(body, "error.errors.0.reason") != "insufficientPermissions" || scantest.Dig(body, "error.details.0.reason") != "ACCESS_TOKEN_SCOPE_INSUFFICIENT" {
		t.Errorf("missing scope: %d %v", status, body)
	}
}
