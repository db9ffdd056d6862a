package spend_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/scanners/spend"
)

// FuzzReadExport: any file is read or refused with an error that names
// it; nothing panics, and every amount read parses back the same.
func FuzzReadExport(f *testing.F) {
	for _, seed := range []string{
		"date,merchant,amount\n2026-01-05,SQ *CANVA,119.99\n",
		"\xEF\xBB\xBFDate;Merchant;Amount;Currency\n05/01/2026;LOOM INC;1.234,50;EUR\n",
		"Posted Date,Type,Amount,Statement Descriptor,Last 4\n2026-01-05T09:00:00Z,Transaction,\"6,480.00\",HUBSPOT INC,4821\n",
		"Date,Description,Card Member,Account #,Amount\n07/01/2026,\"ZOOM.US\nCA\",ALEX,-71002,(54.99)\n",
		"date\tmerchant\tamount\n2026-01-05\tFIGMA\t€45\n",
		"date,merchant,amount\n\"2026-01-05,X,1\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		agg := spend.NewAggregator(day(asOf), "USD", map[string]decimal.Decimal{"EUR": decimal.NewFromInt(1)})
		agg.File("spend/f.csv")
		err := spend.ReadExport(context.Background(), strings.NewReader(data), "spend/f.csv", spend.Options{}, func(r *spend.Row) error {
			if r.Line < 1 {
				t.Fatalf("row without a line: %+v", r)
			}
			return agg.Add(r)
		})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "spend: spend/f.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, d := range agg.Result(nil) {
			if d.Spend == nil || d.Spend.Annual.IsNegative() {
				t.Fatalf("%s: annual spend %v", d.Name, d.Spend)
			}
		}
	})
}

// FuzzParseAmount: an amount read is the same read again from its
// canonical form.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.56", "(12.00)", "€12,00", "1.234,5", "US$ 3", "12.00-", "1 234,56 EUR"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, semicolon bool) {
		v, _, ok := spend.ParseAmount(s, semicolon)
		if !ok {
			return
		}
		canon := decimal.New(v, -4).StringFixed(4)
		w, _, ok := spend.ParseAmount(canon, false)
		if !ok || w != v {
			t.Fatalf("%q → %d → %q → %d, %v", s, v, canon, w, ok)
		}
	})
}
