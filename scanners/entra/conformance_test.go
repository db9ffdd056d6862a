package entra_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/entra"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

const (
	tenant    = "acme.onmicrosoft.com"
	clientID  = "11111111-2222-4333-8444-555555555555"
	appID     = "aaaaaaaa-0000-4000-8000-000000000001"
	spID      = "bbbbbbbb-0000-4000-8000-000000000001"
	goodToken = "graph-access-token-ok"
	secret    = "client-secret-value-ok"
	canary    = "CANARY-graph-access-token"
)

// userID is the id of the i-th simulated user.
func userID(i int) string { return fmt.Sprintf("cccccccc-0000-4000-8000-%012d", i) }

// tenantSeed is a tenant whose one enterprise app, Gong, is assigned to
// its n users, each of whom signed in to it the day before the as-of.
func tenantSeed(n int) entra.SandboxSeed {
	s := entra.SandboxSeed{Tenant: tenant, ClientID: clientID, Secret: secret, Access: sandbox.Access{Token: goodToken}}
	app := entra.SandboxApp{ID: spID, AppID: appID, Name: "Gong", Homepage: "https://app.gong.io"}
	day := scantest.AsOf().Add(-24 * time.Hour)
	for i := range n {
		id := userID(i)
		at := day.Add(-time.Duration(i) * time.Minute)
		s.Users = append(s.Users, entra.SandboxUser{ID: id, UPN: fmt.Sprintf("user%d@acme.example", i), LastSignIn: &at})
		app.UserIDs = append(app.UserIDs, id)
		s.SignIns = append(s.SignIns, entra.SandboxSignIn{UserID: id, AppID: appID, At: at})
	}
	s.Apps = []entra.SandboxApp{app}
	return s
}

func account(a scantest.Account) any {
	s := tenantSeed(a.Users)
	s.Token, s.PageSize = a.Token, a.PageSize
	if a.NoScope {
		s.Permissions = []string{}
	}
	return s
}

// vendor runs the scanner with a ready-made access token (auth =
// "access_token"), so that every call is a Graph call; the token endpoint
// has its own tests.
func vendor() scantest.Vendor {
	v := scantest.Vendor{
		Kind: "entra_id", Scanner: entra.New(), Simulator: entra.Simulator, Tool: "gong",
		Settings: []string{`tenant_id = "` + tenant + `"`, `auth = "access_token"`},
		TokenEnv: "ENTRA_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/entra_id", ErrPrefix: "entra_id: GET /v1.0/servicePrincipals",
		Secrets: []string{"$skiptoken", "ZW50cmE6"},
		Account: account,
	}
	v.HCL = v.ToolHCL(`app_id = "` + appID + `"`)
	return v
}

func discoveryHCL(extra ...string) string {
	s := "discovery \"entra_id\" {\n  tenant_id = \"" + tenant + "\"\n  token_env = \"ENTRA_TOKEN\"\n"
	if len(extra) == 0 {
		extra = []string{`auth = "access_token"`}
	}
	for _, e := range extra {
		s += "  " + e + "\n"
	}
	return s + "}\n"
}

func discoverer() scantest.Vendor {
	v := vendor()
	v.Scanner, v.Discoverer, v.HCL = nil, entra.NewDiscoverer(), discoveryHCL()
	v.Count = scantest.ToolUsers
	return v
}

func TestConformance(t *testing.T) {
	t.Run("scan", func(t *testing.T) { scantest.Conformance(t, vendor()) })
	t.Run("discover", func(t *testing.T) { scantest.Conformance(t, discoverer()) })
}
