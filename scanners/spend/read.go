package spend

import (
	"bufio"
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/sheet"
)

// Row is one charge of an export, as the aggregation needs it. Its strings
// are only valid during the callback: the reader reuses its buffers.
type Row struct {
	Line int
	// Day is the charge date in days since 1970-01-01 (UTC).
	Day int32
	// Merchant is the descriptor as the export writes it.
	Merchant string
	// Amount is in ten-thousandths of Currency; refunds are negative.
	Amount                                 int64
	Currency                               string
	Employee, Card, Report, Team, Category string
}

// Options say how to read an export.
type Options struct {
	// Format is a recipe name, or "" to recognise the file by its header.
	Format string
	// Columns override the recipe's headers.
	Columns map[Field]string
	// DateFormat is a Go layout; "" accepts ISO dates and MM/DD/YYYY.
	DateFormat string
	// Currency is that of amounts without a currency column or code.
	Currency string
}

// ReadExport streams an export (a header row, then one charge per row),
// calling fn for each charge. It recognises the delimiter (comma,
// semicolon or tab), skips a UTF-8 byte order mark and leading blank
// lines, and accepts quoted cells with newlines. name is the file's name
// in errors, which give the line and say how to fix it.
func ReadExport(ctx context.Context, r io.Reader, name string, opts Options, fn func(*Row) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("spend: %s: %w", name, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return fmt.Errorf("spend: %s: the file is UTF-16; save it as CSV UTF-8 (in Excel: Save As › CSV UTF-8)", name)
	}
	sample, _ := br.Peek(64 << 10)
	cr := stdcsv.NewReader(br)
	cr.Comma = sniffDelimiter(sample)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	var header []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("spend: %s: the file has no header row; export it again with column headers", name)
		}
		if err != nil {
			return parseErr(name, err)
		}
		if !sheet.Blank(rec) {
			header = slices.Clone(rec) // the reader reuses rec
			break
		}
	}
	headerLine, _ := cr.FieldPos(0)
	index := map[string]int{}
	var found []string
	for i, h := range header {
		k := headerKey(h)
		if _, dup := index[k]; !dup {
			index[k] = i
		}
		if len(found) < 20 {
			found = append(found, fmt.Sprintf("%q", strings.TrimSpace(h)))
		}
	}
	rcp := recognise(index)
	if opts.Format != "" {
		var ok bool
		if rcp, ok = recipeByName(opts.Format); !ok {
			return fmt.Errorf("spend: %s: unknown format %q (use one of %s)", name, opts.Format, recipeNames())
		}
	}
	cols := make([]int, len(fields))
	for i, f := range fields {
		cols[i] = -1
		if h, ok := opts.Columns[f]; ok {
			j, ok := index[headerKey(h)]
			if !ok {
				return fmt.Errorf("spend: %s: line %d: the header has no %q column, which columns.%s names (found %s); "+
					"change columns.%s to the header the file has", name, headerLine, h, f, strings.Join(found, ", "), f)
			}
			cols[i] = j
			continue
		}
		for _, h := range rcp.headers[f] {
			if j, ok := index[headerKey(h)]; ok {
				cols[i] = j
				break
			}
		}
	}
	for _, f := range required {
		if cols[fieldIndex(f)] < 0 {
			return fmt.Errorf("spend: %s: line %d: no %s column: a %s export has one of %s (found %s); "+
				"name the file's column in the discovery block, like columns = { %s = \"HEADER\" }, or set format",
				name, headerLine, f, rcp.name, quoteAll(rcp.headers[f]), strings.Join(found, ", "), f)
		}
	}

	var row Row
	semicolon := cr.Comma == ';'
	n := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return parseErr(name, err)
		}
		if n++; n&0xFFFF == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		cell := func(f Field) string {
			if i := cols[fieldIndex(f)]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		merchant, amount := cell(FieldMerchant), cell(FieldAmount)
		if merchant == "" && amount == "" {
			continue // a blank or subtotal line
		}
		line, _ := cr.FieldPos(0)
		if t := cell(FieldType); t != "" && skipType(rcp, t) {
			continue
		}
		at := func(f Field) string {
			i := cols[fieldIndex(f)]
			if i < 0 || i >= len(rec) {
				return fmt.Sprintf("line %d", line)
			}
			l, c := cr.FieldPos(i)
			return fmt.Sprintf("line %d, column %d (%s)", l, c, header[i])
		}
		if merchant == "" {
			return fmt.Errorf("spend: %s: %s: the merchant is empty; every charge needs one (delete the row if it is not a charge)", name, at(FieldMerchant))
		}
		if amount == "" {
			return fmt.Errorf("spend: %s: %s: the amount is empty; every charge needs one (delete the row if it is not a charge)", name, at(FieldAmount))
		}
		units, code, ok := ParseAmount(amount, semicolon)
		if !ok {
			return fmt.Errorf("spend: %s: %s: %s is not an amount; write it like 1234.56, 1,234.56, $1,234.56, -12.00 or (12.00)",
				name, at(FieldAmount), sheet.Quote(amount))
		}
		cur := strings.ToUpper(cell(FieldCurrency))
		if cur == "" {
			cur = code
		}
		if cur == "" {
			cur = opts.Currency
		}
		ds := cell(FieldDate)
		day, err := parseDay(ds, opts.DateFormat)
		if err != nil {
			return fmt.Errorf("spend: %s: %s: %s %s", name, at(FieldDate), sheet.Quote(ds), err)
		}
		row = Row{Line: line, Day: day, Merchant: merchant, Amount: units, Currency: cur,
			Employee: cell(FieldEmployee), Card: cell(FieldCard), Report: cell(FieldReport), Team: cell(FieldTeam), Category: cell(FieldCategory)}
		if err := fn(&row); err != nil {
			return err
		}
	}
}

