package catalog

import (
	"slices"
	"strings"
	"unicode"
)

// processors are the payment processors and marketplaces whose name comes
// before the merchant's on a card statement ("SQ *CANVA", "PADDLE.NET*
// LOOM", "PAYPAL *NOTION"): the text before the star is theirs, not the
// vendor's. Short ones only count with their star, so that "SP" in a
// merchant's own name stays.
var processors = []string{
	"SQ", "SQUARE", "PADDLE.NET", "PADDLE", "PAYPAL", "PP", "TST", "SP", "FS", "FASTSPRING",
	"DRI", "2CO", "2CO.COM", "STRIPE", "APPLE.COM/BILL", "GOOGLE PAY", "AMZN", "BILL.COM",
}

// subscriptionProcessors sell software online for their merchants
// (merchants of record); Square and Toast, in processors too, mostly
// serve shops and restaurants.
var subscriptionProcessors = []string{"PADDLE.NET", "PADDLE", "FS", "FASTSPRING", "DRI", "2CO", "2CO.COM", "STRIPE", "APPLE.COM/BILL"}

// HasSubscriptionPrefix reports whether a descriptor starts with the
// prefix of a processor that sells software subscriptions for its
// merchants ("PADDLE.NET* CLEANSHOT", "FS *SKETCH").
func HasSubscriptionPrefix(descriptor string) bool {
	before, _, ok := strings.Cut(strings.ToUpper(descriptor), "*")
	return ok && slices.Contains(subscriptionProcessors, strings.TrimSpace(before))
}

// dropWords are the words of a descriptor that never tell vendors apart:
// web address parts and legal forms.
var dropWords = map[string]bool{
	"WWW": true, "HTTP": true, "HTTPS": true, "COM": true, "IO": true, "NET": true, "ORG": true,
	"INC": true, "LLC": true, "LTD": true, "LIMITED": true, "CORP": true, "CORPORATION": true,
	"GMBH": true, "BV": true, "PLC": true, "AG": true, "SAS": true, "PTY": true,
}

// trailingWords are what card networks append after the merchant: US
// state and country codes.
var trailingWords = map[string]bool{
	"AL": true, "AK": true, "AZ": true, "AR": true, "CA": true, "CO": true, "CT": true, "DE": true, "DC": true,
	"FL": true, "GA": true, "HI": true, "ID": true, "IL": true, "IN": true, "IA": true, "KS": true, "KY": true,
	"LA": true, "ME": true, "MD": true, "MA": true, "MI": true, "MN": true, "MS": true, "MO": true, "MT": true,
	"NE": true, "NV": true, "NH": true, "NJ": true, "NM": true, "NY": true, "NC": true, "ND": true, "OH": true,
	"OK": true, "OR": true, "PA": true, "RI": true, "SC": true, "SD": true, "TN": true, "TX": true, "UT": true,
	"VT": true, "VA": true, "WA": true, "WV": true, "WI": true, "WY": true,
	"US": true, "USA": true, "GB": true, "GBR": true, "UK": true, "IE": true, "IRL": true, "NL": true, "NLD": true,
	"AU": true, "AUS": true, "CAN": true,
}

// NormalizeMerchant reduces a card or expense descriptor to the words
// that name the merchant: upper case, without a processor's prefix
// ("SQ *", "PADDLE.NET*", "PAYPAL *"), without web address parts and legal
// forms, and without what follows the name (state or country codes,
// reference numbers). "SQ *CANVA", "Canva" and "CANVA* 104-2231 SYDNEY
// AU" all give "CANVA"; "HUBSPOT INC CAMBRIDGE MA" gives "HUBSPOT
// CAMBRIDGE" (a city cannot be told from a name; MatchMerchant tries
// shorter prefixes). It returns "" when nothing is left.
func NormalizeMerchant(s string) string {
	up := strings.ToUpper(strings.TrimSpace(s))
	for {
		before, after, ok := strings.Cut(up, "*")
		if !ok {
			break
		}
		p := strings.TrimSpace(before)
		if !slices.Contains(processors, p) {
			break
		}
		up = strings.TrimSpace(after)
	}
	words := strings.FieldsFunc(up, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := words[:0]
	for i, w := range words {
		if dropWords[w] {
			continue
		}
		// A reference glued to a word ("ADS1234567") loses its digits.
		if n := trailingDigits(w); n >= 3 && n < len(w) {
			w = w[:len(w)-n]
		}
		if i > 0 && len(out) > 0 && hasDigit(w) && trailingDigits(w) == len(w) {
			continue // a number after the name: a store or phone number
		}
		out = append(out, w)
	}
	// What follows the name: codes, and words with digits in them.
	for len(out) > 1 {
		last := out[len(out)-1]
		if !trailingWords[last] && !hasDigit(last) {
			break
		}
		out = out[:len(out)-1]
	}
	return strings.Join(out, " ")
}

func trailingDigits(w string) int {
	n := 0
	for i := len(w) - 1; i >= 0 && w[i] >= '0' && w[i] <= '9'; i-- {
		n++
	}
	return n
}

func hasDigit(w string) bool {
	return strings.ContainsFunc(w, unicode.IsDigit)
}

// MatchMerchant returns the products whose merchant descriptors, name or
// app names match a charge's descriptor once both are normalized
// (NormalizeMerchant). Trailing words are dropped one at a time until a
// product matches, so "HUBSPOT INC CAMBRIDGE MA" finds HubSpot; a single
// word must have three letters or more. A product's merchants come before
// names and app names at each length, so that a vendor with several
// products ("HubSpot" names four hubs) bills under the one whose
// merchants list its descriptor. It returns nil when nothing matches.
func (c *Catalog) MatchMerchant(descriptor string) []*Product {
	return c.MatchMerchantKey(NormalizeMerchant(descriptor))
}

// MatchMerchantKey is MatchMerchant for a descriptor normalized already.
func (c *Catalog) MatchMerchantKey(key string) []*Product {
	if key == "" {
		return nil
	}
	words := strings.Fields(key)
	for n := len(words); n > 0; n-- {
		k := strings.Join(words[:n], " ")
		if n == 1 && len(k) < 3 {
			break
		}
		flat := strings.Join(words[:n], "")
		for _, idx := range []map[string][]*Product{c.merchant, c.nameKey} {
			if ps := idx[k]; len(ps) > 0 {
				return slices.Clone(ps)
			}
			if ps := idx[flat]; n > 1 && len(ps) > 0 {
				return slices.Clone(ps)
			}
		}
	}
	return nil
}
