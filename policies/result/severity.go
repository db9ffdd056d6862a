package result

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
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

// severityOrder lists the levels, most severe first: the inventory
// language's own list (inventory.Severities), so that the levels a rule or
// policy block may name and those a finding may have are one list. The
// constants above name its members (a test holds them equal).
var severityOrder = func() []Severity {
	var out []Severity
	for _, name := range inventory.Severities() {
		out = append(out, Severity(name))
	}
	return out
}()

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
		names := inventory.Severities()
		return "", fmt.Errorf("unknown severity %q: use %s or %s", name, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	return s, nil
}

// AllSeverities lists the levels, most severe first.
func AllSeverities() []Severity { return slices.Clone(severityOrder) }
