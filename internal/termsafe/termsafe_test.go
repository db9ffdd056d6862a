package termsafe_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stackaudit/stackaudit/internal/termsafe"
)

func TestEscape(t *testing.T) {
	exceptNewline := func(r rune) bool { return r != '\n' && termsafe.Unsafe(r) }
	for _, tc := range []struct {
		in, named, plain string
	}{
		{"plain text", "plain text", "plain text"},
		{"a\x1b[31mred", `a\x1b[31mred`, `a\x1b[31mred`},
		{"over\rwrite", `over\rwrite`, `over\x0dwrite`},
		{"tab\there", `tab\there`, `tab\x09here`},
		{"two\nlines", "two\nlines", "two\nlines"},
		{"abc\u202edcba", `abc\u202edcba`, `abc\u202edcba`},
		{"iso\u2066late", `iso\u2066late`, `iso\u2066late`},
		{"café ✓", "café ✓", "café ✓"},
	} {
		assert.Equal(t, tc.named, termsafe.Escape(tc.in, exceptNewline, true), "named %q", tc.in)
		assert.Equal(t, tc.plain, termsafe.Escape(tc.in, exceptNewline, false), "plain %q", tc.in)
	}
}
