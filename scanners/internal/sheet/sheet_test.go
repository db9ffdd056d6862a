package sheet_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/scanners/internal/sheet"
)

func TestLayout(t *testing.T) {
	for _, tc := range []struct {
		name, src, want, detail string
	}{
		{name: "valid", src: `date_format = "02.01.2006"`, want: "02.01.2006"},
		{name: "no day", src: `date_format = "2006-01"`, detail: `"2006-01" is not a Go time layout with a year, month and day.`},
		{name: "not a string", src: `date_format = 1`, detail: `date_format must be a string. date_format is a Go time layout, like "2006-01-02".`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, diags := hclsyntax.ParseConfig([]byte(tc.src), "t.hcl", hcl.InitialPos)
			require.False(t, diags.HasErrors())
			attrs, _ := f.Body.JustAttributes()
			var got hcl.Diagnostics
			s, ok := sheet.Layout(attrs["date_format"], &got, `"2006-01-02"`, `"2006-01-02" or "02.01.2006"`)
			assert.Equal(t, tc.want, s)
			assert.Equal(t, tc.detail == "", ok)
			if tc.detail == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, "Invalid date_format", got[0].Summary)
			assert.True(t, strings.HasPrefix(got[0].Detail, tc.detail), got[0].Detail)
		})
	}
}

func TestQuoteAndBlank(t *testing.T) {
	assert.Equal(t, `"a\tb"`, sheet.Quote("a\tb"))
	assert.Equal(t, `"`+strings.Repeat("é", 60)+`…"`, sheet.Quote(strings.Repeat("é", 61)), "cut at 60 characters, not bytes")
	assert.True(t, sheet.Blank([]string{"", " \t"}))
	assert.False(t, sheet.Blank([]string{"", "x"}))
}
