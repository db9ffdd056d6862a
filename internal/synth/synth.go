// Package synth writes synthetic inventories of any size for benchmarks.
// The output is deterministic for a given Size, valid, and shaped like a
// real one: a team tree, objectives, data classes, tools drawn from the
// catalog's categories and capabilities with costs and contracts, and flows
// between them, spread over many files.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Size says how big an inventory to write, and what is wrong with it. The
// zero values of the options give a valid inventory whose content depends
// only on the four sizes.
type Size struct {
	Tools, Flows, Teams, Files int
	// CustomTaxonomy gives every tool a category and capabilities of its
	// own naming, none of them in the taxonomy nor declared, so that every
	// tool draws "Unknown category" and "Unknown capability" warnings (the
	// inventory of a company with its own vocabulary).
	CustomTaxonomy bool
	// BadRefPercent is the share of references, in percent, that name a
	// block that does not exist: each one is an error.
	BadRefPercent int
}

// Categories and capabilities the generator draws from; a fixed list keeps
// synth independent of the catalog and the output stable across catalog
// edits.
var (
	categories   = []string{"marketing-automation", "crm", "web-mobile-analytics", "social-media", "cdp", "email-marketing", "abm", "events-webinars", "collaboration", "dashboards-visualization"}
	capabilities = []string{"email-marketing", "landing-pages", "forms", "lead-scoring", "crm", "web-analytics", "product-analytics", "session-replay", "social-publishing", "social-listening", "customer-data-platform", "webinars", "team-chat", "dashboards", "intent-data", "account-intelligence"}
	products     = []string{"hubspot-marketing-hub", "marketo-engage", "salesforce-sales-cloud", "amplitude", "mixpanel", "hotjar", "segment", "slack", "zoom-webinars", "looker"}
	methods      = []string{"native", "api", "file", "etl", "reverse-etl", "cdp", "manual"}
	frequencies  = []string{"realtime", "hourly", "daily", "weekly", "monthly", "ad-hoc"}
)

// Write writes an inventory of the given size into dir, which must exist.
func Write(dir string, s Size) error {
	if s.Files < 4 {
		s.Files = 4
	}
	if s.Teams < 1 {
		s.Teams = 1
	}
	r := rand.New(rand.NewPCG(1, uint64(s.Tools)<<20^uint64(s.Flows)))
	// The options draw from their own source, so that r's sequence, and
	// with it the inventory without options, stays as it always was.
	g := &gen{r: r, s: s, bad: rand.New(rand.NewPCG(2, uint64(s.Tools)<<20^uint64(s.Flows)))}
	var b strings.Builder

	b.WriteString("organization {\n  name           = \"Synthetic Corp\"\n  currency       = \"USD\"\n  exchange_rates = { EUR = 1.08, GBP = 1.27 }\n}\n\n")
	for i := 0; i < 10; i++ {
		sens := []string{"public", "internal", "personal", "sensitive"}[i%4]
		fmt.Fprintf(&b, "data_class \"dc%d\" {\n  name        = \"Data class %d\"\n  sensitivity = %q\n  steward     = team.t%d\n}\n\n", i, i, sens, i%s.Teams)
	}
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "objective \"o%d\" {\n  name  = \"Objective %d\"\n  owner = team.t%d\n  kpis  = [\"KPI %d\"]\n}\n\n", i, i, i%s.Teams, i)
	}
	if err := write(dir, "org.hcl", b.String()); err != nil {
		return err
	}

	b.Reset()
	for i := 0; i < s.Teams; i++ {
		fmt.Fprintf(&b, "team \"t%d\" {\n  name = \"Team %d\"\n  lead = \"lead%d@synthetic.example\"\n", i, i, i)
		if i > 0 {
			fmt.Fprintf(&b, "  parent = team.t%d\n", (i-1)/4)
		}
		if i%25 == 24 {
			b.WriteString("  kind = \"agency\"\n")
		}
		b.WriteString("}\n\n")
	}
	if err := write(dir, "teams.hcl", b.String()); err != nil {
		return err
	}

	toolFiles := (s.Files - 2) / 2
	if toolFiles < 1 {
		toolFiles = 1
	}
	flowFiles := s.Files - 2 - toolFiles
	if err := chunked(dir, "tools", toolFiles, s.Tools, g.tool); err != nil {
		return err
	}
	return chunked(dir, "flows", flowFiles, s.Flows, g.flow)
}

// gen generates tools and flows: r draws their content, bad draws the
// references that BadRefPercent breaks.
type gen struct {
	r, bad *rand.Rand
	s      Size
}

