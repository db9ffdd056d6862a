package spend

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/sheet"
)

// settings are the spend block's own settings.
type settings struct {
	files []string
	// format is a recipe name, or "" to recognise each file by its header.
	format string
	// columns override the recipe's headers, by field.
	columns map[Field]string
	// dateFormat is a Go layout; "" tries ISO dates, then MM/DD/YYYY.
	dateFormat string
	// currency is that of amounts in files without a currency column;
	// "" is the organization's.
	currency string
}

func settingsSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
		{Name: "files", Required: true}, {Name: "format"}, {Name: "columns"}, {Name: "date_format"}, {Name: "currency"},
	}}
}

// Validate implements scanners.Discoverer.
func (*Discoverer) Validate(d *inventory.Discovery) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(d))
}

func decode(d *inventory.Discovery) (settings, hcl.Diagnostics) {
	var st settings
	var diags hcl.Diagnostics
	if d.TokenEnv != "" {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "token_env not used by spend",
			Detail:   "A spend discovery reads exported files from the inventory and needs no token: remove token_env.",
			Subject:  d.DeclRange.Ptr(),
		})
	}
	if d.Body == nil {
		return st, append(diags, missingFiles(d.DeclRange))
	}
	content, moreDiags := d.Body.Content(settingsSchema())
	diags = append(diags, moreDiags...)
	if content == nil {
		return st, diags
	}
	attrs := content.Attributes
	if a, ok := attrs["files"]; ok {
		st.files, moreDiags = decodeFiles(a)
		diags = append(diags, moreDiags...)
	}
	if a, ok := attrs["format"]; ok {
		if s, ok := sheet.String(a, &diags, "format is one of "+recipeNames()+"."); ok {
			if _, known := recipeByName(s); !known {
				diags = append(diags, sheet.Invalid(a, fmt.Sprintf("%q is not a spend export format: use one of %s, or leave format out to recognise each file by its header.", s, recipeNames())))
			} else {
				st.format = s
			}
		}
	}
	if a, ok := attrs["columns"]; ok {
		st.columns, moreDiags = decodeColumns(a)
		diags = append(diags, moreDiags...)
	}
	if a, ok := attrs["date_format"]; ok {
		if s, ok := sheet.Layout(a, &diags, `"2006-01-02" or "02/01/2006"`, `"2006-01-02", "01/02/2006" or "02.01.2006"`); ok {
			st.dateFormat = s
		}
	}
	if a, ok := attrs["currency"]; ok {
		if s, ok := sheet.String(a, &diags, "currency is an ISO 4217 code like \"USD\"."); ok {
			if !isCurrencyCode(s) {
				diags = append(diags, sheet.Invalid(a, fmt.Sprintf("%q is not an ISO 4217 currency code: write three capital letters, like \"USD\" or \"EUR\".", s)))
			} else {
				st.currency = s
			}
		}
	}
	return st, diags
}

func missingFiles(r hcl.Range) *hcl.Diagnostic {
	return scanners.BlockError(r, "Missing files",
		"A spend discovery reads card, expense or AP exports: add files = [\"spend/brex-2026.csv\"], relative to the inventory folder.")
}

func decodeFiles(a *hcl.Attribute) ([]string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return nil, diags
	}
	const detail = "files is a list of exported files, relative to the inventory folder, like [\"spend/brex-2026.csv\"]."
	if v.IsNull() || !v.IsKnown() || !(v.Type().IsListType() || v.Type().IsTupleType()) || v.LengthInt() == 0 {
		return nil, append(diags, sheet.Invalid(a, detail))
	}
	var out []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || !e.IsKnown() || e.Type() != cty.String {
			return nil, append(diags, sheet.Invalid(a, detail))
		}
		p := e.AsString()
		if msg := checkPath(p); msg != "" {
			return nil, append(diags, sheet.Invalid(a, msg))
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, diags
}

func decodeColumns(a *hcl.Attribute) (map[Field]string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return nil, diags
	}
	detail := "columns maps fields to the headers of the file, like columns = { date = \"Posted\", merchant = \"Vendor\", amount = \"Total\" }; the fields are " + fieldNames() + "."
	if v.IsNull() || !v.IsKnown() || !(v.Type().IsObjectType() || v.Type().IsMapType()) {
		return nil, append(diags, sheet.Invalid(a, detail))
	}
	out := map[Field]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		f := Field(k.AsString())
		if !slices.Contains(fields, f) {
			return nil, append(diags, sheet.Invalid(a, fmt.Sprintf("%q is not a spend field. %s", k.AsString(), detail)))
		}
		if e.IsNull() || !e.IsKnown() || e.Type() != cty.String || strings.TrimSpace(e.AsString()) == "" {
			return nil, append(diags, sheet.Invalid(a, fmt.Sprintf("columns.%s must be the header of a column, a non-empty string. %s", f, detail)))
		}
		out[f] = strings.TrimSpace(e.AsString())
	}
	return out, diags
}

// checkPath says what is wrong with a file's path, or "".
func checkPath(p string) string {
	switch {
	case strings.TrimSpace(p) == "":
		return "a file name cannot be empty: give the export's path relative to the inventory folder, like \"spend/brex-2026.csv\"."
	case strings.ContainsRune(p, 0):
		return "a file name contains a NUL character."
	case filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.VolumeName(p) != "":
		return fmt.Sprintf("%q is an absolute path. A spend discovery reads only files inside the inventory: "+
			"give the path relative to the inventory folder, like \"spend/brex-2026.csv\".", p)
	case !filepath.IsLocal(filepath.FromSlash(p)):
		return fmt.Sprintf("%q leads out of the inventory folder. A spend discovery reads only files inside the inventory "+
			"(so that a pull request cannot make it read other files): move the export into the inventory, without \"..\".", p)
	}
	return ""
}

func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
