package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/xuri/excelize/v2"
)

// totalKind is what a column shows in the totals row under its table.
type totalKind uint8

const (
	noTotal    totalKind = iota
	sumTotal             // SUBTOTAL(109, …): the sum of the visible rows
	countTotal           // SUBTOTAL(103, …) of the first column: the number of visible rows
)

// column is one column of a table.
type column struct {
	header string
	// kind formats the header's totals cell; data cells carry their own.
	kind  kind
	total totalKind
	// maxWidth caps the column's width (default defaultMaxWidth).
	maxWidth int
	// wrap wraps the column's text within its width (long free text:
	// messages, details, evidence), so that it is read without widening
	// the column.
	wrap bool
}

const (
	defaultMaxWidth = 60
	minWidth        = 6
)

// cond is a conditional format over some columns of a table's data rows:
// expr builds the formula for the first data row, given ref, which names a
// column of the table in that row ("$L2").
type cond struct {
	from, to int // 0-based columns of the block
	expr     func(ref func(col int) string) string
	style    int
}

// block is one table: a header row, n data rows that row fills in, and a
// totals row below. Its first column labels the totals row ("Total").
type block struct {
	name  string // the Excel table name, e.g. "Findings"
	cols  []column
	n     int
	row   func(i int, out []xcell)
	conds []cond
}

// sheetSpec is a sheet of one table, its header on the header row
// (frozen): a sheet with a filter holds one table, so that filtering it
// hides no row of another. A table with more rows than a sheet holds is
// split over numbered sheets, "Findings (2)", … each with its own header
// and totals.
type sheetSpec struct {
	name   string
	blocks []*block
}

// headerRow is the row of every sheet's header: 1, or 2 below the
// simulated-usage banner, on every sheet alike.
func (w *workbook) headerRow() int { return 1 + w.top }

// dataRowsPerSheet is how many data rows fit on one sheet beside the
// banner, header and totals rows.
func (w *workbook) dataRowsPerSheet() int { return max(1, w.o.rows()-2-w.top) }

// partName is the name of the k-th (0-based) sheet of a split table.
func partName(name string, k int) string {
	suffix := ""
	if k > 0 {
		suffix = fmt.Sprintf(" (%d)", k+1)
	}
	// Excel's sheet names have at most 31 characters (none of ours comes
	// near, but a name must never become invalid with its number).
	if r := []rune(name); len(r)+len(suffix) > excelize.MaxSheetNameLength {
		name = string(r[:excelize.MaxSheetNameLength-len(suffix)])
	}
	return name + suffix
}

// writeSheet writes a sheet spec over as many sheets as its rows need and
// returns their names.
func (w *workbook) writeSheet(spec sheetSpec) ([]string, error) {
	per := w.dataRowsPerSheet()
	most := 0
	for _, b := range spec.blocks {
		most = max(most, b.n)
	}
	parts := max(1, (most+per-1)/per)
	var names []string
	for k := 0; k < parts; k++ {
		name := partName(spec.name, k)
		if err := w.writePart(name, k, spec, k*per, per); err != nil {
			return names, fmt.Errorf("sheet %s: %w", name, err)
		}
		names = append(names, name)
	}
	if parts > 1 {
		w.note(fmt.Sprintf("%s: %s rows, split over %d sheets (%s): a sheet holds at most %s rows; the totals of each sheet are its own.",
			spec.name, digits.Int(most), parts, strings.Join(names, ", "), digits.Int(w.o.rows())))
	}
	return names, nil
}

// placed is a block on a sheet part: its first column and its rows there.
type placed struct {
	*block
	col0  int // 1-based first column
	lo    int // first row index of the block in this part
	count int // data rows in this part
	// running totals of the part, by column
	sums   []float64
	counts int
}

// dataRows is the number of rows the table spans below its header: at
// least one, as an Excel table needs a data row.
func (p *placed) dataRows() int { return max(1, p.count) }

