package github

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v60/github"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Code search limits (GitHub REST search API).
const (
	// DefaultSearchLimit is code search's own rate limit: 10 requests a
	// minute, counted apart from the 5,000 an hour of the rest of the API.
	DefaultSearchLimit = rate.Limit(10.0 / 60)
	// maxQueryLen and maxOperators bound one query.
	maxQueryLen  = 256
	maxOperators = 5
	// maxResults is how many results of one query can be read.
	maxResults = 1000
	perPage    = 100
	// textMatchMedia asks for text_matches, the fragments that matched.
	textMatchMedia = "application/vnd.github.v3.text-match+json"
)

// repoNamePattern is a repository name (without its owner).
var repoNamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)

// Discoverer searches an organization's code (discovery "github") for
// the SDK packages and script hosts of the catalog's products:
//
//	discovery "github" {
//	  token_env    = "GITHUB_TOKEN"
//	  org          = "acme"
//	  repositories = ["web", "shop"] # optional: only these repositories
//	}
//
// Each file that mentions a term becomes an Integration (product, repo,
// path) whose Evidence is the term found, e.g. "@segment/analytics-next";
// Product is empty when the term belongs to several products (HubSpot's
// SDK serves all its hubs). Terms go into as few queries as GitHub allows
// (at most 256 characters and 5 OR operators each), each term quoted. Code
// search ignores punctuation, so "@segment/analytics-next" also finds
// "segment analytics next" in prose: a hit counts only when one of the
// fragments GitHub returns (text_matches) or the file's path contains a
// term as written; other hits are left out.
//
// A query can read at most 1,000 results: one with more is split into
// smaller queries until each term has its own, and a single term with more
// is kept with the note "only the first 1,000 of N results ... could be
// read" in the Evidence of its hits. GitHub flags searches that timed out
// with incomplete_results; their hits are kept with a note in the Evidence
// too, rather than failing the whole discovery, since what was found is
// real and the note tells the reader that more may exist.
//
// Code search allows 10 requests a minute: with about 300 catalog terms a
// discovery takes about five minutes. That limit is kept by the
// discoverer's own limiter (SearchLimit); env.Limiter, GitHub's general
// limit, applies to the other calls.
type Discoverer struct {
	// SearchLimit is the code search rate in requests a second (burst
	// 1); zero means DefaultSearchLimit. Tests and the sandbox raise it.
	SearchLimit rate.Limit
}

// NewDiscoverer returns the GitHub discoverer at GitHub's search limit.
func NewDiscoverer() *Discoverer { return &Discoverer{} }

type discoverySettings struct {
	org          string
	repositories []string
}

var discoverySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "org"}, {Name: "repositories"}},
}

const discoveryHowTo = "create a fine-grained personal access token with the organization as resource owner, access to all " +
	"its repositories and the repository permission \"Contents: Read-only\", or a classic token with the scope repo " +
	"(public code needs no scope)"

// Validate implements scanners.Discoverer.
func (*Discoverer) Validate(d *inventory.Discovery) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decodeDiscovery(d))
}

func decodeDiscovery(d *inventory.Discovery) (discoverySettings, hcl.Diagnostics) {
	var st discoverySettings
	diags := scanners.RequireDiscoveryTokenEnv(d, "GitHub discovery reads a token from an environment variable: add token_env = \"GITHUB_TOKEN\" and "+discoveryHowTo+".")
	attrs, moreDiags := orgBlock(d.Body, d.DeclRange, discoverySchema, &st.org)
	diags = append(diags, moreDiags...)
	if a, ok := attrs["repositories"]; ok {
		st.repositories, moreDiags = repositoriesSetting(a)
		diags = append(diags, moreDiags...)
	}
	return st, diags
}

func repositoriesSetting(a *hcl.Attribute) ([]string, hcl.Diagnostics) {
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return nil, diags
	}
	bad := func(detail string) ([]string, hcl.Diagnostics) {
		return nil, append(diags, scanners.AttributeError(a, "Invalid repositories setting", detail))
	}
	if v.IsNull() || !v.IsKnown() || !(v.Type().IsListType() || v.Type().IsTupleType() || v.Type().IsSetType()) {
		return bad("repositories is a list of repository names in the organization, such as [\"web\", \"shop\"].")
	}
	if v.LengthInt() == 0 {
		return bad("repositories is empty: leave it out to search every repository of the organization, or name some.")
	}
	var names []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() || !e.IsKnown() || e.Type() != cty.String {
			return bad("repositories is a list of strings, such as [\"web\", \"shop\"].")
		}
		name := e.AsString()
		if _, after, ok := strings.Cut(name, "/"); ok {
			return bad(fmt.Sprintf("%q: write the repository name without its owner, such as %q; the owner is org.", name, after))
		}
		if !repoNamePattern.MatchString(name) || name == "." || name == ".." {
			return bad(fmt.Sprintf("%q is not a repository name: letters, digits, '.', '-' and '_', at most 100 characters.", name))
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names, diags
}

