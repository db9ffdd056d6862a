package hubspot_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// vendor adapts HubSpot to scantest: a portal of users without logins,
// served by the sandbox.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "hubspot", Scanner: hubspot.New(), Simulator: hubspot.Simulator, Tool: "hubspot",
		Seed:     func() any { return seed(150) },
		TokenEnv: "HUBSPOT_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/hubspot", ErrPrefix: "hubspot: GET /settings/v3/users/",
		Secrets: []string{"after=", "limit="},
		Account: func(a scantest.Account) any {
			return hubspot.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, Scopes: a.Scopes(),
				Users: scantest.List(a.Users, func(i int) hubspot.SandboxUser {
					return hubspot.SandboxUser{ID: fmt.Sprint(1000 + i), Email: fmt.Sprintf("u%d@acme.example", i)}
				})}
		},
		Skip: map[string]string{scantest.CaseCrossHostNext: "it pages with the after cursor and follows no link"},
	}
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
