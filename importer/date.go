package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateOrder settles dates such as 03/04/2026, which are the 4th of March
// in the US and the 3rd of April in Europe.
type DateOrder string

const (
	// OrderUnknown reports such dates as ambiguous.
	OrderUnknown DateOrder = ""
	// OrderMDY reads them month first (US).
	OrderMDY DateOrder = "mdy"
	// OrderDMY reads them day first (Europe and most of the world).
	OrderDMY DateOrder = "dmy"
)

var (
	isoDate     = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	numericDate = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{2}|\d{4})$`)
	wordDate    = regexp.MustCompile(`^(?:(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{2}|\d{4})|([a-z]+)\.?[ -](\d{1,2})(?:st|nd|rd|th)?,?[ -](\d{4}))$`)
	serialDate  = regexp.MustCompile(`^\d{5}(\.\d+)?$`)
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
	"jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// excelEpoch is day 0 of the 1900 date system as spreadsheets count it
// (with Lotus's phantom 29 February 1900, hence the 30th).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a date as people write it: ISO ("2026-04-01"), US
// ("4/1/2026", "04-01-26"), European ("01.04.2026", "1/4/2026"), with the
// month in words ("Apr 1, 2026", "1 April 2026", "1-Apr-26"), or a
// spreadsheet's date serial ("46113") when machine is true. A numeric date
// whose day and month can both be the other is an *ambiguousError unless
// order settles it; a dot-separated one is read day first, as it is only
// written that way. Two-digit years are 20YY.
func ParseDate(s string, machine bool, order DateOrder) (time.Time, error) {
	t := strings.TrimSpace(s)
	if noValueText[strings.ToLower(t)] {
		return time.Time{}, errNoValue
	}
	if m := isoDate.FindStringSubmatch(t); m != nil {
		return ymd(s, m[1], m[2], m[3])
	}
	if machine && serialDate.MatchString(t) {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || f < 1 || f > 2958465 {
			return time.Time{}, fmt.Errorf("%q is not a date", s)
		}
		return excelEpoch.AddDate(0, 0, int(f)), nil
	}
	if m := numericDate.FindStringSubmatch(t); m != nil {
		if m[2] != m[4] {
			return time.Time{}, fmt.Errorf("%q is not a date: it mixes separators", s)
		}
		a, b, y := m[1], m[3], m[5]
		if len(y) == 2 {
			y = "20" + y
		}
		ai, _ := strconv.Atoi(a)
		bi, _ := strconv.Atoi(b)
		switch {
		case m[2] == ".":
			return ymd(s, y, b, a)
		case ai > 12 && bi <= 12:
			return ymd(s, y, b, a)
		case bi > 12 && ai <= 12:
			return ymd(s, y, a, b)
		case ai == bi:
			return ymd(s, y, a, b)
		case order == OrderMDY:
			return ymd(s, y, a, b)
		case order == OrderDMY:
			return ymd(s, y, b, a)
		case ai <= 12 && bi <= 12:
			us, err1 := ymd(s, y, a, b)
			eu, err2 := ymd(s, y, b, a)
			if err1 != nil || err2 != nil {
				return time.Time{}, fmt.Errorf("%q is not a date", s)
			}
			return time.Time{}, &ambiguousError{
				readings: []string{us.Format("2006-01-02") + " (US, month first)", eu.Format("2006-01-02") + " (day first)"},
				hint:     "write it as YYYY-MM-DD, or pass --date-order mdy or dmy",
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date", s)
	}
	if m := wordDate.FindStringSubmatch(strings.ToLower(t)); m != nil {
		day, mon, y := m[1], m[2], m[3]
		if m[4] != "" {
			mon, day, y = m[4], m[5], m[6]
		}
		mo, ok := months[mon]
		if !ok {
			return time.Time{}, fmt.Errorf("%q is not a date: unknown month %q", s, mon)
		}
		if len(y) == 2 {
			y = "20" + y
		}
		return ymd(s, y, strconv.Itoa(int(mo)), day)
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}

// ymd builds a date and refuses one the calendar does not have (31 April).
func ymd(orig, y, m, d string) (time.Time, error) {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || mi < 1 || mi > 12 || di < 1 || di > 31 || yi < 1900 || yi > 2200 {
		return time.Time{}, fmt.Errorf("%q is not a date", orig)
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return time.Time{}, fmt.Errorf("%q is not a date: %s has no day %d", orig, time.Month(mi), di)
	}
	return t, nil
}
