package policies

import (
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// UndeclaredTool is what discovery found that no declared tool matches,
// grouped by Key as the undeclared-tool rule groups its findings (one per
// product id, else per lower-cased app name): the tools `import
// discovered` proposes.
type UndeclaredTool struct {
	// Key is the catalog product id, or the lower-cased app name; it is
	// the id of the undeclared-tool finding's subject.
	Key   string
	Label string
	// Sources are the discovery kinds that saw it; Evidence is one line
	// per sighting ("okta: Hotjar").
	Sources, Evidence []string
	Users             int
}

// UndeclaredFlow is a discovered flow that no declared flow covers, with
// each end resolved as the undeclared-flow rule resolves it.
type UndeclaredFlow struct {
	From, To          FlowEnd
	Sources, Evidence []string
}

// FlowEnd is one end of a discovered flow: the declared tools it matches
// (none when it is itself undeclared), its key and label.
type FlowEnd struct {
	Key, Label string
	Tools      []string
}

// Undeclared lists what the snapshot discovered that the inventory does
// not declare, with the matching of the undeclared-tool and undeclared-flow
// rules, so that a proposal and a finding never disagree.
func Undeclared(inv *inventory.Inventory, snap *usage.Snapshot) ([]UndeclaredTool, []UndeclaredFlow) {
	if snap == nil {
		return nil, nil
	}
	tools := undeclaredToolGroups(inv, snap.Discovered)
	m := newDiscoveryMatcher(inv)
	var outTools []UndeclaredTool
	for _, g := range tools.sorted() {
		outTools = append(outTools, UndeclaredTool{Key: g.key, Label: g.label, Sources: g.sources, Evidence: g.evidence, Users: g.users})
	}
	edges := discoveryEdges(inv.Flows)
	var flows discoveryGroups
	ends := map[string][2]FlowEnd{}
	for _, df := range snap.Discovered.Flows {
		from, to := m.resolve(df.FromProduct, df.From), m.resolve(df.ToProduct, df.To)
		if from.Key == "" || to.Key == "" {
			continue
		}
		if len(from.Tools) > 0 && len(to.Tools) > 0 && (discoverySameTool(from.Tools, to.Tools) || discoveryConnected(edges, from.Tools, to.Tools)) {
			continue
		}
		key := from.Key + "->" + to.Key
		flows.get(key, from.Label+" → "+to.Label).addEvidence(df.Source, discoveryFlowEvidence(df))
		ends[key] = [2]FlowEnd{flowEnd(from), flowEnd(to)}
	}
	var outFlows []UndeclaredFlow
	for _, g := range flows.sorted() {
		e := ends[g.key]
		outFlows = append(outFlows, UndeclaredFlow{From: e[0], To: e[1], Sources: g.sources, Evidence: g.evidence})
	}
	return outTools, outFlows
}

func flowEnd(e discoveryEnd) FlowEnd {
	out := FlowEnd{Key: e.Key, Label: e.Label}
	for _, t := range e.Tools {
		out.Tools = append(out.Tools, t.ID)
	}
	return out
}

// undeclaredToolGroups groups the discovered tools and integrations that
// match no declared tool by product (else name): the undeclared-tool
// rule's findings and Undeclared's proposals.
func undeclaredToolGroups(inv *inventory.Inventory, d usage.Discovered) *discoveryGroups {
	m := newDiscoveryMatcher(inv)
	gs := &discoveryGroups{}
	for _, dt := range d.Tools {
		e := m.resolve(dt.Product, dt.Name)
		if len(e.Tools) > 0 || e.Key == "" {
			continue
		}
		if dt.Spend != nil && !dt.Spend.Matched {
			continue // a merchant no product matches: for triage, not a finding
		}
		g := gs.get(e.Key, e.Label)
		if dt.Spend != nil {
			g.spend = g.spend.Add(dt.Spend.Annual)
		}
		evidence := dt.Evidence
		if evidence == "" {
			evidence = dt.Name
		}
		g.addEvidence(dt.Source, evidence)
		g.users = max(g.users, dt.Users)
	}
	for _, in := range d.Integrations {
		e := m.resolve(in.Product, "", in.Evidence)
		if len(e.Tools) > 0 || e.Key == "" {
			continue
		}
		var where []string
		for _, s := range []string{in.Repo, in.Path} {
			if s != "" {
				where = append(where, s)
			}
		}
		evidence := strings.Join(where, " ")
		if in.Evidence != "" {
			if evidence != "" {
				evidence += ": "
			}
			evidence += in.Evidence
		}
		gs.get(e.Key, e.Label).addEvidence(in.Source, evidence)
	}
	return gs
}
