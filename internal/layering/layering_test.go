package layering_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/stackaudit/stackaudit"

// network is what an offline package must not reach.
var network = []string{
	"net/http",
	"github.com/go-resty/resty/v2",
	"github.com/google/go-github/v60/github",
	"golang.org/x/time/rate",
	"golang.org/x/oauth2",
	module + "/scanners",
}

// graph returns, for every package in the dependency closure of pkg, the
// packages it imports.
func graph(t *testing.T, pkg string) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	g := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		g[f[0]] = f[1:]
	}
	return g
}

// importers lists the packages in g that import dep directly.
func importers(g map[string][]string, dep string) []string {
	var who []string
	for p, imps := range g {
		for _, i := range imps {
			if i == dep {
				who = append(who, p)
			}
		}
	}
	return who
}

func TestOfflinePackagesReachNoNetworkCode(t *testing.T) {
	// excelize uses net/http for http.DetectContentType on pictures; it
	// opens no connection. It is why the workbook lives outside report:
	// only workbook may reach net/http, and only through excelize. Every
	// other path to net/http is a mistake.
	allowedHTTPImporters := map[string]map[string]bool{
		"workbook": {"github.com/xuri/excelize/v2": true},
		// importer reads xlsx spreadsheets with excelize too.
		"importer": {"github.com/xuri/excelize/v2": true},
	}
	// Whole trees (pkg/...), as the before-stop hook and a reviewer check
	// them: a test-helper package under policies/internal is linked by
	// nothing in production, but it must not bring the network in either.
	for _, pkg := range []string{"inventory", "usage", "policies", "report", "workbook", "importer", "examples"} {
		t.Run(pkg, func(t *testing.T) {
			allowed := allowedHTTPImporters[pkg]
			g := graph(t, "../../"+pkg+"/...")
			for _, bad := range network {
				if _, ok := g[bad]; !ok {
					continue
				}
				if bad == "net/http" {
					var others []string
					for _, p := range importers(g, bad) {
						if !allowed[p] {
							others = append(others, p)
						}
					}
					if len(others) == 0 {
						continue
					}
					t.Errorf("%s reaches net/http through %v", pkg, others)
					continue
				}
				t.Errorf("%s reaches %s (imported by %v)", pkg, bad, importers(g, bad))
			}
		})
	}
}

// TestArrowsPointOneWay checks the "may import" column of SPEC §1 for the
// project's own packages.
func TestArrowsPointOneWay(t *testing.T) {
	forbidden := map[string][]string{
		"inventory": {"usage", "scanners", "policies", "report", "cmd"},
		"usage":     {"scanners", "policies", "report", "cmd"},
		"scanners":  {"policies", "report", "cmd"},
		"policies":  {"scanners", "report", "cmd"},
		"report":    {"scanners", "workbook", "cmd"},
		"workbook":  {"scanners", "cmd"},
		// comment posts Markdown through the scanners' HTTP stack; it
		// knows nothing of what the Markdown says.
		"comment": {"inventory", "usage", "policies", "report", "workbook", "cmd"},
		// Inside policies the arrows point from the engine to the
		// custom-policy language to the result model: a ban ending in
		// "!" is that package alone, not its sub-packages.
		"policies/result": {"policies!", "policies/custom"},
		"policies/custom": {"policies!"},
		// importer writes inventories from spreadsheets and snapshots;
		// examples is data only.
		"importer": {"scanners", "report", "workbook", "cmd"},
		"examples": {"inventory", "usage", "scanners", "policies", "report", "workbook", "cmd"},
	}
	for pkg, bans := range forbidden {
		t.Run(pkg, func(t *testing.T) {
			g := graph(t, "../../"+pkg+"/...")
			for p := range g {
				if !strings.HasPrefix(p, module+"/") {
					continue
				}
				for _, ban := range bans {
					exact, ok := strings.CutSuffix(ban, "!")
					if p == module+"/"+exact || !ok && strings.HasPrefix(p, module+"/"+ban+"/") {
						t.Errorf("%s/... depends on %s (imported by %v)", pkg, p, importers(g, p))
					}
				}
			}
		})
	}
}
