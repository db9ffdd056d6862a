package inventory

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// decoder collects the diagnostics of one load and the references to
// resolve once every file is read. Its helpers never stop at the first
// problem: each appends a diagnostic and reports whether a value was found.
type decoder struct {
	diags   hcl.Diagnostics
	pending []func(*resolver)
	// secrets are the ranges of literal credentials, masked in the copy of
	// the source that diagnostics print, so an error about a secret never
	// repeats it into a CI log.
	secrets []hcl.Range
	// partial is set while decoding what parsed of a broken file.
	partial bool
	// kinds are the scan and discovery kinds (nil: not checked).
	kinds *Kinds
	// src is the source of a file in JSON syntax, whose policy
	// expressions are read again as native syntax (nativeExpr).
	src []byte
}

// merge appends what another decoder collected.
func (d *decoder) merge(o *decoder) {
	d.diags = append(d.diags, o.diags...)
	d.pending = append(d.pending, o.pending...)
	d.secrets = append(d.secrets, o.secrets...)
}

func (d *decoder) add(diags hcl.Diagnostics) { d.diags = append(d.diags, diags...) }

func (d *decoder) errorAt(rng hcl.Range, summary, detail string, args ...any) {
	r := rng
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: &r})
}

func (d *decoder) warnAt(rng hcl.Range, summary, detail string, args ...any) {
	r := rng
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: &r})
}

// later defers work until every block of every file is known.
func (d *decoder) later(f func(*resolver)) { d.pending = append(d.pending, f) }

// value evaluates a literal attribute and converts it to ty. A null value is
// absent (false, no diagnostic), as in Terraform.
func (d *decoder) value(attr *hcl.Attribute, ty cty.Type) (cty.Value, bool) {
	if bad := nonLiteral(attr.Expr); bad != nil {
		d.errorAt(bad.Range(), "Expression not allowed",
			"Inventory values are literal: strings, numbers, true or false, and lists and maps of them. Compute the value and write the result; expressions belong in policy blocks.")
		return cty.NilVal, false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		d.add(literalOnly(diags))
		return cty.NilVal, false
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		// Unknown values come only from expressions hcl already
		// reported; there is nothing more to say about them.
		return cty.NilVal, false
	}
	if _, native := attr.Expr.(hclsyntax.Expression); !native && hasTemplateSequence(v) {
		// hcl reads JSON strings literally without an evaluation context,
		// but the same file read by other hcl tools would interpolate.
		d.errorAt(attr.Expr.Range(), "Expression not allowed",
			"Inventory values are literal, and \"${\" or \"%%{\" would start a template. Remove the template sequence, or write \"$${\" for a literal \"${\".")
		return cty.NilVal, false
	}
	cv, err := convert.Convert(v, ty)
	if err != nil {
		d.errorAt(attr.Expr.Range(), "Incorrect attribute value type",
			"Inappropriate value for attribute %q: %s.", attr.Name, typeWant(ty, err))
		return cty.NilVal, false
	}
	return cv, true
}

// nonLiteral returns the first part of a native-syntax expression that is
// not a literal value: an operator, a conditional, an interpolation or a
// template directive. hcl would happily evaluate `8000 * 12`, but an
// inventory is data that people and tools read, diff and review. References
// and function calls are left to hcl, whose errors for them are already
// precise. JSON expressions are literal by construction.
func nonLiteral(expr hcl.Expression) hcl.Expression {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr, *hclsyntax.FunctionCallExpr:
		return nil
	case *hclsyntax.TemplateExpr:
		for _, part := range e.Parts {
			if _, ok := part.(*hclsyntax.LiteralValueExpr); !ok {
				return part
			}
		}
		return nil
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if bad := nonLiteral(x); bad != nil {
				return bad
			}
		}
		return nil
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			if bad := nonLiteral(item.KeyExpr); bad != nil {
				return bad
			}
			if bad := nonLiteral(item.ValueExpr); bad != nil {
				return bad
			}
		}
		return nil
	case *hclsyntax.ObjectConsKeyExpr:
		return nonLiteral(e.Wrapped)
	case *hclsyntax.UnaryOpExpr:
		// -5 is a negation in hcl; a negative literal must reach the
		// checks that explain why it is wrong ("Negative amount").
		if _, ok := e.Val.(*hclsyntax.LiteralValueExpr); ok && e.Op == hclsyntax.OpNegate {
			return nil
		}
		return e
	case hclsyntax.Expression:
		return e
	}
	return nil
}

