package report_test

import (
	"os"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// Write renders a Result in a format named as on the command line.
func ExampleWrite() {
	subjects := []result.Subject{{Kind: "tool", ID: "marketo"}}
	r := &result.Result{
		Organization: result.Organization{Name: "Acme Corp", Currency: "USD"},
		Summary:      result.Summary{Tools: 2, AnnualSpend: decimal.RequireFromString("123456.5")},
		Findings: []result.Finding{{
			Rule: "tool-without-owner", Severity: result.High,
			Message:     "Marketo has no owning team",
			Subjects:    subjects,
			Location:    result.Location{File: "/repo/inventory/tools/marketo.hcl", Line: 1},
			Fingerprint: result.Fingerprint("tool-without-owner", subjects),
		}},
	}
	err := report.Write(os.Stdout, "text", r, report.Options{BaseDir: "/repo"})
	if err != nil {
		panic(err)
	}
	// Output:
	// HIGH (1)
	//
	//   inventory/tools/marketo.hcl:1  tool-without-owner
	//     Marketo has no owning team
	//     subjects: tool.marketo
	//
	// 1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info · 0 waived · 2 tools · annual spend USD 123,456.50
}
