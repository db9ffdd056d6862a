package digits_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/internal/digits"
)

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"":         "",
		"0":        "0",
		"7":        "7",
		"999":      "999",
		"1000":     "1,000",
		"12500":    "12,500",
		"100000":   "100,000",
		"1234567":  "1,234,567",
		"-5":       "-5",
		"-123":     "-123",
		"-1234":    "-1,234",
		"-1234567": "-1,234,567",
	} {
		if got := digits.Group(in); got != want {
			t.Errorf("Group(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInt(t *testing.T) {
	if got := digits.Int(-2500000); got != "-2,500,000" {
		t.Errorf("Int(-2500000) = %q", got)
	}
	if got := digits.Int(int64(40)); got != "40" {
		t.Errorf("Int(40) = %q", got)
	}
}
