package result

import (
	"github.com/shopspring/decimal"
)

// Schema versions the JSON result (`check --format json`), which is
// also what --baseline and `audit --previous` read.
const Schema = "stackaudit.result/v1"

// Result is everything an evaluation produced. Its JSON form is stable:
// fields are only ever added, and a breaking change gets a new schema.
// Money is a decimal string in the organization's currency.
type Result struct {
	Schema string `json:"schema"`
	AsOf   string `json:"as_of"`
	// Quarter is the fiscal quarter of the as-of date, e.g. "FY2027 Q2"
	// (the organization's fiscal_year_start decides).
	Quarter      string       `json:"quarter"`
	Organization Organization `json:"organization"`
	Summary      Summary      `json:"summary"`
	Findings     []Finding    `json:"findings"`
	Facts
	// Changes is set by Compare (audit --previous).
	Changes *Changes `json:"changes,omitempty"`
}

// Organization names whose stack was judged and its reporting currency.
type Organization struct {
	Name     string `json:"name"`
	Currency string `json:"currency"`
}

// Summary holds the headline figures.
type Summary struct {
	Tools       int             `json:"tools"`
	AnnualSpend decimal.Decimal `json:"annual_spend"`
	// EstimatedWaste is the yearly cost of seats without an active user.
	EstimatedWaste decimal.Decimal `json:"estimated_waste"`
	// ConsolidationSavings sums the estimated savings of unwaived overlaps.
	ConsolidationSavings decimal.Decimal `json:"consolidation_savings"`
	// Findings counts every finding by severity; Waived those waived and
	// Counting those that count towards --fail-on.
	Findings       map[Severity]int `json:"findings"`
	Waived         int              `json:"waived"`
	Counting       map[Severity]int `json:"counting"`
	RenewalsNext90 int              `json:"renewals_next_90_days"`
}

// Failing reports whether any counting finding is at or above the
// threshold. A threshold of "" (--fail-on none) never fails.
func (r *Result) Failing(threshold Severity) bool {
	if threshold == "" {
		return false
	}
	for _, f := range r.Findings {
		if f.Counts() && f.Severity.AtLeast(threshold) {
			return true
		}
	}
	return false
}
