package googleworkspace_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// account is a customer whose n users hold one licence and each
// authorized the same app within the last week, served by the sandbox.
func account(a scantest.Account) any {
	s := googleworkspace.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, CustomerID: "C01abc", Domain: "acme.example",
		Licenses: []googleworkspace.SandboxLicense{{ProductID: "Google-Apps", SKUID: "1"}}}
	for i := range a.Users {
		email := fmt.Sprintf("u%d@acme.example", i)
		s.Licenses[0].UserIDs = append(s.Licenses[0].UserIDs, email)
		s.Grants = append(s.Grants, googleworkspace.SandboxGrant{Time: scantest.AsOf().Add(-time.Duration(i) * time.Minute), ActorEmail: email,
			ClientID: "999.apps.googleusercontent.com", AppName: "Filler"})
	}
	if a.NoScope {
		s.Scopes = []string{"https://www.googleapis.com/auth/userinfo.email"}
	}
	return s
}

// vendor adapts the licence scanner to scantest; discoverer the token
// audit log's discoverer, counting the users of the apps it finds.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "google_workspace", Scanner: googleworkspace.New(), Simulator: googleworkspace.Simulator, HCL: fmt.Sprintf(inventoryHCL, scanSettings, ""), Tool: "workspace",
		TokenEnv: "GOOGLE_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/google_workspace", ErrPrefix: "google_workspace: GET " + usersPath,
		Secrets: []string{"pageToken"},
		Account: account,
		Skip:    map[string]string{scantest.CaseCrossHostNext: "it pages with nextPageToken and follows no link"},
	}
}

func discoverer() scantest.Vendor {
	v := vendor()
	v.Scanner, v.Discoverer = nil, googleworkspace.NewDiscoverer()
	v.Count = scantest.ToolUsers
	return v
}

func TestConformance(t *testing.T) {
	t.Run("scan", func(t *testing.T) { scantest.Conformance(t, vendor()) })
	t.Run("discover", func(t *testing.T) { scantest.Conformance(t, discoverer()) })
}
