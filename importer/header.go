package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/agext/levenshtein"
	"github.com/xuri/excelize/v2"
)

// Field is what a column holds, as --map names it.
type Field string

// The fields a column can map to.
const (
	FieldName         Field = "name"
	FieldID           Field = "id"
	FieldVendor       Field = "vendor"
	FieldProduct      Field = "product"
	FieldOwner        Field = "owner"
	FieldDepartment   Field = "department"
	FieldCost         Field = "cost"
	FieldAnnualCost   Field = "annual_cost"
	FieldMonthlyCost  Field = "monthly_cost"
	FieldCurrency     Field = "currency"
	FieldSeats        Field = "seats"
	FieldStart        Field = "start"
	FieldRenewal      Field = "renewal"
	FieldAutoRenew    Field = "auto_renew"
	FieldNotice       Field = "notice"
	FieldCategory     Field = "category"
	FieldCapabilities Field = "capabilities"
	FieldWebsite      Field = "website"
	FieldStatus       Field = "status"
	FieldDPA          Field = "dpa"
	FieldSSO          Field = "sso"
	FieldAdmins       Field = "admins"
	FieldNotes        Field = "notes"
	// FieldIgnore drops a column on purpose.
	FieldIgnore Field = "ignore"
)

// fieldHeaders lists, per field in the order the mapping prints, the
// header names it is known by (normalized: lower case, words separated by
// one space). The first column that matches a field takes it.
var fieldHeaders = []struct {
	field   Field
	headers []string
}{
	{FieldID, []string{"id", "tool id", "label"}},
	{FieldName, []string{"tool", "tool name", "name", "application", "application name", "app", "app name", "software", "product name", "system", "platform", "service", "saas", "saas app", "product"}},
	{FieldVendor, []string{"vendor", "vendor name", "supplier", "provider", "company", "manufacturer", "publisher"}},
	{FieldProduct, []string{"catalog id", "product id", "catalog product"}},
	{FieldOwner, []string{"owner", "business owner", "tool owner", "owner email", "owner name", "responsible", "contact", "point of contact", "poc", "admin owner", "primary owner"}},
	{FieldDepartment, []string{"department", "dept", "team", "owning team", "business unit", "bu", "function", "cost center", "cost centre", "group"}},
	{FieldAnnualCost, []string{"annual cost", "yearly cost", "cost per year", "annual spend", "annual price", "annual fee", "acv", "annual contract value", "cost year", "cost yr", "cost per annum", "cost pa"}},
	{FieldMonthlyCost, []string{"monthly cost", "cost per month", "monthly spend", "monthly price", "monthly fee", "mrr", "cost month", "cost mo"}},
	{FieldCost, []string{"cost", "price", "amount", "spend", "contract value", "total cost", "fee", "license cost", "licence cost", "budget"}},
	{FieldCurrency, []string{"currency", "ccy", "cur", "currency code"}},
	{FieldSeats, []string{"seats", "licenses", "licences", "license count", "licence count", "seat count", "no of seats", "number of seats", "users", "user count", "number of users", "qty", "quantity", "seats purchased"}},
	{FieldStart, []string{"start", "start date", "contract start", "signed", "signed on", "purchase date", "since"}},
	{FieldRenewal, []string{"renewal", "renewal date", "contract end", "end date", "end", "expires", "expiry", "expiration", "expiration date", "term end", "renews", "renews on", "next renewal"}},
	{FieldAutoRenew, []string{"auto renew", "autorenew", "auto renewal", "auto renews", "automatic renewal", "auto renewing"}},
	{FieldNotice, []string{"notice", "notice period", "notice days", "cancellation notice", "notice period days", "termination notice"}},
	{FieldCategory, []string{"category", "type", "tool type", "tool category", "category type", "kind"}},
	{FieldCapabilities, []string{"capabilities", "features"}},
	{FieldWebsite, []string{"website", "url", "domain", "site", "web", "homepage", "link", "web site"}},
	{FieldStatus, []string{"status", "state", "lifecycle"}},
	{FieldDPA, []string{"dpa", "dpa signed", "data processing agreement", "dpa in place"}},
	{FieldSSO, []string{"sso", "single sign on", "sso enabled", "saml"}},
	{FieldAdmins, []string{"admins", "admin", "administrators", "administrator", "admin email"}},
	{FieldNotes, []string{"notes", "note", "comments", "comment", "description", "remarks"}},
}

