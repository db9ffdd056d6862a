package github_test

import (
	"fmt"
	"testing"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// vendor adapts GitHub's scanner to scantest: an organization of n
// members, served by the sandbox.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "github", Scanner: github.New(), Simulator: github.Simulator, Tool: "github",
		Seed:     func() any { return seed(150) },
		Settings: []string{`org = "acme"`},
		TokenEnv: "GITHUB_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/github/", ErrPrefix: "github: GET /orgs/acme/members",
		Secrets: []string{"per_page", "page="},
		Account: func(a scantest.Account) any {
			return github.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, Org: "acme", Scopes: a.Scopes(),
				Members: scantest.List(a.Users, func(i int) github.SandboxMember {
					return github.SandboxMember{Login: fmt.Sprintf("dev-%d", i), ID: int64(1000 + i)}
				})}
		},
		Skip: map[string]string{scantest.CaseCrossHostNext: "go-github takes only the page number from a Link header " +
			"and asks its own base URL for the page, whatever host the link names"},
	}
}

// discoverer adapts GitHub's discoverer (without its search limit): an
// organization of n repositories that each use Segment's SDK.
func discoverer() scantest.Vendor {
	v := vendor()
	v.Scanner, v.Discoverer = nil, &github.Discoverer{SearchLimit: rate.Inf}
	v.Seed = func() any { return codeSeed() }
	// The organization's answer is only checked for its status: a
	// malformed one fails at the first search.
	v.HCL, v.ErrPrefix = fmt.Sprintf(discoveryHCL, ""), "github: GET /"
	v.Secrets = append(v.Secrets, "q=", "org:")
	v.Account = func(a scantest.Account) any {
		return github.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, Org: "acme", Scopes: a.Scopes(),
			Repositories: scantest.List(a.Users, func(i int) github.SandboxRepository {
				return github.SandboxRepository{FullName: fmt.Sprintf("acme/repo-%d", i),
					Files: map[string]string{"package.json": `{"dependencies": {"@segment/analytics-next": "1"}}`}}
			})}
	}
	v.Count = func(_ *usage.ToolUsage, d *usage.Discovered) int { return len(d.Integrations) }
	const searchLimit = "code searches wait for the discoverer's own search limit instead of the shared one " +
		"(TestSearchLimiterSpacesQueries, TestDefaultSearchLimit)"
	v.Skip = map[string]string{
		scantest.CaseTenThousandPages: "code search returns at most 1,000 results; TestDiscoverOverAThousandResults splits the search",
		scantest.CaseScope: "public repositories need no scope; a private one without the scope repo is a 422, " +
			"in TestDiscoverBadResponses",
		scantest.CaseCrossHostNext:     v.Skip[scantest.CaseCrossHostNext],
		scantest.CaseRateLimit:         searchLimit,
		scantest.CaseRateLimitDeadline: searchLimit,
	}
	return v
}

func TestConformance(t *testing.T) {
	t.Run("scan", func(t *testing.T) { scantest.Conformance(t, vendor()) })
	t.Run("discover", func(t *testing.T) { scantest.Conformance(t, discoverer()) })
}
