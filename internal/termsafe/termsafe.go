// Package termsafe escapes the characters of untrusted text (an inventory's
// strings, a vendor's answer) that could rewrite or reorder what a terminal
// shows: control characters (a carriage return or an escape sequence can
// overwrite or recolour earlier output) and the bidirectional overrides and
// isolates that reorder text. The CLI's diagnostics and the text report
// escape alike through [Escape].
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
)

// Unsafe reports whether r is a control character or a bidirectional
// override (U+202A–U+202E) or isolate (U+2066–U+2069).
func Unsafe(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// Escape writes every rune of s for which escape is true as a Go escape:
// \x1b below U+0100, \u202e above. With named, newline, carriage return
// and tab are written \n, \r and \t instead. s is returned as it is when
// nothing needs escaping.
func Escape(s string, escape func(rune) bool, named bool) string {
	if !strings.ContainsFunc(s, escape) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !escape(r):
			b.WriteRune(r)
		case named && r == '\n':
			b.WriteString(`\n`)
		case named && r == '\r':
			b.WriteString(`\r`)
		case named && r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
