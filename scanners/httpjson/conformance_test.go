package httpjson_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/httpjson"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// linkSettings follow the simulated Gong API's absolute next links.
const linkSettings = `
    url   = "https://api.gong.io/v2/users"
    users = ".users[] | {id, email: .emailAddress}"
    next  = ".next"
`

// vendor adapts the http kind to scantest: a Gong-like API of n active
// users whose pages link to the next, served by the sandbox.
func vendor() scantest.Vendor {
	v := scantest.Vendor{
		Kind: "http", Scanner: httpjson.New(), Simulator: httpjson.Simulator, Tool: "gong",
		Seed:     func() any { return seed(150) },
		TokenEnv: "GONG_BASIC_AUTH", Token: goodToken, BadToken: canary,
		Base: "/http", ErrPrefix: "api.gong.io: GET /http/v2/users",
		Secrets: []string{"cursor="},
		Account: func(a scantest.Account) any {
			return httpjson.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, NextLinks: true, Scopes: a.Scopes(),
				Users: scantest.List(a.Users, func(i int) httpjson.SandboxUser {
					return httpjson.SandboxUser{ID: fmt.Sprint(i), Email: fmt.Sprintf("u%d@acme.example", i), Active: true}
				})}
		},
	}
	v.HCL = v.ToolHCL(linkSettings)
	return v
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
