package workbook

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/policies/result"
)

// These tests use the unexported hooks of Options: a lower row
// limit, a lower link limit, a failing output and zeroed formula caches.

var internalAsOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// manyTools is a Result with n tools and a finding about each.
func manyTools(n int) *result.Result {
	r := &result.Result{AsOf: "2026-11-20", Organization: result.Organization{Name: "Split Co", Currency: "USD"}}
	for i := range n {
		id := fmt.Sprintf("t%02d", i)
		r.Tools = append(r.Tools, &result.ToolFact{ID: id, Name: "Tool " + id, Status: "active", HasCost: true,
			AnnualCost: decimal.NewFromInt(int64(100 * (i + 1)))})
		subjects := []result.Subject{{Kind: "tool", ID: id}}
		r.Findings = append(r.Findings, result.Finding{Rule: "tool-without-owner", Severity: result.High,
			Message: id + " has no owning team", Subjects: subjects, Fingerprint: result.Fingerprint("tool-without-owner", subjects)})
	}
	r.Summary.Tools = n
	for _, t := range r.Tools {
		r.Summary.AnnualSpend = r.Summary.AnnualSpend.Add(t.AnnualCost)
	}
	return r
}

func openWorkbook(t *testing.T, r *result.Result, o Options) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.xlsx")
	require.NoError(t, Write(path, r, o))
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// TestWorkbookSplitsPastTheRowLimit: a table with more rows than a sheet
// holds continues on "Findings (2)", … each with its header, table and
// totals; links find the tool on whichever Tools sheet holds it; the
// Summary says what was split.
func TestWorkbookSplitsPastTheRowLimit(t *testing.T) {
	// 6 rows a sheet: a header, 4 data rows, the totals.
	f := openWorkbook(t, manyTools(10), Options{rowLimit: 6})
	assert.Equal(t, []string{"Summary", "Actions", "Charts", "Tools", "Tools (2)", "Tools (3)", "Redundancy", "Spend by team",
		"Spend by category", "Spend by objective", "Spend by stage", "Spend by renewal quarter", "Renewals", "Seats",
		"Data flows", "Ownership gaps", "Findings", "Findings (2)", "Findings (3)", "Discovered"}, f.GetSheetList())
	for sheet, wantRows := range map[string]int{"Findings": 4, "Findings (2)": 4, "Findings (3)": 2, "Tools (3)": 2} {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		require.Len(t, rows, wantRows+2, sheet)
		header := map[bool]string{true: "Rule", false: "ID"}[strings.HasPrefix(sheet, "Findings")]
		assert.Equal(t, header, rows[0][0], "%s has its header", sheet)
		last := rows[len(rows)-1]
		assert.Equal(t, "Total", last[0], sheet)
		tables, err := f.GetTables(sheet)
		require.NoError(t, err)
		require.Len(t, tables, 1)
		assert.Equal(t, fmt.Sprintf("A1:%s%d", map[bool]string{true: "K", false: "U"}[strings.HasPrefix(sheet, "Findings")], wantRows+1), tables[0].Range)
	}
	rows, err := f.GetRows("Findings (3)", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "2", rows[3][1], "the count of the sheet's own rows")
	tables, err := f.GetTables("Findings (3)")
	require.NoError(t, err)
	assert.Equal(t, "Findings_3", tables[0].Name)
	// Every finding links to its tool, on whichever Tools sheet holds it.
	linked := 0
	for _, sheet := range []string{"Findings", "Findings (2)", "Findings (3)"} {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		for i, row := range rows[1 : len(rows)-1] {
			ok, target, err := f.GetCellHyperLink(sheet, fmt.Sprintf("C%d", i+2))
			require.NoError(t, err)
			require.True(t, ok, "%s row %d has a link", sheet, i+2)
			toolSheet, cell, found := strings.Cut(target, "!")
			require.True(t, found, target)
			v, err := f.GetCellValue(strings.Trim(toolSheet, "'"), cell)
			require.NoError(t, err)
			assert.Equal(t, "tool."+v, row[2], "%s row %d links to %s", sheet, i+2, target)
			if toolSheet == "'Tools (3)'" {
				linked++
			}
		}
	}
	assert.Equal(t, 2, linked, "t08 and t09 are on Tools (3)")
	summary, err := f.GetRows("Summary")
	require.NoError(t, err)
	notes := fmt.Sprint(summary)
	assert.Contains(t, notes, "Findings: 10 rows, split over 3 sheets (Findings, Findings (2), Findings (3)): a sheet holds at most 6 rows")
	assert.Contains(t, notes, "Tools: 10 rows, split over 3 sheets")
}