// Fields lists the field names --map accepts.
func Fields() []string {
	out := make([]string, 0, len(fieldHeaders)+1)
	for _, f := range fieldHeaders {
		out = append(out, string(f.field))
	}
	return append(out, string(FieldIgnore))
}

func validField(f Field) bool { return slices.Contains(Fields(), string(f)) }

// normHeader lower-cases a header and keeps its words: "Annual Cost
// (USD)" → "annual cost usd", "Auto-Renew?" → "auto renew".
func normHeader(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// withoutNotes drops a header's parenthesized part and currency words:
// "Annual Cost (USD)" → "annual cost".
func withoutNotes(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		s = s[:i]
	}
	words := strings.Fields(normHeader(s))
	words = slices.DeleteFunc(words, func(w string) bool { return currencyWord(w) != "" || w == "in" || w == "the" || w == "of" })
	return strings.Join(words, " ")
}

// currencyWord is the currency a header word names ("usd", "eur"), or "".
func currencyWord(w string) string {
	switch strings.ToLower(w) {
	case "usd", "eur", "gbp", "chf", "cad", "aud", "jpy", "sek", "nok", "dkk", "inr", "nzd", "sgd":
		return strings.ToUpper(w)
	}
	return ""
}

// guessField returns the field a header names, or "" for none. Exact
// names come first; then words: any header about cost with a month or a
// year in it, about renewal, notice or seats.
func guessField(header string) Field {
	candidates := []string{normHeader(header), withoutNotes(header)}
	for _, h := range candidates {
		for _, fh := range fieldHeaders {
			if slices.Contains(fh.headers, h) {
				return fh.field
			}
		}
	}
	h := " " + withoutNotes(header) + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(h, " "+w+" ") || strings.Contains(h, " "+w) && len(w) > 4 {
				return true
			}
		}
		return false
	}
	switch {
	case has("deadline", "date") && has("notice"), has("per") && has("user", "seat", "active", "head"):
		// A computed column (the workbook's notice deadline, cost per
		// active user) is no input.
		return ""
	case has("auto") && has("renew", "renewal"):
		return FieldAutoRenew
	case has("notice"):
		return FieldNotice
	case has("cost", "price", "spend", "fee", "amount"):
		switch {
		case has("month", "monthly", "mo", "mth", "pm"):
			return FieldMonthlyCost
		case has("year", "yearly", "annual", "annually", "yr", "pa", "annum"):
			return FieldAnnualCost
		}
		return FieldCost
	case has("renewal", "renews", "expiry", "expires", "expiration") || has("contract", "term") && has("end"):
		return FieldRenewal
	case has("seats", "seat", "licenses", "licences", "license", "licence"):
		return FieldSeats
	case has("owner"):
		return FieldOwner
	case has("vendor", "supplier"):
		return FieldVendor
	case has("website", "url", "domain"):
		return FieldWebsite
	}
	return ""
}

// Column is one column of the sheet and the field it maps to.
type Column struct {
	Index  int    // 0-based
	Letter string // "A", "B", … as the spreadsheet shows it
	Header string
	Field  Field // "" when the column is not read
	// Set is true when --map chose the field.
	Set bool
}

// Describe is the column's field as the mapping prints it: "(not read)"
// for none, "(--map)" after a field --map chose.
func (c Column) Describe() string {
	f := string(c.Field)
	if f == "" {
		f = "(not read)"
	}
	if c.Set {
		f += " (--map)"
	}
	return f
}

