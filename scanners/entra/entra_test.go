package entra_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/entra"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// secretHCL is the scan block with a client secret (the default auth).
func secretHCL(extra ...string) string {
	v := vendor()
	v.Settings = []string{`tenant_id = "` + tenant + `"`, `client_id = "` + clientID + `"`}
	return v.ToolHCL(append([]string{`app_id = "` + appID + `"`}, extra...)...)
}

func TestScanWithClientSecret(t *testing.T) {
	r := vendor().MustRun(t, scantest.Setup{Seed: tenantSeed(3), Token: secret, HCL: secretHCL()})
	if len(r.Usage.Users) != 3 || r.Usage.Seats.Assigned != 3 || r.Usage.ActivitySource != "" {
		t.Fatalf("usage = %+v", r.Usage)
	}
	want := scantest.AsOf().Add(-24 * time.Hour)
	if u := r.Usage.Users[0]; u.Email != "user0@acme.example" || u.LastActive == nil || !u.LastActive.Equal(want) {
		t.Errorf("user 0 = %+v, want last active %v", u, want)
	}
	if got := r.Served[0]; got.Method != http.MethodPost || got.Path != "/"+tenant+"/oauth2/v2.0/token" {
		t.Errorf("first request %s %s, want the tenant's token endpoint", got.Method, got.Path)
	}
	scantest.NotShown(t, r.Err, secret)
}

// TestInvalidClient: a wrong secret is refused by the token endpoint with
// AADSTS7000215; the error says what to fix and never shows the secret.
func TestInvalidClient(t *testing.T) {
	const wrong = "wrong-secret-CANARY"
	r := vendor().Run(t, scantest.Setup{Seed: tenantSeed(1), Token: wrong, HCL: secretHCL()})
	scantest.ErrorContains(t, r.Err, "entra_id: POST /"+tenant+"/oauth2/v2.0/token: HTTP 401 Unauthorized (invalid_client: AADSTS7000215",
		"the client secret in ENTRA_TOKEN is wrong or expired", "Value, not its Secret ID")
	scantest.NotShown(t, r.Err, wrong)
	if len(r.Served) != 1 {
		t.Errorf("%d requests after a refused token, want 1", len(r.Served))
	}
}

// TestRecordedInvalidClient: the recorded token refusal is explained.
func TestRecordedInvalidClient(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write(scantest.Recorded(t, "token-error-invalid-client.json"))
	})
	r := vendor().Run(t, scantest.Setup{Handler: h, Token: secret, HCL: secretHCL()})
	scantest.ErrorContains(t, r.Err, "AADSTS7000215: Invalid client secret provided", "the client secret in ENTRA_TOKEN is wrong or expired")
}

func TestTokenEndpointRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed func(*entra.SandboxSeed)
		want string
	}{
		{"unknown tenant", func(s *entra.SandboxSeed) { s.Tenant = "other.onmicrosoft.com" }, "is not a Microsoft Entra tenant"},
		{"unknown client", func(s *entra.SandboxSeed) { s.ClientID = "99999999-2222-4333-8444-555555555555" }, "has no app registration with client_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tenantSeed(1)
			tc.seed(&s)
			r := vendor().Run(t, scantest.Setup{Seed: s, Token: secret, HCL: secretHCL()})
			scantest.ErrorContains(t, r.Err, tc.want)
		})
	}
}

func TestScanWithCertificate(t *testing.T) {
	r := vendor().MustRun(t, scantest.Setup{Seed: tenantSeed(2), Token: entra.SandboxCredentialPEM(), HCL: secretHCL(`auth = "certificate"`)})
	if len(r.Usage.Users) != 2 {
		t.Errorf("users = %+v", r.Usage.Users)
	}
	keyOnly := entra.SandboxCredentialPEM()
	keyOnly = keyOnly[:strings.Index(keyOnly, "-----BEGIN CERTIFICATE")]
	r = vendor().Run(t, scantest.Setup{Seed: tenantSeed(2), Token: keyOnly, HCL: secretHCL(`auth = "certificate"`)})
	scantest.ErrorContains(t, r.Err, "ENTRA_TOKEN holds the private key but not its certificate")
}

