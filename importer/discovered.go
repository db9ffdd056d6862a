package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/custom"
)

// Proposals are the blocks `import discovered` adds, already rendered.
type Proposals struct {
	// Tools and Flows count the blocks declared; Commented counts those
	// written commented out (a tool the catalog does not know has no
	// category; a flow to it has no tool to name).
	Tools, Flows, Commented int
	// HCL is the text to append to the output file; empty when there is
	// nothing new.
	HCL []byte
}

// Discovered proposes a tool block for each undeclared tool and a flow
// block for each undeclared flow whose ends are declared or proposed,
// filled from the catalog, each with a "TODO owner" comment. Blocks whose
// label already occurs in existing (the output file's current text,
// commented or not) are left out, so that a second run adds nothing.
func Discovered(inv *inventory.Inventory, cat *catalog.Catalog, tools []policies.UndeclaredTool, flows []policies.UndeclaredFlow, existing []byte) Proposals {
	var p Proposals
	var b bytes.Buffer
	taken := map[string]bool{}
	for _, t := range inv.Tools {
		taken[t.ID] = true
	}
	declares := func(kind, id string) bool {
		return regexp.MustCompile(`(?m)^[#\s]*` + kind + ` "` + regexp.QuoteMeta(id) + `"`).Match(existing)
	}
	proposed := map[string]string{} // key -> tool id, for flows
	commented := map[string]bool{}
	for _, u := range tools {
		id := labelFor(u.Key, taken)
		proposed[u.Key] = id
		prod, known := cat.Product(u.Key)
		commented[u.Key] = !known
		if declares("tool", id) {
			continue
		}
		taken[id] = true
		f := hclwrite.NewEmptyFile()
		body := f.Body().AppendNewBlock("tool", []string{id}).Body()
		name := u.Label
		if known {
			name = prod.Name
		}
		body.SetAttributeValue("name", cty.StringVal(name))
		if known {
			body.SetAttributeValue("vendor", cty.StringVal(prod.Vendor))
			body.SetAttributeValue("product", cty.StringVal(prod.ID))
			body.SetAttributeValue("category", cty.StringVal(prod.Category))
			body.SetAttributeValue("capabilities", custom.StringsVal(prod.Capabilities))
		}
		b.WriteString("\n")
		users := ""
		if u.Users > 0 {
			users = fmt.Sprintf(", %d users", u.Users)
		}
		comment(&b, fmt.Sprintf("Discovered by %s%s: %s", strings.Join(u.Sources, ", "), users, oneLine(strings.Join(u.Evidence, "; "))))
		comment(&b, "TODO owner: who owns it? Set owner = team.ID, and add its cost and contract, or remove the tool.")
		p.propose(&b, f, !known, "TODO category: the catalog does not know it; set category (stackaudit catalog list) and remove the leading \"# \".", &p.Tools)
	}
	for _, fl := range flows {
		from, fromOK := flowTool(fl.From, proposed, commented)
		to, toOK := flowTool(fl.To, proposed, commented)
		if from == "" || to == "" {
			continue
		}
		label := slug(from + "_to_" + to)
		if declares("flow", label) {
			continue
		}
		f := hclwrite.NewEmptyFile()
		body := f.Body().AppendNewBlock("flow", []string{label}).Body()
		body.SetAttributeTraversal("from", ref("tool", from))
		body.SetAttributeTraversal("to", ref("tool", to))
		b.WriteString("\n")
		comment(&b, fmt.Sprintf("Discovered by %s: %s", strings.Join(fl.Sources, ", "), oneLine(strings.Join(fl.Evidence, "; "))))
		comment(&b, "TODO owner: set owner = team.ID, the data classes it carries (data = [...]), method and frequency.")
		p.propose(&b, f, !fromOK || !toOK, "TODO: an end of this flow is a tool written commented out above; declare it first.", &p.Flows)
	}
	if b.Len() == 0 {
		return p
	}
	if len(bytes.TrimSpace(existing)) == 0 {
		head := new(bytes.Buffer)
		comment(head, "Proposed by `stackaudit import discovered` from what the latest snapshot discovered",
			"and the inventory does not declare. Review each block: set its owner, or delete it.")
		p.HCL = hclwrite.Format(append(head.Bytes(), b.Bytes()...))
		return p
	}
	p.HCL = hclwrite.Format(b.Bytes())
	return p
}

// propose writes one proposed block to b: as it is, counted in n, or,
// when unsure, commented out behind the todo line that says what to settle
// first, counted in p.Commented. Tools and flows are written alike.
func (p *Proposals) propose(b *bytes.Buffer, f *hclwrite.File, unsure bool, todo string, n *int) {
	if unsure {
		comment(b, todo)
		writeCommented(b, hclwrite.Format(f.Bytes()))
		p.Commented++
		return
	}
	b.Write(hclwrite.Format(f.Bytes()))
	*n++
}

// flowTool names the tool at a flow's end: the first declared tool it
// matches, else the tool proposed for it; ok is false when that tool is
// written commented out.
func flowTool(e policies.FlowEnd, proposed map[string]string, commented map[string]bool) (string, bool) {
	if len(e.Tools) > 0 {
		return e.Tools[0], true
	}
	if id, ok := proposed[e.Key]; ok {
		return id, !commented[e.Key]
	}
	return "", false
}

var labelRe = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// labelFor is the tool label for a discovered key: the catalog id as is,
// else a slug of the name; "_discovered" is added when a declared tool
// has that label already.
func labelFor(key string, taken map[string]bool) string {
	id := key
	if !labelRe.MatchString(id) {
		id = slug(key)
		if id == "" || !isLetter(id[0]) {
			id = "tool_" + id
		}
	}
	if taken[id] {
		id += "_discovered"
	}
	return id
}

func writeCommented(b *bytes.Buffer, block []byte) {
	for _, l := range strings.SplitAfter(strings.TrimSuffix(string(block), "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			b.WriteString("#\n")
			continue
		}
		b.WriteString("# " + l)
	}
	b.WriteString("\n")
}