// TestWorkbookLinkCap: past the link limit rows keep their text, without
// a link, and the Summary says so.
func TestWorkbookLinkCap(t *testing.T) {
	f := openWorkbook(t, manyTools(5), Options{linkLimit: 2})
	for row, want := range map[int]bool{2: true, 3: true, 4: false, 6: false} {
		ok, _, err := f.GetCellHyperLink("Findings", fmt.Sprintf("C%d", row))
		require.NoError(t, err)
		assert.Equal(t, want, ok, "row %d", row)
	}
	v, err := f.GetCellValue("Findings", "C4")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(v, "tool.t0"), v)
	summary, err := f.GetRows("Summary")
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(summary), "Findings: links to the Tools sheet on the first 2 rows only (3 more rows have none)")
}

// failAfter passes n bytes through, then fails like a full disk.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	n, _ := f.w.Write(p[:f.n])
	f.n = 0
	return n, errors.New("no space left on device")
}

// TestWorkbookFailedWriteKeepsOldFile: a write that fails part-way leaves
// the previous workbook as it was and no temporary file.
func TestWorkbookFailedWriteKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.xlsx")
	require.NoError(t, Write(path, manyTools(3), Options{}))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	for _, n := range []int{0, 100, 20000} {
		err := Write(path, manyTools(40), Options{wrapOutput: func(w io.Writer) io.Writer { return &failAfter{w: w, n: n} }})
		require.Error(t, err, n)
		assert.Contains(t, err.Error(), "no space left on device")
		assert.Contains(t, err.Error(), path)
		after, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(before, after), "the previous workbook is intact (failed after %d bytes)", n)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Len(t, entries, 1, "no temporary file is left")
	}
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	v, err := f.GetCellValue("Tools", "A4")
	require.NoError(t, err)
	assert.Equal(t, "t02", v, "still the previous workbook, and a valid one")
}

func TestCellText(t *testing.T) {
	s, cut := cellText("a\r\nb\x1b[31m\u202e")
	assert.False(t, cut)
	assert.Equal(t, `a`+"\n"+`b\x1b[31m\u202e`, s)
	// Exactly at the limit: kept; one more unit: cut to the limit with "…".
	exact := strings.Repeat("é", maxCellChars)
	s, cut = cellText(exact)
	assert.False(t, cut)
	assert.Equal(t, exact, s)
	s, cut = cellText(exact + "x")
	assert.True(t, cut)
	assert.Equal(t, maxCellChars, utf16Len(s))
	assert.True(t, strings.HasSuffix(s, "é…"))
	// Characters outside the BMP take two units and are never split.
	emoji := strings.Repeat("😀", maxCellChars/2+1)
	s, cut = cellText(emoji)
	assert.True(t, cut)
	assert.LessOrEqual(t, utf16Len(s), maxCellChars)
	assert.True(t, strings.HasSuffix(s, "😀…"))
}

func TestSheetRef(t *testing.T) {
	for in, want := range map[string]string{"Tools": "Tools", "Data flows": "'Data flows'", "Tools (2)": "'Tools (2)'",
		"O'Brien": "'O''Brien'", "2024": "'2024'", "日本": "'日本'"} {
		assert.Equal(t, want, sheetRef(in), in)
	}
}

// ---- LibreOffice ----

// TestLibreOffice opens the acme workbook in a real spreadsheet when
// LibreOffice is installed: converts it to PDF and every sheet to CSV, and
// checks that the totals LibreOffice recalculates equal the Result's
// figures. The workbook is written with zeroed formula caches and
// LibreOffice told to recalculate on load, so a total that matches was
// computed by LibreOffice from the cells, not copied from the cache.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on the PATH")
	}
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	_, res := resultfixture.EvaluateAcme(t, "..")

	// Plain, and with the simulated-usage banner that moves every table
	// down a row.
	for _, simulated := range []bool{false, true} {
		t.Run(fmt.Sprintf("simulated=%v", simulated), func(t *testing.T) {
			libreOfficeTotals(t, soffice, res, Options{Version: "test", BaseDir: "..", zeroCache: true, Simulated: simulated})
		})
	}
}

