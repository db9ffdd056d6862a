package importer

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Money is an amount read from a cell: its currency and period are empty
// when the cell does not say.
type Money struct {
	Amount   decimal.Decimal
	Currency string // ISO 4217, or ""
	Period   string // year, quarter, month, or ""
}

// errNoValue is a cell that holds no amount on purpose ("n/a", "-", "tbd").
var errNoValue = errors.New("no value")

// ambiguousError is a value with two plausible readings; the import reports
// it instead of picking one.
type ambiguousError struct {
	readings []string
	hint     string
}

func (e *ambiguousError) Error() string {
	return fmt.Sprintf("ambiguous: could be %s", strings.Join(e.readings, " or "))
}

// fixFor is the fix a gap suggests for a value that does not parse: an
// ambiguous value's own hint (how to write the reading meant), else fix.
// Amounts and dates share it.
func fixFor(err error, fix string) string {
	if amb, ok := errors.AsType[*ambiguousError](err); ok {
		return amb.hint
	}
	return fix
}

// currencySymbols are written before or after the number. Longer ones
// first, so that "US$" is not read as "$".
var currencySymbols = []struct{ sym, code string }{
	{"US$", "USD"}, {"C$", "CAD"}, {"A$", "AUD"}, {"NZ$", "NZD"}, {"R$", "BRL"}, {"HK$", "HKD"}, {"S$", "SGD"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"}, {"CHF", "CHF"}, {"kr", "SEK"},
}

// periodWords end (or, for "monthly" and the like, start) an amount.
var periodWords = []struct{ word, period string }{
	{"per month", "month"}, {"per mo", "month"}, {"/month", "month"}, {"/mo.", "month"}, {"/mo", "month"}, {"/mth", "month"},
	{"a month", "month"}, {"monthly", "month"}, {"p.m.", "month"}, {"/m", "month"}, {"pm", "month"}, {"mo", "month"},
	{"per year", "year"}, {"per yr", "year"}, {"per annum", "year"}, {"/year", "year"}, {"/yr.", "year"}, {"/yr", "year"},
	{"/y", "year"}, {"a year", "year"}, {"annually", "year"}, {"annual", "year"}, {"yearly", "year"}, {"p.a.", "year"},
	{"pa", "year"}, {"/a", "year"},
	{"per quarter", "quarter"}, {"/quarter", "quarter"}, {"/qtr", "quarter"}, {"/q", "quarter"}, {"quarterly", "quarter"},
}

var (
	isoCode     = regexp.MustCompile(`^[A-Z]{3}$`)
	machineNum  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	noValueText = map[string]bool{"": true, "-": true, "–": true, "—": true, "n/a": true, "na": true, "tbd": true, "tba": true, "?": true, "none": true, "unknown": true, "included": true}
)

// ParseMoney reads an amount as people write it in a spreadsheet:
// "$12,000", "12.000,00 €", "1.2k/mo", "EUR 950", "£1,250.50 per year",
// "12 000". machine is true for a spreadsheet's own number cells, whose
// text is always "1234.5": their dot is a decimal point.
//
// A value whose thousands and decimal separators cannot be told apart
// ("1.500" without a currency that settles it) is an *ambiguousError; "n/a",
// "-", "tbd" and an empty cell are errNoValue; "free" is zero.
func ParseMoney(s string, machine bool) (Money, error) {
	var m Money
	t := strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u00a0' || r == '\u202f' {
			return ' '
		}
		return r
	}, s))
	if noValueText[strings.ToLower(t)] {
		return m, errNoValue
	}
	if strings.EqualFold(t, "free") || strings.EqualFold(t, "$0") {
		m.Amount = decimal.Zero
		return m, nil
	}
	if machine && machineNum.MatchString(t) {
		d, err := decimal.NewFromString(t)
		if err != nil {
			return m, fmt.Errorf("%q is not an amount", s)
		}
		m.Amount = d
		return m, nil
	}
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") || strings.HasPrefix(t, "-") {
		return m, fmt.Errorf("%q is negative; a cost is never negative", s)
	}
	lower := strings.ToLower(t)
	for _, p := range periodWords {
		if strings.HasSuffix(lower, p.word) {
			rest := strings.TrimSpace(lower[:len(lower)-len(p.word)])
			// "mo", "pm" and "pa" only count after a number or a
			// currency, not inside a word.
			if rest == "" || len(p.word) <= 2 && !endsAmount(rest) {
				continue
			}
			m.Period = p.period
			t = strings.TrimSpace(t[:len(rest)])
			break
		}
	}
	t = strings.TrimSpace(t)
	for _, c := range currencySymbols {
		switch {
		case strings.HasPrefix(t, c.sym):
			t, m.Currency = strings.TrimSpace(t[len(c.sym):]), c.code
		case strings.HasSuffix(t, c.sym):
			t, m.Currency = strings.TrimSpace(t[:len(t)-len(c.sym)]), c.code
		default:
			continue
		}
		break
	}
	if m.Currency == "" {
		if len(t) > 4 && isoCode.MatchString(t[:3]) && !unicode.IsLetter(rune(t[3])) {
			t, m.Currency = strings.TrimSpace(t[3:]), t[:3]
		} else if len(t) > 4 && isoCode.MatchString(t[len(t)-3:]) && !unicode.IsLetter(rune(t[len(t)-4])) {
			t, m.Currency = strings.TrimSpace(t[:len(t)-3]), t[len(t)-3:]
		}
	}
	mult := decimal.NewFromInt(1)
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mult, t = decimal.NewFromInt(1000), strings.TrimSpace(t[:len(t)-1])
	case strings.HasSuffix(t, "M") || strings.HasSuffix(t, "mm"):
		mult, t = decimal.NewFromInt(1_000_000), strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, "M"), "mm"))
	}
	if strings.HasPrefix(t, "-") {
		return m, fmt.Errorf("%q is negative; a cost is never negative", s)
	}
	d, err := parseNumber(t, m.Currency == "EUR" || m.Currency == "CHF")
	if err != nil {
		var amb *ambiguousError
		if errors.As(err, &amb) {
			return m, err
		}
		return m, fmt.Errorf("%q is not an amount", s)
	}
	m.Amount = d.Mul(mult)
	return m, nil
}

