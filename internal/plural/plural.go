// Package plural writes counts of things in English, the one place the
// commands, the reports and the scanners' evidence text agree on it, and
// capitalises the first letter of a sentence or label ([UpperFirst]). The
// entry point is [Count].
package plural

import (
	"strconv"
	"strings"
)

// Count is "1 tool" or "2 tools": n and the noun that agrees with it. The
// caller names both forms ("data class", "data classes"), so no spelling
// rule is guessed.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// UpperFirst is s with its first byte in upper case: "high" is "High".
// Only an ASCII first letter changes; the rules, severities and details
// it capitalises start with one.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
