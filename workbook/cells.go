package workbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/report"
	"github.com/xuri/excelize/v2"
)

// kind is how a cell's value is stored and formatted.
type kind uint8

const (
	kEmpty kind = iota
	kText
	kInt
	kMoney
	kPercent
	kDate
	kDeltaMoney   // a signed change of money
	kDeltaPercent // a signed change of a share, in percentage points (the value is in points: −35 for 60% → 25%)
)

// xcell is one cell of a table row: a value of a kind, an optional internal
// link ("Tools!A12") and, for the few cells that are formulas of ours (never
// built from inventory text), a formula template in which "{r}" is the
// row number; n is then its cached value.
type xcell struct {
	kind    kind
	s       string
	n       float64
	t       time.Time
	link    string
	formula string
}

func text(s string) xcell {
	if s == "" {
		return xcell{}
	}
	return xcell{kind: kText, s: s}
}

func integer(n int) xcell { return xcell{kind: kInt, n: float64(n)} }

func optInt(p *int) xcell {
	if p == nil {
		return xcell{}
	}
	return integer(*p)
}

func moneyCell(d decimal.Decimal) xcell { return xcell{kind: kMoney, n: d.InexactFloat64()} }

func optMoney(p *decimal.Decimal) xcell {
	if p == nil {
		return xcell{}
	}
	return moneyCell(*p)
}

func percent(f float64) xcell { return xcell{kind: kPercent, n: f} }

func optPercent(p *float64) xcell {
	if p == nil {
		return xcell{}
	}
	return percent(*p)
}

// date is a real Excel date (a serial number formatted yyyy-mm-dd) of the
// calendar day of t in UTC; the zero time is an empty cell.
func date(t time.Time) xcell {
	if t.IsZero() {
		return xcell{}
	}
	u := t.UTC()
	return xcell{kind: kDate, t: time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)}
}

func optDate(p *time.Time) xcell {
	if p == nil {
		return xcell{}
	}
	return date(*p)
}

func yesNo(b bool) xcell {
	if b {
		return text("yes")
	}
	return text("no")
}

func optYesNo(p *bool) xcell {
	if p == nil {
		return xcell{}
	}
	return yesNo(*p)
}

// styles are the cell styles of the workbook, created once in a fixed
// order so that their ids are the same in every run.
type styles struct {
	header int
	// headerNum heads a column of numbers: right-aligned, over them.
	headerNum int
	data      [kDeltaPercent + 1]int // by kind; empty uses 0
	total     [kDeltaPercent + 1]int // totals row, bold with a top border
	link      int
	title     int // Summary labels
	wrap      int // text wrapped within its column, top-aligned
	// banner is the simulated-usage banner: bold white on red.
	banner int
	// section heads a block of the Summary below the figures.
	section int
	// conditional formats (dxf ids)
	bad, warn, good int
	high, crit      int
}

// numFmts are the number formats of each kind, in the organization's
// currency.
func numFmts(currency string) map[kind]string {
	cur := currencyLabel(currency)
	money := "#,##0.00"
	delta := "+#,##0.00;-#,##0.00;0.00"
	if cur != "" {
		money = `"` + cur + `" #,##0.00`
		delta = `+"` + cur + `" #,##0.00;-"` + cur + `" #,##0.00;"` + cur + `" 0.00`
	}
	return map[kind]string{
		kInt:          "#,##0",
		kMoney:        money,
		kPercent:      "0%",
		kDate:         "yyyy-mm-dd",
		kDeltaMoney:   delta,
		kDeltaPercent: `+0.0" pp";−0.0" pp";0.0" pp"`,
	}
}

// currencyLabel keeps the letters and digits of a currency code, so that
// it can be quoted in a number format whatever the inventory says.
func currencyLabel(c string) string {
	c = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, c)
	if utf8.RuneCountInString(c) > 8 {
		c = string([]rune(c)[:8])
	}
	return c
}

