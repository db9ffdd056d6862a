package catalog

import (
	"net/url"
	"regexp"
	"time"

	"github.com/shopspring/decimal"
)

// ListPrice is the price per seat a vendor publishes for a product, with
// where and when it was read: an estimate for a tool nobody declared, never
// a contract price. A product without one has no ListPrice: the catalog
// holds a price only where the vendor's own page gives it.
type ListPrice struct {
	// Amount is the price as written, a decimal number; Value is it parsed.
	Amount   string `hcl:"amount" json:"amount"`
	Currency string `hcl:"currency" json:"currency"` // ISO 4217
	Period   string `hcl:"period" json:"period"`     // year, quarter or month
	Per      string `hcl:"per" json:"per"`           // seat
	// Plan names the plan and billing the price is for ("Business, billed
	// annually"), so a reader can compare it with a quote.
	Plan string `hcl:"plan,optional" json:"plan,omitempty"`
	// Source is the https address of the page the price was read from, and
	// Read the date (YYYY-MM-DD) it was read there.
	Source string `hcl:"source" json:"source"`
	Read   string `hcl:"read" json:"read"`

	value decimal.Decimal
}

// Value is the amount per seat per Period.
func (p *ListPrice) Value() decimal.Decimal { return p.value }

// Annual is the price of one seat for a year.
func (p *ListPrice) Annual() decimal.Decimal {
	return p.value.Mul(decimal.NewFromInt(periodsPerYear[p.Period]))
}

var periodsPerYear = map[string]int64{"year": 1, "quarter": 4, "month": 12}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// checkListPrice parses the amount and holds the rest to the shape the
// estimates rely on: no source, no price.
func checkListPrice(where string, p *ListPrice, fail func(string, ...any)) {
	where += ": list_price"
	v, err := decimal.NewFromString(p.Amount)
	switch {
	case err != nil:
		fail("%s: amount %q is not a decimal number", where, p.Amount)
	case !v.IsPositive():
		fail("%s: amount must be positive", where)
	default:
		p.value = v
	}
	if !currencyCode.MatchString(p.Currency) {
		fail("%s: currency %q is not an ISO 4217 code", where, p.Currency)
	}
	if _, ok := periodsPerYear[p.Period]; !ok {
		fail("%s: period %q is not year, quarter or month", where, p.Period)
	}
	if p.Per != "seat" {
		fail("%s: per %q: only per-seat prices are estimated", where, p.Per)
	}
	if u, err := url.Parse(p.Source); err != nil || u.Scheme != "https" || u.Host == "" {
		fail("%s: source %q is not an https address", where, p.Source)
	}
	if _, err := time.Parse(time.DateOnly, p.Read); err != nil {
		fail("%s: read %q is not a YYYY-MM-DD date", where, p.Read)
	}
}