func fieldIndex(f Field) int {
	for i, g := range fields {
		if g == f {
			return i
		}
	}
	return -1
}

func skipType(r recipe, t string) bool {
	for _, s := range r.skipTypes {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}

func quoteAll(hs []string) string {
	q := make([]string, len(hs))
	for i, h := range hs {
		q[i] = fmt.Sprintf("%q", h)
	}
	return strings.Join(q, " or ")
}

func parseErr(name string, err error) error {
	var pe *stdcsv.ParseError
	if errors.As(err, &pe) {
		fix := "check the quotes around that cell: a quote inside a quoted cell is written twice (\"\")"
		if errors.Is(pe.Err, stdcsv.ErrFieldCount) {
			fix = "the row has a different number of cells"
		}
		line := pe.StartLine
		if line == 0 {
			line = pe.Line
		}
		return fmt.Errorf("spend: %s: line %d (the row starting there; the error is at line %d, column %d): %s; %s", name, line, pe.Line, pe.Column, pe.Err, fix)
	}
	return fmt.Errorf("spend: %s: %w", name, err)
}

// sniffDelimiter picks the delimiter of the first line (outside quotes):
// the most frequent of comma, semicolon and tab; comma on a tie.
func sniffDelimiter(sample []byte) rune {
	var comma, semi, tab int
	inQuote := false
	for _, b := range sample {
		switch {
		case b == '"':
			inQuote = !inQuote
		case inQuote:
		case b == '\n':
			goto done
		case b == ',':
			comma++
		case b == ';':
			semi++
		case b == '\t':
			tab++
		}
	}
done:
	switch {
	case tab > comma && tab >= semi:
		return '\t'
	case semi > comma:
		return ';'
	}
	return ','
}

// dollarCodes are the letters before a "$" that name a currency.
var dollarCodes = map[string]string{"US": "USD", "CA": "CAD", "C": "CAD", "A": "AUD", "AU": "AUD", "NZ": "NZD", "S": "SGD", "HK": "HKD"}

// ParseAmount reads an amount as exports write it: "1234.56",
// "1,234.56", "1.234,56", "1 234,56", "$1,234.56", "€12,00", "USD 12.00",
// "-12.00", "12.00-", "(12.00)". It returns ten-thousandths and the
// currency the cell names ("" when none). A single "." followed by three
// digits is a thousands separator only in semicolon files, where decimal
// commas are the rule.
func ParseAmount(s string, semicolon bool) (units int64, currency string, ok bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	var digits [32]byte
	nd := 0
	var letters []byte
	dollar := false
	dots, commas := 0, 0
	dotAt, commaAt := -1, -1 // digits before the last of each
	var seps [8]struct {
		ch byte
		at int
	}
	nsep := 0
	addSep := func(ch byte) bool {
		if nsep == len(seps) {
			return false
		}
		seps[nsep].ch, seps[nsep].at = ch, nd
		nsep++
		return true
	}
	started, ended := false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if ended || nd == len(digits) {
				return 0, "", false
			}
			digits[nd] = byte(r)
			nd++
			started = true
		case r == '.' || r == ',':
			if !started || ended {
				return 0, "", false
			}
			if r == '.' {
				dots++
				dotAt = nd
			} else {
				commas++
				commaAt = nd
			}
			if !addSep(byte(r)) {
				return 0, "", false
			}
		case r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f':
			// A thousands separator, or space around a sign or code.
			if started && !ended && !addSep(' ') {
				return 0, "", false
			}
		case r == '-' || r == '\u2212':
			if neg {
				return 0, "", false
			}
			neg = true
			if started {
				ended = true
			}
		case r == '+':
		case r == '$':
			dollar = true
			if started {
				ended = true
			}
		case r == '€' || r == '£' || r == '¥':
			currency = map[rune]string{'€': "EUR", '£': "GBP", '¥': "JPY"}[r]
			if started {
				ended = true
			}
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z':
			letters = append(letters, byte(r)&^0x20)
			if started {
				ended = true
			}
		default:
			return 0, "", false
		}
	}
	if nd == 0 {
		return 0, "", false
	}
	switch {
	case dollar && len(letters) > 0:
		c, known := dollarCodes[string(letters)]
		if !known {
			return 0, "", false
		}
		currency = c
	case len(letters) == 3:
		if currency != "" && currency != string(letters) {
			return 0, "", false
		}
		currency = string(letters)
	case len(letters) > 0:
		return 0, "", false
	}
	// The decimal point: of "." and ",", the one that comes last when
	// both are used; a lone separator is decimal unless it is repeated or
	// has three digits after it (a thousands separator).
	frac := 0
	switch {
	case dots > 0 && commas > 0:
		if dotAt > commaAt {
			frac = nd - dotAt
			if dots > 1 {
				return 0, "", false
			}
		} else {
			frac = nd - commaAt
			if commas > 1 {
				return 0, "", false
			}
		}
	case commas == 1 && nd-commaAt != 3:
		frac = nd - commaAt
	case dots == 1 && !(semicolon && nd-dotAt == 3):
		frac = nd - dotAt
	}
	if frac > 4 || nd-frac > 14 || !thousandsOK(seps[:nsep], nd, frac) {
		return 0, "", false
	}
	var v int64
	for i := 0; i < nd; i++ {
		v = v*10 + int64(digits[i]-'0')
	}
	for i := frac; i < 4; i++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, currency, true
}

