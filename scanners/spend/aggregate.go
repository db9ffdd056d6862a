package spend

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners/internal/sheet"
	"github.com/stackaudit/stackaudit/usage"
)

// Limits of one discovery block, so that a broken or hostile file cannot
// take the memory of the run: every distinct merchant and payer costs a
// little, and exports of real companies have thousands, not millions.
const (
	// MaxMerchants is the most distinct normalized merchants.
	MaxMerchants = 200_000
	// MaxStreams is the most distinct merchant × payer pairs.
	MaxStreams = 500_000
	// maxRawCache bounds the cache of raw descriptors already normalized.
	maxRawCache = 500_000
)

// Window is how far before the audit date charges are read: two years
// and a month, so that an annual subscription shows two charges.
const Window = 760

// Aggregator folds the charges of one or more exports into purchases:
// one per merchant and payer, with its net charge per month. It keeps
// nothing per row.
type Aggregator struct {
	asOf     int32
	org      string
	rates    map[string]decimal.Decimal
	files    []string
	file     int
	raw      map[string]int32 // descriptor as written → merchant
	byKey    map[string]int32 // normalized descriptor → merchant
	merchant []*merchant
	streams  map[streamKey]*stream
	cur      []string
	curIdx   map[string]uint8
	// Rows counts the charges read; Late those after the audit date and
	// Early those before the window, which are left out.
	Rows, Late, Early int
}

type merchant struct {
	key      string
	example  string
	software bool
}

type streamKey struct {
	merchant int32
	payer    string
}

type stream struct {
	key                          streamKey
	card, employee, report, team string
	category, descriptor         string
	first, last                  int32
	lastFile, lastLine           int
	cells                        map[int64]int64 // month<<8 | currency → ten-thousandths
	employees                    map[string]bool
	// Filled by settle.
	charges        int
	cadence        string
	annual, latest decimal.Decimal
	active         bool
}

// NewAggregator starts an aggregation for an audit on asOf (days since
// 1970-01-01), converting to the organization's currency org with rates
// (1 unit of key = value units of org).
func NewAggregator(asOf int32, org string, rates map[string]decimal.Decimal) *Aggregator {
	return &Aggregator{asOf: asOf, org: org, rates: rates, raw: map[string]int32{}, byKey: map[string]int32{},
		streams: map[streamKey]*stream{}, curIdx: map[string]uint8{}}
}

// File names the export the next rows come from, for evidence.
func (a *Aggregator) File(name string) { a.files = append(a.files, name); a.file = len(a.files) - 1 }

// Add folds one charge in. An unknown currency is an error naming the
// line: converting it at a guessed rate would make every figure wrong.
func (a *Aggregator) Add(r *Row) error {
	a.Rows++
	switch {
	case r.Day > a.asOf:
		a.Late++
		return nil
	case r.Day <= a.asOf-Window:
		a.Early++
		return nil
	}
	cur := r.Currency
	if cur == "" {
		cur = a.org
	}
	ci, ok := a.curIdx[cur]
	if !ok {
		if _, known := a.rates[cur]; !known && cur != a.org {
			return fmt.Errorf("spend: %s: line %d: the currency %s has no exchange rate; add it to the organization block "+
				"(exchange_rates = { %s = RATE }, RATE being the value of 1 %s in %s), or remove the row",
				a.files[a.file], r.Line, sheet.Quote(cur), safeCode(cur), safeCode(cur), a.org)
		}
		if len(a.cur) == 255 {
			return fmt.Errorf("spend: %s: line %d: more than 255 currencies", a.files[a.file], r.Line)
		}
		ci = uint8(len(a.cur))
		a.cur = append(a.cur, cur)
		a.curIdx[cur] = ci
	}
	m, err := a.merchantOf(r)
	if err != nil {
		return err
	}
	payer := payerOf(r)
	k := streamKey{merchant: m, payer: payer}
	s := a.streams[k]
	if s == nil {
		if len(a.streams) >= MaxStreams {
			return fmt.Errorf("spend: %s: line %d: more than %d merchant and payer pairs; split the export by date", a.files[a.file], r.Line, MaxStreams)
		}
		s = &stream{key: k, cells: map[int64]int64{}, first: r.Day, last: r.Day, card: r.Card, report: r.Report, team: r.Team,
			employee: r.Employee, descriptor: r.Merchant, category: r.Category}
		a.streams[k] = s
	}
	if r.Day < s.first {
		s.first = r.Day
	}
	if r.Day >= s.last {
		s.last, s.lastFile, s.lastLine = r.Day, a.file, r.Line
		if r.Team != "" {
			s.team = r.Team
		}
		if r.Employee != "" {
			s.employee = r.Employee
		}
		s.descriptor = r.Merchant
		if r.Category != "" {
			s.category = r.Category
		}
	}
	if r.Employee != "" {
		if s.employees == nil {
			s.employees = map[string]bool{}
		}
		if len(s.employees) < 1000 {
			s.employees[strings.ToLower(r.Employee)] = true
		}
	}
	month := monthOf(r.Day)
	s.cells[int64(month)<<8|int64(ci)] += r.Amount
	if !a.merchant[m].software && softwareLooking(r.Merchant, r.Category) {
		a.merchant[m].software = true
	}
	return nil
}

