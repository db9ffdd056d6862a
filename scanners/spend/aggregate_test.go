package spend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners/spend"
	"github.com/stackaudit/stackaudit/usage"
)

var asOf = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func day(t time.Time) int32 { return int32(t.Unix() / 86400) }

// aggregate reads a generic export into an aggregator for an audit on
// 2026-11-20 in USD with a EUR rate of 1.10.
func aggregate(t *testing.T, data string) ([]usage.DiscoveredTool, error) {
	t.Helper()
	cat, err := catalog.Load()
	require.NoError(t, err)
	agg := spend.NewAggregator(day(asOf), "USD", map[string]decimal.Decimal{"EUR": decimal.RequireFromString("1.10")})
	agg.File("spend/x.csv")
	if err := spend.ReadExport(context.Background(), strings.NewReader(data), "spend/x.csv", spend.Options{Currency: "USD"}, agg.Add); err != nil {
		return nil, err
	}
	return agg.Result(cat), nil
}

// monthly writes a charge on the given day of each month from 2025-12 to
// 2026-11.
func monthly(descriptor, card, amount, currency string, dayOfMonth int) string {
	var b strings.Builder
	for m := 0; m < 12; m++ {
		d := time.Date(2025, 12+time.Month(m), dayOfMonth, 0, 0, 0, 0, time.UTC)
		b.WriteString(d.Format("2006-01-02") + "," + descriptor + "," + card + ",\"" + amount + "\"," + currency + ",Software\n")
	}
	return b.String()
}

const header = "date,merchant,card,amount,currency,category\n"

func byName(tools []usage.DiscoveredTool) map[string]usage.DiscoveredTool {
	out := map[string]usage.DiscoveredTool{}
	for _, d := range tools {
		out[d.Name] = d
	}
	return out
}

func TestAggregateCadenceAndAnnual(t *testing.T) {
	data := header +
		monthly("HUBSPOT INC CAMBRIDGE MA", "4821", "6,480.00", "", 1) +
		// Annual: two renewals a year apart.
		"2025-03-10,FIGMA INC,7310,5400.00,,Software\n2026-03-10,FIGMA INC,7310,6000.00,,Software\n" +
		// Quarterly in EUR.
		"2026-02-01,MIRO.COM,2290,300.00,EUR,Software\n2026-05-01,MIRO.COM,2290,300.00,EUR,Software\n2026-08-01,MIRO.COM,2290,300.00,EUR,Software\n2026-11-01,MIRO.COM,2290,300.00,EUR,Software\n" +
		// A one-off: no cadence, counts its twelve months.
		"2026-06-01,NOTION LABS INC,1111,96.00,,Software\n" +
		// Lapsed: monthly, stopped in May.
		"2026-03-02,TYPEFORM SL,1111,50.00,,Software\n2026-04-02,TYPEFORM SL,1111,50.00,,Software\n2026-05-02,TYPEFORM SL,1111,50.00,,Software\n" +
		// After the audit date: left out.
		"2026-12-01,ZOOM.US,1111,15.00,,Software\n"
	tools, err := aggregate(t, data)
	require.NoError(t, err)
	got := byName(tools)
	tests := []struct {
		name, product, annual, cadence string
	}{
		{"HubSpot Marketing Hub", "hubspot-marketing-hub", "77760", usage.CadenceMonthly},
		{"Figma", "figma", "6000", usage.CadenceAnnual},
		{"Miro", "miro", "1320", usage.CadenceQuarterly},
		{"Notion", "notion", "96", usage.CadenceIrregular},
	}
	for _, tt := range tests {
		d, ok := got[tt.name]
		require.True(t, ok, "%s reported; got %v", tt.name, got)
		assert.Equal(t, tt.product, d.Product)
		assert.True(t, d.Spend.Matched)
		assert.True(t, decimal.RequireFromString(tt.annual).Equal(d.Spend.Annual), "%s: annual %s", tt.name, d.Spend.Annual)
		require.Len(t, d.Spend.Purchases, 1)
		assert.Equal(t, tt.cadence, d.Spend.Purchases[0].Cadence, tt.name)
	}
	assert.NotContains(t, got, "Typeform", "a lapsed subscription costs nothing now")
	assert.NotContains(t, got, "Zoom", "charges after the audit date are left out")
	assert.Len(t, got, 4)
}

// TestAggregateRefundsNet: a refund nets against its month, so a double
// charge refunded leaves the monthly price.
func TestAggregateRefundsNet(t *testing.T) {
	data := header + monthly("LOOM INC", "5517", "300.00", "", 9) +
		"2026-11-10,LOOM INC,5517,300.00,,Software\n2026-11-12,LOOM INC,5517,-300.00,,Software\n"
	tools, err := aggregate(t, data)
	require.NoError(t, err)
	require.Len(t, tools, 1)
	p := tools[0].Spend.Purchases[0]
	assert.True(t, decimal.NewFromInt(300).Equal(p.Latest), "latest %s", p.Latest)
	assert.True(t, decimal.NewFromInt(3600).Equal(tools[0].Spend.Annual))
	assert.Equal(t, 12, p.Charges)
}

