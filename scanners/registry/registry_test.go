package registry_test

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

var update = flag.Bool("update", false, "rewrite the kinds table of docs/scanners.md")

const module = "github.com/stackaudit/stackaudit/"

// folder is the kind's package folder, relative to this test.
func folder(t *testing.T, k scanners.Kind) string {
	t.Helper()
	var v any = k.Scanner
	if v == nil {
		v = k.Discoverer
	}
	typ := reflect.TypeOf(v)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	pkg, ok := strings.CutPrefix(typ.PkgPath(), module+"scanners/")
	require.True(t, ok, "kind %q: its scanner lives in %s, not under scanners/", k.Name, typ.PkgPath())
	return filepath.Join("..", pkg)
}

// fuzzTargets lists the Fuzz functions of the folder's test files.
func fuzzTargets(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	var out []string
	for _, f := range files {
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
				out = append(out, fn.Name.Name)
			}
		}
	}
	return out
}

// TestEveryKindIsComplete: a kind missing any part fails here, not in a
// user's run.
func TestEveryKindIsComplete(t *testing.T) {
	kinds := registry.Kinds()
	require.NotEmpty(t, kinds)
	seen := map[string]bool{}
	for _, k := range kinds {
		t.Run(k.Name, func(t *testing.T) {
			assert.NotEmpty(t, k.Name, "name")
			assert.False(t, seen[k.Name], "listed twice")
			seen[k.Name] = true
			require.True(t, k.Scanner != nil || k.Discoverer != nil, "neither a scanner nor a discoverer")
			if k.Scanner != nil {
				assert.Equal(t, k.Name, k.Scanner.Kind(), "scanner's Kind()")
				assert.NotNil(t, k.Activity, "a scan kind says whether it reports activity dates")
				assert.NotEmpty(t, k.Docs.Scan, "docs: what a scan measures")
			} else {
				assert.Empty(t, k.Docs.Scan, "docs of a scan the kind does not have")
			}
			if k.Discoverer != nil {
				assert.Equal(t, k.Name, k.Discoverer.Kind(), "discoverer's Kind()")
				assert.NotEmpty(t, k.Docs.Discovery, "docs: what discovery finds")
				assert.NotEqual(t, scanners.FindsNothing, k.Docs.Finds, "docs: whether discovery finds tools, integrations or flows")
			} else {
				assert.Empty(t, k.Docs.Discovery, "docs of a discovery the kind does not have")
				assert.Equal(t, scanners.FindsNothing, k.Docs.Finds)
			}
			assert.Positive(t, float64(k.Rate.Limit), "rate limit")
			assert.GreaterOrEqual(t, k.Rate.Burst, 1, "burst")
			if k.Host != nil {
				require.NotNil(t, k.Host.Pattern, "host pattern")
				assert.True(t, k.Host.Pattern.MatchString(k.Host.Example), "the host example %q matches the pattern", k.Host.Example)
				assert.False(t, k.Host.Pattern.MatchString("evil.example"), "the host pattern refuses another host")
			}
			if k.Offline {
				assert.Nil(t, k.Sandbox, "an offline kind calls no API to simulate")
			} else if assert.NotNil(t, k.Sandbox, "a simulated API for --sandbox and the tests (sandbox.go)") {
				v := k.Sandbox()
				assert.Equal(t, k.Name, v.Kind, "the simulator's kind")
				assert.NotNil(t, v.Serve, "the simulator's handler")
				assert.NotNil(t, v.RateLimited, "the simulator's 429")
				_, err := os.Stat(filepath.Join(folder(t, k), "sandbox.go"))
				assert.NoError(t, err, "the simulator lives in the kind's sandbox.go")
			}
			if k.Raise != nil {
				raised := k.Raise(1000)
				assert.Equal(t, k.Name, raised.Name, "Raise keeps the kind")
			}
			dir := folder(t, k)
			_, err := os.Stat(filepath.Join(dir, "kind.go"))
			assert.NoError(t, err, "the kind is declared in its folder's kind.go")
			assert.True(t, slices.ContainsFunc(fuzzTargets(t, dir), func(n string) bool { return strings.HasPrefix(n, "Fuzz") }),
				"%s has a fuzz target for what it decodes", dir)
		})
	}
}

