package importer

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func mustCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGolden imports the sample spreadsheets and compares every file the
// import writes with testdata/golden/NAME; the HCL must load without
// errors and be formatted canonically.
func TestGolden(t *testing.T) {
	cat := mustCatalog(t)
	tests := []struct {
		name, file string
		o          Options
	}{
		{"stack", "../examples/import/stack.xlsx", Options{}},
		{"european", "testdata/european.csv", Options{Map: []string{"Outil=name"}, Currency: "EUR"}},
		{"us-order", "../examples/import/stack.xlsx", Options{Sheet: "stack", DateOrder: OrderMDY, Map: []string{"Website=ignore", "N=ignore"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Catalog = cat
			res, err := Spreadsheet(context.Background(), tt.file, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			files := res.Files(cat)
			dir := filepath.Join("testdata", "golden", tt.name)
			out := t.TempDir()
			var names []string
			for _, f := range files {
				names = append(names, f.Path)
				golden := filepath.Join(dir, filepath.FromSlash(f.Path)+".golden")
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(want, f.Content) {
					t.Errorf("%s differs from %s:\n%s", f.Path, golden, diff.Diff("want", want, "got", f.Content))
				}
				if strings.HasSuffix(f.Path, ".hcl") {
					formatted, diags := inventory.Format(f.Path, f.Content)
					if diags.HasErrors() || !bytes.Equal(formatted, f.Content) {
						t.Errorf("%s is not canonically formatted: %v", f.Path, diags)
					}
				}
				p := filepath.Join(out, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stale []string
			_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					if !containsPath(names, strings.TrimSuffix(filepath.ToSlash(rel), ".golden")) {
						stale = append(stale, rel)
					}
				}
				return nil
			})
			if len(stale) > 0 {
				sort.Strings(stale)
				t.Errorf("golden files the import no longer writes: %v", stale)
			}
			inv, diags := inventory.Load(out, inventory.WithCatalog(cat))
			if diags.HasErrors() {
				t.Fatalf("the imported inventory does not load: %v", diags)
			}
			declared := 0
			for _, tool := range res.Tools {
				if !tool.Commented {
					declared++
				}
			}
			if len(inv.Tools) != declared {
				t.Errorf("loaded %d tools, the import declared %d", len(inv.Tools), declared)
			}
		})
	}
}

func containsPath(list []string, p string) bool {
	for _, s := range list {
		if s == p {
			return true
		}
	}
	return false
}

// TestNoSilentDrop checks that every row of the sample holding anything is
// a tool, part of a merged tool, or a line of the report.
func TestNoSilentDrop(t *testing.T) {
	cat := mustCatalog(t)
	res, err := Spreadsheet(context.Background(), "../examples/import/stack.xlsx", Options{Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	accounted := map[int]bool{}
	for _, tool := range res.Tools {
		for _, r := range tool.Rows {
			accounted[r] = true
		}
	}
	for _, p := range res.Problems {
		if p.Skipped {
			accounted[p.Row] = true
		}
	}
	if len(accounted) != res.DataRows {
		t.Errorf("%d rows hold data, %d are accounted for", res.DataRows, len(accounted))
	}
	if res.DataRows < 40 {
		t.Errorf("the sample has %d rows; the issue asks for 40 or more", res.DataRows)
	}
}
