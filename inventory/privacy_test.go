package inventory_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

// TestOrganizationPseudonymizeUsers: the privacy attributes of the
// organization block, their defaults and their mistakes.
func TestOrganizationPseudonymizeUsers(t *testing.T) {
	cases := []struct {
		name, src string
		on        bool
		env       string
		err       string // a diagnostic summary; "" when valid
	}{
		{name: "no organization block", src: "", env: inventory.DefaultPseudonymKeyEnv},
		{name: "not asked", src: "organization {\n  name = \"A\"\n}\n", env: inventory.DefaultPseudonymKeyEnv},
		{name: "on, default key variable", src: "organization {\n  pseudonymize_users = true\n}\n", on: true, env: inventory.DefaultPseudonymKeyEnv},
		{name: "on, own key variable", src: "organization {\n  pseudonymize_users = true\n  pseudonym_key_env = \"ACME_PSEUDO_KEY\"\n}\n", on: true, env: "ACME_PSEUDO_KEY"},
		{name: "off explicitly", src: "organization {\n  pseudonymize_users = false\n}\n", env: inventory.DefaultPseudonymKeyEnv},
		{name: "not a bool", src: "organization {\n  pseudonymize_users = \"yes please\"\n}\n", err: "Incorrect attribute value type"},
		{name: "a key, not a variable name", src: "organization {\n  pseudonym_key_env = \"s3cr3t-k3y-value\"\n}\n", err: "Invalid environment variable name"},
		{name: "typo", src: "organization {\n  pseudonymise_users = true\n}\n", err: "Unsupported argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"main.hcl": c.src + "team \"t\" {\n}\n"})
			inv, diags := inventory.Load(dir)
			if c.err != "" {
				require.True(t, diags.HasErrors())
				assert.Equal(t, c.err, diags[0].Summary, render(t, inv, diags))
				return
			}
			require.False(t, diags.HasErrors(), render(t, inv, diags))
			assert.Equal(t, c.on, inv.Organization.PseudonymizeUsers)
			assert.Equal(t, c.env, inv.Organization.PseudonymKeyEnv)
		})
	}
}