// thousandsOK reports whether the separators other than the decimal point
// group the whole part by thousands: 1-3 digits, then groups of 3.
func thousandsOK(seps []struct {
	ch byte
	at int
}, nd, frac int) bool {
	whole := nd - frac
	// Space after the number, before a code or symbol, is no separator.
	for len(seps) > 0 && seps[len(seps)-1].ch == ' ' && seps[len(seps)-1].at == nd {
		seps = seps[:len(seps)-1]
	}
	prev := -1
	for i, s := range seps {
		if frac > 0 && i == len(seps)-1 && s.at == whole {
			break // the decimal point
		}
		switch {
		case prev < 0 && (s.at < 1 || s.at > 3):
			return false
		case prev >= 0 && s.at-prev != 3:
			return false
		}
		prev = s.at
	}
	return prev < 0 || whole-prev == 3
}

// parseDay reads a date cell: with layout when the block gives one, else
// an ISO date (with or without a time) or MM/DD/YYYY (also M/D/YY, as Ramp
// writes them).
func parseDay(s, layout string) (int32, error) {
	if layout != "" {
		t, err := time.Parse(layout, s)
		if err != nil {
			return 0, fmt.Errorf("is not a date in the date_format %q", layout)
		}
		return toDay(t), nil
	}
	if y, m, d, ok := isoDate(s); ok {
		return civilDay(y, m, d), nil
	}
	if y, m, d, ok := usDate(s); ok {
		return civilDay(y, m, d), nil
	}
	detail := "is not a date: write YYYY-MM-DD or MM/DD/YYYY, or set date_format in the discovery block"
	if _, _, _, ok := usDate(swapDayMonth(s)); ok {
		detail = "is not a MM/DD/YYYY date; the file writes the day first: set date_format = \"02/01/2006\" in the discovery block"
	}
	return 0, errors.New(detail)
}

func toDay(t time.Time) int32 {
	y, m, d := t.Date()
	return civilDay(y, int(m), d)
}

// civilDay is the days since 1970-01-01 of a valid date.
func civilDay(y, m, d int) int32 {
	return int32(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayTime(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func num(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isoDate reads YYYY-MM-DD, alone or before a time ("T…" or " …").
func isoDate(s string) (y, m, d int, ok bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || (len(s) > 10 && s[10] != 'T' && s[10] != ' ') {
		return 0, 0, 0, false
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || !validDate(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// usDate reads M/D/YYYY or M/D/YY, alone or before a time.
func usDate(s string) (y, m, d int, ok bool) {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return 0, 0, 0, false
	}
	m, ok1 := num(parts[0])
	d, ok2 := num(parts[1])
	y, ok3 := num(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, 0, false
	}
	switch len(parts[2]) {
	case 2:
		y += 2000
	case 4:
	default:
		return 0, 0, 0, false
	}
	if !validDate(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func swapDayMonth(s string) string {
	parts := strings.SplitN(s, "/", 3)
	if len(parts) != 3 {
		return s
	}
	return parts[1] + "/" + parts[0] + "/" + parts[2]
}
