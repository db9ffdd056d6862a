package dashboard

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// The flow graph's geometry, in SVG user units.
const (
	nodeW, nodeH = 190, 34
	layerGap     = 120 // between one layer's right edge and the next's left
	rowGap       = 22
	margin       = 30
	headerH      = 30
	// maxDrawnFlows bounds the drawing: beyond it the SVG would be too
	// large to read or print; the table below it lists every flow.
	maxDrawnFlows = 400
)

// flowGraph is the data-flow diagram laid out in Go: tools in layers by
// their first journey stage (left to right), flows as curves between them.
type flowGraph struct {
	Width, Height int
	Layers        []layerLabel
	Nodes         []*node
	Edges         []edge
	Flows         []*result.FlowFact
	Omitted       int
}

type layerLabel struct {
	X    int
	Name string
}

type node struct {
	ID, Name string
	// Label is the name as drawn, shortened to fit the box.
	Label string
	X, Y  int
	layer int
	order float64
}

type edge struct {
	Path        string
	LabelX      int
	LabelY      int
	Label       string
	Sensitivity string
	Gap         bool
	Title       string
}

// layoutFlows places every tool that a drawn flow touches: layer by
// journey stage, then within a layer by the mean position of its
// neighbours (one barycentre sweep each way), which untangles most
// crossings without a layout library.
func layoutFlows(inv *inventory.Inventory, res *result.Result) flowGraph {
	g := flowGraph{Flows: res.Flows}
	flows := res.Flows
	if len(flows) > maxDrawnFlows {
		g.Omitted = len(flows) - maxDrawnFlows
		flows = flows[:maxDrawnFlows]
	}
	if len(flows) == 0 {
		return g
	}
	stages := inventory.Stages()
	stageIndex := map[string]int{}
	for i, s := range stages {
		stageIndex[s] = i
	}
	nodes := map[string]*node{}
	add := func(id, name string) *node {
		if n := nodes[id]; n != nil {
			return n
		}
		n := &node{ID: id, Name: name, Label: fit(name, 26), layer: len(stages)}
		if t := res.Tool(id); t != nil {
			for _, s := range t.Stages {
				if i, ok := stageIndex[s]; ok && i < n.layer {
					n.layer = i
				}
			}
		}
		nodes[id] = n
		return n
	}
	for _, f := range flows {
		add(f.From, f.FromName)
		add(f.To, f.ToName)
	}
	// Layers used, in journey order; empty stages take no room.
	used := map[int][]*node{}
	for _, n := range nodes {
		used[n.layer] = append(used[n.layer], n)
	}
	var layerIDs []int
	for l := range used {
		layerIDs = append(layerIDs, l)
	}
	sort.Ints(layerIDs)
	for _, l := range layerIDs {
		ns := used[l]
		sort.Slice(ns, func(i, j int) bool {
			if ns[i].Name != ns[j].Name {
				return ns[i].Name < ns[j].Name
			}
			return ns[i].ID < ns[j].ID
		})
		for i, n := range ns {
			n.order = float64(i)
		}
	}
	neighbours := map[string][]*node{}
	for _, f := range flows {
		neighbours[f.From] = append(neighbours[f.From], nodes[f.To])
		neighbours[f.To] = append(neighbours[f.To], nodes[f.From])
	}
	sweep := func(ids []int) {
		for _, l := range ids {
			ns := used[l]
			bary := make(map[*node]float64, len(ns))
			for _, n := range ns {
				sum, k := 0.0, 0
				for _, m := range neighbours[n.ID] {
					if m.layer != n.layer {
						sum += m.order
						k++
					}
				}
				bary[n] = n.order
				if k > 0 {
					bary[n] = sum / float64(k)
				}
			}
			sort.SliceStable(ns, func(i, j int) bool { return bary[ns[i]] < bary[ns[j]] })
			for i, n := range ns {
				n.order = float64(i)
			}
		}
	}
	sweep(layerIDs)
	rev := append([]int(nil), layerIDs...)
	sort.Sort(sort.Reverse(sort.IntSlice(rev)))
	sweep(rev)

	tallest := 0
	for col, l := range layerIDs {
		x := margin + col*(nodeW+layerGap)
		name := "No stage"
		if l < len(stages) {
			name = title(stages[l])
		}
		g.Layers = append(g.Layers, layerLabel{X: x + nodeW/2, Name: name})
		for i, n := range used[l] {
			n.X, n.Y = x, margin+headerH+i*(nodeH+rowGap)
			g.Nodes = append(g.Nodes, n)
		}
		tallest = max(tallest, len(used[l]))
	}
	g.Width = 2*margin + len(layerIDs)*nodeW + (len(layerIDs)-1)*layerGap
	g.Height = 2*margin + headerH + tallest*(nodeH+rowGap)
	for _, f := range flows {
		a, b := nodes[f.From], nodes[f.To]
		g.Edges = append(g.Edges, route(f, a, b))
	}
	return g
}

// route draws a flow between the facing sides of its tools; a flow within
// a layer loops out to the right of both.
func route(f *result.FlowFact, a, b *node) edge {
	e := edge{Label: strings.Join(f.Data, ", "), Sensitivity: f.HighestSensitivity, Gap: len(f.Gaps) > 0}
	if e.Sensitivity == "" {
		e.Sensitivity = "none"
	}
	e.Title = fmt.Sprintf("%s → %s", f.FromName, f.ToName)
	if e.Label != "" {
		e.Title += ": " + e.Label
	}
	if e.Gap {
		e.Title += " (" + strings.Join(f.Gaps, ", ") + ")"
	}
	ay, by := a.Y+nodeH/2, b.Y+nodeH/2
	if b.X > a.X {
		x1, x2 := a.X+nodeW, b.X
		mid := (x1 + x2) / 2
		e.Path = fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, ay, mid, ay, mid, by, x2, by)
		e.LabelX, e.LabelY = mid, (ay+by)/2-4
		return e
	}
	if b.X < a.X {
		x1, x2 := a.X, b.X+nodeW
		mid := (x1 + x2) / 2
		e.Path = fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, ay, mid, ay, mid, by, x2, by)
		e.LabelX, e.LabelY = mid, (ay+by)/2-4
		return e
	}
	x1, x2 := a.X+nodeW, b.X+nodeW
	out := max(x1, x2) + layerGap/2
	e.Path = fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, ay, out, ay, out, by, x2, by)
	e.LabelX, e.LabelY = out-layerGap/4, (ay+by)/2-4
	return e
}

// fit shortens a name to n runes with an ellipsis; the node's title holds
// the whole name.
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
