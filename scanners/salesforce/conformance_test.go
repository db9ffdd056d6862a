package salesforce_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// vendor adapts Salesforce to scantest: an org of active users on one
// licence, served by the sandbox.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "salesforce", Scanner: salesforce.New(), Simulator: salesforce.Simulator, Tool: "salesforce",
		Seed:     func() any { return seed(150) },
		Settings: []string{`host = "acme.my.salesforce.com"`},
		TokenEnv: "SALESFORCE_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/salesforce", ErrPrefix: "salesforce: GET /services/data/v66.0/query",
		Secrets: []string{"q=", "SELECT", "01gU", "01gL"},
		Account: func(a scantest.Account) any {
			s := salesforce.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize},
				Licenses: []salesforce.SandboxLicense{{Name: "Salesforce", Total: a.Users + 10, Used: a.Users}},
				Users: scantest.List(a.Users, func(i int) salesforce.SandboxUser {
					return salesforce.SandboxUser{ID: fmt.Sprintf("005%015d", i), Email: fmt.Sprintf("u%d@acme.example", i),
						IsActive: true, License: "Salesforce"}
				})}
			if a.NoScope {
				s.Scopes = []string{"refresh_token", "chatter_api"}
			}
			return s
		},
		Skip: map[string]string{scantest.CaseCrossHostNext: "the API's nextRecordsUrl is host-relative; " +
			"TestNextRecordsURLToAnotherHostRefused feeds it absolute ones"},
	}
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
