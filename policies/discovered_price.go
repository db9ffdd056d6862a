package policies

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// estimateDiscovered fills a discovered tool's estimated annual spend from
// the catalog's list price per seat: users × price for a year, converted to
// the organization's currency. Without a price, a user count or a rate the
// estimate stays blank and PriceNote says why: a guessed figure would be
// read as a real one.
func estimateDiscovered(inv *inventory.Inventory, item *result.DiscoveredItem) {
	if inv.Catalog == nil {
		return
	}
	p, ok := inv.Catalog.Product(item.Product)
	if !ok || p.ListPrice == nil {
		item.PriceNote = "no published list price in the catalog"
		return
	}
	lp := p.ListPrice
	item.ListPrice = fmt.Sprintf("%s %s per %s per %s", lp.Currency, lp.Value().StringFixed(2), lp.Per, lp.Period)
	if lp.Plan != "" {
		item.ListPrice += " (" + lp.Plan + ")"
	}
	item.PriceSource, item.PriceRead = lp.Source, lp.Read
	org := inv.Organization
	annual := lp.Annual()
	if lp.Currency != org.Currency {
		rate, ok := org.ExchangeRates[lp.Currency]
		if !ok {
			item.PriceNote = fmt.Sprintf("no estimate: the list price is in %s and the organization has no exchange rate for it (exchange_rates = { %s = RATE })",
				lp.Currency, lp.Currency)
			return
		}
		annual = annual.Mul(rate)
	}
	if item.Users <= 0 {
		item.PriceNote = "no estimate: discovery reported no users"
		return
	}
	est := annual.Mul(decimal.NewFromInt(int64(item.Users))).Round(2)
	item.EstimatedAnnual = &est
}
