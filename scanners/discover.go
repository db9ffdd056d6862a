package scanners

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/usage"
)

// ValidateDiscovery checks the settings of every discovery block whose
// kind this build implements, without any network call.
func ValidateDiscovery(inv *inventory.Inventory, discoverers map[string]Discoverer) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, d := range inv.Discoveries {
		if dd, ok := discoverers[d.Kind]; ok && d.Kind != "" {
			diags = append(diags, dd.Validate(d)...)
		}
	}
	return diags
}

// discoverOne runs one discovery block. It returns nil, nil when the
// block's token variable is not set (skipped, like a tool).
func discoverOne(ctx context.Context, inv *inventory.Inventory, d *inventory.Discovery, opts RunOptions, limiter *rate.Limiter) (got *usage.Discovered, err error) {
	var red Redactor
	fail := func(err error) (*usage.Discovered, error) {
		return nil, errors.New(Sanitize(red.String(err.Error()), maxPrinted))
	}
	if err := ctx.Err(); err != nil {
		return fail(fmt.Errorf("not run: %w", stopped(ctx)))
	}
	dd, ok := opts.Discoverers[d.Kind]
	if !ok {
		return fail(fmt.Errorf("no %q discoverer in this build", d.Kind))
	}
	if diags := dd.Validate(d); diags.HasErrors() {
		return fail(fmt.Errorf("invalid discovery settings: %s", diags.Error()))
	}
	if d.TokenEnv != "" {
		token := opts.Getenv(d.TokenEnv)
		if token == "" {
			return nil, nil
		}
		red = NewRedactor(token)
	}
	defer func() {
		if r := recover(); r != nil {
			got, err = fail(fmt.Errorf("%s discoverer panicked: %v", d.Kind, r))
		}
	}()
	got, err = dd.Discover(ctx, d, blockEnv(inv, d.Kind, d.TokenEnv, opts, limiter))
	if err != nil {
		return fail(deadlineErr(ctx, err))
	}
	if got == nil {
		got = &usage.Discovered{}
	}
	red.Strings(got)
	return got, nil
}

// mergeDiscovered combines what every discovery block found into the
// snapshot's section: products filled in from the catalog where a name
// identifies exactly one, duplicates removed, everything sorted, and the
// failed or skipped blocks listed.
func mergeDiscovered(inv *inventory.Inventory, blocks []*inventory.Discovery, found []*usage.Discovered, results []ToolResult) usage.Discovered {
	out := usage.Discovered{Tools: []usage.DiscoveredTool{}, Integrations: []usage.Integration{}, Flows: []usage.DiscoveredFlow{}}
	for i, f := range found {
		if f == nil {
			status, msg := results[i].Status, ""
			if results[i].Err != nil {
				msg = Sanitize(results[i].Err.Error(), maxMessage)
			}
			out.Errors = append(out.Errors, usage.DiscoveryError{Source: blocks[i].Kind, Status: status, Error: msg})
			continue
		}
		out.Measured = append(out.Measured, blocks[i].Kind)
		out.Tools = append(out.Tools, f.Tools...)
		out.Integrations = append(out.Integrations, f.Integrations...)
		out.Flows = append(out.Flows, f.Flows...)
	}
	cat := inv.Catalog
	for i := range out.Tools {
		t := &out.Tools[i]
		if t.Product == "" {
			t.Product = onlyProduct(cat, t.Name)
		}
		if t.Scopes == nil {
			t.Scopes = []string{}
		}
	}
	for i := range out.Flows {
		f := &out.Flows[i]
		if f.FromProduct == "" {
			f.FromProduct = onlyProduct(cat, f.From)
		}
		if f.ToProduct == "" {
			f.ToProduct = onlyProduct(cat, f.To)
		}
	}
	slices.SortFunc(out.Tools, func(a, b usage.DiscoveredTool) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), byName(a, b))
	})
	out.Tools = slices.CompactFunc(out.Tools, func(a, b usage.DiscoveredTool) bool {
		return a.Source == b.Source && a.Name == b.Name && a.Evidence == b.Evidence
	})
	slices.SortFunc(out.Integrations, func(a, b usage.Integration) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Product, b.Product), cmp.Compare(a.Repo, b.Repo), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Evidence, b.Evidence))
	})
	out.Integrations = slices.Compact(out.Integrations)
	slices.SortFunc(out.Flows, func(a, b usage.DiscoveredFlow) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Evidence, b.Evidence))
	})
	out.Flows = slices.Compact(out.Flows)
	slices.SortFunc(out.Errors, func(a, b usage.DiscoveryError) int { return cmp.Compare(a.Source, b.Source) })
	slices.Sort(out.Measured)
	out.Measured = slices.Compact(out.Measured)
	return out
}

// onlyProduct is the catalog product an app name identifies, or "" when it
// names none or several (the policies then match by name).
func onlyProduct(cat *catalog.Catalog, name string) string {
	return ProductOf(cat, []string{name}, []string{name})
}

// ProductOf is how a discoverer matches what it found to the catalog: the
// product that one of its names, tried in order, identifies alone (a name
// that matches no product or several is passed over), or else one of its
// hosts (a website, a sign-on URL); "" when none does or cat is nil.
func ProductOf(cat *catalog.Catalog, names, hosts []string) string {
	if cat == nil {
		return ""
	}
	for _, name := range names {
		if ps := cat.MatchAppName(name); len(ps) == 1 {
			return ps[0].ID
		}
	}
	for _, h := range hosts {
		if ps := cat.MatchHost(h); len(ps) == 1 {
			return ps[0].ID
		}
	}
	return ""
}

// ToolsFound is the answer of a discoverer that finds tools only (an
// identity provider's apps): its tools in the order people look them up,
// by name whatever its case, then by evidence, and no integrations or
// flows (empty lists, which a snapshot writes as []).
func ToolsFound(tools []usage.DiscoveredTool) *usage.Discovered {
	slices.SortStableFunc(tools, byName)
	return &usage.Discovered{Tools: tools, Integrations: []usage.Integration{}, Flows: []usage.DiscoveredFlow{}}
}

// byName orders discovered tools by name whatever its case, then by
// evidence: within one source and across them.
func byName(a, b usage.DiscoveredTool) int {
	return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Evidence, b.Evidence))
}
