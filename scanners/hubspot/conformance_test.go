package hubspot_test

import (
	"fmt"
	"net/http"
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
		Account: func(a scantest.Account) http.Handler {
			s := hubspot.SandboxSeed{Token: a.Token, PageSize: a.PageSize}
			for i := range a.Users {
				s.Users = append(s.Users, hubspot.SandboxUser{ID: fmt.Sprint(1000 + i), Email: fmt.Sprintf("u%d@acme.example", i)})
			}
			if a.NoScope {
				s.Scopes = []string{}
			}
			return hubspot.Simulator().New(s, sandbox.Faults{LoopingCursor: a.LoopingCursor})
		},
		Skip: map[string]string{scantest.CaseCrossHostNext: "it pages with the after cursor and follows no link"},
	}
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
