package spend_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/scanners/spend"
)

// read collects the rows of an export, copied.
func read(t *testing.T, data string, opts spend.Options) ([]spend.Row, error) {
	t.Helper()
	var rows []spend.Row
	err := spend.ReadExport(context.Background(), strings.NewReader(data), "spend/x.csv", opts, func(r *spend.Row) error {
		rows = append(rows, *r)
		return nil
	})
	return rows, err
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in        string
		semicolon bool
		want      int64
		currency  string
		ok        bool
	}{
		{"1234.56", false, 12345600, "", true},
		{"1,234.56", false, 12345600, "", true},
		{"1.234,56", true, 12345600, "", true},
		{"1 234,56", true, 12345600, "", true},
		{"1'234.56", false, 12345600, "", true},
		{"$1,234.56", false, 12345600, "", true},
		{"US$ 12.00", false, 120000, "USD", true},
		{"€12,00", true, 120000, "EUR", true},
		{"12,00 €", true, 120000, "EUR", true},
		{"£9.99", false, 99900, "GBP", true},
		{"USD 12.00", false, 120000, "USD", true},
		{"12.00 CHF", false, 120000, "CHF", true},
		{"-12.00", false, -120000, "", true},
		{"12.00-", false, -120000, "", true},
		{"(12.00)", false, -120000, "", true},
		{"−5", false, -50000, "", true},
		{"1,234", false, 12340000, "", true},
		{"1.234", true, 12340000, "", true},
		{"1.234", false, 12340, "", true},
		{"1,000,000.00", false, 10000000000, "", true},
		{"", false, 0, "", false},
		{"abc", false, 0, "", false},
		{"12.3.4,5", false, 0, "", false},
		{"1.2,3.4", false, 0, "", false},
		{"12.345678", false, 0, "", false},
		{"--12", false, 0, "", false},
		{"12 34 56 78 90 12 34 56", false, 0, "", false},
		{"EUR 12 USD", false, 0, "", false},
		{"€12 USD", false, 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, cur, ok := spend.ParseAmount(tt.in, tt.semicolon)
			require.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, tt.want, got)
				assert.Equal(t, tt.currency, cur)
			}
		})
	}
}

func TestReadExportShapes(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts spend.Options
		// want: merchant, amount (ten-thousandths), currency of each row
		merchants []string
		amounts   []int64
		currency  []string
	}{
		{
			name:      "comma, BOM, CRLF",
			data:      "\xEF\xBB\xBFdate,merchant,amount\r\n2026-01-05,SQ *CANVA,119.99\r\n",
			merchants: []string{"SQ *CANVA"}, amounts: []int64{1199900}, currency: []string{""},
		},
		{
			name:      "semicolon with decimal commas",
			data:      "Datum;merchant;amount;currency\n2026-01-05;LOOM INC;1.234,50;EUR\n",
			opts:      spend.Options{Format: "generic", Columns: map[spend.Field]string{spend.FieldDate: "Datum"}},
			merchants: []string{"LOOM INC"}, amounts: []int64{12345000}, currency: []string{"EUR"},
		},
		{
			name:      "tab",
			data:      "date\tmerchant\tamount\n2026-01-05\tFIGMA\t45\n",
			merchants: []string{"FIGMA"}, amounts: []int64{450000}, currency: []string{""},
		},
		{
			name:      "quoted newline and thousands separator",
			data:      "date,merchant,amount,memo\n2026-01-05,\"HUBSPOT INC\",\"6,480.00\",\"two lines\nof memo\"\n2026-02-05,HUBSPOT INC,\"$6,480.00\",\n",
			merchants: []string{"HUBSPOT INC", "HUBSPOT INC"}, amounts: []int64{64800000, 64800000}, currency: []string{"", ""},
		},
		{
			name:      "refund and a currency in the cell",
			data:      "date,merchant,amount\n2026-01-05,LOOM INC,€300.00\n2026-01-06,LOOM INC,(300.00)\n",
			merchants: []string{"LOOM INC", "LOOM INC"}, amounts: []int64{3000000, -3000000}, currency: []string{"EUR", ""},
		},
		{
			name:      "leading blank lines, subtotal rows, brex payments left out",
			data:      "\n,,\nPosted Date,Type,Amount,Statement Descriptor,Last 4\n2026-01-05,Transaction,10.00,NOTION LABS INC,1111\n2026-01-06,Payment to Brex,-500.00,Payment,\n,,,,\n",
			merchants: []string{"NOTION LABS INC"}, amounts: []int64{100000}, currency: []string{""},
		},
		{
			name:      "amex, dates MM/DD/YYYY",
			data:      "Date,Description,Card Member,Account #,Amount\n07/01/2026,ZOOM.US 888-799-9666 CA,ALEX EXAMPLE,-71002,54.99\n",
			merchants: []string{"ZOOM.US 888-799-9666 CA"}, amounts: []int64{549900}, currency: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := read(t, tt.data, tt.opts)
			require.NoError(t, err)
			require.Len(t, rows, len(tt.merchants))
			for i, r := range rows {
				assert.Equal(t, tt.merchants[i], r.Merchant)
				assert.Equal(t, tt.amounts[i], r.Amount)
				assert.Equal(t, tt.currency[i], r.Currency)
			}
		})
	}
}