func (w *workbook) writePart(name string, k int, spec sheetSpec, lo, per int) error {
	f := w.f
	h := w.headerRow()
	var blocks []*placed
	col, lastRow := 1, h
	for _, b := range spec.blocks {
		p := &placed{block: b, col0: col, lo: lo, count: min(per, max(0, b.n-lo)), sums: make([]float64, len(b.cols))}
		blocks = append(blocks, p)
		col += len(b.cols) + 1
		lastRow = max(lastRow, p.dataRows()+h+1)
	}
	lastCol := col - 2

	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetSheetDimension(name, "A1:"+cellName(lastCol, lastRow)); err != nil {
		return err
	}
	widths := w.columnWidths(blocks)
	if err := w.pageSetup(name, widths); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(w.panes(lastCol > wideSheetColumns)); err != nil {
		return err
	}
	// excelize puts each new column first: set them last to first, so
	// that <cols> is in ascending order, as Excel requires.
	for c := lastCol; c >= 1; c-- {
		if err := sw.SetColWidth(c, c, widths[c-1]); err != nil {
			return err
		}
	}

	vals := make([]any, lastCol)
	cells := make([]xcell, 0, 32)
	var links [][2]string // cell, target
	dropped := 0

	if w.top > 0 {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: w.st.banner, Value: simulatedBanner}}); err != nil {
			return err
		}
	}
	// Header.
	for _, p := range blocks {
		for i, c := range p.cols {
			vals[p.col0-1+i] = excelize.Cell{StyleID: w.st.header, Value: c.header}
		}
	}
	if err := sw.SetRow(cellName(1, h), vals); err != nil {
		return err
	}

	for r := h + 1; r <= lastRow; r++ {
		clear(vals)
		has := false
		lines := 1
		for _, p := range blocks {
			i := r - h - 1
			switch {
			case i < p.count:
				if cap(cells) < len(p.cols) {
					cells = make([]xcell, len(p.cols))
				}
				cells = cells[:len(p.cols)]
				clear(cells)
				p.row(p.lo+i, cells)
				if cells[0].kind != kEmpty {
					p.counts++
				}
				for j := range cells {
					c := &cells[j]
					if c.kind == kEmpty {
						continue
					}
					v := w.cellValue(c, r)
					if p.cols[j].wrap && c.kind == kText {
						v.StyleID = w.st.wrap
						lines = max(lines, wrappedLines(c.s, widths[p.col0-1+j]))
					}
					if c.link != "" {
						if len(links) < w.o.links() {
							links = append(links, [2]string{cellName(p.col0+j, r), c.link})
							v.StyleID = w.st.link
						} else {
							dropped++
						}
					}
					switch c.kind {
					case kInt, kMoney, kPercent, kDeltaMoney, kDeltaPercent:
						p.sums[j] += c.n
					}
					vals[p.col0-1+j] = v
					has = true
				}
			case i == p.dataRows():
				w.totalsRow(p, r, vals)
				has = true
			}
		}
		if !has {
			continue
		}
		// Spreadsheets do not grow a row to its wrapped text when the
		// file is opened (LibreOffice keeps the default height of a
		// streamed row), so the row is given the height its longest
		// wrapped cell needs.
		var opts []excelize.RowOpts
		if lines > 1 {
			opts = append(opts, excelize.RowOpts{Height: float64(min(lines, maxWrappedLines)) * lineHeight})
		}
		if err := sw.SetRow(cellName(1, r), vals, opts...); err != nil {
			return err
		}
	}

	for _, p := range blocks {
		if err := w.finishBlock(name, k, p); err != nil {
			return err
		}
	}
	for _, l := range links {
		if err := f.SetCellHyperLink(name, l[0], l[1], "Location"); err != nil {
			return err
		}
	}
	if dropped > 0 {
		w.note(fmt.Sprintf("%s: links to the Tools sheet on the first %s rows only (%s more rows have none): a sheet keeps at most %s links.",
			name, digits.Int(len(links)), digits.Int(dropped), digits.Int(w.o.links())))
	}
	return sw.Flush()
}

// cellValue is what the stream writer writes for a cell. Text is always a
// string value, which excelize writes as an inline string: never a formula,
// whatever it starts with.
func (w *workbook) cellValue(c *xcell, row int) excelize.Cell {
	v := excelize.Cell{StyleID: w.st.data[c.kind]}
	switch c.kind {
	case kText:
		s, cut := cellText(c.s)
		if cut {
			w.truncated++
		}
		v.Value = s
	case kDate:
		v.Value = c.t
	case kEmpty:
	default:
		v.Value = c.n
	}
	if c.formula != "" {
		v.Formula = strings.ReplaceAll(c.formula, "{r}", fmt.Sprint(row))
		if w.o.zeroCache {
			v.Value = 0.0
		}
	}
	return v
}