// TestAggregateDuplicatePurchase: two cards paying one product are two
// purchases, largest first.
func TestAggregateDuplicatePurchase(t *testing.T) {
	data := header + monthly("SEMRUSH INC", "7310", "499.95", "", 3) + monthly("SEMRUSH.COM BOSTON MA", "5517", "129.95", "", 14)
	tools, err := aggregate(t, data)
	require.NoError(t, err)
	require.Len(t, tools, 1)
	ps := tools[0].Spend.Purchases
	require.Len(t, ps, 2)
	assert.Equal(t, "card 7310", ps[0].Payer)
	assert.Equal(t, "card 5517", ps[1].Payer)
	assert.True(t, decimal.RequireFromString("7558.8").Equal(tools[0].Spend.Annual))
}

// TestAggregateNamesAProductByItsLargestPurchase: a product bought under
// two merchant descriptors is named by the larger purchase's merchant on
// every run (it once took whichever stream a map gave first, so the
// snapshot changed between two runs on the same export).
func TestAggregateNamesAProductByItsLargestPurchase(t *testing.T) {
	data := header + monthly("SEMRUSH.COM BOSTON MA", "5517", "129.95", "", 14) + monthly("SEMRUSH INC", "7310", "499.95", "", 3)
	for range 20 {
		tools, err := aggregate(t, data)
		require.NoError(t, err)
		require.Len(t, tools, 1)
		require.Equal(t, "SEMRUSH", tools[0].Spend.Merchant)
	}
}

// TestAggregateUnmatched: a recurring software-looking charge no product
// matches is reported unmatched, for triage; a recurring charge that is
// not software, and a one-off, are not reported.
func TestAggregateUnmatched(t *testing.T) {
	data := header + monthly("PADDLE.NET* CLEANSHOT", "2290", "29.00", "", 21) +
		strings.ReplaceAll(monthly("WEWORK 0231 BOSTON MA", "2290", "900.00", "", 1), "Software", "Rent") +
		"2026-06-01,PADDLE.NET* RAYCAST,2290,8.00,,Software\n"
	tools, err := aggregate(t, data)
	require.NoError(t, err)
	require.Len(t, tools, 1)
	assert.Equal(t, "Cleanshot", tools[0].Name)
	assert.Empty(t, tools[0].Product)
	assert.False(t, tools[0].Spend.Matched)
	assert.Equal(t, "CLEANSHOT", tools[0].Spend.Merchant)
}

// TestAggregateUnknownCurrency: a currency without an exchange rate is an
// error naming the line and the fix, never a guess.
func TestAggregateUnknownCurrency(t *testing.T) {
	_, err := aggregate(t, header+"2026-06-01,LOOM INC,1111,10.00,CHF,Software\n")
	require.Error(t, err)
	for _, w := range []string{"spend/x.csv: line 2", `"CHF" has no exchange rate`, "exchange_rates = { CHF = RATE }"} {
		assert.Contains(t, err.Error(), w)
	}
}

func TestNormalizeMerchant(t *testing.T) {
	tests := map[string]string{
		"SQ *CANVA":                  "CANVA",
		"PADDLE.NET* LOOM":           "LOOM",
		"PAYPAL *NOTION":             "NOTION",
		"HUBSPOT INC CAMBRIDGE MA":   "HUBSPOT CAMBRIDGE",
		"ZOOM.US 888-799-9666 CA":    "ZOOM",
		"GOOGLE *ADS1234567":         "GOOGLE ADS",
		"AMZN MKTP US*A12BC3":        "AMZN MKTP",
		"Canva Pty Ltd":              "CANVA",
		"www.semrush.com":            "SEMRUSH",
		"STARBUCKS 0231 BOSTON MA":   "STARBUCKS BOSTON",
		"6SENSE INSIGHTS":            "6SENSE INSIGHTS",
		"":                           "",
		"***":                        "",
		"SQ *":                       "",
		"DELTA AIR LINES ATLANTA":    "DELTA AIR LINES ATLANTA",
		"UBER   *TRIP HELP.UBER.COM": "UBER TRIP HELP UBER",
	}
	for in, want := range tests {
		assert.Equal(t, want, catalog.NormalizeMerchant(in), in)
	}
}

func TestMatchMerchant(t *testing.T) {
	cat, err := catalog.Load()
	require.NoError(t, err)
	tests := map[string]string{
		"HUBSPOT INC CAMBRIDGE MA": "hubspot-marketing-hub", // merchants before app names: four hubs are "HubSpot"
		"SQ *CANVA":                "canva",
		"LOOM.COM":                 "loom",
		"CALENDLY LLC":             "calendly",
		"ZOOM.US 888-799-9666 CA":  "zoom",
		"STARBUCKS 0231 BOSTON MA": "",
		"PADDLE.NET* CLEANSHOT":    "",
	}
	for in, want := range tests {
		ps := cat.MatchMerchant(in)
		if want == "" {
			assert.Empty(t, ps, in)
			continue
		}
		require.Len(t, ps, 1, in)
		assert.Equal(t, want, ps[0].ID, in)
	}
}
