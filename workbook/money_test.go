package workbook_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/stackaudit/stackaudit/workbook"
)

// subtotalRef is a range a SUBTOTAL formula reads.
var subtotalRef = regexp.MustCompile(`SUBTOTAL\(\d+,([A-Z]+)(\d+):([A-Z]+)(\d+)\)`)

// checkFilterSafe asserts that filtering a table changes no figure outside
// it: every sheet with a table holds exactly one, every non-empty cell of
// the sheet lies in the table or its totals row (or is the simulated-usage
// banner above it), and every SUBTOTAL reads that table's data rows only.
// Sheets without a table (Summary, Charts) may stack blocks.
func checkFilterSafe(t *testing.T, f *excelize.File) {
	t.Helper()
	for _, sheet := range f.GetSheetList() {
		// Rows before tables: GetRows streams a sheet not yet loaded,
		// but re-encodes one that GetTables loaded, which under the race
		// detector costs as much as the rest of the check.
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		tables, err := f.GetTables(sheet)
		require.NoError(t, err)
		if len(tables) == 0 {
			continue
		}
		require.Len(t, tables, 1, "%s: a sheet with a filter holds one table", sheet)
		from, to, _ := strings.Cut(tables[0].Range, ":")
		c0, r0, err := excelize.CellNameToCoordinates(from)
		require.NoError(t, err)
		c1, r1, err := excelize.CellNameToCoordinates(to)
		require.NoError(t, err)
		for ri, row := range rows {
			for ci, v := range row {
				r, c := ri+1, ci+1
				cell, _ := excelize.CoordinatesToCellName(c, r)
				formula, err := f.GetCellFormula(sheet, cell)
				require.NoError(t, err)
				if v == "" && formula == "" {
					continue
				}
				if r < r0 && cell == "A1" && v == "SIMULATED USAGE — not measured from vendors" {
					continue
				}
				assert.True(t, c >= c0 && c <= c1 && r >= r0 && r <= r1+1, "%s!%s (%q) lies outside the table %s and its totals", sheet, cell, v, tables[0].Range)
				for _, m := range subtotalRef.FindAllStringSubmatch(formula, -1) {
					fc0, _ := excelize.ColumnNameToNumber(m[1])
					fc1, _ := excelize.ColumnNameToNumber(m[3])
					assert.True(t, fc0 >= c0 && fc1 <= c1 && m[2] == fmt.Sprint(r0+1) && m[4] == fmt.Sprint(r1),
						"%s!%s: %s reads outside the table's data rows %s", sheet, cell, formula, tables[0].Range)
					assert.Equal(t, r1+1, r, "%s!%s: a SUBTOTAL sits in the totals row", sheet, cell)
				}
			}
		}
	}
}

// figure reads a Summary figure by its label.
func figure(t *testing.T, f *excelize.File, label string) decimal.Decimal {
	t.Helper()
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	for _, row := range rows {
		if len(row) > 1 && row[0] == label {
			d, err := decimal.NewFromString(row[1])
			require.NoError(t, err, "Summary %q = %q", label, row[1])
			return d
		}
	}
	t.Fatalf("the Summary has no figure %q", label)
	return decimal.Zero
}

// total reads the cached value of a sheet's totals row under the column
// headed header.
func total(t *testing.T, f *excelize.File, sheet, header string) decimal.Decimal {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	hr, col := -1, -1
	for i, row := range rows {
		for j, v := range row {
			if v == header && hr < 0 {
				hr, col = i, j
			}
		}
	}
	require.GreaterOrEqual(t, col, 0, "%s has a column %q", sheet, header)
	for _, row := range rows[hr+1:] {
		if len(row) > 0 && row[0] == "Total" {
			if col >= len(row) || row[col] == "" {
				return decimal.Zero
			}
			d, err := decimal.NewFromString(row[col])
			require.NoError(t, err, "%s total of %q = %q", sheet, header, row[col])
			return d
		}
	}
	t.Fatalf("%s has no totals row", sheet)
	return decimal.Zero
}

// columnSum adds the cached values of a column over the data rows whose
// column keyHeader is one of keys.
func columnSum(t *testing.T, f *excelize.File, sheet, header, keyHeader string, keys ...string) decimal.Decimal {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	hr, col, key := -1, -1, -1
	for i, row := range rows {
		for j, v := range row {
			if hr < 0 && v == header {
				hr, col = i, j
			}
			if v == keyHeader && (hr < 0 || hr == i) {
				key = j
			}
		}
		if hr >= 0 {
			break
		}
	}
	require.True(t, col >= 0 && key >= 0, "%s has columns %q and %q", sheet, header, keyHeader)
	sum := decimal.Zero
	for _, row := range rows[hr+1:] {
		if len(row) == 0 || row[0] == "Total" || key >= len(row) || col >= len(row) || row[col] == "" {
			continue
		}
		for _, k := range keys {
			if row[key] == k {
				d, err := decimal.NewFromString(row[col])
				require.NoError(t, err)
				sum = sum.Add(d)
			}
		}
	}
	return sum
}

