package result

import (
	"fmt"
	"strings"
)

// Severity is a finding's severity level.
type Severity string

// Severity levels, most severe first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists the levels, most severe first.
var severityOrder = [...]Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: critical is 4, info 0, unknown -1.
func (s Severity) Rank() int {
	for i, x := range severityOrder {
		if x == s {
			return len(severityOrder) - 1 - i
		}
	}
	return -1
}

// AtLeast reports whether s is as severe as t or more.
func (s Severity) AtLeast(t Severity) bool { return s.Rank() >= t.Rank() }

// ParseSeverity reads a severity name.
func ParseSeverity(name string) (Severity, error) {
	s := Severity(strings.ToLower(name))
	if s.Rank() < 0 {
		return "", fmt.Errorf("unknown severity %q: use critical, high, medium, low or info", name)
	}
	return s, nil
}

// AllSeverities lists the levels, most severe first.
func AllSeverities() []Severity { return severityOrder[:] }
