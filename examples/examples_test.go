package examples

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestEmbeddedEqualsFolder holds the embedded example to the folder: every
// file, byte for byte, except the simulator's scans (.stackaudit/sandbox),
// which are never committed.
func TestEmbeddedEqualsFolder(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			embedded, ok := FS(name)
			if !ok {
				t.Fatalf("FS(%q) not found", name)
			}
			want := map[string][]byte{}
			err := filepath.WalkDir(name, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				rel := filepath.ToSlash(strings.TrimPrefix(p, name+string(filepath.Separator)))
				if d.IsDir() {
					if strings.HasPrefix(rel, ".stackaudit/sandbox") {
						return fs.SkipDir
					}
					return nil
				}
				b, err := os.ReadFile(p)
				want[rel] = b
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			err = fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := fs.ReadFile(embedded, p)
				got[p] = b
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) < 10 {
				t.Fatalf("the folder %s has %d files; expected the whole example", name, len(want))
			}
			var missing, extra, differ []string
			for p, b := range want {
				g, ok := got[p]
				switch {
				case !ok:
					missing = append(missing, p)
				case !bytes.Equal(g, b):
					differ = append(differ, p)
				}
			}
			for p := range got {
				if _, ok := want[p]; !ok {
					extra = append(extra, p)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			sort.Strings(differ)
			if len(missing)+len(extra)+len(differ) > 0 {
				t.Errorf("embedded %s differs from the folder: missing %v, extra %v, different %v (a dot folder needs its own //go:embed pattern)", name, missing, extra, differ)
			}
		})
	}
}

func TestUnknownExample(t *testing.T) {
	if _, ok := FS("nope"); ok {
		t.Error(`FS("nope") found an example`)
	}
}
