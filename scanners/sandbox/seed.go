package sandbox

import (
	"time"

	"github.com/stackaudit/stackaudit/inventory"
)

// Token is the one credential the simulator accepts from `--sandbox` runs:
// they never read a real credential variable.
const Token = "sandbox-token-us6"

// SeedFor is the data `--sandbox` serves for an inventory. (Placeholder:
// tokens only, until the seed files exist.)
func SeedFor(inv *inventory.Inventory, asOf time.Time) (Seed, error) {
	var s Seed
	s.HubSpot.Token = Token
	s.Slack.Token = Token
	return s, nil
}
