package catalog

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// hostSignals are the products known by one host: those claiming the whole
// host, and those claiming only a path below it (longest prefix first).
type hostSignals struct {
	bare  []*Product
	paths []pathSignal
}

type pathSignal struct {
	prefix   string // starts with "/"
	products []*Product
}

// buildIndexes runs after c.products is sorted, so every index list is in id
// order without a further sort.
func (c *Catalog) buildIndexes() {
	c.hosts = map[string]*hostSignals{}
	c.appNames = map[string][]*Product{}
	c.packages = map[string][]*Product{}
	c.merchant = map[string][]*Product{}
	c.nameKey = map[string][]*Product{}
	c.haystack = make([]string, len(c.products))

	for i, p := range c.products {
		for _, h := range slices.Concat(p.Domains, p.ScriptHosts) {
			c.addHost(h, p)
		}
		for _, n := range append([]string{p.Name}, p.AppNames...) {
			key := normalizeAppName(n)
			c.appNames[key] = appendOnce(c.appNames[key], p)
		}
		indexMerchants(c.merchant, p, p.Merchants)
		indexMerchants(c.nameKey, p, append([]string{p.Name}, p.AppNames...))
		for _, pkg := range p.Packages {
			key := strings.ToLower(pkg)
			c.packages[key] = appendOnce(c.packages[key], p)
		}
		c.haystack[i] = c.searchText(p)
	}
	for _, hs := range c.hosts {
		slices.SortStableFunc(hs.paths, func(a, b pathSignal) int { return cmp.Compare(len(b.prefix), len(a.prefix)) })
	}
}

// indexMerchants files p under the normalized form of each name, with and
// without spaces.
func indexMerchants(idx map[string][]*Product, p *Product, names []string) {
	for _, n := range names {
		key := NormalizeMerchant(n)
		if key == "" {
			continue
		}
		idx[key] = appendOnce(idx[key], p)
		if flat := strings.ReplaceAll(key, " ", ""); flat != key {
			idx[flat] = appendOnce(idx[flat], p)
		}
	}
}

func (c *Catalog) addHost(signal string, p *Product) {
	host, rest, hasPath := strings.Cut(signal, "/")
	hs := c.hosts[host]
	if hs == nil {
		hs = &hostSignals{}
		c.hosts[host] = hs
	}
	if !hasPath {
		hs.bare = appendOnce(hs.bare, p)
		return
	}
	prefix := "/" + rest
	for i := range hs.paths {
		if hs.paths[i].prefix == prefix {
			hs.paths[i].products = appendOnce(hs.paths[i].products, p)
			return
		}
	}
	hs.paths = append(hs.paths, pathSignal{prefix: prefix, products: []*Product{p}})
}

// appendOnce relies on products being added in id order: a repeat can only
// be the last element.
func appendOnce(list []*Product, p *Product) []*Product {
	if n := len(list); n > 0 && list[n-1] == p {
		return list
	}
	return append(list, p)
}

func (c *Catalog) searchText(p *Product) string {
	parts := []string{p.ID, p.Name, p.Vendor, p.Category}
	if cat, ok := c.categoryByID[p.Category]; ok {
		parts = append(parts, cat.Name)
	}
	parts = slices.Concat(parts, p.Capabilities, p.Domains, p.AppNames)
	// NUL never occurs in a search word, so a match cannot straddle two fields.
	return strings.ToLower(strings.Join(parts, "\x00"))
}

// MatchHost returns the products whose domains or script hosts match host.
//
// host may be a bare host name or a URL ("https://js.hs-scripts.com/1.js",
// "//cdn.segment.com/analytics.js"); case, scheme, port, query and fragment
// are ignored. A catalog host matches the host itself and its subdomains. The
// most specific match wins: the longest matching catalog host, and on that
// host a matching path prefix before the bare host. This lets vendors that
// serve two products from one host (gtag.js and gtm.js on
// www.googletagmanager.com) be told apart, and lets a specific subdomain
// override its vendor's apex domain.
func (c *Catalog) MatchHost(host string) []*Product {
	h, p := splitURL(host)
	if h == "" {
		return nil
	}
	for {
		if hs, ok := c.hosts[h]; ok {
			if p != "" {
				for _, ps := range hs.paths {
					if hasPathPrefix(p, ps.prefix) {
						return slices.Clone(ps.products)
					}
				}
			}
			if len(hs.bare) > 0 {
				return slices.Clone(hs.bare)
			}
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			return nil
		}
		h = h[i+1:]
	}
}

// splitURL reduces a host or URL to its lower-cased host name and path.
func splitURL(s string) (host, path string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if _, after, ok := strings.Cut(s, "://"); ok {
		s = after
	}
	s = strings.TrimPrefix(s, "//")
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '/'); i >= 0 {
		host, path = s[:i], s[i:]
	} else {
		host = s
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	if path == "/" {
		path = ""
	}
	return host, path
}

// hasPathPrefix matches prefix at a word boundary, so "/sales" matches
// "/sales/home" but not "/salesforce", and "/npm/hockeystack" matches
// "/npm/hockeystack@latest/hockeystack.min.js".
func hasPathPrefix(p, prefix string) bool {
	if !strings.HasPrefix(p, prefix) {
		return false
	}
	if len(p) == len(prefix) {
		return true
	}
	next := rune(p[len(prefix)])
	return !unicode.IsLetter(next) && !unicode.IsDigit(next)
}

// MatchAppName returns the products whose name or one of whose app names
// equals name, ignoring case, white space, and the punctuation that app
// directories vary on ("Chili Piper", "chili-piper", "ChiliPiper",
// "Customer.io", "customer_io").
func (c *Catalog) MatchAppName(name string) []*Product {
	key := normalizeAppName(name)
	if key == "" {
		return nil
	}
	return slices.Clone(c.appNames[key])
}

func normalizeAppName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// MatchPackage returns the products whose SDK package is pkg, ignoring case.
// The caller strips versions ("@1.2.3", "==2.0") first.
func (c *Catalog) MatchPackage(pkg string) []*Product {
	key := strings.ToLower(strings.TrimSpace(pkg))
	if key == "" {
		return nil
	}
	return slices.Clone(c.packages[key])
}

// Search returns the products whose id, name, vendor, category id or name,
// capability ids, domains or app names contain word, ignoring case. Exact
// id or name matches come first, then id or name prefixes, then any other
// substring match; ties are in id order. A blank word matches nothing.
func (c *Catalog) Search(word string) []*Product {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "" {
		return nil
	}
	type hit struct {
		p    *Product
		rank int
	}
	var hits []hit
	for i, p := range c.products {
		id, name := p.ID, strings.ToLower(p.Name)
		switch {
		case id == w || name == w:
			hits = append(hits, hit{p, 0})
		case strings.HasPrefix(id, w) || strings.HasPrefix(name, w):
			hits = append(hits, hit{p, 1})
		case strings.Contains(c.haystack[i], w):
			hits = append(hits, hit{p, 2})
		}
	}
	// Stable, and hits are in id order already, so ties stay sorted by id.
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(a.rank, b.rank) })
	if len(hits) == 0 {
		return nil
	}
	out := make([]*Product, len(hits))
	for i, h := range hits {
		out[i] = h.p
	}
	return out
}
