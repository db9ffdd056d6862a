package policies_test

import (
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/usage"
)

// TestDiscoveredEstimate: a discovered tool whose catalog product has a
// list price per seat carries users × the yearly price, in the
// organization's currency, with the price's source and date; anything
// short of that leaves the estimate blank and says why.
func TestDiscoveredEstimate(t *testing.T) {
	snap := discoverySnapshot(t, usage.Discovered{Tools: []usage.DiscoveredTool{
		{Source: "okta", Name: "Miro", Product: "miro", Users: 10, Evidence: "okta app Miro"},
		{Source: "okta", Name: "Canva", Product: "canva", Users: 3, Evidence: "okta app Canva"},
		{Source: "okta", Name: "Loom", Product: "loom", Evidence: "okta app Loom"},
		{Source: "okta", Name: "Apollo.io", Product: "apollo", Users: 9, Evidence: "okta app Apollo"},
		{Source: "okta", Name: "Homegrown", Users: 4, Evidence: "okta app Homegrown"},
	}})
	type want struct{ estimate, listPrice, note string }
	// Tools the catalog has no price for, whatever the organization.
	unpriced := map[string]want{
		"Apollo.io": {"", "", "no published list price"},
		"Homegrown": {"", "", "no published list price"},
	}
	for _, tc := range []struct {
		name string
		org  string
		want map[string]want
	}{
		{
			name: "organization in the price's currency",
			org:  "organization {\n  currency = \"USD\"\n}",
			want: map[string]want{
				// 10 × 8 × 12 and 3 × 119.40.
				"Miro":  {"960", "USD 8.00 per seat per month (Starter, per member, billed annually)", ""},
				"Canva": {"358.2", "USD 119.40 per seat per year", ""},
				"Loom":  {"", "USD 15.00 per seat per month", "discovery reported no users"},
			},
		},
		{
			name: "converted with the organization's rate",
			org:  "organization {\n  currency       = \"EUR\"\n  exchange_rates = { USD = 0.9 }\n}",
			want: map[string]want{
				"Miro":  {"864", "USD 8.00 per seat per month", ""},
				"Canva": {"322.38", "USD 119.40 per seat per year", ""},
				"Loom":  {"", "USD 15.00 per seat per month", "discovery reported no users"},
			},
		},
		{
			name: "no rate: no estimate, and why",
			org:  "organization {\n  currency = \"GBP\"\n}",
			want: map[string]want{
				"Miro":  {"", "USD 8.00 per seat per month", "the list price is in USD and the organization has no exchange rate for it"},
				"Canva": {"", "USD 119.40 per seat per year", "no exchange rate"},
				"Loom":  {"", "USD 15.00 per seat per month", "no exchange rate"},
			},
		},
	} {
		maps.Copy(tc.want, unpriced)
		t.Run(tc.name, func(t *testing.T) {
			inv := loadInventory(t, map[string]string{"main.hcl": tc.org + "\n" + `tool "crm" {
  category = "crm"
}
`})
			res := evaluate(t, inv, snapshotJSON(t, snap))
			got := map[string]bool{}
			for _, d := range res.Discovered {
				if d.Kind != "tool" {
					continue
				}
				w, ok := tc.want[d.Name]
				require.True(t, ok, "unexpected discovered tool %q", d.Name)
				got[d.Name] = true
				if w.estimate == "" {
					assert.Nil(t, d.EstimatedAnnual, d.Name)
				} else if assert.NotNil(t, d.EstimatedAnnual, d.Name) {
					assert.Equal(t, w.estimate, d.EstimatedAnnual.String(), d.Name)
				}
				if w.listPrice == "" {
					assert.Empty(t, d.ListPrice, d.Name)
					assert.Empty(t, d.PriceSource, d.Name)
				} else {
					assert.Contains(t, d.ListPrice, w.listPrice, d.Name)
					assert.Regexp(t, `^https://`, d.PriceSource, d.Name)
					assert.Regexp(t, `^\d{4}-\d\d-\d\d$`, d.PriceRead, d.Name)
				}
				if w.note == "" {
					assert.Empty(t, d.PriceNote, d.Name)
				} else {
					assert.Contains(t, d.PriceNote, w.note, d.Name)
				}
			}
			assert.Len(t, got, len(tc.want))
		})
	}
}
