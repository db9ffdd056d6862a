package catalog

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
)

//go:embed data
var data embed.FS

const (
	taxonomyPath = "data/taxonomy.hcl"
	productsDir  = "data/products"
)

// Category is a node of the taxonomy. Top-level categories have no Parent;
// subcategories have a top-level Parent (the taxonomy is two levels deep so
// that overlap and coverage reports can always roll up to one of six groups).
type Category struct {
	ID     string `hcl:"id,label" json:"id"`
	Name   string `hcl:"name" json:"name"`
	Parent string `hcl:"parent,optional" json:"parent"`
}

// Capability is something a tool does; tools that share a capability in
// intersecting scopes are candidates for consolidation.
type Capability struct {
	ID       string `hcl:"id,label" json:"id"`
	Name     string `hcl:"name" json:"name"`
	Category string `hcl:"category" json:"category"`
}

// Product is a known product and the evidence that reveals its use.
//
// The JSON names are the HCL attribute names, and an absent list is empty
// rather than nil, so JSON output is the same shape for every product.
//
// Domains and ScriptHosts are host names, optionally followed by a path prefix
// ("www.googletagmanager.com/gtag/js") for vendors that serve different
// products from one host. The pointers returned by Catalog methods are shared:
// treat them as read-only.
type Product struct {
	ID           string   `hcl:"id,label" json:"id"`
	Name         string   `hcl:"name" json:"name"`
	Vendor       string   `hcl:"vendor" json:"vendor"`
	Category     string   `hcl:"category" json:"category"`
	Capabilities []string `hcl:"capabilities" json:"capabilities"`
	Domains      []string `hcl:"domains,optional" json:"domains"`
	AppNames     []string `hcl:"app_names,optional" json:"app_names"`
	Packages     []string `hcl:"packages,optional" json:"packages"`
	ScriptHosts  []string `hcl:"script_hosts,optional" json:"script_hosts"`
	// Merchants are the descriptors the vendor's charges carry on card
	// statements and expense reports ("HUBSPOT INC", "SQ *CANVA"), matched
	// after NormalizeMerchant; the name and app names match as well.
	Merchants []string `hcl:"merchants,optional" json:"merchants,omitempty"`
	Scanner   string   `hcl:"scanner,optional" json:"scanner"`
	// ListPrice is nil unless the vendor publishes a price per seat.
	ListPrice *ListPrice `hcl:"list_price,block" json:"list_price,omitempty"`
}

// Catalog is the loaded taxonomy and product catalog. It is never modified
// after Load, so it is safe for concurrent use.
type Catalog struct {
	categories   []*Category   // taxonomy order
	capabilities []*Capability // by id
	products     []*Product    // by id

	categoryByID   map[string]*Category
	capabilityByID map[string]*Capability
	productByID    map[string]*Product

	hosts    map[string]*hostSignals // lower-cased host -> products
	appNames map[string][]*Product   // normalizeAppName -> products
	packages map[string][]*Product   // lower-cased package -> products
	merchant map[string][]*Product   // NormalizeMerchant of merchants -> products
	nameKey  map[string][]*Product   // NormalizeMerchant of names and app names -> products
	haystack []string                // per products[i]: lower-cased searchable text
}

type taxonomyFile struct {
	Categories   []Category   `hcl:"category,block"`
	Capabilities []Capability `hcl:"capability,block"`
}

type productsFile struct {
	Products []Product `hcl:"product,block"`
}

// Load returns the embedded catalog. An error means the shipped data is
// broken, which the package tests rule out. It is parsed and validated once
// per process and then shared: the data never changes, no caller modifies a
// Catalog (its lists are handed out as copies), and parsing it again for
// every inventory load made it most of the CPU of validate, diff and the
// tests that load hundreds of inventories (about 30 ms a parse, ten times
// that under -race).
func Load() (*Catalog, error) {
	return loadEmbedded()
}

var loadEmbedded = sync.OnceValues(func() (*Catalog, error) { return load(data) })

func load(fsys fs.FS) (*Catalog, error) {
	tax, products, err := readData(fsys)
	if err != nil {
		return nil, err
	}
	c := &Catalog{
		categoryByID:   make(map[string]*Category, len(tax.Categories)),
		capabilityByID: make(map[string]*Capability, len(tax.Capabilities)),
		productByID:    make(map[string]*Product, len(products)),
	}
	// Every problem is reported at once, so one test run shows all data mistakes.
	var problems []error
	fail := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf(format, args...))
	}
	c.addTaxonomy(tax, fail)
	c.addProducts(products, fail)
	if len(problems) > 0 {
		return nil, fmt.Errorf("catalog: invalid embedded data: %w", errors.Join(problems...))
	}
	c.buildIndexes()
	return c, nil
}

type sourcedProduct struct {
	*Product
	file string
}

