package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

// undeclaredSubjects runs check and returns the subjects of its
// undeclared-tool findings.
func undeclaredSubjects(t *testing.T, dir string) []string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "result.json")
	code, _, stderr := runCLI(t, "check", dir, "--as-of", "2026-11-20", "--fail-on", "none", "--format", "json", "-o", out)
	require.Equal(t, 0, code, stderr)
	b := readFile(t, out)
	var res struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Subjects []struct {
				ID string `json:"id"`
			} `json:"subjects"`
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal(b, &res))
	subjects := []string{}
	for _, f := range res.Findings {
		if f.Rule == "undeclared-tool" {
			for _, s := range f.Subjects {
				subjects = append(subjects, s.ID)
			}
		}
	}
	sort.Strings(subjects)
	return subjects
}

// TestImportDiscoveredProposesWhatCheckReports: on acme and its committed
// snapshot, import discovered proposes exactly the tools check reports as
// undeclared; afterwards check reports none, and a second run adds
// nothing.
func TestImportDiscoveredProposesWhatCheckReports(t *testing.T) {
	dir := copyExample(t, "acme")
	before := undeclaredSubjects(t, dir)
	require.NotEmpty(t, before, "acme's snapshot discovers undeclared tools")

	code, stdout, stderr := runCLI(t, "import", "discovered", dir)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "Proposed")
	b := readFile(t, filepath.Join(dir, "imported.hcl"))
	var proposed []string
	for _, m := range regexp.MustCompile(`(?m)^(?:# )?tool "[^"]+" \{\n(?:#? .*\n)*?#?\s*product\s+= "([^"]+)"`).FindAllStringSubmatch(string(b), -1) {
		proposed = append(proposed, m[1])
	}
	sort.Strings(proposed)
	if d := cmp.Diff(before, proposed); d != "" {
		t.Errorf("proposed tools differ from check's undeclared-tool subjects (-check +proposed):\n%s", d)
	}
	if after := undeclaredSubjects(t, dir); len(after) != 0 {
		t.Errorf("after the import check still reports undeclared tools %v", after)
	}
	code, stdout, _ = runCLI(t, "import", "discovered", dir)
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "Nothing to add")
	again := readFile(t, filepath.Join(dir, "imported.hcl"))
	require.Equal(t, string(b), string(again), "a second run changed imported.hcl")
}

// TestRoundTripWorkbookTools: the Tools sheet of acme's audit workbook
// imports back to the same tools: ids, names, categories, owners, status,
// annual cost in the organization's currency, seats and contract terms.
// The sheet holds owners as team ids, so teams compare by id.
func TestRoundTripWorkbookTools(t *testing.T) {
	tmp := t.TempDir()
	xlsx := filepath.Join(tmp, "acme.xlsx")
	code, _, stderr := runCLI(t, "audit", "../../examples/acme", "--as-of", "2026-11-20", "-o", xlsx)
	require.Equal(t, 0, code, stderr)
	out := filepath.Join(tmp, "imported")
	code, _, stderr = runCLI(t, "import", "spreadsheet", xlsx, "--sheet", "Tools", "-o", out)
	require.Equal(t, 0, code, stderr)
	code, _, stderr = runCLI(t, "validate", out)
	require.Equal(t, 0, code, stderr)

	orig, diags := inventory.Load("../../examples/acme")
	require.False(t, diags.HasErrors(), diags.Error())
	back, diags := inventory.Load(out)
	require.False(t, diags.HasErrors(), diags.Error())

	type row struct {
		Name, Category, Owner, Status, Annual, End string
		Seats                                      int
		AutoRenew                                  bool
	}
	summarize := func(inv *inventory.Inventory) map[string]row {
		m := map[string]row{}
		for _, tl := range inv.Tools {
			r := row{Name: tl.Name, Category: tl.Category, Status: tl.Status}
			if r.Status == "" {
				r.Status = inventory.StatusActive
			}
			if tl.Owner != nil {
				r.Owner = tl.Owner.ID
			}
			if c := tl.Cost; c != nil {
				annual := c.Annual()
				if rate, ok := inv.Organization.ExchangeRates[c.Currency]; ok && c.Currency != "" && c.Currency != inv.Organization.Currency {
					annual = annual.Mul(rate)
				}
				r.Annual = annual.Round(2).StringFixed(2)
				if c.Seats != nil {
					r.Seats = *c.Seats
				}
			} else {
				r.Annual = decimal.Zero.StringFixed(2)
			}
			if k := tl.Contract; k != nil && !k.End.IsZero() {
				r.End = k.End.Format("2006-01-02")
				r.AutoRenew = k.AutoRenew
			}
			m[tl.ID] = r
		}
		return m
	}
	if d := cmp.Diff(summarize(orig), summarize(back)); d != "" {
		t.Errorf("the round trip changed tools (-acme +imported):\n%s", d)
	}
}