// TestReadExportRecipes: each vendor's real header is recognised and its
// payer columns read.
func TestReadExportRecipes(t *testing.T) {
	tests := []struct {
		name, data           string
		employee, card, team string
	}{
		{"brex", "Posted Date,Type,Amount,User,Department,Statement Descriptor,Merchant Name,Brex Category,Last 4,Memo\n" +
			"2026-01-05T09:00:00Z,Transaction,10.00,Dana Ruiz,Marketing,HUBSPOT INC,HubSpot,Software,4821,\n", "Dana Ruiz", "4821", "Marketing"},
		{"ramp", "Transaction Date,Amount,Merchant Name,Merchant Description,User,Card Last 4,Ramp Category,Ramp Department\n" +
			"05/11/22,29.00,Superhuman,SUPERHUMAN,Tony Xiao,4034,SaaS / Software,General\n", "Tony Xiao", "4034", "General"},
		{"expensify", "Date,Merchant,Description,From,To,Category,Tag,Tax,Amount,Currency,Type,Receipt URL\n" +
			"2026-01-05,Calendly,Teams,tom@acme.example,,Software,EMEA,,16.00,GBP,card,\n", "tom@acme.example", "", "EMEA"},
		{"amex", "Date,Description,Card Member,Account #,Amount,Extended Details,Appears On Your Statement As,Address,City/State,Zip Code,Country,Reference,Category\n" +
			"01/05/2026,MIRO.COM,JO DOE,-71002,16.00,,MIRO.COM,,,,,'1',Business Services-Internet Services\n", "JO DOE", "-71002", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := read(t, tt.data, spend.Options{})
			require.NoError(t, err)
			require.Len(t, rows, 1)
			assert.Equal(t, tt.employee, rows[0].Employee)
			assert.Equal(t, tt.card, rows[0].Card)
			assert.Equal(t, tt.team, rows[0].Team)
		})
	}
}

// TestReadExportBadInput: every error names the file and line and says
// how to fix it.
func TestReadExportBadInput(t *testing.T) {
	tests := []struct {
		name string
		data string
		opts spend.Options
		want []string
	}{
		{"malformed quote", "date,merchant,amount\n2026-01-05,\"SQ *CANVA,12.00\n2026-01-06,X,1\n",
			spend.Options{}, []string{"spend/x.csv: line 2", "quote"}},
		{"bad amount", "date,merchant,amount\n2026-01-05,CANVA,12.3.4\n",
			spend.Options{}, []string{"spend/x.csv: line 2, column 18 (amount)", `"12.3.4" is not an amount`, "1,234.56"}},
		{"bad date", "date,merchant,amount\nsoon,CANVA,12\n",
			spend.Options{}, []string{"line 2, column 1 (date)", "YYYY-MM-DD", "date_format"}},
		{"day first", "date,merchant,amount\n25/01/2026,CANVA,12\n",
			spend.Options{}, []string{"line 2", `date_format = "02/01/2006"`}},
		{"missing mapped column", "when,merchant,amount\n2026-01-05,CANVA,12\n",
			spend.Options{}, []string{"line 1: no date column", `columns = { date = "HEADER" }`, `"when"`}},
		{"mapped column not in header", "date,merchant,amount\n2026-01-05,CANVA,12\n",
			spend.Options{Columns: map[spend.Field]string{spend.FieldTeam: "Cost Center"}}, []string{`no "Cost Center" column, which columns.team names`}},
		{"empty merchant", "date,merchant,amount\n2026-01-05,,12\n",
			spend.Options{}, []string{"line 2, column 12 (merchant): the merchant is empty"}},
		{"empty file", "", spend.Options{}, []string{"no header row"}},
		{"utf-16", "\xFF\xFEd\x00", spend.Options{}, []string{"UTF-16", "CSV UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := read(t, tt.data, tt.opts)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
