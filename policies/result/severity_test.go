package result_test

import (
	"slices"
	"testing"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// TestSeverities: the named levels are the inventory language's list, in
// its order, and rank and parse by it.
func TestSeverities(t *testing.T) {
	named := []result.Severity{result.Critical, result.High, result.Medium, result.Low, result.Info}
	var want []result.Severity
	for _, name := range inventory.Severities() {
		want = append(want, result.Severity(name))
	}
	if !slices.Equal(named, want) {
		t.Errorf("the severity constants are %v, the inventory's levels %v", named, want)
	}
	if got := result.AllSeverities(); !slices.Equal(got, want) {
		t.Errorf("AllSeverities() = %v, want %v", got, want)
	}
	result.AllSeverities()[0] = "changed"
	if result.AllSeverities()[0] != result.Critical {
		t.Error("AllSeverities returns a list its caller can change")
	}
	for i, s := range want {
		if got := s.Rank(); got != len(want)-1-i {
			t.Errorf("%s.Rank() = %d, want %d", s, got, len(want)-1-i)
		}
		if got, err := result.ParseSeverity(string(s)); got != s || err != nil {
			t.Errorf("ParseSeverity(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := result.ParseSeverity("severe"); err == nil || err.Error() != `unknown severity "severe": use critical, high, medium, low or info` {
		t.Errorf("ParseSeverity(severe): %v", err)
	}
}
