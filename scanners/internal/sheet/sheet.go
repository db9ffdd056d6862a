// Package sheet holds what the kinds that read spreadsheet exports from
// the inventory (csv, spend) share: their settings' diagnostics, the date
// layout setting, and how file text is quoted in messages. The two kinds
// read different files for different ends; this keeps one wording for the
// mistakes they have in common. Entry points: [String] and [Layout].
package sheet

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Invalid is the diagnostic on a setting's value: "Invalid NAME".
func Invalid(a *hcl.Attribute, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid " + a.Name, Detail: detail, Subject: a.Expr.Range().Ptr()}
}

// String reads a literal string setting, adding to diags what is wrong
// with it; a wrong type is a diagnostic with detail, which says what the
// setting is.
func String(a *hcl.Attribute, diags *hcl.Diagnostics, detail string) (string, bool) {
	v, moreDiags := a.Expr.Value(nil)
	*diags = append(*diags, moreDiags...)
	if moreDiags.HasErrors() {
		return "", false
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		*diags = append(*diags, Invalid(a, a.Name+" must be a string. "+detail))
		return "", false
	}
	return v.AsString(), true
}

// Layout reads a date_format setting, a Go time layout with a year, month
// and day, adding to diags what is wrong with it. like and likeMore are
// the examples the messages give: a short list, and a longer one.
func Layout(a *hcl.Attribute, diags *hcl.Diagnostics, like, likeMore string) (string, bool) {
	s, ok := String(a, diags, "date_format is a Go time layout, like "+like+".")
	if !ok {
		return "", false
	}
	if !ValidLayout(s) {
		*diags = append(*diags, Invalid(a, fmt.Sprintf("%q is not a Go time layout with a year, month and day. Write the reference date "+
			"Mon Jan 2 15:04:05 MST 2006 the way the file writes dates, like %s.", s, likeMore)))
		return "", false
	}
	return s, true
}

// ValidLayout reports whether layout formats and parses back a date.
func ValidLayout(layout string) bool {
	if strings.TrimSpace(layout) == "" {
		return false
	}
	ref := time.Date(2026, 11, 23, 16, 5, 7, 0, time.UTC)
	got, err := time.Parse(layout, ref.Format(layout))
	return err == nil && got.Year() == ref.Year() && got.Month() == ref.Month() && got.Day() == ref.Day()
}

// Quote quotes file text for a message, cut short and printable.
func Quote(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// Blank reports whether a record has nothing but white space.
func Blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
