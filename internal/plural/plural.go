// Package plural writes counts of things in English, the one place the
// commands, the reports and the scanners' evidence text agree on it. The
// entry point is [Count].
package plural

import "strconv"

// Count is "1 tool" or "2 tools": n and the noun that agrees with it. The
// caller names both forms ("data class", "data classes"), so no spelling
// rule is guessed.
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
