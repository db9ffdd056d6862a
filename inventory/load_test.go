package inventory_test

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/goldenfile"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/registry"
)

var update = flag.Bool("update", false, "rewrite golden files")

// kinds are the scan and discovery kinds of the build, as the command
// loads inventories with them.
func kinds() inventory.Option { return inventory.WithKinds(registry.InventoryKinds()) }

// render prints diagnostics as `stackaudit validate` does, without colour.
func render(t *testing.T, inv *inventory.Inventory, diags hcl.Diagnostics, replace ...string) string {
	t.Helper()
	var buf bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&buf, inv.Files, 78, false)
	for _, d := range diags {
		require.NoError(t, w.WriteDiagnostic(d))
	}
	out := buf.String()
	for i := 0; i+1 < len(replace); i += 2 {
		out = strings.ReplaceAll(out, replace[i], replace[i+1])
	}
	return out
}

var marker = regexp.MustCompile(`(?:#|//) *(ERROR|WARNING): *(.+?) *$`)

type expectation struct {
	file     string
	line     int
	severity hcl.DiagnosticSeverity
	summary  string
}

// markers reads `# ERROR: Summary` and `# WARNING: Summary` comments: the
// diagnostic each bad fixture must produce on that line, written next to the
// mistake so a reader sees both together. In .hcl.json fixtures, which cannot
// hold comments, a file named expect.txt lists "file:line ERROR: summary".
func markers(t *testing.T, dir string) []expectation {
	t.Helper()
	var out []expectation
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		require.NoError(t, err)
		if e.IsDir() || !strings.HasSuffix(p, ".hcl") {
			return nil
		}
		f, err := os.Open(p)
		require.NoError(t, err)
		defer f.Close()
		s := bufio.NewScanner(f)
		s.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; s.Scan(); n++ {
			if m := marker.FindStringSubmatch(s.Text()); m != nil {
				sev := hcl.DiagError
				if m[1] == "WARNING" {
					sev = hcl.DiagWarning
				}
				out = append(out, expectation{p, n, sev, m[2]})
			}
		}
		return nil
	})
	require.NoError(t, err)
	if b, err := os.ReadFile(filepath.Join(dir, "expect.txt")); err == nil {
		re := regexp.MustCompile(`^(\S+):(\d+) (ERROR|WARNING): (.+)$`)
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			m := re.FindStringSubmatch(l)
			require.NotNil(t, m, "bad expect.txt line %q", l)
			sev := hcl.DiagError
			if m[3] == "WARNING" {
				sev = hcl.DiagWarning
			}
			n := 0
			for _, c := range m[2] {
				n = n*10 + int(c-'0')
			}
			out = append(out, expectation{filepath.Join(dir, m[1]), n, sev, m[4]})
		}
	}
	return out
}

// TestBadInventories loads every inventory under testdata/bad. Each must
// fail, produce every diagnostic its markers announce on the marked line,
// and match its golden rendering.
func TestBadInventories(t *testing.T) {
	dirs, err := filepath.Glob("testdata/bad/*")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 30, "the issue asks for at least 30 bad inventories")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			inv, diags := inventory.Load(dir, kinds())
			require.NotNil(t, inv)
			require.True(t, diags.HasErrors(), "a bad inventory must not load cleanly")
			for _, want := range markers(t, dir) {
				found := false
				for _, d := range diags {
					if d.Subject != nil && d.Subject.Filename == want.file && d.Subject.Start.Line == want.line &&
						d.Severity == want.severity && d.Summary == want.summary {
						found = true
					}
				}
				assert.True(t, found, "%s:%d: expected %q; got:\n%s", want.file, want.line, want.summary, render(t, inv, diags), *update)
			}
			goldenfile.Text(t, filepath.Join(dir, "diagnostics.golden"), render(t, inv, diags), *update)
		})
	}
}

// TestExamplesAreValid keeps the shipped examples loading cleanly.
func TestExamplesAreValid(t *testing.T) {
	for _, dir := range []string{"../examples/minimal", "../examples/acme"} {
		t.Run(dir, func(t *testing.T) {
			inv, diags := inventory.Load(dir, kinds())
			require.False(t, diags.HasErrors(), render(t, inv, diags), *update)
			assert.Empty(t, diags, render(t, inv, diags), *update)
		})
	}
}

// TestAcmeExample checks the sizes the example promises to its readers.
func TestAcmeExample(t *testing.T) {
	inv, diags := inventory.Load("../examples/acme")
	require.False(t, diags.HasErrors(), render(t, inv, diags), *update)
	assert.GreaterOrEqual(t, len(inv.Tools), 40)
	assert.GreaterOrEqual(t, len(inv.Teams), 10)
	assert.GreaterOrEqual(t, len(inv.Objectives), 5)
	assert.GreaterOrEqual(t, len(inv.DataClasses), 6)
	assert.GreaterOrEqual(t, len(inv.Flows), 30)
	tops := map[string]int{}
	for _, tool := range inv.Tools {
		tops[inv.Catalog.TopLevel(tool.Category)]++
	}
	assert.Len(t, tops, 6, "tools in every top-level category: %v", tops)
	agency := false
	for _, team := range inv.Teams {
		agency = agency || team.Kind == inventory.TeamAgency
	}
	assert.True(t, agency, "the example has an agency team")
	var files []string
	for f := range inv.Files {
		files = append(files, f)
	}
	sort.Strings(files)
	assert.Greater(t, len(files), 5, "split over several files: %v", files)
}

// TestKindsComeFromTheCaller: the inventory keeps no list of scan kinds.
// With WithKinds a kind outside the table and a host outside its pattern
// are errors; without it neither is checked.
func TestKindsComeFromTheCaller(t *testing.T) {
	dir := t.TempDir()
	src := `tool "x" {
  category = "crm"
  scan "nosuchkind" {
    token_env = "X_TOKEN"
  }
}
tool "y" {
  category = "crm"
  scan "okta" {
    host      = "evil.example"
    token_env = "Y_TOKEN"
  }
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644))
	table := inventory.Kinds{
		Scan: []inventory.KindSpec{{Name: "okta", HostPattern: regexp.MustCompile(`\.okta\.com$`), HostExample: "acme.okta.com"}, {Name: "hubspot"}},
	}
	tests := []struct {
		name string
		opts []inventory.Option
		want []string
	}{
		{"without kinds", nil, nil},
		{"with kinds", []inventory.Option{inventory.WithKinds(table)}, []string{"Unknown scan kind", "Host not allowed for okta"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, diags := inventory.Load(dir, tt.opts...)
			var got []string
			for _, d := range diags {
				got = append(got, d.Summary)
			}
			assert.Equal(t, tt.want, got, render(t, inv, diags), *update)
			if tt.want != nil {
				assert.Contains(t, render(t, inv, diags), `Use one of: okta, hubspot.`)
			}
		})
	}
}