// TestMissingPermissionIsNamed: a 403 names the permission to grant.
func TestMissingPermissionIsNamed(t *testing.T) {
	s := tenantSeed(2)
	s.Permissions = []string{"User.Read.All"}
	r := vendor().Run(t, scantest.Setup{Seed: s})
	scantest.ErrorContains(t, r.Err, "HTTP 403 Forbidden (Graph error Authorization_RequestDenied)", "may not read enterprise apps",
		"grant it the Microsoft Graph application permission Application.Read.All (or Directory.Read.All)", "admin consent")

	// Sign-in log refused for a permission, and signInActivity too: the
	// error names AuditLog.Read.All.
	s.Permissions = []string{entra.PermApplications, "User.Read.All"}
	r = vendor().Run(t, scantest.Setup{Seed: s})
	scantest.ErrorContains(t, r.Err, "entra_id: GET /v1.0/users", "users' sign-in activity", "AuditLog.Read.All and Directory.Read.All")

	d := discoverer()
	s.Permissions = []string{entra.PermApplications}
	r = d.Run(t, scantest.Setup{Seed: s})
	scantest.ErrorContains(t, r.Err, "entra_id: GET /v1.0/oauth2PermissionGrants", "delegated permission grants", "permission Directory.Read.All")
}

// TestSignInLogForbiddenFallsBack: without Directory.Read.All the sign-in
// log is refused; users' last sign-ins to the tenant stand in, labelled
// account-wide, and the log says why.
func TestSignInLogForbiddenFallsBack(t *testing.T) {
	s := tenantSeed(2)
	s.Permissions = []string{entra.PermApplications, "User.Read.All", entra.PermAuditLog}
	r := vendor().MustRun(t, scantest.Setup{Seed: s})
	if r.Usage.ActivitySource != usage.ActivityAccountWide || r.Usage.Users[0].LastActive == nil {
		t.Errorf("usage = %+v", r.Usage)
	}
	if !strings.Contains(r.Log, "Authentication_MSGraphPermissionMissing") || !strings.Contains(r.Log, "last sign-in to the tenant") {
		t.Errorf("log %q", r.Log)
	}
}

// TestTenantWithoutP1: Graph refuses both sign-in reads with the
// non-premium code; the scan reports seats without activity, and says so.
func TestTenantWithoutP1(t *testing.T) {
	s := tenantSeed(3)
	s.NoPremium = true
	r := vendor().MustRun(t, scantest.Setup{Seed: s})
	if !r.Usage.NoActivity || r.Usage.Seats.Assigned != 3 {
		t.Errorf("usage = %+v, want 3 seats and no activity", r.Usage)
	}
	for _, u := range r.Usage.Users {
		if u.LastActive != nil {
			t.Errorf("%s active %v in a tenant without sign-in data", u.ID, u.LastActive)
		}
	}
	if !strings.Contains(r.Log, entra.NonPremiumCode) || !strings.Contains(r.Log, "no Entra ID P1 or P2") {
		t.Errorf("log %q does not say why", r.Log)
	}
}

// TestTenantSignIns: activity = "entra_sign_ins" reads no sign-in log.
func TestTenantSignIns(t *testing.T) {
	v := vendor()
	r := v.MustRun(t, scantest.Setup{Seed: tenantSeed(2), HCL: v.ToolHCL(`app_id = "`+appID+`"`, `activity = "entra_sign_ins"`)})
	for _, q := range r.Requests {
		if strings.Contains(q.Path, "auditLogs") {
			t.Errorf("read %s", q.Path)
		}
	}
	if r.Usage.ActivitySource != usage.ActivityAccountWide {
		t.Errorf("activity source %q", r.Usage.ActivitySource)
	}
}

// TestActivityOutsideTheLog: a user without a sign-in to the app in the
// 30 days the log keeps gets, at the latest, the window's start; one
// disabled is left out; the activity is labelled mixed.
func TestActivityOutsideTheLog(t *testing.T) {
	s := tenantSeed(4)
	asOf := scantest.AsOf()
	old := asOf.AddDate(0, -4, 0)
	recent := asOf.Add(-2 * time.Hour)
	s.SignIns = s.SignIns[:1]
	s.Users[1].LastSignIn = &old    // last seen months ago
	s.Users[2].LastSignIn = &recent // signed in to other apps today
	s.Users[3].Disabled = true
	r := vendor().MustRun(t, scantest.Setup{Seed: s})
	if len(r.Usage.Users) != 3 || r.Usage.ActivitySource != usage.ActivityMixed {
		t.Fatalf("usage = %+v", r.Usage)
	}
	since, _ := entra.SignInWindow(asOf, time.Now())
	if u := r.Usage.Users[1]; u.LastActive == nil || !u.LastActive.Equal(old) {
		t.Errorf("user 1 = %v, want %v", u.LastActive, old)
	}
	if u := r.Usage.Users[2]; u.LastActive == nil || !u.LastActive.Equal(since) {
		t.Errorf("user 2 = %v, want the window's start %v", u.LastActive, since)
	}
}

