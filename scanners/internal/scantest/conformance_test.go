package scantest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/registry"
)

// TestEveryKindRunsConformance: each registered kind's tests run the
// suite, for its discoverer too when it has both, so that a new kind
// cannot skip it unnoticed. A kind that makes no HTTP call registers with
// SkipAll, which says why.
func TestEveryKindRunsConformance(t *testing.T) {
	for _, k := range registry.Kinds() {
		var v any = k.Scanner
		if v == nil {
			v = k.Discoverer
		}
		pkg := reflect.TypeOf(v).Elem().PkgPath()
		dir := filepath.Join("..", "..", pkg[strings.LastIndex(pkg, "/")+1:])
		tests, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		var src strings.Builder
		for _, f := range tests {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
		switch all := src.String(); {
		case !strings.Contains(all, "scantest.Conformance("):
			t.Errorf("%s: no test in %s runs scantest.Conformance", k.Name, dir)
		case k.Scanner != nil && k.Discoverer != nil && !strings.Contains(all, "Discoverer"):
			t.Errorf("%s: the tests in %s do not run the discoverer through the suite", k.Name, dir)
		case k.Offline && !strings.Contains(all, "scantest.SkipAll("):
			t.Errorf("%s: the suite's HTTP cases run on a kind that makes no call (%s)", k.Name, dir)
		}
	}
}
