package spend_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/scanners/spend"
)

// TestConformance: none of the HTTP cases applies; the files' own limits
// are tested below.
func TestConformance(t *testing.T) {
	scantest.Conformance(t, scantest.Vendor{Kind: spend.Kind, Discoverer: spend.NewDiscoverer(),
		Skip: scantest.SkipAll("it reads files of the inventory and makes no HTTP call")})
}

// inventoryWith writes main.hcl with a spend block and the given files,
// and loads it.
func inventoryWith(t *testing.T, block string, files map[string]string) (*inventory.Inventory, hcl.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	}
	src := "organization {\n  currency = \"USD\"\n  exchange_rates = { EUR = 1.10 }\n}\n\n" + block
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644))
	return inventory.Load(dir, inventory.WithKinds(registry.InventoryKinds()))
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, block, want string
	}{
		{"no files", "discovery \"spend\" {}\n", "files"},
		{"absolute", "discovery \"spend\" {\n  files = [\"/etc/passwd\"]\n}\n", "absolute path"},
		{"out of the inventory", "discovery \"spend\" {\n  files = [\"../x.csv\"]\n}\n", "leads out of the inventory"},
		{"unknown format", "discovery \"spend\" {\n  files = [\"a.csv\"]\n  format = \"chase\"\n}\n", `"chase" is not a spend export format`},
		{"unknown field", "discovery \"spend\" {\n  files = [\"a.csv\"]\n  columns = { vendor = \"V\" }\n}\n", `"vendor" is not a spend field`},
		{"bad date format", "discovery \"spend\" {\n  files = [\"a.csv\"]\n  date_format = \"soon\"\n}\n", "not a Go time layout"},
		{"bad currency", "discovery \"spend\" {\n  files = [\"a.csv\"]\n  currency = \"euro\"\n}\n", "ISO 4217"},
		{"token", "discovery \"spend\" {\n  files = [\"a.csv\"]\n  token_env = \"X\"\n}\n", "needs no token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, diags := inventoryWith(t, tt.block, nil)
			if !diags.HasErrors() {
				diags = spend.NewDiscoverer().Validate(inv.Discoveries[0])
			}
			require.True(t, diags.HasErrors())
			assert.Contains(t, diags.Error(), tt.want)
		})
	}
}

func discover(t *testing.T, block string, files map[string]string) error {
	t.Helper()
	inv, diags := inventoryWith(t, block, files)
	require.False(t, diags.HasErrors(), diags.Error())
	require.Empty(t, spend.NewDiscoverer().Validate(inv.Discoveries[0]))
	env := scanners.Env{AsOf: asOf, Catalog: inv.Catalog, Organization: inv.Organization}
	_, err := spend.NewDiscoverer().Discover(context.Background(), inv.Discoveries[0], env)
	return err
}

func TestDiscoverFiles(t *testing.T) {
	block := "discovery \"spend\" {\n  files = [\"spend/a.csv\"]\n}\n"
	err := discover(t, block, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "spend/a.csv: file not found in the inventory folder")

	err = discover(t, block, map[string]string{"spend/a.csv": "date,merchant,amount\n2026-01-05,LOOM INC,10.00,CHF\n"})
	require.NoError(t, err, "an extra cell is no error")

	err = discover(t, block, map[string]string{"spend/a.csv": "date,merchant,amount,currency\n2026-01-05,LOOM INC,10.00,CHF\n"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "spend/a.csv: line 2: the currency \"CHF\" has no exchange rate")
}

func TestDiscoverRefusesSymlinkOut(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.csv")
	require.NoError(t, os.WriteFile(outside, []byte("date,merchant,amount\n2026-01-05,X,1\n"), 0o644))
	inv, diags := inventoryWith(t, "discovery \"spend\" {\n  files = [\"spend/a.csv\"]\n}\n", nil)
	require.False(t, diags.HasErrors())
	dir := filepath.Dir(inv.Discoveries[0].DeclRange.Filename)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "spend"), 0o755))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "spend", "a.csv")))
	env := scanners.Env{AsOf: asOf, Catalog: inv.Catalog, Organization: inv.Organization}
	_, err := spend.NewDiscoverer().Discover(context.Background(), inv.Discoveries[0], env)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "spend/a.csv")
}