// TestNextLinkToAnotherHost: a page pointing elsewhere is refused.
func TestNextLinkToAnotherHost(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"value": []any{}, "@odata.nextLink": "https://graph.evil.example/v1.0/servicePrincipals?$skiptoken=x"})
	})
	r := vendor().Run(t, scantest.Setup{Handler: h})
	scantest.ErrorContains(t, r.Err, "entra_id: GET /v1.0/servicePrincipals", "pointed to another host (graph.evil.example)")
	if len(r.Requests) != 1 {
		t.Errorf("%d requests", len(r.Requests))
	}
}

// Test429ThenSuccess: Graph's 429 is waited out for its Retry-After.
func Test429ThenSuccess(t *testing.T) {
	r := vendor().MustRun(t, scantest.Setup{Seed: tenantSeed(2), Faults: sandbox.Faults{Status429Times: 1, RetryAfter: "7"}})
	if len(r.Waits) != 1 || r.Waits[0] != 7*time.Second {
		t.Errorf("waits %v, want [7s]", r.Waits)
	}
}

func TestUnknownApp(t *testing.T) {
	v := vendor()
	r := v.Run(t, scantest.Setup{Seed: tenantSeed(1), HCL: v.ToolHCL(`app_id = "aaaaaaaa-0000-4000-8000-0000000000ff"`)})
	scantest.ErrorContains(t, r.Err, "no enterprise app with app_id aaaaaaaa-0000-4000-8000-0000000000ff", "Application ID")
}

// TestDiscovery: enterprise apps with their users and publisher, apps
// users consented to with their scopes, matched to the catalog by name or
// by their homepage's host; Microsoft's own apps left out.
func TestDiscovery(t *testing.T) {
	s := tenantSeed(3)
	s.Apps[0].Name = "Gong for Sales" // no catalog name: the homepage's host names it
	s.Apps = append(s.Apps,
		entra.SandboxApp{ID: "bbbbbbbb-0000-4000-8000-000000000002", AppID: "aaaaaaaa-0000-4000-8000-000000000002", Name: "Zapier", NotEnterprise: true},
		entra.SandboxApp{ID: "bbbbbbbb-0000-4000-8000-000000000003", AppID: "aaaaaaaa-0000-4000-8000-000000000003", Name: "Office 365 SharePoint Online", Microsoft: true},
	)
	s.Grants = []entra.SandboxGrant{
		{ClientID: "bbbbbbbb-0000-4000-8000-000000000002", PrincipalID: userID(0), Scope: "User.Read Mail.Send"},
		{ClientID: "bbbbbbbb-0000-4000-8000-000000000002", PrincipalID: userID(1), Scope: "User.Read Files.ReadWrite.All"},
		{ClientID: "bbbbbbbb-0000-4000-8000-000000000003", Scope: "Sites.ReadWrite.All"},
	}
	r := discoverer().MustRun(t, scantest.Setup{Seed: s})
	tools := r.Found.Tools
	if len(tools) != 2 {
		t.Fatalf("tools = %+v", tools)
	}
	gong, zapier := tools[0], tools[1]
	if gong.Name != "Gong for Sales" || gong.Product != "gong" || gong.Users != 3 ||
		gong.Evidence != "Entra enterprise app "+appID+" (3 assigned users)" {
		t.Errorf("gong = %+v", gong)
	}
	if zapier.Product != "zapier" || zapier.Users != 2 || strings.Join(zapier.Scopes, " ") != "Files.ReadWrite.All Mail.Send User.Read" ||
		zapier.Evidence != "Entra app aaaaaaaa-0000-4000-8000-000000000002 (delegated consent by 2 users)" {
		t.Errorf("zapier = %+v", zapier)
	}
}

func TestValidate(t *testing.T) {
	v := vendor()
	for _, tc := range []struct {
		hcl, want string
	}{
		{v.ToolHCL(`app_id = "Gong"`), `"Gong" is not an Application ID`},
		{v.ToolHCL(`app_id = "`+appID+`"`, `activity = "sometimes"`), `"sometimes" is not an activity source`},
		{strings.Replace(secretHCL(), clientID, "not-a-guid", 1), `"not-a-guid" is not an application id`},
		{strings.Replace(secretHCL(), `  client_id = "`+clientID+`"`+"\n", "", 1), "Missing client_id"},
		{strings.Replace(secretHCL(), tenant, "https://login.microsoftonline.com/x", 1), "is not a tenant id or domain"},
		{secretHCL(`auth = "password"`), `"password" is not an auth method`},
	} {
		inv := scantest.Load(t, tc.hcl)
		diags := entra.New().Validate(inv.Tool("gong").Scan)
		if !strings.Contains(diags.Error(), tc.want) {
			t.Errorf("diagnostics %q, want %q", diags.Error(), tc.want)
		}
	}
}