func readData(fsys fs.FS) (*taxonomyFile, []sourcedProduct, error) {
	parser := hclparse.NewParser()
	var tax taxonomyFile
	if err := decodeFile(fsys, parser, taxonomyPath, &tax); err != nil {
		return nil, nil, err
	}
	entries, err := fs.ReadDir(fsys, productsDir)
	if err != nil {
		return nil, nil, fmt.Errorf("catalog: %w", err)
	}
	var products []sourcedProduct
	for _, e := range entries { // ReadDir sorts by name, so errors are reproducible
		if e.IsDir() || path.Ext(e.Name()) != ".hcl" {
			continue
		}
		name := path.Join(productsDir, e.Name())
		var f productsFile
		if err := decodeFile(fsys, parser, name, &f); err != nil {
			return nil, nil, err
		}
		for i := range f.Products {
			products = append(products, sourcedProduct{&f.Products[i], name})
		}
	}
	return &tax, products, nil
}

// checkEntry checks what categories and capabilities of the taxonomy
// share: a valid id not seen before (in byID) and a name. It returns where
// the entry is, for further messages, and false for a duplicate, which
// must not replace the first.
func checkEntry[T any](byID map[string]*T, kind, id, name string, fail func(string, ...any)) (where string, ok bool) {
	where = fmt.Sprintf("%s: %s %q", taxonomyPath, kind, id)
	checkID(where, id, fail)
	if _, dup := byID[id]; dup {
		fail("%s: duplicate %s id", where, kind)
		return where, false
	}
	if strings.TrimSpace(name) == "" {
		fail("%s: name is empty", where)
	}
	return where, true
}

func (c *Catalog) addTaxonomy(tax *taxonomyFile, fail func(string, ...any)) {
	for i := range tax.Categories {
		cat := &tax.Categories[i]
		if _, ok := checkEntry(c.categoryByID, "category", cat.ID, cat.Name, fail); ok {
			c.categoryByID[cat.ID] = cat
		}
	}
	c.categories = categoryOrder(tax.Categories)
	for i := range tax.Categories {
		cat := &tax.Categories[i]
		if cat.Parent == "" || c.categoryByID[cat.ID] != cat {
			continue
		}
		parent, ok := c.categoryByID[cat.Parent]
		switch {
		case !ok:
			fail("%s: category %q: unknown parent %q", taxonomyPath, cat.ID, cat.Parent)
		case parent.Parent != "":
			// Reports roll everything up to a top-level category; a third level would break that.
			fail("%s: category %q: parent %q is itself a subcategory", taxonomyPath, cat.ID, cat.Parent)
		}
	}

	for i := range tax.Capabilities {
		capb := &tax.Capabilities[i]
		where, ok := checkEntry(c.capabilityByID, "capability", capb.ID, capb.Name, fail)
		if !ok {
			continue
		}
		if _, ok := c.categoryByID[capb.Category]; !ok {
			fail("%s: unknown category %q", where, capb.Category)
		}
		c.capabilityByID[capb.ID] = capb
		c.capabilities = append(c.capabilities, capb)
	}
	slices.SortFunc(c.capabilities, func(a, b *Capability) int { return cmp.Compare(a.ID, b.ID) })
}

func (c *Catalog) addProducts(products []sourcedProduct, fail func(string, ...any)) {
	fileOf := make(map[string]string, len(products))
	for _, p := range products {
		where := fmt.Sprintf("%s: product %q", p.file, p.ID)
		if prev, dup := fileOf[p.ID]; dup {
			fail("%s: duplicate product id (also in %s)", where, prev)
			continue
		}
		fileOf[p.ID] = p.file
		c.checkProduct(where, p.Product, fail)
		for _, list := range []*[]string{&p.Capabilities, &p.Domains, &p.AppNames, &p.Packages, &p.ScriptHosts} {
			if *list == nil {
				*list = []string{}
			}
		}
		c.productByID[p.ID] = p.Product
		c.products = append(c.products, p.Product)
	}
	slices.SortFunc(c.products, func(a, b *Product) int { return cmp.Compare(a.ID, b.ID) })
}

func decodeFile(fsys fs.FS, parser *hclparse.Parser, name string, into any) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	f, diags := parser.ParseHCL(src, name)
	if diags.HasErrors() {
		return fmt.Errorf("catalog: parse %s: %w", name, diags)
	}
	if diags := gohcl.DecodeBody(f.Body, nil, into); diags.HasErrors() {
		return fmt.Errorf("catalog: decode %s: %w", name, diags)
	}
	return nil
}

// categoryOrder puts each top-level category before its own subcategories
// even if the file interleaves them, so listings group correctly.
func categoryOrder(cats []Category) []*Category {
	seen := map[string]bool{}
	var out []*Category
	for i := range cats {
		top := &cats[i]
		if top.Parent != "" || seen[top.ID] {
			continue
		}
		seen[top.ID] = true
		out = append(out, top)
		for j := range cats {
			sub := &cats[j]
			if sub.Parent == top.ID && !seen[sub.ID] {
				seen[sub.ID] = true
				out = append(out, sub)
			}
		}
	}
	return out
}

