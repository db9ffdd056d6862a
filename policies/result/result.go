package result

import (
	"time"

	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
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
	// Usage says where the usage data came from; nil without a snapshot.
	Usage *UsageSource `json:"usage,omitempty"`
	// Changes is set by Compare (audit --previous).
	Changes *Changes `json:"changes,omitempty"`
	// Rules are the effective configurations of the built-in rules, by
	// rule id: what the inventory's rule blocks made of the defaults, so
	// that a report can show the threshold a rule used. They are not part
	// of the JSON form (a result read back has none): the findings already
	// say what the rules judged.
	Rules map[string]RuleConfig `json:"-"`
}

// RuleConfig is a built-in rule's effective configuration in an
// evaluation.
type RuleConfig struct {
	Enabled  bool
	Severity Severity
	// Params are the rule's parameters by name: numbers, bools or strings.
	Params map[string]cty.Value
}

// Number returns a number parameter, and false when the rule has no number
// parameter of that name (or the result has no configuration for it).
func (c RuleConfig) Number(name string) (float64, bool) {
	v, ok := c.Params[name]
	if !ok || v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
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
	// EstimatedWaste is the money model's waste: cancelled tools plus
	// reclaimable seats, the total of the Seats rows and of the cancel and
	// right-size actions.
	EstimatedWaste decimal.Decimal `json:"estimated_waste"`
	// ConsolidationSavings sums the counted overlap savings (decided, not
	// waived): the Redundancy total and the consolidate actions' total.
	ConsolidationSavings decimal.Decimal `json:"consolidation_savings"`
	// TotalSavings is waste plus consolidation: no saving is in both.
	TotalSavings decimal.Decimal `json:"total_savings"`
	// UnmeasuredSpend is the annual cost of paid, seat-based tools without
	// usage data (UnmeasuredTools of them): waste there is unknown.
	UnmeasuredSpend decimal.Decimal `json:"unmeasured_spend"`
	UnmeasuredTools int             `json:"unmeasured_tools"`
	// Findings counts every finding by severity; Waived those waived and
	// Counting those that count towards --fail-on.
	Findings map[Severity]int `json:"findings"`
	Waived   int              `json:"waived"`
	Counting map[Severity]int `json:"counting"`
	// RenewalsNext90 counts the contracts to decide on within 90 days:
	// a notice deadline (or, without auto-renew, an end) in the next 90
	// days, plus every notice-missed contract.
	RenewalsNext90 int `json:"renewals_next_90_days"`
	NoticeMissed   int `json:"notice_missed"`
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

// UsageSource is the provenance of the usage data an evaluation judged.
type UsageSource struct {
	// Snapshot is the file read ("" when not read from a file).
	Snapshot string    `json:"snapshot"`
	TakenAt  time.Time `json:"taken_at"`
	// Simulated is true for usage from the built-in vendor simulator
	// (--sandbox): not measured from vendors.
	Simulated bool `json:"simulated"`
	// Kinds is the outcome per scanner kind, sorted by kind.
	Kinds []KindStatus `json:"kinds"`
}

// KindStatus counts a scanner kind's tools by outcome in the snapshot.
type KindStatus struct {
	Kind    string `json:"kind"`
	OK      int    `json:"ok"`
	Failed  int    `json:"failed"`
	Skipped int    `json:"skipped"`
	// Carried are those whose data was carried forward from an earlier
	// scan (counted in Failed or Skipped too).
	Carried int `json:"carried"`
}
