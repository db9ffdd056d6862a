package scim_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/scim"
)

const (
	goodToken = "scim-token-7f3e9a"
	canary    = "scim-CANARY-token"
	// figmaURL is a Figma SCIM base URL (tenant id from Figma's docs).
	figmaURL = `url = "https://www.figma.com/scim/v2/1401286822445493852"`
)

// account is a SCIM provider with n active users, served by the simulator.
func account(a scantest.Account) any {
	return scim.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, Disabled: a.NoScope,
		Users: scantest.List(a.Users, func(i int) scim.SandboxUser {
			return scim.SandboxUser{ID: fmt.Sprintf("u-%06d", i), UserName: fmt.Sprintf("u%d@acme.example", i)}
		})}
}

// vendor adapts the scim kind to scantest: Figma's SCIM API.
func vendor() scantest.Vendor {
	v := scantest.Vendor{
		Kind: "scim", Scanner: scim.New(), Simulator: scim.Simulator, Tool: "figma",
		TokenEnv: "FIGMA_SCIM_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/scim", ErrPrefix: "www.figma.com: GET /scim/scim/v2/1401286822445493852/Users",
		Secrets: []string{"startIndex=", "count="},
		Account: account,
		Skip: map[string]string{
			scantest.CaseCrossHostNext: "SCIM pages by startIndex: no next-page link is followed",
		},
	}
	v.HCL = v.ToolHCL(figmaURL)
	return v
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
