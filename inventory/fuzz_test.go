package inventory_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// seedFiles adds the shipped examples and bad fixtures to a fuzz corpus.
func seedFiles(f *testing.F, add func([]byte)) {
	for _, pattern := range []string{"../examples/*/*.hcl", "../examples/*/*/*.hcl", "testdata/bad/*/*.hcl", "testdata/bad/*/*.hcl.json"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				add(b)
			}
		}
	}
}

// FuzzLoad loads inventories of three files: two in native syntax, one in
// JSON, in nested folders. Whatever the bytes, Load must not panic or hang,
// must give the same diagnostics twice, and every diagnostic must point into
// a file of the inventory.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`team "a" { parent = team.b }`), []byte(`team "b" { parent = team.a }`), []byte(`{"tool": {"t": {"category": "crm", "owner": "team.a"}}}`))
	seedFiles(f, func(b []byte) { f.Add(b, []byte(`team "mops" {}`), []byte(`{}`)) })
	// Loading the embedded catalog once keeps the fuzzer on the loader.
	cat, err := catalog.Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b, c []byte) {
		dir := t.TempDir()
		files := map[string][]byte{"a.hcl": a, "sub/b.hcl": b, "c.hcl.json": c}
		for name, content := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// A hang is as bad as a crash; go test's -timeout catches it
		// without a wall-clock bound that a loaded machine would trip.
		inv, diags := inventory.Load(dir, inventory.WithCatalog(cat))
		if inv == nil {
			t.Fatal("Load returned no inventory")
		}
		_, again := inventory.Load(dir, inventory.WithCatalog(cat))
		if len(again) != len(diags) {
			t.Fatalf("non-deterministic: %d then %d diagnostics", len(diags), len(again))
		}
		for i, d := range diags {
			if d.Summary != again[i].Summary {
				t.Fatalf("non-deterministic diagnostic %d: %q then %q", i, d.Summary, again[i].Summary)
			}
			if d.Summary == "Internal error" {
				t.Fatalf("Load hit a bug: %s", d.Detail)
			}
			if d.Summary == "" || d.Detail == "" && d.Severity == hcl.DiagError && d.Subject == nil {
				t.Fatalf("diagnostic without explanation: %#v", d)
			}
			if d.Subject != nil && inv.Files[d.Subject.Filename] == nil && filepath.Dir(d.Subject.Filename) != dir && filepath.Dir(d.Subject.Filename) != filepath.Join(dir, "sub") {
				t.Fatalf("diagnostic points outside the inventory: %s", d.Subject.Filename)
			}
		}
		if !diags.HasErrors() {
			for _, tool := range inv.Tools {
				if tool.Owner != nil && inv.Team(tool.Owner.ID) != tool.Owner {
					t.Fatalf("tool %s owner is not the indexed team", tool.ID)
				}
			}
		}
	})
}

// FuzzFormat checks that fmt is idempotent and never breaks a valid file.
func FuzzFormat(f *testing.F) {
	seedFiles(f, func(b []byte) { f.Add(b) })
	f.Add([]byte("a={b=1\nc=[1,2]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, diags := inventory.Format("f.hcl", src)
		if diags.HasErrors() {
			return
		}
		again, diags := inventory.Format("f.hcl", out)
		if diags.HasErrors() {
			t.Fatalf("formatted output does not parse: %s\n%s", diags.Error(), out)
		}
		if !bytes.Equal(out, again) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
	})
}
