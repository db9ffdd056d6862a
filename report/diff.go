package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// diffRegistry is the explicit list of `diff` formats, in the order
// `--help` shows them.
func diffRegistry() []format[*result.Diff] {
	return []format[*result.Diff]{
		{"text", writeDiffText},
		{"json", writeDiffJSON},
		{"markdown", writeDiffMarkdown},
		{"github", writeDiffGitHub},
	}
}

// DiffFormats lists the format names WriteDiff accepts.
func DiffFormats() []string { return formatNames(diffRegistry()) }

// WriteDiff renders a diff (`stackaudit diff`) in the named format to w.
// An unknown name is an error wrapping ErrUnknownFormat. Nothing is
// written unless rendering succeeds.
func WriteDiff(w io.Writer, name string, d *result.Diff, o Options) error {
	if d == nil {
		panic("report: WriteDiff called with a nil Diff")
	}
	return writeFormat(w, diffRegistry(), name, d, o, "diff "+name, "diff "+name)
}

// diffLocator places the findings of both sides: the diff carries
// findings, not Results, so only their own locations are known.
func diffLocator(d *result.Diff, base string) *locator {
	fs := append(append([]result.Finding(nil), d.FindingsNew...), d.FindingsResolved...)
	return newLocator(&result.Result{Findings: fs}, base)
}

// signedMoney is a delta with its sign in front: "+USD 48,000",
// "-USD 17,780", "USD 0".
func signedMoney(currency string, d decimal.Decimal) string {
	switch d.Sign() {
	case 1:
		return "+" + policies.Money(currency, d)
	case -1:
		return "-" + policies.Money(currency, d.Neg())
	}
	return policies.Money(currency, d)
}

// percentChange is delta against before, "+1.5%", or "" when either is
// zero.
func percentChange(before, delta decimal.Decimal) string {
	if before.IsZero() || delta.IsZero() {
		return ""
	}
	p := delta.Mul(decimal.NewFromInt(100)).Div(before).Round(1)
	sign := ""
	if p.Sign() > 0 {
		sign = "+"
	}
	return sign + p.StringFixed(1) + "%"
}

// newSeverityList is "1 high, 1 medium": the new unwaived findings by
// severity, most severe first; "" when there are none.
func newSeverityList(d *result.Diff) string {
	var parts []string
	for _, sev := range result.AllSeverities() {
		if n := d.NewBySeverity[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	return strings.Join(parts, ", ")
}

// ruleDocURL is a rule's documentation page, or "" for a custom policy,
// which has none.
func ruleDocURL(id string) string {
	if policies.Lookup(id) == nil {
		return ""
	}
	return ruleDocsURI + id + ".md"
}

// fieldValue is a field change's value for display: a dash for absent.
func fieldValue(field, v, currency string) string {
	if v == "" {
		return "—"
	}
	if field == "annual_cost" {
		if d, err := decimal.NewFromString(v); err == nil {
			return policies.Money(currency, d)
		}
	}
	return v
}

// fieldLabel is a field's name for people: "annual cost".
func fieldLabel(field string) string { return strings.ReplaceAll(field, "_", " ") }

// flowData is the data classes of a flow, comma-separated.
func flowData(f *result.FlowFact) string { return strings.Join(f.Data, ", ") }

// spendDeltaText is "+USD 42,220, +1.5%".
func spendDeltaText(cur string, d *result.Diff) string {
	s := signedMoney(cur, d.Spend.Delta)
	if p := percentChange(d.Spend.Before, d.Spend.Delta); p != "" {
		s += ", " + p
	}
	return s
}
