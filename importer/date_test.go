package importer

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		machine bool
		order   DateOrder
		want    string
	}{
		{"2026-04-01", false, "", "2026-04-01"},
		{"2026/4/1", false, "", "2026-04-01"},
		{"2026-04-01T00:00:00Z", false, "", "2026-04-01"},
		{"06/30/2026", false, "", "2026-06-30"},
		{"30/06/2026", false, "", "2026-06-30"},
		{"15.09.2026", false, "", "2026-09-15"},
		{"01.04.2026", false, "", "2026-04-01"},
		{"4/4/26", false, "", "2026-04-04"},
		{"03/04/2026", false, OrderMDY, "2026-03-04"},
		{"03/04/2026", false, OrderDMY, "2026-04-03"},
		{"Apr 1, 2026", false, "", "2026-04-01"},
		{"1 April 2026", false, "", "2026-04-01"},
		{"1-Apr-26", false, "", "2026-04-01"},
		{"September 30th, 2026", false, "", "2026-09-30"},
		{"46113", true, "", "2026-04-01"},
		{"46113.5", true, "", "2026-04-01"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in, tt.machine, tt.order)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if got := d.Format(time.DateOnly); got != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDateRefuses(t *testing.T) {
	tests := []struct {
		in        string
		machine   bool
		ambiguous bool
	}{
		{"03/04/2026", false, true},
		{"1/2/26", false, true},
		{"2026-02-30", false, false},
		{"31.04.2026", false, false},
		{"13/13/2026", false, false},
		{"soon", false, false},
		{"46113", false, false},
		{"03/04-2026", false, false},
		{"Foo 3, 2026", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseDate(tt.in, tt.machine, OrderUnknown)
			checkRefused(t, "ParseDate", tt.in, err, tt.ambiguous)
		})
	}
	if _, err := ParseDate("TBD", false, OrderUnknown); !errors.Is(err, errNoValue) {
		t.Errorf(`ParseDate("TBD") = %v, want no value`, err)
	}
}

// checkRefused holds a parser's error for in to a refusal, ambiguous or
// not as ambiguous says: the date and money parsers refuse the same two ways,
// and the import's messages depend on which.
func checkRefused(t *testing.T, parser, in string, err error, ambiguous bool) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s(%q) succeeded", parser, in)
	}
	var amb *ambiguousError
	if errors.As(err, &amb) != ambiguous {
		t.Errorf("%s(%q) = %v; ambiguous want %v", parser, in, err, ambiguous)
	}
}

// FuzzParseDate holds the parser to never panic, to return only real
// dates in a plausible range, and to read its ISO output back unchanged.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-04-01", "03/04/2026", "15.09.2026", "Apr 1, 2026", "46113", "1-Apr-26", "99/99/99"} {
		f.Add(s, false, "")
	}
	f.Add("46113", true, "dmy")
	f.Fuzz(func(t *testing.T, s string, machine bool, order string) {
		d, err := ParseDate(s, machine, DateOrder(order))
		if err != nil {
			return
		}
		if d.Year() < 1899 || d.Year() > 10000 {
			t.Fatalf("ParseDate(%q) = %v: out of range", s, d)
		}
		iso := d.Format(time.DateOnly)
		back, err := ParseDate(iso, false, OrderUnknown)
		if d.Year() >= 1900 && d.Year() <= 2200 && (err != nil || !back.Equal(d)) {
			t.Fatalf("ParseDate(%q) = %s, which reads back as %v, %v", s, iso, back, err)
		}
	})
}