// libreOfficeTotals writes res, has LibreOffice recalculate it and
// compares its totals with the Result's figures.
func libreOfficeTotals(t *testing.T, soffice string, res *result.Result, o Options) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "acme.xlsx")
	require.NoError(t, Write(xlsx, res, o))

	profile := filepath.Join(dir, "profile")
	require.NoError(t, os.MkdirAll(filepath.Join(profile, "user"), 0o755))
	// OOXMLRecalcMode 0: always recalculate an Excel file on load.
	require.NoError(t, os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(`<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`), 0o644))
	out := filepath.Join(dir, "out")
	convert := func(filter string) {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile),
			"--headless", "--norestore", "--convert-to", filter, "--outdir", out, xlsx)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		output, err := cmd.CombinedOutput()
		require.NoError(t, err, "soffice --convert-to %s: %s", filter, output)
		t.Logf("soffice --convert-to %s:\n%s", filter, output)
	}

	convert("pdf")
	pdf, err := os.ReadFile(filepath.Join(out, "acme.pdf"))
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF")), "a PDF")
	assert.Greater(t, len(pdf), 20000)

	// Every sheet as CSV (LibreOffice ≥ 7.2): field separator ",", quote
	// '"', UTF-8, values unformatted, all sheets (-1).
	convert(`csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1`)
	sheets := map[string][][]string{}
	for _, name := range []string{"Summary", "Actions", "Tools", "Redundancy", "Spend by team", "Spend by category", "Spend by objective",
		"Spend by stage", "Spend by renewal quarter", "Renewals", "Seats", "Data flows", "Ownership gaps", "Findings", "Discovered"} {
		data, err := os.ReadFile(filepath.Join(out, "acme-"+name+".csv"))
		require.NoError(t, err, "LibreOffice wrote the %s sheet", name)
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil { // rows of different lengths are fine
			r := csv.NewReader(bytes.NewReader(data))
			r.FieldsPerRecord = -1
			rows, err = r.ReadAll()
		}
		require.NoError(t, err, name)
		sheets[name] = rows
	}

	// totals finds the totals row under the table whose first column is
	// col (0-based) and returns it.
	totals := func(sheet string, col int) []string {
		for _, row := range sheets[sheet][1:] {
			if len(row) > col && row[col] == "Total" {
				return row[col:]
			}
		}
		t.Fatalf("%s: no totals row in column %d", sheet, col)
		return nil
	}
	number := func(s string) decimal.Decimal {
		d, err := decimal.NewFromString(strings.TrimSpace(s))
		require.NoError(t, err, "%q is a number", s)
		return d
	}
	near := func(what string, got decimal.Decimal, want decimal.Decimal) {
		t.Helper()
		assert.True(t, got.Sub(want).Abs().LessThan(decimal.RequireFromString("0.005")), "%s: LibreOffice computed %s, the Result says %s", what, got, want)
		t.Logf("%s: LibreOffice %s = Result %s", what, got, want)
	}
	sum := func(values ...decimal.Decimal) decimal.Decimal { return decimal.Sum(decimal.Zero, values...) }

	s := res.Summary
	require.True(t, s.AnnualSpend.IsPositive(), "acme spends")
	tools := totals("Tools", 0)
	near("Tools annual cost", number(tools[8]), s.AnnualSpend)
	near("Tools unused seat cost", number(tools[13]), s.EstimatedWaste)
	seats, active := 0, 0
	for _, tf := range res.Tools {
		if tf.Seats != nil {
			seats += *tf.Seats
		}
		if tf.Active30 != nil {
			active += *tf.Active30
		}
	}
	near("Tools seats", number(tools[9]), decimal.NewFromInt(int64(seats)))
	near("Tools active 30d", number(tools[10]), decimal.NewFromInt(int64(active)))

	red := totals("Redundancy", 0)
	var savings []decimal.Decimal
	for _, o := range res.Overlaps {
		savings = append(savings, o.EstimatedSaving)
	}
	near("Redundancy estimated saving", number(red[7]), sum(savings...))
	var counted []decimal.Decimal
	for _, o := range res.Overlaps {
		if o.Counted {
			counted = append(counted, o.EstimatedSaving)
		}
	}
	near("Redundancy counted saving", number(red[8]), sum(counted...))

	for i, b := range []struct {
		name  string
		lines []result.SpendLine
	}{
		{"team", res.Spend.ByTeam}, {"category", res.Spend.ByCategory}, {"objective", res.Spend.ByObjective},
		{"stage", res.Spend.ByStage}, {"renewal quarter", res.Spend.ByRenewalQuarter},
	} {
		var amounts []decimal.Decimal
		for _, l := range b.lines {
			amounts = append(amounts, l.Annual)
		}
		row := totals("Spend by "+b.name, 0)
		last := 3
		if i >= 3 {
			last = 2
		}
		got := number(row[last])
		near("Spend by "+b.name, got, sum(amounts...))
		// Each breakdown adds up to the annual spend, but for the cents
		// of tools split between several objectives or stages.
		assert.True(t, got.Sub(s.AnnualSpend).Abs().LessThanOrEqual(decimal.NewFromFloat(0.01*float64(len(b.lines)))),
			"Spend by %s: %s vs annual spend %s", b.name, got, s.AnnualSpend)
	}

	var renewals, seatAmounts, actionSavings []decimal.Decimal
	for _, r := range res.Renewals {
		renewals = append(renewals, r.AnnualCost)
	}
	for _, st := range res.Seats {
		seatAmounts = append(seatAmounts, st.Amount)
	}
	for _, a := range res.Actions {
		if a.Kind == result.ActionCancel || a.Kind == result.ActionRightSize || a.Kind == result.ActionConsolidate {
			actionSavings = append(actionSavings, a.Amount)
		}
	}
	near("Renewals annual cost", number(totals("Renewals", 0)[10]), sum(renewals...))
	near("Seats amount", number(totals("Seats", 0)[9]), sum(seatAmounts...))
	near("Actions annual saving", number(totals("Actions", 0)[3]), sum(actionSavings...))
	for sheet, n := range map[string]int{"Data flows": len(res.Flows), "Ownership gaps": len(res.Gaps), "Findings": len(res.Findings), "Discovered": len(res.Discovered)} {
		near(sheet+" rows", number(totals(sheet, 0)[1]), decimal.NewFromInt(int64(n)))
	}

	// The Summary's figures are values, the same in any spreadsheet.
	figures := map[string]string{}
	for _, row := range sheets["Summary"] {
		if len(row) > 1 {
			figures[row[0]] = row[1]
		}
	}
	near("Summary annual spend", number(figures["Annual spend"]), s.AnnualSpend)
	if len(res.Actions) > 0 { // once the policies fill the money model
		near("Summary waste = Seats amount total (recalculated)", number(figures["Estimated waste (cancel + reclaimable seats)"]), number(totals("Seats", 0)[9]))
		near("Summary consolidation = Redundancy counted total (recalculated)", number(figures["Consolidation savings (counted)"]), number(red[8]))
	}
	assert.Equal(t, strconv.Itoa(s.Tools), figures["Tools"])
}

