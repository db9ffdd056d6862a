package importer

import (
	"bytes"
	"fmt"
	"math/big"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/policies/custom"
)

// File is one file an import writes, its path relative to the output
// folder.
type File struct {
	Path    string
	Content []byte
}

// ReportFile is the name of the import report in the output folder.
const ReportFile = "import-report.md"

// Files renders the result: organization.hcl, teams.hcl, one
// tools/CATEGORY.hcl per top-level category (tools/uncategorized.hcl holds
// the commented-out tools with no category) and the import report. cat
// names the top-level category of each tool.
func (r *Result) Files(cat *catalog.Catalog) []File {
	var out []File
	out = append(out, File{"organization.hcl", r.organizationHCL()})
	if len(r.Teams) > 0 {
		out = append(out, File{"teams.hcl", r.teamsHCL()})
	}
	groups := map[string][]*Tool{}
	for _, t := range r.Tools {
		g := "uncategorized"
		if !t.Commented {
			if g = cat.TopLevel(t.Category); g == "" {
				g = "other"
			}
		}
		groups[g] = append(groups[g], t)
	}
	var names []string
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		out = append(out, File{path.Join("tools", g+".hcl"), r.toolsHCL(g, groups[g])})
	}
	out = append(out, File{ReportFile, r.report()})
	return out
}

func (r *Result) source() string {
	if r.Sheet != "" {
		return fmt.Sprintf("%s, sheet %q", r.File, r.Sheet)
	}
	return r.File
}

func comment(b *bytes.Buffer, lines ...string) {
	for _, l := range lines {
		fmt.Fprintf(b, "# %s\n", l)
	}
}

func (r *Result) organizationHCL() []byte {
	var b bytes.Buffer
	comment(&b, "Imported from "+r.source()+" by `stackaudit import spreadsheet`.",
		"Give the organization its name; see docs/language.md for fiscal_year_start and operating_model.")
	f := hclwrite.NewEmptyFile()
	org := f.Body().AppendNewBlock("organization", nil).Body()
	org.SetAttributeValue("currency", cty.StringVal(r.Currency))
	rates := map[string]cty.Value{}
	for k, v := range r.Rates {
		rates[k] = cty.NumberVal(new(big.Float).SetPrec(512).SetRat(v.Rat()))
	}
	for _, k := range r.MissingRates {
		rates[k] = cty.NumberIntVal(1)
	}
	if len(rates) > 0 {
		org.SetAttributeValue("exchange_rates", cty.ObjectVal(rates))
	}
	if len(r.MissingRates) > 0 {
		comment(&b, fmt.Sprintf("TODO: the exchange rates of %s are placeholders (1): set the value of one unit in %s, or import again with --rate CODE=VALUE.", strings.Join(r.MissingRates, ", "), r.Currency))
	}
	b.Write(f.Bytes())
	return hclwrite.Format(b.Bytes())
}

func (r *Result) teamsHCL() []byte {
	var b bytes.Buffer
	comment(&b, "Teams made from the owner and department columns of "+r.source()+".")
	for _, t := range r.Teams {
		b.WriteString("\n")
		f := hclwrite.NewEmptyFile()
		body := f.Body().AppendNewBlock("team", []string{t.ID}).Body()
		body.SetAttributeValue("name", cty.StringVal(t.Name))
		if t.Lead != "" {
			body.SetAttributeValue("lead", cty.StringVal(t.Lead))
		}
		b.Write(f.Bytes())
	}
	return hclwrite.Format(b.Bytes())
}

func (r *Result) toolsHCL(group string, tools []*Tool) []byte {
	var b bytes.Buffer
	if group == "uncategorized" {
		comment(&b, "Tools the catalog does not know, from rows with no category: add a category",
			"(`stackaudit catalog list`) to each and remove the leading \"# \" to declare it.")
	} else {
		comment(&b, fmt.Sprintf("%s tools imported from %s.", group, r.source()))
	}
	for _, t := range tools {
		b.WriteString("\n")
		rows := make([]string, len(t.Rows))
		for i, n := range t.Rows {
			rows[i] = fmt.Sprint(n)
		}
		word := "row"
		if len(rows) > 1 {
			word = "rows"
		}
		comment(&b, fmt.Sprintf("%s, %s %s", r.source(), word, strings.Join(rows, ", ")))
		comment(&b, t.Comments...)
		block := hclwrite.Format(toolBlock(t))
		if t.Commented {
			writeCommented(&b, block)
			continue
		}
		b.Write(block)
	}
	return hclwrite.Format(b.Bytes())
}

func ref(kind, id string) hcl.Traversal {
	return hcl.Traversal{hcl.TraverseRoot{Name: kind}, hcl.TraverseAttr{Name: id}}
}

