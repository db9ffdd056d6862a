package inventory_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/goldenfile"
	"github.com/stackaudit/stackaudit/inventory"
)

// TestGeneratedBadInputs covers inputs too big to commit: each is written
// at test time, must fail with one clear diagnostic, and must not crash the
// parser's stack or take long.
func TestGeneratedBadInputs(t *testing.T) {
	deep := func(open, close string, n int) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	cases := []struct {
		name    string
		file    string
		content func() string
	}{
		{"50mb-file", "big.hcl", func() string {
			block := "team \"t\" {\n  name = \"" + strings.Repeat("x", 100) + "\"\n}\n"
			return strings.Repeat(block, 50<<20/len(block)+1)
		}},
		{"deep-brackets", "deep.hcl", func() string { return "tool \"x\" {\n  category = " + deep("[", "]", 100_000) + "\n}\n" }},
		{"deep-parens-in-template", "deep.hcl", func() string { return "tool \"x\" {\n  name = \"${" + deep("(", ")", 100_000) + "}\"\n}\n" }},
		{"deep-objects", "deep.hcl", func() string { return "tool \"x\" {\n  category = " + deep("{a=", "}", 50_000) + "\n}\n" }},
		{"deep-json", "deep.hcl.json", func() string { return `{"team": {"a": {"name": ` + deep("[", "]", 100_000) + `}}}` }},
		{"deep-heredoc-interpolation", "deep.hcl", func() string {
			return "tool \"x\" {\n  name = <<EOT\n${" + deep("[", "]", 100_000) + "}\nEOT\n}\n"
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, c.file), []byte(c.content()), 0o644))
			inv, diags := inventory.Load(dir)
			require.True(t, diags.HasErrors())
			require.Len(t, diags, 1, "one diagnostic, not one per byte")
			goldenfile.Text(t, filepath.Join("testdata", "generated", c.name+".golden"), render(t, inv, diags, dir, "$DIR"), *update)
		})
	}
}

// TestNestingWithinLimitIsAccepted makes sure the guard does not refuse
// legitimate nesting, brackets inside strings, comments and heredocs.
func TestNestingWithinLimitIsAccepted(t *testing.T) {
	dir := t.TempDir()
	src := `
# a comment with unbalanced brackets: [[[[[[ ((((((
/* and a block comment }}}}} */
team "mops" {
  name = "Ops ((( [[[ {{{ \" still a string ]]]"
  lead = <<EOT
heredoc with [[[ brackets
EOT
}
tool "x" {
  category     = "crm"
  capabilities = [` + strings.Repeat("[", 0) + `"crm"]
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.hcl"), []byte(src), 0o644))
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), render(t, inv, diags), *update)
	require.Equal(t, "Ops ((( [[[ {{{ \" still a string ]]]", inv.Team("mops").Name)
}