func hasTemplateSequence(v cty.Value) bool {
	switch {
	case v.IsNull() || !v.IsKnown():
		return false
	case v.Type() == cty.String:
		s := v.AsString()
		return strings.Contains(s, "${") || strings.Contains(s, "%{")
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			if _, ev := it.Element(); hasTemplateSequence(ev) {
				return true
			}
		}
	}
	return false
}

// literalOnly rewrites hcl's "Variables not allowed" so it says what an
// inventory expects: a quoted string, or a reference where one is allowed.
func literalOnly(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, diag := range diags {
		if diag.Summary == "Variables not allowed" {
			diag.Detail = "Only literal values are allowed here. If you meant a text value, put it in quotes (\"...\")."
		}
	}
	return diags
}

func typeWant(ty cty.Type, err error) string {
	switch {
	case ty == cty.String:
		return "a string is required"
	case ty == cty.Number:
		return "a number is required"
	case ty == cty.Bool:
		return "true or false is required"
	case ty.IsListType() && ty.ElementType() == cty.String:
		return "a list of strings is required, like [\"a\", \"b\"]"
	case ty.IsMapType() && ty.ElementType() == cty.Number:
		return "a map of numbers is required, like { EUR = 1.08 }"
	}
	return err.Error()
}

func (d *decoder) str(attr *hcl.Attribute) (string, bool) {
	v, ok := d.value(attr, cty.String)
	if !ok {
		return "", false
	}
	return v.AsString(), true
}

func (d *decoder) boolean(attr *hcl.Attribute) (*bool, bool) {
	v, ok := d.value(attr, cty.Bool)
	if !ok {
		return nil, false
	}
	b := v.True()
	return &b, true
}

// elements returns each element of a list attribute with its own range, so
// a bad element is underlined on its own. It falls back to the attribute's
// range when the expression is not a static list (JSON, or a converted
// value).
func elements(attr *hcl.Attribute, n int) []hcl.Range {
	ranges := make([]hcl.Range, n)
	exprs, diags := hcl.ExprList(attr.Expr)
	for i := range ranges {
		if !diags.HasErrors() && len(exprs) == n {
			ranges[i] = exprs[i].Range()
		} else {
			ranges[i] = attr.Expr.Range()
		}
	}
	return ranges
}

func (d *decoder) strList(attr *hcl.Attribute) ([]string, []hcl.Range, bool) {
	v, ok := d.value(attr, cty.List(cty.String))
	if !ok {
		return nil, nil, false
	}
	out := make([]string, 0, v.LengthInt())
	ranges := elements(attr, v.LengthInt())
	i := 0
	ok = true
	for it := v.ElementIterator(); it.Next(); i++ {
		_, ev := it.Element()
		if ev.IsNull() {
			d.errorAt(ranges[i], "Null list element", "The list %q must not contain null.", attr.Name)
			ok = false
			continue
		}
		out = append(out, ev.AsString())
	}
	return out, ranges, ok
}

func (d *decoder) enum(attr *hcl.Attribute, allowed []string) (string, bool) {
	s, ok := d.str(attr)
	if !ok {
		return "", false
	}
	if !d.checkEnum(attr.Expr.Range(), attr.Name, s, allowed) {
		return "", false
	}
	return s, true
}

func (d *decoder) checkEnum(rng hcl.Range, name, s string, allowed []string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	d.errorAt(rng, "Invalid value for "+name,
		"%q is not a valid %s. Use one of: %s.%s", s, name, strings.Join(allowed, ", "), didYouMean(s, allowed))
	return false
}

