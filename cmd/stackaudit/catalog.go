package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

type catalogOptions struct {
	format   string
	products bool
}

func newCatalogCmd(e *env, g *globalOptions) *cobra.Command {
	o := &catalogOptions{}
	cmd := &cobra.Command{
		Use:   "catalog [list|show ID|search WORD]",
		Short: "Browse the capability taxonomy and the product catalog",
		Long: `The built-in capability taxonomy (the six top-level martech categories, their
subcategories and capability ids) and the catalog of known products, which
fill a tool's vendor, category and capabilities when it names a product.`,
		Args: subcommandsOnly,
		RunE: func(cmd *cobra.Command, args []string) error { return runCatalogList(e, o) },
	}
	cmd.PersistentFlags().StringVar(&o.format, "format", "text", "output format: text or json")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the taxonomy, or the products with --products",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runCatalogList(e, o) },
	}
	list.Flags().BoolVar(&o.products, "products", false, "list the products instead of the taxonomy")
	show := &cobra.Command{
		Use:   "show ID",
		Short: "Show a product, capability or category",
		Args:  exactArgs(1, "show needs one product, capability or category id"),
		RunE:  func(cmd *cobra.Command, args []string) error { return runCatalogShow(e, o, args[0]) },
	}
	search := &cobra.Command{
		Use:   "search WORD",
		Short: "Find products by name, vendor, category, capability or domain",
		Args:  exactArgs(1, "search needs one word"),
		RunE:  func(cmd *cobra.Command, args []string) error { return runCatalogSearch(e, o, args[0]) },
	}
	cmd.AddCommand(list, show, search)
	for _, c := range cmd.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return cmd
}

func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s", msg)
		}
		return nil
	}
}

func loadCatalog(o *catalogOptions) (*catalog.Catalog, error) {
	o.format = enumValue(o.format)
	if o.format != "text" && o.format != "json" {
		return nil, usagef("unknown --format %q for catalog: use text or json", o.format)
	}
	c, err := catalog.Load()
	if err != nil {
		return nil, fmt.Errorf("load the built-in catalog: %w", err)
	}
	return c, nil
}

func runCatalogList(e *env, o *catalogOptions) error {
	c, err := loadCatalog(o)
	if err != nil {
		return err
	}
	if o.products {
		if o.format == "json" {
			return writeJSON(e.stdout, c.Products())
		}
		return productTable(e.stdout, c.Products())
	}
	if o.format == "json" {
		return writeJSON(e.stdout, struct {
			Categories   []*catalog.Category   `json:"categories"`
			Capabilities []*catalog.Capability `json:"capabilities"`
		}{c.Categories(), c.Capabilities()})
	}
	byCategory := map[string][]*catalog.Capability{}
	for _, cp := range c.Capabilities() {
		byCategory[cp.Category] = append(byCategory[cp.Category], cp)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, cat := range c.Categories() {
		indent := "  "
		if cat.Parent == "" {
			indent = ""
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s%s\t%s\n", indent, cat.ID, cat.Name)
		for _, cp := range byCategory[cat.ID] {
			fmt.Fprintf(w, "%s    - %s\t%s\n", indent, cp.ID, cp.Name)
		}
	}
	fmt.Fprintf(w, "\n%d categories, %d capabilities, %d products. `stackaudit catalog list --products` lists the products.\n",
		len(c.Categories()), len(c.Capabilities()), len(c.Products()))
	return w.Flush()
}

func productTable(out io.Writer, products []*catalog.Product) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tVENDOR\tCATEGORY")
	for _, p := range products {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Vendor, p.Category)
	}
	return w.Flush()
}

func runCatalogShow(e *env, o *catalogOptions, id string) error {
	c, err := loadCatalog(o)
	if err != nil {
		return err
	}
	if p, ok := c.Product(id); ok {
		if o.format == "json" {
			return writeJSON(e.stdout, p)
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "product\t%s\nname\t%s\nvendor\t%s\ncategory\t%s (%s)\ncapabilities\t%s\n",
			p.ID, p.Name, p.Vendor, p.Category, c.TopLevel(p.Category), strings.Join(p.Capabilities, ", "))
		for _, f := range []struct {
			name string
			v    []string
		}{{"domains", p.Domains}, {"app names", p.AppNames}, {"packages", p.Packages}, {"script hosts", p.ScriptHosts}} {
			if len(f.v) > 0 {
				fmt.Fprintf(w, "%s\t%s\n", f.name, strings.Join(f.v, ", "))
			}
		}
		if p.Scanner != "" {
			fmt.Fprintf(w, "scanner\t%s\n", p.Scanner)
		}
		if lp := p.ListPrice; lp != nil {
			fmt.Fprintf(w, "list price\t%s %s per %s per %s", lp.Currency, lp.Value().StringFixed(2), lp.Per, lp.Period)
			if lp.Plan != "" {
				fmt.Fprintf(w, " (%s)", lp.Plan)
			}
			fmt.Fprintf(w, "\nprice source\t%s, read %s\n", lp.Source, lp.Read)
		}
		return w.Flush()
	}
	if cp, ok := c.Capability(id); ok {
		if o.format == "json" {
			return writeJSON(e.stdout, cp)
		}
		fmt.Fprintf(e.stdout, "capability  %s\nname        %s\ncategory    %s\n", cp.ID, cp.Name, cp.Category)
		return productListUnder(e.stdout, "products", c.Products(), func(p *catalog.Product) bool { return slices.Contains(p.Capabilities, id) })
	}
	if cat, ok := c.Category(id); ok {
		if o.format == "json" {
			return writeJSON(e.stdout, cat)
		}
		fmt.Fprintf(e.stdout, "category  %s\nname      %s\n", cat.ID, cat.Name)
		if cat.Parent != "" {
			fmt.Fprintf(e.stdout, "parent    %s\n", cat.Parent)
		}
		return productListUnder(e.stdout, "products", c.Products(), func(p *catalog.Product) bool { return p.Category == id })
	}
	return usagef("no product, capability or category has the id %q; try `stackaudit catalog search %s`", id, id)
}

func productListUnder(w io.Writer, title string, all []*catalog.Product, keep func(*catalog.Product) bool) error {
	var ids []string
	for _, p := range all {
		if keep(p) {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) > 0 {
		_, err := fmt.Fprintf(w, "%s  %s\n", title, strings.Join(ids, ", "))
		return err
	}
	return nil
}

func runCatalogSearch(e *env, o *catalogOptions, word string) error {
	c, err := loadCatalog(o)
	if err != nil {
		return err
	}
	found := c.Search(word)
	if o.format == "json" {
		if found == nil {
			found = []*catalog.Product{}
		}
		return writeJSON(e.stdout, found)
	}
	if len(found) == 0 {
		fmt.Fprintf(e.stderr, "No product matches %q.\n", word)
		return nil
	}
	return productTable(e.stdout, found)
}