// Discover implements scanners.Discoverer.
func (dd *Discoverer) Discover(ctx context.Context, d *inventory.Discovery, env scanners.Env) (*usage.Discovered, error) {
	st, diags := decodeDiscovery(d)
	if diags.HasErrors() {
		return nil, diags
	}
	if env.Catalog == nil {
		return nil, fmt.Errorf("github: no product catalog to search for")
	}
	token, err := scanners.DiscoveryToken(env, d)
	if err != nil {
		return nil, err
	}
	core, err := newClient(env, token)
	if err != nil {
		return nil, err
	}
	a := api{c: core, tokenEnv: d.TokenEnv, org: st.org, howTo: discoveryHowTo, now: env.HTTP.WithDefaults().Now}
	// An unknown organization is a clear 404 here; code search would
	// only say that it "cannot be searched".
	org := endpoint{path: "orgs/" + st.org, what: "the organization " + st.org,
		scope: "read:org", permission: "organization permission \"Members: Read-only\""}
	if _, _, err := a.get(ctx, org, nil, ""); err != nil {
		return nil, err
	}

	limit := dd.SearchLimit
	if limit == 0 {
		limit = DefaultSearchLimit
	}
	searchEnv := env
	searchEnv.Limiter = rate.NewLimiter(limit, 1)
	sc, err := newClient(searchEnv, token)
	if err != nil {
		return nil, err
	}
	searchAPI := a
	searchAPI.c = sc
	s := &searcher{api: searchAPI, hits: map[hitKey]*hit{}}
	terms := catalogTerms(env.Catalog)
	for _, q := range qualifiers(st.org, st.repositories) {
		for _, batch := range batches(q, terms) {
			if err := s.search(ctx, q, batch); err != nil {
				return nil, err
			}
		}
	}
	return &usage.Discovered{Tools: []usage.DiscoveredTool{}, Integrations: s.integrations(),
		Flows: []usage.DiscoveredFlow{}}, nil
}

// searchTerm is one package or script host and the products it names.
type searchTerm struct {
	text     string
	products []string
}

// catalogTerms are the catalog's packages and script hosts, once each
// (case-insensitively), in order.
func catalogTerms(cat *catalog.Catalog) []searchTerm {
	byKey := map[string]*searchTerm{}
	for _, p := range cat.Products() {
		for _, t := range slices.Concat(p.Packages, p.ScriptHosts) {
			// A quote cannot be searched for inside a quoted term.
			if t == "" || strings.Contains(t, `"`) {
				continue
			}
			k := strings.ToLower(t)
			st, ok := byKey[k]
			if !ok {
				st = &searchTerm{text: t}
				byKey[k] = st
			}
			if !slices.Contains(st.products, p.ID) {
				st.products = append(st.products, p.ID)
			}
		}
	}
	out := make([]searchTerm, 0, len(byKey))
	for _, st := range byKey {
		slices.Sort(st.products)
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b searchTerm) int { return cmp.Compare(strings.ToLower(a.text), strings.ToLower(b.text)) })
	return out
}

// qualifiers are the scopes each batch of terms is searched in: the
// organization, or its listed repositories in groups short enough to
// leave room for terms (several repo: qualifiers are OR'ed by GitHub).
func qualifiers(org string, repos []string) []string {
	if len(repos) == 0 {
		return []string{"org:" + org}
	}
	const maxQualifiers = maxQueryLen / 2
	var out []string
	cur := ""
	for _, r := range repos {
		q := "repo:" + org + "/" + r
		if cur != "" && len(cur)+1+len(q) > maxQualifiers {
			out = append(out, cur)
			cur = ""
		}
		cur = strings.TrimSpace(cur + " " + q)
	}
	return append(out, cur)
}

// query writes a search: the qualifier and the quoted terms, OR'ed.
func query(qualifier string, terms []searchTerm) string {
	var b strings.Builder
	b.WriteString(qualifier)
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" OR")
		}
		b.WriteString(` "` + t.text + `"`)
	}
	return b.String()
}

