package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/importer"
	"github.com/stackaudit/stackaudit/internal/atomicfile"
	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory/catalog"
)

type importSheetOptions struct {
	file      string
	out       string
	sheet     string
	maps      []string
	dateOrder string
	currency  string
	rates     []string
	force     bool
}

func newImportCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import [spreadsheet|discovered]",
		Short: "Write a first inventory from a stack spreadsheet or from discovery",
		Example: `  stackaudit import spreadsheet stack.xlsx -o my-stack
  stackaudit import discovered my-stack`,
		Args: subcommandsOnly,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newImportSpreadsheetCmd(e, g))
	if c := newImportDiscoveredCmd(e, g); c != nil {
		cmd.AddCommand(c)
	}
	return cmd
}

func newImportSpreadsheetCmd(e *env, g *globalOptions) *cobra.Command {
	o := &importSheetOptions{}
	cmd := &cobra.Command{
		Use:   "spreadsheet FILE.xlsx|FILE.csv -o DIR",
		Short: "Turn a stack spreadsheet into HCL, matched to the catalog",
		Long: `Read a stack spreadsheet (xlsx, or csv in UTF-8, UTF-16 or Windows-1252) and
write an inventory into DIR: organization.hcl, teams.hcl (from the owner and
department columns), one tools/CATEGORY.hcl per top-level category, and
import-report.md listing every row or cell that could not be read, with what
to fix. Nothing is dropped silently.

The header row is found among the first rows and each column is mapped from
its header (tool, vendor, owner, department, cost, annual cost, monthly cost,
seats, licenses, renewal, contract end, auto-renew, notice, category,
website, notes, ...). The mapping is printed; override it with
--map "COLUMN=FIELD" (COLUMN is a header or a letter; FIELD one of
` + strings.Join(importer.Fields(), ", ") + `).

Rows are matched to the catalog by name, vendor and website domain, which
fills product, category and capabilities. Amounts are read as written
("$12,000", "12.000,00 €", "1.2k/mo"); dates in ISO, US and European forms.
A date such as 03/04/2026 is reported, never guessed, unless --date-order
says how the sheet writes dates.

Existing files are not overwritten without --force.`,
		Example: `  stackaudit import spreadsheet examples/import/stack.xlsx -o my-stack
  stackaudit import spreadsheet stack.csv -o my-stack --map "Cost=monthly_cost" --map Notes=ignore
  stackaudit import spreadsheet stack.xlsx --sheet Tools --date-order dmy --rate EUR=1.08 -o my-stack --force`,
		Args: exactArgs(1, "import spreadsheet needs one FILE (.xlsx or .csv)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runImportSpreadsheet(cmd.Context(), e, g, o)
		},
	}
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "folder to write the inventory into (required)")
	cmd.Flags().StringVar(&o.sheet, "sheet", "", "the xlsx sheet to read (default: the one whose header names the most known columns)")
	cmd.Flags().StringArrayVar(&o.maps, "map", nil, "COLUMN=FIELD: read a column as a field, or ignore it (repeatable)")
	cmd.Flags().StringVar(&o.dateOrder, "date-order", "", "how the sheet writes numeric dates such as 03/04/2026: mdy (US) or dmy")
	cmd.Flags().StringVar(&o.currency, "currency", "", "the organization's currency (default: the most common currency of the costs, else USD)")
	cmd.Flags().StringArrayVar(&o.rates, "rate", nil, "CODE=VALUE: the value of one unit of CODE in the organization's currency (repeatable)")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite files that exist in the output folder")
	return cmd
}

func runImportSpreadsheet(ctx context.Context, e *env, g *globalOptions, o *importSheetOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if o.out == "" {
		return usagef("import spreadsheet needs -o DIR, the folder to write the inventory into")
	}
	order := importer.DateOrder(strings.ToLower(o.dateOrder))
	if order != importer.OrderUnknown && order != importer.OrderMDY && order != importer.OrderDMY {
		return usagef("unknown --date-order %q: use mdy or dmy", o.dateOrder)
	}
	rates := map[string]decimal.Decimal{}
	for _, r := range o.rates {
		code, val, ok := strings.Cut(r, "=")
		d, err := decimal.NewFromString(strings.TrimSpace(val))
		if !ok || err != nil || !d.IsPositive() || len(strings.TrimSpace(code)) != 3 {
			return usagef("--rate %q: write CODE=VALUE, such as EUR=1.08", r)
		}
		rates[strings.ToUpper(strings.TrimSpace(code))] = d
	}
	cat, err := catalog.Load()
	if err != nil {
		return fmt.Errorf("load the built-in catalog: %w", err)
	}
	res, err := importer.Spreadsheet(ctx, o.file, importer.Options{
		Sheet: o.sheet, Map: o.maps, DateOrder: order, Currency: o.currency, Rates: rates, Catalog: cat,
	})
	if err != nil {
		return &usageError{err}
	}
	files := res.Files(cat)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Path
	}
	if err := refuseExisting(o.out, names, o.force, " (use --force to replace them)"); err != nil {
		return err
	}
	if !g.quiet {
		printMapping(e.stdout, res)
	}
	var inputs atomicfile.Inputs // the spreadsheet: --force must not replace it
	inputs.Add(o.file)
	for _, f := range files {
		p := filepath.Join(o.out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		content := f.Content
		if err := atomicfile.Write(p, 0o644, func(w io.Writer) error { _, err := w.Write(content); return err }, atomicfile.NotOver(&inputs)); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	declared, commented, skipped := 0, 0, 0
	for _, t := range res.Tools {
		if t.Commented {
			commented++
		} else {
			declared++
		}
	}
	for _, p := range res.Problems {
		if p.Skipped {
			skipped++
		}
	}
	fmt.Fprintf(e.stdout, "Wrote %s and %s to %s: %s, %s",
		plural.Count(len(files)-1, "HCL file", "HCL files"), importer.ReportFile, printable(o.out, false),
		plural.Count(declared, "tool", "tools"), plural.Count(len(res.Teams), "team", "teams"))
	if commented > 0 {
		fmt.Fprintf(e.stdout, ", %s commented out (no category)", plural.Count(commented, "tool", "tools"))
	}
	fmt.Fprintln(e.stdout, ".")
	if n := len(res.Problems) + len(res.MissingRates); n > 0 {
		fmt.Fprintf(e.stdout, "%s to check (%d not imported): see %s.\n", plural.Count(n, "row", "rows"), skipped, printable(filepath.Join(o.out, importer.ReportFile), false))
	}
	fmt.Fprintf(e.stdout, "Next: stackaudit validate %s\n", o.out)
	return nil
}

func printMapping(w io.Writer, res *importer.Result) {
	for _, n := range res.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
	fmt.Fprintf(w, "Column mapping (header row %d; change it with --map COLUMN=FIELD):\n", res.Mapping.HeaderRow)
	for _, c := range res.Mapping.Columns {
		if c.Header == "" && c.Field == "" {
			continue
		}
		fmt.Fprintf(w, "  %-3s %-28q → %s\n", c.Letter, c.Header, c.Describe())
	}
}
