package fastparse_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/inventory/internal/fastparse"
)

// TestMirrorsHCLVersion fails when go.mod requires another hcl than the one
// Parse was written against: Parse reproduces hclsyntax's lexer and parser
// by hand, so a new hcl may build other trees, and nothing else would notice
// until the fuzz target runs long. (A test binary carries no module list in
// its build information, so the version comes from go.mod.)
func TestMirrorsHCLVersion(t *testing.T) {
	const path = "github.com/hashicorp/hcl/v2"
	gomod, err := os.ReadFile(filepath.Join(moduleRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	version, replaced := requiredVersion(string(gomod), path)
	if version == "" {
		t.Fatalf("go.mod does not require %s", path)
	}
	if replaced {
		t.Errorf("go.mod replaces %s: Parse must be checked against the replacement as against an upgrade", path)
	}
	if version != fastparse.MirrorsHCL {
		t.Errorf(`fastparse mirrors %s %s, but go.mod requires %s. Before setting MirrorsHCL to %[3]s, re-check
against the new hclsyntax:
  - the lexer's rules for columns (hclsyntax/scan_tokens.rl and token.go: grapheme clusters, \r\n),
    for comments, newlines and which bytes end a token;
  - the node types Parse builds (Body, Attribute, Block, LiteralValueExpr, TemplateExpr,
    ScopeTraversalExpr, TupleConsExpr, ObjectConsExpr, ObjectConsKeyExpr, UnaryOpExpr), their fields
    and their ranges (hclsyntax/parser.go), and how numbers are parsed (precision, rounding);
then run the fuzz target long: go test -run '^$' -fuzz '^FuzzFastParse$' -fuzztime 30m ./inventory/internal/fastparse`,
			path, fastparse.MirrorsHCL, version)
	}
}

// requiredVersion returns the version of module path that the go.mod text
// requires, and whether a replace directive names path.
func requiredVersion(gomod, path string) (version string, replaced bool) {
	for line := range strings.Lines(gomod) {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		if len(f) > 0 && (f[0] == "require" || f[0] == "replace") {
			replaced = replaced || f[0] == "replace" && len(f) > 1 && f[1] == path
			f = f[1:]
		}
		switch {
		case len(f) >= 2 && f[0] == path && f[1] == "=>", len(f) >= 3 && f[0] == path && f[2] == "=>":
			replaced = true
		case len(f) == 2 && f[0] == path:
			version = f[1]
		}
	}
	return version, replaced
}

func TestRequiredVersion(t *testing.T) {
	const p = "github.com/hashicorp/hcl/v2"
	tests := []struct {
		name, gomod, version string
		replaced             bool
	}{
		{"block", "module m\n\nrequire (\n\tx.org/y v1.0.0\n\t" + p + " v2.25.0\n)\n", "v2.25.0", false},
		{"single line", "module m\nrequire " + p + " v2.24.1 // indirect\n", "v2.24.1", false},
		{"absent", "module m\nrequire x.org/y v1.0.0\n", "", false},
		{"replaced", "module m\nrequire " + p + " v2.25.0\nreplace " + p + " => ../hcl\n", "v2.25.0", true},
		{"replaced in block", "module m\nrequire " + p + " v2.25.0\nreplace (\n\t" + p + " v2.25.0 => ../hcl\n)\n", "v2.25.0", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			version, replaced := requiredVersion(tc.gomod, p)
			if version != tc.version || replaced != tc.replaced {
				t.Errorf("requiredVersion = %q, %v; want %q, %v", version, replaced, tc.version, tc.replaced)
			}
		})
	}
}