// checkMoneyAgrees asserts the money model's equalities as the written
// workbook shows them (the cached values, as a spreadsheet that does not
// recalculate shows them): Summary waste = Seats total = the cancel and
// right-size actions; Summary consolidation = the Redundancy counted
// total = the consolidate actions; total savings = both; the unmeasured
// spend is shown.
func checkMoneyAgrees(t *testing.T, f *excelize.File, r *result.Result) {
	t.Helper()
	cents := decimal.RequireFromString("0.005")
	eq := func(what string, got, want decimal.Decimal) {
		t.Helper()
		assert.True(t, got.Sub(want).Abs().LessThan(cents), "%s: %s, want %s", what, got, want)
	}
	waste := figure(t, f, "Estimated waste (cancel + reclaimable seats)")
	eq("Summary waste is the Result's", waste, r.Summary.EstimatedWaste)
	eq("Seats amount total", total(t, f, "Seats", "Amount"), waste)
	eq("cancel + right-size actions", columnSum(t, f, "Actions", "Annual saving", "Decision", "cancel", "right-size"), waste)
	eq("Tools estimated waste total", total(t, f, "Tools", "Estimated waste"), waste)

	cons := figure(t, f, "Consolidation savings (counted)")
	eq("Summary consolidation is the Result's", cons, r.Summary.ConsolidationSavings)
	eq("Redundancy counted total", total(t, f, "Redundancy", "Counted saving"), cons)
	eq("consolidate actions", columnSum(t, f, "Actions", "Annual saving", "Decision", "consolidate"), cons)

	eq("total savings", figure(t, f, "Total savings"), waste.Add(cons))
	eq("Actions saving total", total(t, f, "Actions", "Annual saving"), waste.Add(cons))
	eq("unmeasured spend", figure(t, f, "Unmeasured seat-based spend"), r.Summary.UnmeasuredSpend)
	rows, err := f.GetRows("Summary")
	require.NoError(t, err)
	found := false
	for _, row := range rows {
		if len(row) > 1 && row[0] == "Not measured" {
			found = true
			if r.Summary.UnmeasuredTools > 0 {
				assert.Contains(t, row[1], fmt.Sprintf("of seat-based spend in %d tool", r.Summary.UnmeasuredTools))
			}
		}
	}
	assert.True(t, found, "the Summary says what is not measured")
}

// TestWorkbookFilterSafe: on the hand-built workbook (plain and
// simulated) and acme's, a filter on any table leaves every other figure
// as it was.
func TestWorkbookFilterSafe(t *testing.T) {
	f, _ := writeWorkbook(t, workbookFixture(), workbookOptions())
	checkFilterSafe(t, f)
	o := workbookOptions()
	o.Simulated = true
	f, _ = writeWorkbook(t, workbookFixture(), o)
	checkFilterSafe(t, f)
	f, _ = writeWorkbook(t, acmeCheckResult(t), workbook.Options{Version: "dev", BaseDir: ".."})
	checkFilterSafe(t, f)
}

// TestWorkbookMoneyAgrees: every money figure of the Summary equals the
// total of the sheet it summarises, on the hand-built money model.
func TestWorkbookMoneyAgrees(t *testing.T) {
	r := workbookFixture()
	f, _ := writeWorkbook(t, r, workbookOptions())
	checkMoneyAgrees(t, f, r)
	// The figures themselves are the hand-built model's.
	assert.True(t, figure(t, f, "Estimated waste (cancel + reclaimable seats)").Equal(decimal.RequireFromString("60720")))
	assert.True(t, figure(t, f, "Consolidation savings (counted)").Equal(decimal.RequireFromString("6000")))
	assert.True(t, total(t, f, "Redundancy", "Estimated saving").Equal(decimal.RequireFromString("6000")), "the measure-first group saves nothing yet")
	decision, err := f.GetCellValue("Redundancy", "E2")
	require.NoError(t, err)
	assert.Equal(t, "decide after measuring Marketo (no usage data)", decision)
}

// TestWorkbookMoneyAgreesAcme: the same equalities on acme's Result, once
// the policies fill the money model (until then its figures are zero or
// the old ones, and the test says what it skips).
func TestWorkbookMoneyAgreesAcme(t *testing.T) {
	res := acmeCheckResult(t)
	require.NotEmpty(t, res.Actions)
	f, _ := writeWorkbook(t, res, workbook.Options{Version: "dev", BaseDir: ".."})
	checkMoneyAgrees(t, f, res)
	checkFilterSafe(t, f)
}

