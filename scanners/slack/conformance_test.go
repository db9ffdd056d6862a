package slack_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/slack"
)

// vendor adapts Slack to scantest: a workspace on a paid plan whose
// members are all billed, without access logs, served by the sandbox.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "slack", Scanner: slack.New(), Simulator: slack.Simulator, Tool: "slack",
		TokenEnv: "SLACK_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/slack/api", ErrPrefix: "slack: GET /users.list",
		Secrets: []string{"cursor=", "limit=", "dXNlcjpV"},
		Account: func(a scantest.Account) any {
			s := slack.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize}, PaidPlan: true, Billable: map[string]bool{}, Scopes: a.Scopes()}
			for i := range a.Users {
				id := fmt.Sprintf("U%05d", i)
				s.Members = append(s.Members, slack.SandboxMember{ID: id, Name: fmt.Sprint("u", i), Email: fmt.Sprintf("u%d@acme.example", i)})
				s.Billable[id] = true
			}
			return s
		},
		Skip: map[string]string{scantest.CaseCrossHostNext: "it pages with next_cursor and follows no link"},
	}
}

func TestConformance(t *testing.T) { scantest.Conformance(t, vendor()) }