// ref is a reference to KIND.NAMEn, broken (to a name that is declared
// nowhere) in BadRefPercent of the cases.
func (g *gen) ref(kind, name string, n int) string {
	if g.s.BadRefPercent > 0 && g.bad.IntN(100) < g.s.BadRefPercent {
		return fmt.Sprintf("%s.%s%d_missing", kind, name, n)
	}
	return fmt.Sprintf("%s.%s%d", kind, name, n)
}

func (g *gen) tool(b *strings.Builder, i int) {
	r, s := g.r, g.s
	fmt.Fprintf(b, "tool \"tool%d\" {\n  name         = \"Tool %d\"\n  vendor       = \"Vendor %d\"\n", i, i, i%997)
	if i%10 == 0 {
		fmt.Fprintf(b, "  product      = %q\n", products[r.IntN(len(products))])
	}
	category := categories[r.IntN(len(categories))]
	caps := []string{capabilities[r.IntN(len(capabilities))], capabilities[r.IntN(len(capabilities))]}
	if s.CustomTaxonomy {
		// Names of the company's own, a hundred of each, derived from
		// the drawn ones so that the taxonomy's "did you mean" has
		// something close to weigh.
		category = fmt.Sprintf("%s-inhouse-%d", category, i%100)
		caps = []string{fmt.Sprintf("%s-inhouse-%d", caps[0], i%100), fmt.Sprintf("%s-x-%d", caps[1], i%100)}
	}
	fmt.Fprintf(b, "  category     = %q\n", category)
	fmt.Fprintf(b, "  capabilities = [%q, %q]\n", caps[0], caps[1])
	if i%20 != 0 {
		fmt.Fprintf(b, "  owner        = %s\n", g.ref("team", "t", r.IntN(s.Teams)))
	}
	if i%7 != 0 {
		fmt.Fprintf(b, "  objectives   = [%s]\n", g.ref("objective", "o", r.IntN(50)))
	}
	fmt.Fprintf(b, "  scope        = [%q]\n", []string{"global", "emea", "na", "apac"}[r.IntN(4)])
	fmt.Fprintf(b, "  stores       = [%s]\n", g.ref("data_class", "dc", r.IntN(10)))
	fmt.Fprintf(b, "  sso          = %t\n", i%5 != 0)
	if i%15 != 0 {
		fmt.Fprintf(b, "\n  cost {\n    amount = %d.%02d\n    period = %q\n    seats  = %d\n  }\n", 100+r.IntN(90000), r.IntN(100), []string{"year", "month", "quarter"}[r.IntN(3)], 1+r.IntN(200))
	}
	fmt.Fprintf(b, "\n  contract {\n    start       = \"2025-%02d-01\"\n    end         = \"2026-%02d-01\"\n    auto_renew  = %t\n    notice_days = %d\n    dpa         = %t\n  }\n",
		1+r.IntN(12), 1+r.IntN(12), r.IntN(2) == 0, 30*(1+r.IntN(3)), r.IntN(3) != 0)
	b.WriteString("}\n\n")
}

func (g *gen) flow(b *strings.Builder, i int) {
	r, s := g.r, g.s
	from, to := r.IntN(s.Tools), r.IntN(s.Tools)
	fmt.Fprintf(b, "flow \"flow%d\" {\n  from      = %s\n  to        = %s\n  data      = [%s, %s]\n", i,
		g.ref("tool", "tool", from), g.ref("tool", "tool", to), g.ref("data_class", "dc", r.IntN(10)), g.ref("data_class", "dc", r.IntN(10)))
	if i%10 != 0 {
		fmt.Fprintf(b, "  owner     = %s\n", g.ref("team", "t", r.IntN(s.Teams)))
	}
	fmt.Fprintf(b, "  method    = %q\n  frequency = %q\n}\n\n", methods[r.IntN(len(methods))], frequencies[r.IntN(len(frequencies))])
}

// chunked spreads n generated blocks over files prefix-NN.hcl.
func chunked(dir, prefix string, files, n int, gen func(*strings.Builder, int)) error {
	per := (n + files - 1) / files
	var b strings.Builder
	for f := 0; f < files; f++ {
		b.Reset()
		for i := f * per; i < (f+1)*per && i < n; i++ {
			gen(&b, i)
		}
		if err := write(dir, fmt.Sprintf("%s/%s-%03d.hcl", prefix, prefix, f), b.String()); err != nil {
			return err
		}
	}
	return nil
}

func write(dir, name, content string) error {
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return nil
}