func toolBlock(t *Tool) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body().AppendNewBlock("tool", []string{t.ID}).Body()
	body.SetAttributeValue("name", cty.StringVal(t.Name))
	if t.Vendor != "" {
		body.SetAttributeValue("vendor", cty.StringVal(t.Vendor))
	}
	if t.Product != "" {
		body.SetAttributeValue("product", cty.StringVal(t.Product))
	}
	if t.Category != "" {
		body.SetAttributeValue("category", cty.StringVal(t.Category))
	}
	if len(t.Capabilities) > 0 {
		body.SetAttributeValue("capabilities", custom.StringsVal(t.Capabilities))
	}
	if t.Owner != "" {
		body.SetAttributeTraversal("owner", ref("team", t.Owner))
	}
	if len(t.Admins) > 0 {
		body.SetAttributeValue("admins", custom.StringsVal(t.Admins))
	}
	if t.Status != "" {
		body.SetAttributeValue("status", cty.StringVal(t.Status))
	}
	if t.SSO != nil {
		body.SetAttributeValue("sso", cty.BoolVal(*t.SSO))
	}
	if c := t.Cost; c != nil {
		body.AppendNewline()
		cb := body.AppendNewBlock("cost", nil).Body()
		cb.SetAttributeRaw("amount", hclwrite.Tokens{{Type: hclsyntax.TokenNumberLit, Bytes: []byte(c.Amount.String())}})
		if c.Currency != "" {
			cb.SetAttributeValue("currency", cty.StringVal(c.Currency))
		}
		cb.SetAttributeValue("period", cty.StringVal(c.Period))
		if c.Seats != nil {
			cb.SetAttributeValue("seats", cty.NumberIntVal(int64(*c.Seats)))
		}
	}
	if k := t.Contract; k != nil || t.DPA != nil {
		body.AppendNewline()
		kb := body.AppendNewBlock("contract", nil).Body()
		if k != nil {
			if k.Start != "" {
				kb.SetAttributeValue("start", cty.StringVal(k.Start))
			}
			if k.End != "" {
				kb.SetAttributeValue("end", cty.StringVal(k.End))
			}
			if k.AutoRenew != nil {
				kb.SetAttributeValue("auto_renew", cty.BoolVal(*k.AutoRenew))
			}
			if k.NoticeDays != nil {
				kb.SetAttributeValue("notice_days", cty.NumberIntVal(int64(*k.NoticeDays)))
			}
		}
		if t.DPA != nil {
			kb.SetAttributeValue("dpa", cty.BoolVal(*t.DPA))
		}
	}
	return f.Bytes()
}

// report is import-report.md: what was read, the mapping, and every row
// or cell the import could not read, with what to fix.
func (r *Result) report() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Import report: %s\n\n", r.source())
	written, commented := 0, 0
	for _, t := range r.Tools {
		if t.Commented {
			commented++
		} else {
			written++
		}
	}
	skipped := 0
	for _, p := range r.Problems {
		if p.Skipped {
			skipped++
		}
	}
	fmt.Fprintf(&b, "Read %d rows below the header (row %d), skipped %d blank ones: %d tools declared, %d written commented out (no category), %d rows not imported, %d teams. Organization currency: %s.\n\n",
		r.DataRows, r.Mapping.HeaderRow, r.BlankRows, written, commented, skipped, len(r.Teams), r.Currency)
	b.WriteString("## Column mapping\n\n| column | header | field |\n|---|---|---|\n")
	for _, c := range r.Mapping.Columns {
		if c.Header == "" && c.Field == "" {
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c.Letter, mdCell(c.Header), c.Describe())
	}
	if len(r.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", mdCell(n))
		}
	}
	b.WriteString("\n## Rows to check\n\n")
	if len(r.Problems) == 0 && len(r.MissingRates) == 0 {
		b.WriteString("Every row was read in full.\n")
		return []byte(b.String())
	}
	b.WriteString("| row | column | problem | what to fix |\n|---|---|---|---|\n")
	for _, p := range r.Problems {
		prob := p.Problem
		if p.Skipped {
			prob = "not imported: " + prob
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", p.Row, mdCell(p.Column), mdCell(prob), mdCell(p.Fix))
	}
	for _, cur := range r.MissingRates {
		fmt.Fprintf(&b, "| | | costs in %s and no exchange rate: organization.hcl has a placeholder of 1 | set exchange_rates.%s to the value of 1 %s in %s, or import again with --rate %s=VALUE |\n", cur, cur, cur, r.Currency, cur)
	}
	return []byte(b.String())
}

func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