func safeCode(c string) string {
	if isCurrencyCode(c) {
		return c
	}
	return "XXX"
}

// merchantOf finds or adds the merchant of a row's descriptor.
func (a *Aggregator) merchantOf(r *Row) (int32, error) {
	if m, ok := a.raw[r.Merchant]; ok {
		return m, nil
	}
	key := catalog.NormalizeMerchant(r.Merchant)
	if key == "" {
		key = strings.ToUpper(strings.TrimSpace(r.Merchant))
	}
	m, ok := a.byKey[key]
	if !ok {
		if len(a.merchant) >= MaxMerchants {
			return 0, fmt.Errorf("spend: %s: line %d: more than %d distinct merchants; is this a card or expense export?", a.files[a.file], r.Line, MaxMerchants)
		}
		m = int32(len(a.merchant))
		a.merchant = append(a.merchant, &merchant{key: key, example: r.Merchant})
		a.byKey[key] = m
	}
	if len(a.raw) < maxRawCache {
		a.raw[strings.Clone(r.Merchant)] = m
	}
	return m, nil
}

// payerOf says who pays: the card when the export names one, else the
// person (an expense report's submitter), else the report, else the team;
// an AP ledger without any of them is one payer.
func payerOf(r *Row) string {
	switch {
	case r.Card != "":
		return "card " + r.Card
	case r.Employee != "":
		return "paid by " + strings.ToLower(r.Employee)
	case r.Report != "":
		return "report " + r.Report
	case r.Team != "":
		return "team " + r.Team
	}
	return "ledger"
}

func monthOf(day int32) int32 {
	y, m, _ := dayTime(day).Date()
	return int32(y*12 + int(m) - 1)
}

// softwareWords in a descriptor or category say a charge is likely a
// software subscription.
var softwareWords = []string{"SOFTWARE", "SAAS", "SUBSCRIPTION", "CLOUD", "INTERNET", "COMPUTER", "DIGITAL", "ONLINE SERVICES",
	".COM", ".IO", ".AI", ".APP", ".SO", "HTTPS", "APPS", "LICENSE", "LICENCE"}