// totalsRow fills the totals row of a block: "Total" under the first
// column, SUBTOTAL formulas (which leave out the rows a filter hides) with
// their value as computed from the Result cached, so that viewers that do
// not recalculate show it too.
func (w *workbook) totalsRow(p *placed, r int, vals []any) {
	first, last := w.headerRow()+1, p.dataRows()+w.headerRow()
	for j, c := range p.cols {
		var v excelize.Cell
		rng := fmt.Sprintf("%s%d:%s%d", colName(p.col0+j), first, colName(p.col0+j), last)
		switch {
		case j == 0:
			v = excelize.Cell{StyleID: w.st.total[kText], Value: "Total"}
		case c.total == sumTotal:
			v = excelize.Cell{StyleID: w.st.total[c.kind], Formula: "SUBTOTAL(109," + rng + ")", Value: w.cached(p.sums[j])}
		case c.total == countTotal:
			rng = fmt.Sprintf("%s%d:%s%d", colName(p.col0), first, colName(p.col0), last)
			v = excelize.Cell{StyleID: w.st.total[kInt], Formula: "SUBTOTAL(103," + rng + ")", Value: w.cached(float64(p.counts))}
		default:
			v = excelize.Cell{StyleID: w.st.total[kEmpty]}
		}
		vals[p.col0-1+j] = v
	}
}

func (w *workbook) cached(v float64) float64 {
	if w.o.zeroCache {
		return 0
	}
	return roundCents(v)
}

// roundCents removes the float noise of a sum of amounts with cents (and
// of whole numbers, which it keeps).
func roundCents(v float64) float64 { return math.Round(v*100) / 100 }

// finishBlock makes the block an Excel table (banded rows, a filter button
// on every header) and adds its conditional formats.
func (w *workbook) finishBlock(sheet string, k int, p *placed) error {
	f := w.f
	// excelize names a table's columns after the header cells it reads
	// from the sheet; a stream sheet has not stored them yet, so they are
	// given here (these cells are not written: the stream's are).
	h := w.headerRow()
	for i, c := range p.cols {
		if err := f.SetCellStr(sheet, cellName(p.col0+i, h), c.header); err != nil {
			return err
		}
	}
	name := p.name
	if k > 0 {
		name = fmt.Sprintf("%s_%d", p.name, k+1)
	}
	ref := cellName(p.col0, h) + ":" + cellName(p.col0+len(p.cols)-1, p.dataRows()+h)
	if err := f.AddTable(sheet, &excelize.Table{Range: ref, Name: name, StyleName: "TableStyleMedium2"}); err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	if p.count == 0 {
		return nil
	}
	for _, c := range p.conds {
		rng := cellName(p.col0+c.from, h+1) + ":" + cellName(p.col0+c.to, p.count+h)
		ref := func(col int) string { return "$" + colName(p.col0+col) + strconv.Itoa(h+1) }
		style := c.style
		if err := f.SetConditionalFormat(sheet, rng, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: c.expr(ref), Format: &style},
		}); err != nil {
			return err
		}
	}
	return nil
}

// columnWidths fits every column to its longest cell (header included,
// with room for the filter button), capped.
func (w *workbook) columnWidths(blocks []*placed) []float64 {
	var widths []float64
	var cells []xcell
	for bi, p := range blocks {
		if bi > 0 {
			widths = append(widths, 3) // the gap between tables
		}
		ws := make([]int, len(p.cols))
		sums := make([]float64, len(p.cols)) // bounds of the totals
		for j, c := range p.cols {
			ws[j] = displayWidth(c.header) + 3
		}
		cells = make([]xcell, len(p.cols))
		for i := 0; i < p.count; i++ {
			clear(cells)
			p.row(p.lo+i, cells)
			for j := range cells {
				if cells[j].kind == kText {
					s, _ := cellText(cells[j].s)
					ws[j] = max(ws[j], displayWidth(s)+1)
				} else {
					ws[j] = max(ws[j], cells[j].width(w.currency)+1)
				}
				sums[j] += math.Abs(cells[j].n)
			}
		}
		for j, c := range p.cols {
			limit := c.maxWidth
			if limit == 0 {
				limit = defaultMaxWidth
			}
			switch c.total {
			case sumTotal:
				ws[j] = max(ws[j], (&xcell{kind: c.kind, n: sums[j]}).width(w.currency)+1)
			case countTotal:
				ws[j] = max(ws[j], (&xcell{kind: kInt, n: float64(p.count)}).width(w.currency)+1)
			}
			widths = append(widths, float64(max(minWidth, min(limit, ws[j]))))
		}
	}
	return widths
}

