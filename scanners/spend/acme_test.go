package spend_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/spend"
	"github.com/stackaudit/stackaudit/usage"
)

// loadAcme loads examples/acme with its spend discovery block.
func loadAcme(t *testing.T) *inventory.Inventory {
	t.Helper()
	inv, diags := inventory.Load("../../examples/acme", inventory.WithKinds(registry.InventoryKinds()))
	require.False(t, diags.HasErrors(), "%s", diags)
	return inv
}

func acmeSpend(t *testing.T) []usage.DiscoveredTool {
	t.Helper()
	inv := loadAcme(t)
	var block *inventory.Discovery
	for _, d := range inv.Discoveries {
		if d.Kind == spend.Kind {
			block = d
		}
	}
	require.NotNil(t, block, "examples/acme declares a spend discovery")
	env := scanners.Env{AsOf: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Catalog: inv.Catalog, Organization: inv.Organization}
	got, err := spend.NewDiscoverer().Discover(context.Background(), block, env)
	require.NoError(t, err)
	return got.Tools
}

func TestAcmeSpend(t *testing.T) {
	tools := acmeSpend(t)
	if os.Getenv("SPEND_DEBUG") != "" {
		for _, d := range tools {
			t.Logf("%s %q %s users=%d annual=%s matched=%v purchases=%d\n  %s", d.Source, d.Name, d.Product, d.Users, d.Spend.Annual, d.Spend.Matched, len(d.Spend.Purchases), d.Evidence)
		}
	}
	byName := map[string]usage.DiscoveredTool{}
	for _, d := range tools {
		byName[d.Name] = d
	}
	assert.Len(t, tools, 5)
}
