// Package digits groups the digits of whole numbers by thousands ("12,500")
// for every text stackaudit writes: the rule messages, the facts, the
// reports and the workbook group them alike. The entry point is [Group].
package digits

import (
	"strconv"
	"strings"
)

// Group puts a comma between every three digits of s, a whole number in
// decimal with an optional leading "-": "-1234567" is "-1,234,567". The
// fraction of an amount is the caller's to append.
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.Grow(len(sign) + len(s) + len(s)/3)
	b.WriteString(sign)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Int is Group of n.
func Int[N ~int | ~int64](n N) string {
	return Group(strconv.FormatInt(int64(n), 10))
}