// Mapping is the columns of a sheet with their fields.
type Mapping struct {
	HeaderRow int
	Columns   []Column
	// currency is a currency named by a cost header ("Cost (EUR)").
	currency map[int]string
}

// headerSearchRows is how many rows the header is looked for in: title
// rows and merged group headings above it are skipped.
const headerSearchRows = 20

// findHeader returns the index in rows of the header row, the row with the
// most known column names (at least two), and that number.
func findHeader(rows []peeked) (int, int) {
	best, bestScore := -1, 1
	for i, r := range rows {
		score, seen := 0, map[Field]bool{}
		for _, c := range r.cells {
			if f := guessField(c); f != "" && !seen[f] {
				seen[f] = true
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, bestScore
}

// guessMapping maps each header cell to a field, the first column to claim
// a field keeping it, then applies the --map overrides ("Header=field" or
// "C=field" by column letter).
func guessMapping(header peeked, overrides []string) (*Mapping, error) {
	m := &Mapping{HeaderRow: header.n, currency: map[int]string{}}
	taken := map[Field]int{}
	for i, h := range header.cells {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		c := Column{Index: i, Letter: letter, Header: strings.TrimSpace(h)}
		if f := guessField(h); f != "" {
			if _, dup := taken[f]; !dup {
				c.Field = f
				taken[f] = i
			}
		}
		for _, w := range strings.Fields(normHeader(h)) {
			if cur := currencyWord(w); cur != "" {
				m.currency[i] = cur
			}
		}
		if strings.ContainsAny(h, "€£$") {
			for _, s := range currencySymbols {
				if strings.Contains(h, s.sym) {
					m.currency[i] = s.code
					break
				}
			}
		}
		m.Columns = append(m.Columns, c)
	}
	for _, o := range overrides {
		col, f, ok := strings.Cut(o, "=")
		col = strings.TrimSpace(col)
		field := Field(strings.TrimSpace(strings.ToLower(f)))
		if !ok || col == "" {
			return nil, fmt.Errorf("--map %q: write COLUMN=FIELD, where COLUMN is a header or a column letter", o)
		}
		if !validField(field) {
			return nil, fmt.Errorf("--map %q: unknown field %q%s; the fields are %s", o, field, suggestField(string(field)), strings.Join(Fields(), ", "))
		}
		i := m.column(col)
		if i < 0 {
			var hs []string
			for _, c := range m.Columns {
				if c.Header != "" {
					hs = append(hs, c.Header)
				}
			}
			return nil, fmt.Errorf("--map %q: no column %q in the header row (row %d: %s)", o, col, m.HeaderRow, quoteAll(hs))
		}
		if field != FieldIgnore {
			// The field moves: the column that had it guessed loses it.
			for j := range m.Columns {
				if m.Columns[j].Field == field && !m.Columns[j].Set {
					m.Columns[j].Field = ""
				}
			}
		}
		m.Columns[i].Field, m.Columns[i].Set = field, true
		if field == FieldIgnore {
			m.Columns[i].Field = ""
		}
	}
	return m, nil
}

// column finds a column by header (ignoring case) or letter.
func (m *Mapping) column(name string) int {
	for _, c := range m.Columns {
		if strings.EqualFold(c.Header, name) {
			return c.Index
		}
	}
	for _, c := range m.Columns {
		if normHeader(c.Header) == normHeader(name) && normHeader(name) != "" {
			return c.Index
		}
	}
	if n, err := excelize.ColumnNameToNumber(strings.ToUpper(name)); err == nil && n <= len(m.Columns) && len(name) <= 3 {
		return n - 1
	}
	return -1
}

// index returns the column index of a field, or -1.
func (m *Mapping) index(f Field) int {
	for _, c := range m.Columns {
		if c.Field == f {
			return c.Index
		}
	}
	return -1
}

func suggestField(s string) string {
	best, bestD := "", 3
	for _, f := range Fields() {
		if d := levenshtein.Distance(s, f, nil); d < bestD {
			best, bestD = f, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