// wideSheetColumns: a sheet with more columns also freezes its first
// column, so that a row stays named while scrolling right.
const wideSheetColumns = 8

// panes freezes the header row (and the banner above it), and the first
// column of a wide sheet.
func (w *workbook) panes(firstColumn bool) *excelize.Panes {
	h := w.headerRow()
	p := &excelize.Panes{Freeze: true, YSplit: h, TopLeftCell: cellName(1, h+1), ActivePane: "bottomLeft"}
	if firstColumn {
		p.XSplit, p.TopLeftCell, p.ActivePane = 1, cellName(2, h+1), "bottomRight"
	}
	p.Selection = []excelize.Selection{{SQRef: p.TopLeftCell, ActiveCell: p.TopLeftCell, Pane: p.ActivePane}}
	return p
}

// Printing: a landscape page (A4 or Letter, default margins) is about
// printWidthPixels wide; a column of width w characters takes about
// 7w+5 pixels. Fitting a sheet to the page width is readable down to
// minPrintScale; a wider sheet prints at full size over several pages
// across, its header rows repeated on each.
const (
	printWidthPixels = 960
	minPrintScale    = 0.6
)

// printScale is the scale at which columns of these widths fit the width
// of a landscape page (1 when they fit at full size).
func printScale(widths []float64) float64 {
	px := 0.0
	for _, wd := range widths {
		px += 7*wd + 5
	}
	if px <= printWidthPixels {
		return 1
	}
	return printWidthPixels / px
}

// pageSetup prints a sheet landscape, its banner and header rows repeated
// on every page, fitted to the page width only when that keeps the scale
// at or above minPrintScale. The header and footer say what is printed
// (and, for simulated usage, that it is simulated).
func (w *workbook) pageSetup(sheet string, widths []float64) error {
	fit := printScale(widths) >= minPrintScale
	if err := w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	landscape := "landscape"
	layout := &excelize.PageLayoutOptions{Orientation: &landscape}
	if fit {
		wide, tall := 1, 0
		layout.FitToWidth, layout.FitToHeight = &wide, &tall
	}
	if err := w.f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	if err := w.headerFooter(sheet); err != nil {
		return err
	}
	return w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$1:$%d", sheetRef(sheet), w.headerRow()), Scope: sheet})
}

// headerFooter prints the sheet's name and the page number; a simulated
// workbook says so at the top of every page.
func (w *workbook) headerFooter(sheet string) error {
	hf := &excelize.HeaderFooterOptions{OddFooter: "&L&A&RPage &P of &N"}
	if w.simulated() {
		hf.OddHeader = "&C&B" + simulatedBanner
	}
	return w.f.SetHeaderFooter(sheet, hf)
}

// lineHeight is the height in points of one line of the default font;
// maxWrappedLines caps a row at what a screen shows, so that one very
// long cell does not make a row taller than the window.
const (
	lineHeight      = 15
	maxWrappedLines = 12
)

// wrappedLines estimates how many lines s takes in a column width
// characters wide: words are not split, so a line holds a little less
// than the width.
func wrappedLines(s string, width float64) int {
	usable := max(int(width)-2, 4)
	lines, col := 1, 0
	for _, para := range strings.Split(s, "\n") {
		if col > 0 || lines > 1 {
			lines, col = lines+1, 0
		}
		for _, word := range strings.Fields(para) {
			n := displayWidth(word)
			switch {
			case col == 0:
				col = n
			case col+1+n <= usable:
				col += 1 + n
			default:
				lines, col = lines+1, n
			}
			for col > usable {
				lines, col = lines+1, col-usable
			}
		}
	}
	return lines
}