// TestWorkbookMoneyAgreesGenerated: the same equalities, read back from
// the written file, on three generated inventories with random usage
// (measured, failed and missing tools, vendors reporting more seats than
// declared, idle users).
func TestWorkbookMoneyAgreesGenerated(t *testing.T) {
	for _, n := range []int{30, 150, 600} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := synthtest.Dir(t, synth.Size{Tools: n, Flows: n, Teams: 6, Files: 6})
			inv, diags := inventory.Load(dir)
			require.False(t, diags.HasErrors(), diags.Error())
			snap := synthSnapshot(inv, uint64(n))
			res, pdiags := policies.Evaluate(inv, snap, policies.Options{AsOf: asOf})
			require.False(t, pdiags.HasErrors(), pdiags.Error())
			require.True(t, res.Summary.EstimatedWaste.IsPositive())
			f, _ := writeWorkbook(t, res, workbook.Options{Version: "dev", BaseDir: dir})
			checkMoneyAgrees(t, f, res)
			checkFilterSafe(t, f)
		})
	}
}

// TestWorkbookSimulated: a workbook of simulated usage says so on every
// sheet (a banner row above the header, moved to row 2 on every sheet
// alike), on every printed page and in its properties; links and totals
// follow the moved rows.
func TestWorkbookSimulated(t *testing.T) {
	const banner = "SIMULATED USAGE — not measured from vendors"
	for name, set := range map[string]func(*result.Result, *workbook.Options){
		"option":       func(_ *result.Result, o *workbook.Options) { o.Simulated = true },
		"usage source": func(r *result.Result, _ *workbook.Options) { r.Usage.Simulated = true },
	} {
		t.Run(name, func(t *testing.T) {
			r, o := workbookFixture(), workbookOptions()
			set(r, &o)
			f, path := writeWorkbook(t, r, o)
			if name == "option" {
				golden(t, "simulated", dumpWorkbook(t, f, path, false))
			}
			for _, sheet := range f.GetSheetList() {
				v, err := f.GetCellValue(sheet, "A1")
				require.NoError(t, err)
				assert.Equal(t, banner, v, sheet)
				hf, err := f.GetHeaderFooter(sheet)
				require.NoError(t, err)
				assert.Contains(t, hf.OddHeader, banner, sheet)
				if sheet == "Charts" {
					continue
				}
				panes, err := f.GetPanes(sheet)
				require.NoError(t, err)
				assert.Equal(t, 2, panes.YSplit, "%s freezes the banner and the header", sheet)
				if tables, _ := f.GetTables(sheet); len(tables) > 0 {
					assert.True(t, strings.HasPrefix(tables[0].Range, "A2:"), "%s: %s", sheet, tables[0].Range)
				}
			}
			p, err := f.GetDocProps()
			require.NoError(t, err)
			assert.Contains(t, p.Subject, banner)
			assert.Contains(t, p.Description, banner)
			assert.Contains(t, p.Keywords, "simulated usage")
			// Links land on the tool's row, below the banner.
			ok, target, err := f.GetCellHyperLink("Actions", "I3") // Tools
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, "Tools!A3", target)
			id, err := f.GetCellValue("Tools", "A3")
			require.NoError(t, err)
			assert.Equal(t, "hubspot", id)
			checkMoneyAgrees(t, f, r)
			formula, err := f.GetCellFormula("Tools", "I9")
			require.NoError(t, err)
			assert.Equal(t, "SUBTOTAL(109,I3:I8)", formula)
		})
	}
	// Without either, no banner anywhere.
	f, _ := writeWorkbook(t, workbookFixture(), workbookOptions())
	for _, sheet := range f.GetSheetList() {
		v, err := f.GetCellValue(sheet, "A1")
		require.NoError(t, err)
		assert.NotEqual(t, banner, v, sheet)
	}
}

// synthSnapshot is random usage for a generated inventory, as a scan of a
// real stack gives it: a fifth of the tools missing from the snapshot, a
// fifth failed, the rest measured with idle users listed by email, some
// vendors reporting more purchased seats than are held.
func synthSnapshot(inv *inventory.Inventory, seed uint64) *usage.Snapshot {
	r := rand.New(rand.NewPCG(11, seed))
	snap := &usage.Snapshot{Schema: usage.SnapshotSchema, TakenAt: asOf, Tools: map[string]*usage.ToolUsage{}}
	for _, tool := range inv.Tools {
		switch r.IntN(5) {
		case 0:
			continue
		case 1:
			snap.Tools[tool.ID] = &usage.ToolUsage{Scanner: "csv", Status: usage.StatusError, Error: "401"}
			continue
		}
		u := &usage.ToolUsage{Scanner: "csv", Status: usage.StatusOK}
		u.Active.D90 = r.IntN(50)
		u.Active.D30 = r.IntN(u.Active.D90 + 1)
		u.Seats.Assigned = u.Active.D90 + r.IntN(10)
		if r.IntN(2) == 0 {
			p := u.Seats.Assigned + r.IntN(30)
			u.Seats.Purchased = &p
		}
		for i := range u.Seats.Assigned - u.Active.D30 {
			last := asOf.AddDate(0, 0, -31-r.IntN(200))
			u.Users = append(u.Users, usage.User{ID: fmt.Sprint(i), Email: fmt.Sprintf("u%d@x.example", i), LastActive: &last})
		}
		snap.Tools[tool.ID] = u
	}
	return snap
}
