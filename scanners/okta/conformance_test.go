package okta_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/okta"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// account is an Okta org whose one app, Marketo, is assigned to its n
// active users, served by the sandbox.
func account(a scantest.Account) any {
	s := okta.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, Scopes: a.Scopes()}
	app := okta.SandboxApp{ID: appID, Label: "Marketo", Name: "marketo"}
	for i := range a.Users {
		id := fmt.Sprintf("00u%06d", i)
		s.Users = append(s.Users, okta.SandboxUser{ID: id, Email: id + "@acme.example"})
		app.UserIDs = append(app.UserIDs, id)
	}
	s.Apps = []okta.SandboxApp{app}
	return s
}

// vendor adapts Okta's scanner to scantest; discoverer its discoverer,
// which finds the one app with its users.
func vendor() scantest.Vendor {
	v := scantest.Vendor{
		Kind: "okta", Scanner: okta.New(), Simulator: okta.Simulator, Tool: "marketo",
		Seed:     func() any { return scanSeed(150) },
		Settings: []string{`host = "acme.okta.com"`},
		TokenEnv: "OKTA_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/okta", ErrPrefix: "okta: GET /api/v1/apps/" + appID + "/users",
		Secrets: []string{"after=", "limit=", "b2t0YT"},
		Account: account,
	}
	v.HCL = v.ToolHCL(appIDSetting(appID))
	return v
}

func discoverer() scantest.Vendor {
	v := vendor()
	v.Scanner, v.Discoverer, v.HCL, v.ErrPrefix = nil, okta.NewDiscoverer(), discoveryHCL(""), "okta: GET /api/v1/apps"
	v.Seed = func() any { return discoverSeed() }
	v.Count = scantest.ToolUsers
	return v
}

func TestConformance(t *testing.T) {
	t.Run("scan", func(t *testing.T) { scantest.Conformance(t, vendor()) })
	t.Run("discover", func(t *testing.T) { scantest.Conformance(t, discoverer()) })
}