func (d *decoder) enumList(attr *hcl.Attribute, allowed []string) []string {
	list, ranges, _ := d.strList(attr)
	out := list[:0]
	for i, s := range list {
		if d.checkEnum(ranges[i], strings.TrimSuffix(attr.Name, "s"), s, allowed) {
			out = append(out, s)
		}
	}
	return out
}

const dateLayout = "2006-01-02"

func (d *decoder) date(attr *hcl.Attribute) (time.Time, bool) {
	s, ok := d.str(attr)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		d.errorAt(attr.Expr.Range(), "Invalid date",
			"%q is not a valid date for %q. Dates are written \"YYYY-MM-DD\", for example \"2027-03-31\".", s, attr.Name)
		return time.Time{}, false
	}
	return t, true
}

// number decodes a decimal without going through float64, so that amounts
// such as 19.99 stay exact.
func (d *decoder) number(attr *hcl.Attribute) (decimal.Decimal, bool) {
	v, ok := d.value(attr, cty.Number)
	if !ok {
		return decimal.Zero, false
	}
	dec, ok := bigToDecimal(v.AsBigFloat())
	if !ok {
		d.errorAt(attr.Expr.Range(), "Number out of range",
			"%q must be between -1e15 and 1e15, with at most 12 decimal places.", attr.Name)
		return decimal.Zero, false
	}
	return dec, true
}

// Bounds of a number in an inventory: amounts of money, seats, days and
// rates. Past them a value is a typo, and writing it out as a decimal could
// take minutes (1e-99999999 has a hundred million digits).
var (
	maxNumber = big.NewFloat(1e15)
	minNumber = big.NewFloat(1e-12)
)

func bigToDecimal(f *big.Float) (decimal.Decimal, bool) {
	abs := new(big.Float).Abs(f)
	if abs.Cmp(maxNumber) > 0 || abs.Sign() != 0 && abs.Cmp(minNumber) < 0 {
		return decimal.Zero, false
	}
	if f.IsInt() {
		if i, acc := f.Int64(); acc == big.Exact {
			return decimal.NewFromInt(i), true
		}
	}
	// hcl parses numbers at 512 bits, and printing such a float is slow
	// enough to dominate loading a large inventory. At 128 bits the
	// shortest round-trip text of any literal with up to 38 significant
	// digits is the literal itself, so nothing an inventory holds is lost.
	short := new(big.Float).SetPrec(128).SetMode(big.ToNearestEven).Set(f)
	dec, err := decimal.NewFromString(short.Text('f', -1))
	return dec, err == nil
}

// nonNegativeInt decodes a whole number ≥ 0, such as seats or notice_days.
func (d *decoder) nonNegativeInt(attr *hcl.Attribute) (*int, bool) {
	n, ok := d.number(attr)
	if !ok {
		return nil, false
	}
	if !n.IsInteger() || n.IsNegative() || n.GreaterThan(decimal.NewFromInt(1_000_000_000)) {
		d.errorAt(attr.Expr.Range(), "Invalid value for "+attr.Name,
			"%q must be a whole number from 0 to 1000000000; got %s.", attr.Name, n.String())
		return nil, false
	}
	i := int(n.IntPart())
	return &i, true
}

// attrRanges records where each attribute was written, for Source.AttrRange.
func attrRanges(attrs hcl.Attributes) []attrRange {
	out := make([]attrRange, 0, len(attrs))
	for name, a := range attrs {
		out = append(out, attrRange{name, a.Expr.Range()})
	}
	return out
}

// rejectSecrets reports every credential-only attribute that was written.
func (d *decoder) rejectSecrets(attrs hcl.Attributes) {
	for _, name := range secretAttrs {
		if a, ok := attrs[name]; ok {
			d.secrets = append(d.secrets, a.Expr.Range())
			d.errorAt(a.NameRange, "Literal secret in inventory",
				"%q would hold a credential, and inventories are committed to version control. Remove it, put the secret in an environment variable, and name that variable with token_env = \"MY_TOKEN\".", name)
		}
	}
}