func newStyles(f *excelize.File, currency string) (styles, error) {
	var s styles
	var err error
	must := func(id int, e error) int {
		if err == nil {
			err = e
		}
		return id
	}
	fmts := numFmts(currency)
	s.header = must(f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	}))
	s.headerNum = must(f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
		Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right"},
	}))
	topBorder := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	s.total[kText] = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: topBorder}))
	s.total[kEmpty] = s.total[kText]
	// Data cells align to the top, as wrapped text does, so that a row
	// made taller by one wrapped cell reads across.
	top := &excelize.Alignment{Vertical: "top"}
	s.data[kText] = must(f.NewStyle(&excelize.Style{Alignment: top}))
	for k := kInt; k <= kDeltaPercent; k++ {
		nf := fmts[k]
		s.data[k] = must(f.NewStyle(&excelize.Style{CustomNumFmt: &nf, Alignment: top}))
		s.total[k] = must(f.NewStyle(&excelize.Style{CustomNumFmt: &nf, Font: &excelize.Font{Bold: true}, Border: topBorder}))
	}
	s.link = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}, Alignment: top}))
	s.title = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}))
	s.wrap = must(f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}))
	s.banner = must(f.NewStyle(&excelize.Style{
		Font: &excelize.Font{Bold: true, Color: "FFFFFF", Size: 12},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}},
	}))
	s.section = must(f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 12, Color: "1F4E78"}}))
	fill := func(bg, fg string) int {
		return must(f.NewConditionalStyle(&excelize.Style{
			Font: &excelize.Font{Color: fg},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{bg}},
		}))
	}
	s.bad = fill("FFC7CE", "9C0006")
	s.warn = fill("FFEB9C", "9C5700")
	s.good = fill("C6EFCE", "006100")
	s.crit = fill("F4B6C2", "7B0020")
	s.high = fill("FCD5B4", "833C0B")
	return s, err
}

// cellText makes a string from an inventory or a vendor fit a cell: CRLF
// becomes LF, control characters other than newline and tab and the
// bidirectional overrides are shown escaped (as in the text format), and
// text longer than Excel's 32,767 characters is cut, ending with "…".
// truncated reports the cut.
func cellText(s string) (out string, truncated bool) {
	if strings.Contains(s, "\r\n") {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	s = report.TerminalSafe(s)
	// A UTF-16 unit takes at least one byte of UTF-8: short strings fit.
	if len(s) <= maxCellChars || utf16Len(s) <= maxCellChars {
		return s, false
	}
	units := 0
	for i, r := range s {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if units+n > maxCellChars-1 { // room for the "…"
			return s[:i] + "…", true
		}
		units += n
	}
	return s, false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if l := utf16.RuneLen(r); l > 0 {
			n += l
		} else {
			n++
		}
	}
	return n
}

// displayWidth approximates the width of text in a column, in characters
// of the default font: the longest line, wide (CJK, fullwidth) characters
// counting double.
func displayWidth(s string) int {
	best, cur := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			best, cur = max(best, cur), 0
		case isWide(r):
			cur += 2
		default:
			cur++
		}
	}
	return max(best, cur)
}

func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) ||
		(r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) ||
		(r >= 0x1f300 && r <= 0x1f64f) ||
		(r >= 0x20000 && r <= 0x3fffd))
}

// width is the displayed width of a cell's value in its number format.
func (c *xcell) width(currency string) int {
	switch c.kind {
	case kText:
		return displayWidth(c.s)
	case kInt:
		return len(digits.Int(int64(c.n)))
	case kMoney, kDeltaMoney:
		// The number format shows two decimals, whole amounts included,
		// after the currency label.
		whole, frac, _ := strings.Cut(decimal.NewFromFloat(c.n).StringFixed(2), ".")
		w := len(digits.Group(whole)) + 1 + len(frac)
		if label := currencyLabel(currency); label != "" {
			w += len(label) + 1
		}
		if c.kind == kDeltaMoney {
			w++
		}
		return w
	case kPercent:
		return len(strconv.FormatFloat(c.n*100, 'f', 0, 64)) + 2
	case kDeltaPercent:
		return len(strconv.FormatFloat(c.n, 'f', 1, 64)) + 4
	case kDate:
		return 10
	}
	return 0
}

// sheetRef is a sheet name as formulas and links write it: quoted unless
// it is a plain name.
func sheetRef(name string) string {
	plain := name != ""
	for i, r := range name {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// cellName is "B12" for column 2 (1-based) and row 12.
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(fmt.Sprintf("workbook: cell (%d, %d): %v", col, row, err))
	}
	return name
}

// colName is "B" for column 2 (1-based).
func colName(col int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		panic(fmt.Sprintf("workbook: column %d: %v", col, err))
	}
	return name
}

// absRange is "$B$2:$B$9" on a sheet, for chart series.
func absRange(sheet string, col, fromRow, toRow int) string {
	c := colName(col)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetRef(sheet), c, fromRow, c, toRow)
}