// TestInventoryKindsAgree: the kinds the language accepts are the
// registry's, scan and discovery alike, with the same hosts.
func TestInventoryKindsAgree(t *testing.T) {
	var scan, discovery []string
	hosts := map[string]string{}
	for _, k := range registry.Kinds() {
		if k.Scanner != nil {
			scan = append(scan, k.Name)
		}
		if k.Discoverer != nil {
			discovery = append(discovery, k.Name)
		}
		if k.Host != nil {
			hosts[k.Name] = k.Host.Pattern.String() + " " + k.Host.Example
		}
	}
	ik := registry.InventoryKinds()
	names := func(specs []inventory.KindSpec) (out []string) {
		for _, s := range specs {
			out = append(out, s.Name)
			if s.HostPattern != nil {
				assert.Equal(t, hosts[s.Name], s.HostPattern.String()+" "+s.HostExample, s.Name)
			} else {
				assert.Empty(t, hosts[s.Name], "%s has a host pattern", s.Name)
			}
		}
		return out
	}
	assert.Equal(t, scan, names(ik.Scan), "scan kinds, in registry order")
	assert.ElementsMatch(t, discovery, names(ik.Discovery), "discovery kinds")
	assert.Equal(t, scan, registry.ScanKinds())
	assert.Len(t, registry.Registry(), len(scan))
	assert.Len(t, registry.Discoverers(), len(discovery))
	var simulated []string
	for _, k := range registry.Kinds() {
		if !k.Offline {
			simulated = append(simulated, k.Name)
		}
	}
	var vendors []string
	for _, v := range registry.Vendors() {
		vendors = append(vendors, v.Kind)
	}
	assert.Equal(t, simulated, vendors, "the simulator's vendors")
}

// TestTheLanguageNamesTheRegistrysKinds loads inventories with an unknown
// kind: the diagnostic lists exactly the registry's kinds.
func TestTheLanguageNamesTheRegistrysKinds(t *testing.T) {
	ik := registry.InventoryKinds()
	var scan, discovery []string
	for _, s := range ik.Scan {
		scan = append(scan, s.Name)
	}
	for _, s := range ik.Discovery {
		discovery = append(discovery, s.Name)
	}
	tests := []struct {
		block, want string
	}{
		{"tool \"t\" {\n  category = \"crm\"\n  scan \"nope\" {}\n}\n", "Use one of: " + strings.Join(scan, ", ") + "."},
		{"discovery \"nope\" {}\n", "Use one of: " + strings.Join(discovery, ", ") + "."},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(tt.block), 0o644))
		_, diags := inventory.Load(dir, inventory.WithKinds(ik))
		require.Len(t, diags, 1, diags.Error())
		assert.Contains(t, diags[0].Detail, tt.want)
	}
}

// TestCatalogNamesVendorKinds: the catalog's products name only the
// registry's vendor kinds, and every vendor kind measures some product.
func TestCatalogNamesVendorKinds(t *testing.T) {
	c, err := catalog.Load()
	require.NoError(t, err)
	named := map[string]bool{}
	for _, p := range c.Products() {
		if p.Scanner != "" {
			named[p.Scanner] = true
		}
	}
	vendors := map[string]bool{}
	for _, k := range registry.Kinds() {
		if k.Scanner != nil && !k.Generic {
			vendors[k.Name] = true
			assert.True(t, named[k.Name], "some catalog product is measured by the %s scanner", k.Name)
		}
	}
	for kind := range named {
		assert.True(t, vendors[kind], "a catalog product names scanner %q, not a vendor kind of the registry", kind)
	}
}

// TestDocsTable keeps docs/scanners.md's table of kinds generated from the
// registry; -update rewrites it.
func TestDocsTable(t *testing.T) {
	const path = "../../docs/scanners.md"
	const begin, end = "<!-- kinds table: generated from scanners/registry (go test ./scanners/registry -update) -->\n", "<!-- end of kinds table -->\n"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	require.True(t, i >= 0 && j > i, "%s has the markers of the kinds table", path)
	want := docsTable(registry.Kinds())
	if got := doc[i+len(begin) : j]; got != want {
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(doc[:i+len(begin)]+want+doc[j:]), 0o644))
			return
		}
		t.Errorf("%s: the kinds table differs from the registry (go test ./scanners/registry -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func docsTable(kinds []scanners.Kind) string {
	var b strings.Builder
	b.WriteString("| kind | scan | discovery | `host` | default rate limit |\n|---|---|---|---|---|\n")
	for _, k := range kinds {
		host := "not allowed"
		if k.Host != nil {
			host = "required"
			if k.Host.Optional {
				host = "optional"
			}
		}
		cell := func(s string) string {
			if s == "" {
				return "—"
			}
			return s
		}
		b.WriteString("| `" + k.Name + "` | " + cell(k.Docs.Scan) + " | " + cell(k.Docs.Discovery) + " | " + host + " | " + k.RateLimit() + " |\n")
	}
	return b.String()
}

// TestSandboxImportsNoKind: the simulator's framework is handed the kinds'
// simulators; it must not import them (or the registry).
func TestSandboxImportsNoKind(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../sandbox").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	for _, k := range registry.Kinds() {
		dir := folder(t, k)
		pkg := module + "scanners/" + filepath.Base(dir)
		assert.NotContains(t, deps, pkg, "scanners/sandbox imports %s", pkg)
	}
	assert.NotContains(t, deps, module+"scanners/registry")
	assert.NotContains(t, deps, module+"scanners", "scanners/sandbox is below scanners")
}