// A category, when the export has one, decides ("Travel" is not software
// even at UBER.COM); without one the descriptor does: a processor prefix
// or a word in softwareWords.
func softwareLooking(descriptor, category string) bool {
	if c := strings.ToUpper(category); c != "" {
		return containsAny(c, softwareWords)
	}
	return catalog.HasSubscriptionPrefix(descriptor) || containsAny(strings.ToUpper(descriptor), softwareWords)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// settle computes each purchase's cadence, latest charge and annual spend.
func (a *Aggregator) settle(s *stream) {
	type month struct {
		m   int32
		net decimal.Decimal
	}
	byMonth := map[int32]decimal.Decimal{}
	for k, v := range s.cells {
		m, ci := int32(k>>8), uint8(k&0xFF)
		amt := decimal.New(v, -4)
		if c := a.cur[ci]; c != a.org {
			amt = amt.Mul(a.rates[c])
		}
		byMonth[m] = byMonth[m].Add(amt)
	}
	var months []month
	for m, net := range byMonth {
		months = append(months, month{m, net})
	}
	slices.SortFunc(months, func(x, y month) int { return cmp.Compare(x.m, y.m) })
	var charged []month
	for _, m := range months {
		if m.net.IsPositive() {
			charged = append(charged, m)
		}
	}
	s.charges = len(charged)
	asOfMonth := monthOf(a.asOf)
	s.cadence = usage.CadenceIrregular
	if len(charged) >= 2 {
		gaps := make([]int32, 0, len(charged)-1)
		for i := 1; i < len(charged); i++ {
			gaps = append(gaps, charged[i].m-charged[i-1].m)
		}
		slices.Sort(gaps)
		switch g := gaps[len(gaps)/2]; {
		case g == 1:
			s.cadence = usage.CadenceMonthly
		case g == 3:
			s.cadence = usage.CadenceQuarterly
		case g >= 11 && g <= 13:
			s.cadence = usage.CadenceAnnual
		}
	}
	if len(charged) > 0 {
		s.latest = charged[len(charged)-1].net.Round(2)
	}
	since := asOfMonth
	if len(charged) > 0 {
		since = asOfMonth - charged[len(charged)-1].m
	}
	switch s.cadence {
	case usage.CadenceMonthly:
		s.active = since <= 1
		s.annual = s.latest.Mul(decimal.NewFromInt(12))
	case usage.CadenceQuarterly:
		s.active = since <= 3
		s.annual = s.latest.Mul(decimal.NewFromInt(4))
	case usage.CadenceAnnual:
		s.active = since <= 12
		s.annual = s.latest
	default:
		// No cadence: what it cost in the twelve months before the audit.
		total := decimal.Zero
		for _, m := range months {
			if asOfMonth-m.m < 12 {
				total = total.Add(m.net)
			}
		}
		s.annual = decimal.Max(total, decimal.Zero).Round(2)
		s.active = s.annual.IsPositive()
	}
}

// Result turns the purchases into discovered tools: one per catalog
// product, or per unmatched merchant whose recurring charges look like
// software. cat may be nil (nothing matches then).
func (a *Aggregator) Result(cat *catalog.Catalog) []usage.DiscoveredTool {
	type group struct {
		product  *catalog.Product
		key      string
		software bool
		streams  []*stream
	}
	groups := map[string]*group{}
	products := map[int32]*catalog.Product{}
	for _, s := range a.streams {
		a.settle(s)
		if !s.active {
			continue
		}
		m := a.merchant[s.key.merchant]
		p, seen := products[s.key.merchant]
		if !seen {
			if cat != nil {
				if ps := cat.MatchMerchantKey(m.key); len(ps) == 1 {
					p = ps[0]
				}
			}
			products[s.key.merchant] = p
		}
		gk := "?" + m.key
		if p != nil {
			gk = p.ID
		} else if s.cadence == usage.CadenceIrregular || !m.software {
			continue // one-off or not software: not for this audit
		}
		g := groups[gk]
		if g == nil {
			g = &group{product: p, key: m.key}
			groups[gk] = g
		}
		g.streams = append(g.streams, s)
	}
	var out []usage.DiscoveredTool
	for _, gk := range sortedKeys(groups) {
		g := groups[gk]
		slices.SortFunc(g.streams, func(x, y *stream) int {
			return cmp.Or(y.annual.Cmp(x.annual), cmp.Compare(x.key.payer, y.key.payer),
				cmp.Compare(a.merchant[x.key.merchant].key, a.merchant[y.key.merchant].key))
		})
		// A product's group can hold several merchants ("SEMRUSH" and
		// "SEMRUSH BOSTON"); it is named by its largest purchase's, not by
		// whichever stream the map gave first, so that runs agree.
		g.key = a.merchant[g.streams[0].key.merchant].key
		sp := &usage.Spend{Currency: a.org, Merchant: g.key, Matched: g.product != nil, Purchases: []usage.Purchase{}}
		people := map[string]bool{}
		var evidence []string
		for _, s := range g.streams {
			sp.Annual = sp.Annual.Add(s.annual)
			for e := range s.employees {
				people[e] = true
			}
			pu := usage.Purchase{Payer: s.key.payer, Card: s.card, Report: s.report, Employee: s.employee, Team: s.team,
				Cadence: s.cadence, Charges: s.charges, First: dayTime(s.first), Last: dayTime(s.last),
				Latest: s.latest, Annual: s.annual, Source: fmt.Sprintf("%s:%d", a.files[s.lastFile], s.lastLine)}
			sp.Purchases = append(sp.Purchases, pu)
			evidence = append(evidence, purchaseEvidence(s, pu, a.org))
		}
		name := titleOf(g.key)
		product := ""
		if g.product != nil {
			name, product = g.product.Name, g.product.ID
		}
		out = append(out, usage.DiscoveredTool{Source: Kind, Name: name, Product: product, Users: len(people), Scopes: []string{},
			Evidence: strings.Join(evidence, "; "), Spend: sp})
	}
	return out
}

// purchaseEvidence is one line of a discovered tool's evidence: "card 4821
// (Dana Ruiz, Marketing Ops): SQ *CANVA, monthly, latest USD 119.99, 12
// charges 2025-12-02…2026-11-02 (spend/brex-2026.csv:812)".
func purchaseEvidence(s *stream, p usage.Purchase, cur string) string {
	who := p.Payer
	var extra []string
	if p.Employee != "" && !strings.Contains(strings.ToLower(who), strings.ToLower(p.Employee)) {
		extra = append(extra, p.Employee)
	}
	if p.Team != "" {
		extra = append(extra, p.Team)
	}
	if len(extra) > 0 {
		who += " (" + strings.Join(extra, ", ") + ")"
	}
	return fmt.Sprintf("%s: %s, %s, latest %s %s, %d %s %s…%s (%s)", who, s.descriptor, p.Cadence, cur, grouped(p.Latest),
		p.Charges, plural(p.Charges, "charge", "charges"), p.First.Format("2006-01-02"), p.Last.Format("2006-01-02"), p.Source)
}

// grouped writes an amount with two decimals and a comma every three
// digits (6,480.00).
func grouped(d decimal.Decimal) string {
	s := d.StringFixed(2)
	whole, frac, _ := strings.Cut(s, ".")
	return digits.Group(whole) + "." + frac
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// titleOf makes a normalized descriptor readable: "NOTION LABS" → "Notion
// Labs".
func titleOf(key string) string {
	words := strings.Fields(strings.ToLower(key))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
