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

// folder is the kind's package folder, relative to this test ("" when
// the kind has neither scanner nor discoverer, or they live elsewhere).
func folder(k scanners.Kind) string {
	var v any = k.Scanner
	if v == nil {
		v = k.Discoverer
	}
	if v == nil {
		return ""
	}
	typ := reflect.TypeOf(v)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	pkg, ok := strings.CutPrefix(typ.PkgPath(), module+"scanners/")
	if !ok {
		return ""
	}
	return filepath.Join("..", pkg)
}

// folderFiles lists a folder's files and the Fuzz functions of its tests.
func folderFiles(t *testing.T, dir string) (files, fuzz []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		files = append(files, e.Name())
		if !strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Fuzz") {
				fuzz = append(fuzz, fn.Name.Name)
			}
		}
	}
	return files, fuzz
}

// problems lists the parts kind k lacks; files and fuzz are those of its
// folder.
func problems(k scanners.Kind, files, fuzz []string) []string {
	var out []string
	need := func(ok bool, what string) {
		if !ok {
			out = append(out, what)
		}
	}
	need(k.Name != "", "a name")
	need(k.Scanner != nil || k.Discoverer != nil, "a scanner or a discoverer")
	if k.Scanner != nil {
		need(k.Activity != nil, "an activity rule (does a scan report activity dates?)")
		need(k.Docs.Scan != "", "docs: what a scan measures")
	} else {
		need(k.Docs.Scan == "", "no docs for a scan it does not have")
	}
	if k.Discoverer != nil {
		need(k.Docs.Discovery != "", "docs: what discovery finds")
		need(k.Docs.Finds != scanners.FindsNothing, "docs: whether discovery finds tools, integrations or flows")
	} else {
		need(k.Docs.Discovery == "" && k.Docs.Finds == scanners.FindsNothing, "no docs for a discovery it does not have")
	}
	need(k.Rate.Limit > 0 && k.Rate.Burst >= 1, "a rate limit and burst")
	if k.Host != nil {
		need(k.Host.Pattern != nil && k.Host.Pattern.MatchString(k.Host.Example) && !k.Host.Pattern.MatchString("evil.example"),
			"a host pattern that its example matches and another host does not")
	}
	if k.Offline {
		need(k.Sandbox == nil, "no simulator for a kind that calls no API")
	} else {
		need(k.Sandbox != nil, "a simulated API (sandbox.go)")
		if k.Sandbox != nil {
			v := k.Sandbox()
			need(v.Kind == k.Name && v.Serve != nil && v.RateLimited != nil, "a simulator of its own name, with a handler and a 429")
			need(slices.Contains(files, "sandbox.go"), "its simulator in the folder's sandbox.go")
		}
	}
	if k.Raise != nil {
		need(k.Raise(1000).Name == k.Name, "a Raise that keeps the kind")
	}
	need(slices.Contains(files, "kind.go"), "its Kind in the folder's kind.go")
	need(len(fuzz) > 0, "a fuzz target for what it decodes")
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
			assert.False(t, seen[k.Name], "listed twice")
			seen[k.Name] = true
			dir := folder(k)
			require.NotEmpty(t, dir, "the kind's scanner or discoverer lives in scanners/KIND")
			files, fuzz := folderFiles(t, dir)
			assert.Empty(t, problems(k, files, fuzz), "%s lacks", k.Name)
		})
	}
}

// TestProblemsFindWhatIsMissing: the completeness check catches each part a
// kind can lack.
func TestProblemsFindWhatIsMissing(t *testing.T) {
	files := []string{"kind.go", "sandbox.go"}
	fuzz := []string{"FuzzDecode"}
	var complete scanners.Kind
	for _, k := range registry.Kinds() {
		if k.Scanner != nil && k.Discoverer != nil && k.Host != nil {
			complete = k
		}
	}
	require.NotEmpty(t, complete.Name, "a kind with every part")
	require.Empty(t, problems(complete, files, fuzz))
	tests := []struct {
		name   string
		change func(k *scanners.Kind)
		files  []string
		fuzz   []string
		want   string
	}{
		{"no scanner nor discoverer", func(k *scanners.Kind) { k.Scanner, k.Discoverer = nil, nil }, files, fuzz, "a scanner or a discoverer"},
		{"no activity rule", func(k *scanners.Kind) { k.Activity = nil }, files, fuzz, "an activity rule (does a scan report activity dates?)"},
		{"no scan docs", func(k *scanners.Kind) { k.Docs.Scan = "" }, files, fuzz, "docs: what a scan measures"},
		{"no discovery docs", func(k *scanners.Kind) { k.Docs.Discovery = "" }, files, fuzz, "docs: what discovery finds"},
		{"no finding", func(k *scanners.Kind) { k.Docs.Finds = scanners.FindsNothing }, files, fuzz, "docs: whether discovery finds tools, integrations or flows"},
		{"no rate", func(k *scanners.Kind) { k.Rate = scanners.Rate{} }, files, fuzz, "a rate limit and burst"},
		{"host example outside the pattern", func(k *scanners.Kind) { h := *k.Host; h.Example = "evil.example"; k.Host = &h }, files, fuzz,
			"a host pattern that its example matches and another host does not"},
		{"no simulator", func(k *scanners.Kind) { k.Sandbox = nil }, files, fuzz, "a simulated API (sandbox.go)"},
		{"another kind's name", func(k *scanners.Kind) { k.Name = "other" }, files, fuzz, "a simulator of its own name, with a handler and a 429"},
		{"no kind.go", func(*scanners.Kind) {}, []string{"sandbox.go"}, fuzz, "its Kind in the folder's kind.go"},
		{"no sandbox.go", func(*scanners.Kind) {}, []string{"kind.go"}, fuzz, "its simulator in the folder's sandbox.go"},
		{"no fuzz target", func(*scanners.Kind) {}, files, nil, "a fuzz target for what it decodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := complete
			tt.change(&k)
			assert.Contains(t, problems(k, tt.files, tt.fuzz), tt.want)
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
		pkg := module + "scanners/" + filepath.Base(folder(k))
		assert.NotContains(t, deps, pkg, "scanners/sandbox imports %s", pkg)
	}
	assert.NotContains(t, deps, module+"scanners/registry")
	assert.NotContains(t, deps, module+"scanners", "scanners/sandbox is below scanners")
}
