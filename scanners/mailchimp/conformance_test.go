package mailchimp_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/mailchimp"
	"github.com/stackaudit/stackaudit/usage"
)

// vendor adapts Mailchimp to scantest: an account whose paged list is its
// authorized apps, served by the sandbox.
func vendor() scantest.Vendor {
	v := scantest.Vendor{
		Kind: "mailchimp", Scanner: mailchimp.New(), Simulator: mailchimp.Simulator, Tool: "mailchimp",
		Seed:     func() any { return seed(150) },
		TokenEnv: "MAILCHIMP_API_KEY", Token: goodKey, BadToken: canary,
		Base: "/mailchimp/3.0", ErrPrefix: "mailchimp: GET /",
		Secrets: []string{"offset=", "?", "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b"},
		Account: func(a scantest.Account) any {
			s := seed(a.Users)
			s.Token, s.PageSize = a.Token, a.PageSize
			if a.NoScope {
				// API keys have no scopes: the key's user may not read the account.
				s.Forbidden = []string{"/"}
			}
			return s
		},
		// The measure is the account's contacts (12000 in seed), whatever
		// the number of apps paged through.
		Count: func(u *usage.ToolUsage, _ *usage.Discovered) int {
			if u == nil {
				return -1
			}
			return u.Seats.Assigned
		},
		Want: func(int) int { return 12000 },
		Skip: map[string]string{scantest.CaseCrossHostNext: "it pages with offset and follows no link"},
	}
	v.HCL = v.ToolHCL(usHost)
	return v
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
