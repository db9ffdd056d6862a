package importer

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in       string
		machine  bool
		amount   string
		currency string
		period   string
	}{
		{"$12,000", false, "12000", "USD", ""},
		{"12.000,00 €", false, "12000", "EUR", ""},
		{"€48.000,00", false, "48000", "EUR", ""},
		{"1.2k/mo", false, "1200", "", "month"},
		{"$499.95/mo", false, "499.95", "USD", "month"},
		{"USD 64,000", false, "64000", "USD", ""},
		{"64,000 USD", false, "64000", "USD", ""},
		{"£1,250.50 per year", false, "1250.5", "GBP", "year"},
		{"12 000", false, "12000", "", ""},
		{"1'200.50 CHF", false, "1200.5", "CHF", ""},
		{"1,234,567.89", false, "1234567.89", "", ""},
		{"1.234.567,89", false, "1234567.89", "", ""},
		{"99,5", false, "99.5", "", ""},
		{"2.5M", false, "2500000", "", ""},
		{"$3k pa", false, "3000", "USD", "year"},
		{"$1,000 monthly", false, "1000", "USD", "month"},
		{"500/qtr", false, "500", "", "quarter"},
		{"free", false, "0", "", ""},
		{"1234.5", true, "1234.5", "", ""},
		{"1234.567", true, "1234.567", "", ""},
		{"0.5", false, "0.5", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := ParseMoney(tt.in, tt.machine)
			if err != nil {
				t.Fatalf("ParseMoney(%q): %v", tt.in, err)
			}
			if !m.Amount.Equal(decimal.RequireFromString(tt.amount)) || m.Currency != tt.currency || m.Period != tt.period {
				t.Errorf("ParseMoney(%q) = %s %q %q, want %s %q %q", tt.in, m.Amount, m.Currency, m.Period, tt.amount, tt.currency, tt.period)
			}
		})
	}
}

func TestParseMoneyRefuses(t *testing.T) {
	tests := []struct {
		in        string
		ambiguous bool
		noValue   bool
	}{
		{"ask finance", false, false},
		{"-500", false, false},
		{"(1,200)", false, false},
		{"1.500", true, false},
		{"$1.500", true, false},
		{"1,2,3", false, false},
		{"12.34.56", false, false},
		{"n/a", false, true},
		{"TBD", false, true},
		{"", false, true},
		{"1,23,456", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseMoney(tt.in, false)
			checkRefused(t, "ParseMoney", tt.in, err, tt.ambiguous)
			if errors.Is(err, errNoValue) != tt.noValue {
				t.Errorf("ParseMoney(%q) = %v; no value want %v", tt.in, err, tt.noValue)
			}
		})
	}
	if m, err := ParseMoney("1.500 €", false); err != nil || !m.Amount.Equal(decimal.NewFromInt(1500)) {
		t.Errorf(`ParseMoney("1.500 €") = %v, %v; a euro amount groups thousands with dots`, m.Amount, err)
	}
}

// FuzzParseMoney holds the parser to never panic, never return a negative
// amount, and read its own canonical output back unchanged.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"$12,000", "12.000,00 €", "1.2k/mo", "USD 64,000", "(5)", "1.500", "£1,250.50 per year", "k", "$", "/mo", "1e5", "ƒ1"} {
		f.Add(s, false)
	}
	f.Add("1234.5", true)
	f.Fuzz(func(t *testing.T, s string, machine bool) {
		m, err := ParseMoney(s, machine)
		if err != nil {
			return
		}
		if m.Amount.IsNegative() {
			t.Fatalf("ParseMoney(%q) = %s: negative", s, m.Amount)
		}
		back, err := ParseMoney(m.Amount.String(), true)
		if err != nil || !back.Amount.Equal(m.Amount) {
			t.Fatalf("ParseMoney(%q) = %s, which reads back as %v, %v", s, m.Amount, back.Amount, err)
		}
	})
}
