package plural_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/internal/plural"
)

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 data classes"},
		{1, "1 data class"},
		{2, "2 data classes"},
		{-1, "-1 data classes"},
		{1000, "1000 data classes"},
	}
	for _, tc := range tests {
		if got := plural.Count(tc.n, "data class", "data classes"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"high":             "High",
		"no owner":         "No owner",
		"Already":          "Already",
		"1 tool":           "1 tool",
		"x":                "X",
		"renewal-calendar": "Renewal-calendar",
	} {
		if got := plural.UpperFirst(in); got != want {
			t.Errorf("UpperFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
