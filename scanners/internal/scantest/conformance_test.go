package scantest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/registry"
)

// TestEveryKindRunsConformance: each registered kind's folder has a
// conformance_test.go that runs the suite, for its discoverer too when it
// has one, so that a new kind cannot skip it unnoticed.
func TestEveryKindRunsConformance(t *testing.T) {
	discoverers := registry.Discoverers()
	for kind, s := range registry.Registry() {
		pkg := reflect.TypeOf(s).Elem().PkgPath()
		dir := filepath.Join("..", "..", pkg[strings.LastIndex(pkg, "/")+1:])
		src, err := os.ReadFile(filepath.Join(dir, "conformance_test.go"))
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		if !strings.Contains(string(src), "scantest.Conformance(") {
			t.Errorf("%s: %s/conformance_test.go does not run scantest.Conformance", kind, dir)
		}
		if _, ok := discoverers[kind]; ok && !strings.Contains(string(src), "Discoverer") {
			t.Errorf("%s: %s/conformance_test.go does not run the discoverer", kind, dir)
		}
	}
}