// batches packs terms into as few queries as GitHub accepts. A term too
// long to search even alone is left out.
func batches(qualifier string, terms []searchTerm) [][]searchTerm {
	var out [][]searchTerm
	var cur []searchTerm
	for _, t := range terms {
		if len(query(qualifier, []searchTerm{t})) > maxQueryLen {
			continue
		}
		if len(cur) > 0 && (len(cur) == maxOperators+1 || len(query(qualifier, append(slices.Clip(cur), t))) > maxQueryLen) {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// searcher runs the queries of one discovery and collects the hits.
type searcher struct {
	api
	hits map[hitKey]*hit
}

type hitKey struct{ product, repo, path string }

type hit struct {
	terms []string
	notes []string
}

var searchEndpoint = endpoint{path: "search/code", what: "the organization's code",
	scope: "repo", permission: "repository permission \"Contents: Read-only\""}

// search runs one query over all its pages. One with more results than
// can be read is split while it has more than one term.
func (s *searcher) search(ctx context.Context, qualifier string, terms []searchTerm) error {
	q := query(qualifier, terms)
	var items []*codeHit
	var notes []string
	incomplete, split := false, false
	page := 0
	err := scanners.PaginateCall(ctx, "github: GET /"+searchEndpoint.path, func(ctx context.Context, cursor string) (string, error) {
		v := url.Values{"q": {q}, "per_page": {strconv.Itoa(perPage)}}
		if cursor != "" {
			v.Set("page", cursor)
		}
		body, next, err := s.get(ctx, searchEndpoint, v, textMatchMedia)
		if err != nil {
			return "", err
		}
		r, err := DecodeCodeSearch(body)
		if err != nil {
			return "", fmt.Errorf("github: GET /%s: %w", searchEndpoint.path, err)
		}
		page++
		if page == 1 && r.GetTotal() > maxResults {
			if len(terms) > 1 {
				split = true
				return "", nil
			}
			notes = append(notes, fmt.Sprintf("only the first %d of %d results of this search could be read", maxResults, r.GetTotal()))
		}
		incomplete = incomplete || r.GetIncompleteResults()
		for _, it := range r.CodeResults {
			items = append(items, &codeHit{repo: it.Repository.GetFullName(), path: it.GetPath(), fragments: fragments(it.TextMatches)})
		}
		if page*perPage >= maxResults {
			return "", nil // GitHub refuses the pages beyond
		}
		return next, nil
	})
	if err != nil {
		return err
	}
	if split {
		half := len(terms) / 2
		if err := s.search(ctx, qualifier, terms[:half]); err != nil {
			return err
		}
		return s.search(ctx, qualifier, terms[half:])
	}
	if incomplete {
		notes = append(notes, "GitHub code search reported incomplete results for this search")
	}
	for _, it := range items {
		s.record(it, terms, notes)
	}
	return nil
}

// codeHit is one search result: a file and the fragments that matched.
type codeHit struct {
	repo, path string
	fragments  []string
}

func fragments(tms []*gh.TextMatch) []string {
	var out []string
	for _, tm := range tms {
		if tm != nil && tm.Fragment != nil {
			out = append(out, strings.ToLower(*tm.Fragment))
		}
	}
	return out
}

// record adds a result under each term it contains as written.
func (s *searcher) record(it *codeHit, terms []searchTerm, notes []string) {
	hay := append(slices.Clone(it.fragments), strings.ToLower(it.path))
	for _, t := range terms {
		lt := strings.ToLower(t.text)
		if !slices.ContainsFunc(hay, func(h string) bool { return strings.Contains(h, lt) }) {
			continue
		}
		product := ""
		if len(t.products) == 1 {
			product = t.products[0]
		}
		k := hitKey{product: product, repo: it.repo, path: it.path}
		h := s.hits[k]
		if h == nil {
			h = &hit{}
			s.hits[k] = h
		}
		if !slices.Contains(h.terms, t.text) {
			h.terms = append(h.terms, t.text)
		}
		for _, n := range notes {
			if !slices.Contains(h.notes, n) {
				h.notes = append(h.notes, n)
			}
		}
	}
}

// integrations are the hits, sorted, each with its most specific terms
// ("@segment/analytics-node" rather than also "analytics-node").
func (s *searcher) integrations() []usage.Integration {
	out := make([]usage.Integration, 0, len(s.hits))
	for k, h := range s.hits {
		var terms []string
		for _, t := range h.terms {
			lt := strings.ToLower(t)
			if !slices.ContainsFunc(h.terms, func(o string) bool { return len(o) > len(t) && strings.Contains(strings.ToLower(o), lt) }) {
				terms = append(terms, t)
			}
		}
		slices.Sort(terms)
		evidence := strings.Join(terms, ", ")
		if len(h.notes) > 0 {
			slices.Sort(h.notes)
			evidence += " (" + strings.Join(h.notes, "; ") + ")"
		}
		out = append(out, usage.Integration{Source: Kind, Product: k.product, Repo: k.repo, Path: k.path, Evidence: evidence})
	}
	slices.SortFunc(out, func(a, b usage.Integration) int {
		return cmp.Or(cmp.Compare(a.Product, b.Product), cmp.Compare(a.Repo, b.Repo), cmp.Compare(a.Path, b.Path))
	})
	return out
}
