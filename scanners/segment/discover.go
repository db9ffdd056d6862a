package segment

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Discoverer reports a Segment workspace's source → destination flows.
type Discoverer struct{}

// NewDiscoverer returns the Segment discoverer.
func NewDiscoverer() *Discoverer { return &Discoverer{} }

// discoverySettings are the segment discovery block's own settings:
//
//	discovery "segment" {
//	  token_env        = "SEGMENT_TOKEN"
//	  include_disabled = false # also report disabled sources and destinations
//	}
type discoverySettings struct {
	includeDisabled bool
}

var discoverySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "include_disabled"}},
}

// Validate implements scanners.Discoverer.
func (*Discoverer) Validate(d *inventory.Discovery) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decodeDiscovery(d))
}

func decodeDiscovery(d *inventory.Discovery) (discoverySettings, hcl.Diagnostics) {
	var st discoverySettings
	diags := scanners.RequireDiscoveryTokenEnv(d, "Segment discovery reads a Segment Public API token from an environment variable: "+
		"add token_env = \"SEGMENT_TOKEN\" and "+tokenHowTo+".")
	diags = append(diags, scanners.Settings(d.Body, discoverySchema, func(attrs hcl.Attributes) hcl.Diagnostics {
		return scanners.BoolSetting(attrs, "include_disabled",
			"include_disabled is false (report only enabled destinations of enabled sources) or true (report disabled ones too, marked so in the evidence).",
			&st.includeDisabled)
	})...)
	return st, diags
}

// asScan lets the scan-block helpers (the token read) serve a discovery
// block, which has the same connector fields.
func asScan(d *inventory.Discovery) *inventory.Scan {
	return &inventory.Scan{Source: d.Source, Kind: d.Kind, TokenEnv: d.TokenEnv, Host: d.Host, Body: d.Body}
}

// Discover implements scanners.Discoverer.
func (*Discoverer) Discover(ctx context.Context, d *inventory.Discovery, env scanners.Env) (*usage.Discovered, error) {
	st, diags := decodeDiscovery(d)
	if diags.HasErrors() {
		return nil, diags
	}
	a, err := newAPI(env, asScan(d))
	if err != nil {
		return nil, err
	}
	sources := map[string]Source{}
	err = a.list(ctx, sourcesPath, func(body []byte) (string, error) {
		p, err := DecodeSources(body)
		if err != nil {
			return "", err
		}
		for _, s := range p.Sources {
			sources[s.ID] = s
		}
		return p.Pagination.next(), nil
	})
	if err != nil {
		return nil, err
	}
	var dests []Destination
	seen := map[string]bool{}
	err = a.list(ctx, destinationsPath, func(body []byte) (string, error) {
		p, err := DecodeDestinations(body)
		if err != nil {
			return "", err
		}
		for _, dst := range p.Destinations {
			if !seen[dst.ID] {
				seen[dst.ID] = true
				dests = append(dests, dst)
			}
		}
		return p.Pagination.next(), nil
	})
	if err != nil {
		return nil, err
	}
	flows := Flows(sources, dests, st.includeDisabled, env.Catalog)
	return &usage.Discovered{Tools: []usage.DiscoveredTool{}, Integrations: []usage.Integration{}, Flows: flows}, nil
}

// Flows turns a workspace's sources and destinations into flows, sorted. A
// destination whose source is not listed (deleted while we paged) is left
// out: its state cannot be told. cat may be nil (no products filled in).
func Flows(sources map[string]Source, dests []Destination, includeDisabled bool, cat *catalog.Catalog) []usage.DiscoveredFlow {
	flows := []usage.DiscoveredFlow{}
	for _, dst := range dests {
		src, ok := sources[dst.SourceID]
		if !ok {
			continue
		}
		if !includeDisabled && (!dst.Enabled || !src.Enabled) {
			continue
		}
		state := "enabled"
		if !dst.Enabled {
			state = "disabled"
		}
		srcNote := firstOf(src.Slug, src.ID)
		if !src.Enabled {
			srcNote += " (source disabled)"
		}
		flows = append(flows, usage.DiscoveredFlow{
			Source:      Kind,
			From:        sourceLabel(src),
			To:          firstOf(dst.Metadata.Name, dst.Name, dst.ID),
			FromProduct: Kind, // the data flows through Segment
			ToProduct:   destinationProduct(cat, dst.Metadata),
			Evidence:    fmt.Sprintf("destination %s %s on source %s", dst.ID, state, srcNote),
		})
	}
	slices.SortFunc(flows, func(a, b usage.DiscoveredFlow) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Evidence, b.Evidence))
	})
	return flows
}

// sourceLabel names a source by its own name and its type: "Web
// (Javascript)".
func sourceLabel(s Source) string {
	name := firstOf(s.Name, s.Slug, s.ID)
	if t := s.Metadata.Name; t != "" && !strings.EqualFold(t, name) {
		return name + " (" + t + ")"
	}
	return name
}

// destinationProduct is the catalog product a destination type identifies,
// or "" when none or several match. The catalog's app names are tried with
// the type's name ("Mixpanel (Actions)"), without its parenthesised variant,
// then its slug ("actions-mixpanel", "mixpanel"), then its website's host.
// A website on Segment's own domains is not taken: Segment-built
// destinations (Webhooks, Functions) link there, and the flow already runs
// through Segment.
func destinationProduct(cat *catalog.Catalog, m Metadata) string {
	if cat == nil {
		return ""
	}
	bare := strings.TrimSpace(m.Name)
	if i := strings.LastIndex(bare, " ("); i > 0 && strings.HasSuffix(bare, ")") {
		bare = bare[:i]
	}
	if id := scanners.ProductOf(cat, []string{m.Name, bare, m.Slug, strings.TrimPrefix(m.Slug, "actions-")}, nil); id != "" {
		return id
	}
	if m.Website != "" {
		if ps := cat.MatchHost(m.Website); len(ps) == 1 && ps[0].ID != Kind {
			return ps[0].ID
		}
	}
	return ""
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}
