package spend

import (
	"strings"
)

// Field is what a column of an export holds.
type Field string

// The fields a spend export maps; date, merchant and amount are required.
const (
	FieldDate     Field = "date"
	FieldMerchant Field = "merchant"
	FieldAmount   Field = "amount"
	FieldCurrency Field = "currency"
	FieldEmployee Field = "employee"
	FieldCard     Field = "card"
	FieldReport   Field = "report"
	FieldMemo     Field = "memo"
	FieldTeam     Field = "team"
	FieldCategory Field = "category"
	// FieldType is a row type column; rows whose type is not a purchase
	// (a payment to the card issuer) are left out.
	FieldType Field = "type"
)

var fields = []Field{FieldDate, FieldMerchant, FieldAmount, FieldCurrency, FieldEmployee, FieldCard, FieldReport, FieldMemo, FieldTeam, FieldCategory, FieldType}

var required = []Field{FieldDate, FieldMerchant, FieldAmount}

func fieldNames() string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// recipe is one vendor's export: the headers each field may have (the
// first present wins), the headers that recognise the file, and the
// type values that are not purchases. Header names are compared ignoring
// case and surrounding space. Where each list comes from is in
// docs/scanners.md (spend).
type recipe struct {
	name      string
	headers   map[Field][]string
	signature []string
	// skipTypes are values of the type column whose rows are not
	// purchases.
	skipTypes []string
	// dayFirst: the vendor writes dates DD/MM/YYYY (none of these does).
	dayFirst bool
}

var recipes = []recipe{
	{
		// Brex card transactions export (Transactions › Export CSV).
		name: "brex",
		headers: map[Field][]string{
			FieldDate:     {"Posted Date", "Posted Date (UTC)", "Swipe Date (UTC)"},
			FieldMerchant: {"Statement Descriptor", "Merchant Name"},
			FieldAmount:   {"Amount"},
			FieldCurrency: {"Original Currency", "Currency"},
			FieldEmployee: {"User"},
			FieldCard:     {"Last 4"},
			FieldTeam:     {"Department"},
			FieldMemo:     {"Memo"},
			FieldCategory: {"Brex Category"},
			FieldType:     {"Type"},
		},
		signature: []string{"Statement Descriptor", "Brex Category"},
		skipTypes: []string{"Payment to Brex", "Payment", "Repayment"},
	},
	{
		// Ramp card transactions export (Transactions › Export › CSV).
		name: "ramp",
		headers: map[Field][]string{
			FieldDate:     {"Transaction Date", "Clearing Date"},
			FieldMerchant: {"Merchant Descriptor", "Merchant Description", "Merchant Name"},
			FieldAmount:   {"Amount"},
			FieldCurrency: {"Currency", "Original Currency"},
			FieldEmployee: {"User", "Cardholder Name"},
			FieldCard:     {"Card Last 4"},
			FieldTeam:     {"Ramp Department", "Department"},
			FieldMemo:     {"Memo"},
			FieldCategory: {"Ramp Category"},
		},
		signature: []string{"Ramp Category", "Card Last 4"},
	},
	{
		// Expensify expense download (Search › Download; "Basic
		// Export" in Expensify Classic has the same fields).
		name: "expensify",
		headers: map[Field][]string{
			FieldDate:     {"Date", "Timestamp"},
			FieldMerchant: {"Merchant"},
			FieldAmount:   {"Amount", "Original Amount"},
			FieldCurrency: {"Currency", "Original Currency"},
			FieldEmployee: {"From", "Email"},
			FieldReport:   {"Report ID", "Report number"},
			FieldTeam:     {"Tag"},
			FieldMemo:     {"Description", "Comment"},
			FieldCategory: {"Category"},
			FieldType:     {"Type"},
		},
		signature: []string{"Receipt URL"},
		// Type is cash, card or distance: a distance expense is mileage.
		skipTypes: []string{"distance", "per diem"},
	},
	{
		// American Express activity download (Statements & Activity ›
		// Download › CSV, with "Include all additional transaction
		// details").
		name: "amex",
		headers: map[Field][]string{
			FieldDate:     {"Date"},
			FieldMerchant: {"Description", "Appears On Your Statement As"},
			FieldAmount:   {"Amount"},
			FieldEmployee: {"Card Member"},
			FieldCard:     {"Account #"},
			FieldCategory: {"Category"},
			FieldMemo:     {"Extended Details"},
		},
		signature: []string{"Card Member", "Account #"},
	},
	{
		// Any export: the columns block maps the headers.
		name: "generic",
		headers: map[Field][]string{
			FieldDate:     {"date", "transaction date", "posted date"},
			FieldMerchant: {"merchant", "vendor", "description", "payee"},
			FieldAmount:   {"amount", "total"},
			FieldCurrency: {"currency"},
			FieldEmployee: {"employee", "cardholder", "user"},
			FieldCard:     {"card", "card last 4"},
			FieldReport:   {"report", "report id", "invoice"},
			FieldMemo:     {"memo", "note", "notes"},
			FieldTeam:     {"team", "department", "cost center"},
			FieldCategory: {"category", "gl account"},
			FieldType:     {"type"},
		},
	},
}

func recipeByName(name string) (recipe, bool) {
	for _, r := range recipes {
		if r.name == name {
			return r, true
		}
	}
	return recipe{}, false
}

func recipeNames() string {
	names := make([]string, len(recipes))
	for i, r := range recipes {
		names[i] = `"` + r.name + `"`
	}
	return strings.Join(names, ", ")
}

// recognise picks the recipe whose signature headers the file has, else
// generic.
func recognise(header map[string]int) recipe {
	for _, r := range recipes {
		if len(r.signature) == 0 {
			continue
		}
		for _, h := range r.signature {
			if _, ok := header[headerKey(h)]; ok {
				return r
			}
		}
	}
	generic, _ := recipeByName("generic")
	return generic
}

func headerKey(h string) string { return strings.ToLower(strings.TrimSpace(h)) }