// endsAmount reports whether s ends in a digit, a "k" after a digit or a
// currency symbol: what a period abbreviation may follow.
func endsAmount(s string) bool {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	if s == "" {
		return false
	}
	r := rune(s[len(s)-1])
	if unicode.IsDigit(r) {
		return true
	}
	if (r == 'k') && len(s) > 1 && unicode.IsDigit(rune(s[len(s)-2])) {
		return true
	}
	for _, c := range currencySymbols {
		if strings.HasSuffix(s, strings.ToLower(c.sym)) {
			return true
		}
	}
	return len(s) >= 3 && isoCode.MatchString(strings.ToUpper(s[len(s)-3:]))
}

// parseNumber reads digits with thousands separators (",", ".", "'", " ")
// and one decimal separator ("." or ","). dotGroups says a lone "1.500"
// groups thousands, as in a euro amount; without it that form is
// ambiguous.
func parseNumber(t string, dotGroups bool) (decimal.Decimal, error) {
	t = strings.ReplaceAll(strings.ReplaceAll(t, " ", ""), "'", "")
	if t == "" {
		return decimal.Zero, errors.New("empty")
	}
	for _, r := range t {
		if !unicode.IsDigit(r) && r != '.' && r != ',' || r > unicode.MaxASCII {
			return decimal.Zero, errors.New("not a number")
		}
	}
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	var intPart, frac string
	switch {
	case dots > 0 && commas > 0:
		dec := "."
		if strings.LastIndex(t, ",") > strings.LastIndex(t, ".") {
			dec = ","
		}
		if strings.Count(t, dec) > 1 {
			return decimal.Zero, errors.New("two decimal separators")
		}
		i := strings.LastIndex(t, dec)
		intPart, frac = t[:i], t[i+1:]
		sep := ","
		if dec == "," {
			sep = "."
		}
		if !grouped(intPart, sep) {
			return decimal.Zero, errors.New("bad grouping")
		}
		intPart = strings.ReplaceAll(intPart, sep, "")
	case dots == 0 && commas == 0:
		intPart = t
	default:
		sep := "."
		if commas > 0 {
			sep = ","
		}
		parts := strings.Split(t, sep)
		last := parts[len(parts)-1]
		switch {
		case len(parts) > 2:
			if !grouped(t, sep) {
				return decimal.Zero, errors.New("bad grouping")
			}
			intPart = strings.ReplaceAll(t, sep, "")
		case len(last) != 3 || parts[0] == "" || parts[0] == "0":
			intPart, frac = parts[0], last
		case sep == "," || dotGroups:
			// "12,000" is twelve thousand everywhere money is written
			// with a comma before three digits; "12.000 €" is too.
			intPart = parts[0] + last
		default:
			return decimal.Zero, &ambiguousError{readings: []string{parts[0] + last, parts[0] + "." + last},
				hint: "write the amount without a thousands separator, or with its currency (EUR reads 1.500 as one thousand five hundred)"}
		}
	}
	if intPart == "" && frac == "" || strings.ContainsAny(intPart+frac, ".,") {
		return decimal.Zero, errors.New("not a number")
	}
	if intPart == "" {
		intPart = "0"
	}
	num := intPart
	if frac != "" {
		num += "." + frac
	}
	return decimal.NewFromString(num)
}

// grouped reports whether s is digits in groups of three after the first,
// separated by sep: "1,234,567".
func grouped(s, sep string) bool {
	parts := strings.Split(s, sep)
	if len(parts[0]) == 0 || len(parts[0]) > 3 && len(parts) > 1 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}