func (c *Catalog) checkProduct(where string, p *Product, fail func(string, ...any)) {
	if !validProductID(p.ID) {
		fail("%s: id must match [a-z0-9][a-z0-9-]*", where)
	}
	if strings.TrimSpace(p.Name) == "" {
		fail("%s: name is empty", where)
	}
	if strings.TrimSpace(p.Vendor) == "" {
		fail("%s: vendor is empty", where)
	}
	if _, ok := c.categoryByID[p.Category]; !ok {
		fail("%s: unknown category %q", where, p.Category)
	}
	if len(p.Capabilities) == 0 {
		fail("%s: needs at least one capability", where)
	}
	for _, id := range p.Capabilities {
		if _, ok := c.capabilityByID[id]; !ok {
			fail("%s: unknown capability %q", where, id)
		}
	}
	// Without a domain or an app name nothing could ever be matched to the product.
	if len(p.Domains) == 0 && len(p.AppNames) == 0 {
		fail("%s: needs domains or app_names", where)
	}
	for _, h := range slices.Concat(p.Domains, p.ScriptHosts) {
		if msg := checkHostSignal(h); msg != "" {
			fail("%s: host %q: %s", where, h, msg)
		}
	}
	for _, n := range p.AppNames {
		if normalizeAppName(n) == "" {
			fail("%s: empty app name", where)
		}
	}
	for _, m := range p.Merchants {
		if NormalizeMerchant(m) == "" {
			fail("%s: merchant %q is empty once normalized", where, m)
		}
	}
	for _, pkg := range p.Packages {
		if pkg == "" || strings.TrimSpace(pkg) != pkg || strings.ContainsAny(pkg, " \t") {
			fail("%s: malformed package %q", where, pkg)
		}
	}
	for _, l := range []struct {
		attr string
		list []string
	}{
		{"capabilities", p.Capabilities},
		{"domains and script_hosts", slices.Concat(p.Domains, p.ScriptHosts)},
		{"packages", lowerAll(p.Packages)},
		{"app_names", mapAll(p.AppNames, normalizeAppName)},
	} {
		if dup := firstDuplicate(l.list); dup != "" {
			fail("%s: %s list %q twice", where, l.attr, dup)
		}
	}
	// Which kinds exist is the scanners' registry's to say: its test
	// holds every product's scanner to a vendor kind it lists.
	if p.Scanner != "" && !kindName.MatchString(p.Scanner) {
		fail("%s: scanner %q is not a kind name", where, p.Scanner)
	}
	if p.ListPrice != nil {
		checkListPrice(where, p.ListPrice, fail)
	}
}

// kindName is the shape of a scan kind's name.
var kindName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func checkID(where, id string, fail func(string, ...any)) {
	if !validID(id) {
		fail("%s: id must match [a-z][a-z0-9-]*", where)
	}
}

func validID(id string) bool {
	return id != "" && id[0] >= 'a' && id[0] <= 'z' && validProductID(id)
}

// validProductID also admits a leading digit, because vendors name products
// that way ("6sense") and the id is only ever a string value, never an HCL
// label or traversal.
func validProductID(id string) bool {
	if id == "" || id[0] == '-' {
		return false
	}
	for _, r := range id {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// checkHostSignal keeps the data in the canonical form the matcher expects,
// so that matching needs no normalization of the catalog side.
func checkHostSignal(s string) string {
	host, p, _ := strings.Cut(s, "/")
	switch {
	case s != strings.ToLower(s):
		return "must be lower case"
	case strings.ContainsAny(s, " \t:?#@"):
		return "must be a bare host with an optional path, no scheme, port or query"
	case !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, "."):
		return "is not a host name"
	case strings.Contains(s, "/") && (p == "" || strings.HasSuffix(p, "/")):
		return "path must not be empty or end with /"
	}
	return ""
}

func firstDuplicate(list []string) string {
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}

func lowerAll(list []string) []string { return mapAll(list, strings.ToLower) }

func mapAll(list []string, f func(string) string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = f(s)
	}
	return out
}

// Category returns the category with the given id.
func (c *Catalog) Category(id string) (*Category, bool) {
	cat, ok := c.categoryByID[id]
	return cat, ok
}

// Capability returns the capability with the given id.
func (c *Catalog) Capability(id string) (*Capability, bool) {
	capb, ok := c.capabilityByID[id]
	return capb, ok
}

// Product returns the product with the given id.
func (c *Catalog) Product(id string) (*Product, bool) {
	p, ok := c.productByID[id]
	return p, ok
}

// Categories returns all categories, each top-level category followed by its
// subcategories, in the order of taxonomy.hcl.
func (c *Catalog) Categories() []*Category { return slices.Clone(c.categories) }

// Capabilities returns all capabilities sorted by id.
func (c *Catalog) Capabilities() []*Capability { return slices.Clone(c.capabilities) }

// Products returns all products sorted by id.
func (c *Catalog) Products() []*Product { return slices.Clone(c.products) }

// TopLevel returns the id of the top-level category that categoryID belongs
// to (itself when it is top-level), or "" when the id is unknown.
func (c *Catalog) TopLevel(categoryID string) string {
	cat, ok := c.categoryByID[categoryID]
	if !ok {
		return ""
	}
	if cat.Parent == "" {
		return cat.ID
	}
	return cat.Parent
}