// TestWorkbookThreshold: the low-utilization threshold the workbook
// highlights with is the one the evaluation used, which the Result
// carries; without one (a result read back from JSON) it is the rule's
// default.
func TestWorkbookThreshold(t *testing.T) {
	cases := []struct {
		name  string
		rules map[string]result.RuleConfig
		want  float64
	}{
		{"no configurations", nil, defaultLowUtilization},
		{"configured", map[string]result.RuleConfig{"low-utilization": {Params: map[string]cty.Value{"threshold": cty.NumberFloatVal(0.45)}}}, 0.45},
		{"other rules only", map[string]result.RuleConfig{"unused-seats": {Params: map[string]cty.Value{"threshold": cty.NumberFloatVal(0.1)}}}, defaultLowUtilization},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &workbook{r: &result.Result{Rules: c.rules}}
			assert.InDelta(t, c.want, w.threshold(), 1e-9)
		})
	}
}

func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width float64
		want  int
	}{
		{"", 40, 1},
		{"short", 40, 1},
		{"Negotiate or accept the renewal of ZoomInfo SalesOS", 40, 2},
		{"Negotiate or accept the renewal of ZoomInfo SalesOS", 60, 1},
		{"one\ntwo\nthree", 40, 3},
		{strings.Repeat("x", 95), 40, 3},       // one word longer than the column is cut
		{strings.Repeat("word ", 200), 20, 67}, // three words a line
	} {
		assert.Equal(t, tc.want, wrappedLines(tc.s, tc.width), "%q in %v", tc.s, tc.width)
	}
}
