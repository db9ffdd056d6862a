package inventory

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// The reference roots of the language: `team.mops`, `tool.hubspot`, …
const (
	kindTeam       = "team"
	kindObjective  = "objective"
	kindDataClass  = "data_class"
	kindCapability = "capability"
	kindTool       = "tool"
	kindFlow       = "flow"
)

var refKinds = []string{kindTeam, kindObjective, kindDataClass, kindCapability, kindTool, kindFlow}

// ref is a parsed, not yet resolved reference.
type ref struct {
	kind, name string
	rng        hcl.Range
}

// parseRef reads a `KIND.NAME` traversal. want is the kind the attribute
// accepts, or "" for any kind (a waiver's subjects).
func (d *decoder) parseRef(expr hcl.Expression, attrName, want string) (ref, bool) {
	example := "tool.hubspot"
	if want != "" {
		example = want + ".NAME"
	}
	t, isTemplate, ok := jsonTemplateRef(expr)
	if isTemplate && !ok {
		d.errorAt(expr.Range(), "Invalid reference",
			"%q expects a reference like %s. In JSON, write it as a string that holds the reference alone, \"%s\" or \"${%s}\", with no other text or expression.",
			attrName, example, example, example)
		return ref{}, false
	}
	if !isTemplate {
		var diags hcl.Diagnostics
		t, diags = hcl.AbsTraversalForExpr(expr)
		if diags.HasErrors() {
			hint := ""
			if _, isTemplate := expr.(*hclsyntax.TemplateExpr); isTemplate {
				hint = " References are written without quotes."
			}
			d.errorAt(expr.Range(), "Invalid reference", "%q expects a reference like %s.%s", attrName, example, hint)
			return ref{}, false
		}
	}
	root := t.RootName()
	if len(t) != 2 {
		d.errorAt(t.SourceRange(), "Invalid reference", "%q expects a reference like %s, with exactly one name after the block type.", attrName, example)
		return ref{}, false
	}
	step, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		d.errorAt(t.SourceRange(), "Invalid reference", "%q expects a reference like %s.", attrName, example)
		return ref{}, false
	}
	known := false
	for _, k := range refKinds {
		known = known || k == root
	}
	switch {
	case !known:
		d.errorAt(t.SourceRange(), "Invalid reference", "%q is not a block type that can be referenced; %q expects a reference like %s.%s",
			root, attrName, example, didYouMean(root, refKinds))
		return ref{}, false
	case want != "" && root != want:
		d.errorAt(refRange(expr, t), "Wrong kind of reference", "%q must refer to %s %s (%s), not to %s %s.",
			attrName, article(kindWord(want)), kindWord(want), example, article(kindWord(root)), kindWord(root))
		return ref{}, false
	}
	return ref{kind: root, name: step.Name, rng: refRange(expr, t)}, true
}

// jsonTemplateRef reads a reference written as Terraform's JSON syntax
// writes one, a string template that is exactly one reference:
// "${team.data}". isTemplate says whether expr is a JSON string with a
// template sequence in it; ok, whether that template is one reference, t.
// The traversal's range is where it stands in the file when the string has
// no escape sequences, and the whole string otherwise.
func jsonTemplateRef(expr hcl.Expression) (t hcl.Traversal, isTemplate, ok bool) {
	if _, native := expr.(hclsyntax.Expression); native {
		return nil, false, false
	}
	v, diags := expr.Value(nil) // without a context, hcl's JSON strings are not templates
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return nil, false, false
	}
	s := v.AsString()
	if !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
		return nil, false, false
	}
	r := expr.Range()
	start := r.Start
	start.Byte++ // past the opening quote
	start.Column++
	tmpl, diags := hclsyntax.ParseTemplate([]byte(s), r.Filename, start)
	if diags.HasErrors() {
		return nil, true, false
	}
	wrap, isWrap := tmpl.(*hclsyntax.TemplateWrapExpr)
	if !isWrap {
		return nil, true, false
	}
	st, isTraversal := wrap.Wrapped.(*hclsyntax.ScopeTraversalExpr)
	if !isTraversal {
		return nil, true, false
	}
	t = st.Traversal
	if r.End.Byte-r.Start.Byte != len(s)+2 {
		// Escapes shift the text against the file: point at the whole
		// string, inside its quotes.
		inner := r
		inner.Start = start
		inner.End.Byte--
		inner.End.Column--
		t = append(hcl.Traversal(nil), t...)
		t[0] = hcl.TraverseRoot{Name: t.RootName(), SrcRange: inner}
		t[len(t)-1] = withRange(t[len(t)-1], inner)
	}
	return t, true, true
}

// withRange is a traversal step with its range replaced.
func withRange(step hcl.Traverser, r hcl.Range) hcl.Traverser {
	switch s := step.(type) {
	case hcl.TraverseRoot:
		s.SrcRange = r
		return s
	case hcl.TraverseAttr:
		s.SrcRange = r
		return s
	case hcl.TraverseIndex:
		s.SrcRange = r
		return s
	case hcl.TraverseSplat:
		s.SrcRange = r
		return s
	}
	return step
}

// refRange is where a reference was written. hcl's JSON syntax parses a
// reference out of a string starting at the opening quote, so its range is
// one character early; it is moved onto the reference itself.
func refRange(expr hcl.Expression, t hcl.Traversal) hcl.Range {
	r := t.SourceRange()
	if _, native := expr.(hclsyntax.Expression); !native && r.Start.Byte == expr.Range().Start.Byte {
		r.Start.Byte, r.Start.Column = r.Start.Byte+1, r.Start.Column+1
		r.End.Byte, r.End.Column = r.End.Byte+1, r.End.Column+1
	}
	return r
}

func (d *decoder) parseRefList(attr *hcl.Attribute, want string) []ref {
	exprs, diags := hcl.ExprList(attr.Expr)
	if diags.HasErrors() {
		d.errorAt(attr.Expr.Range(), "Incorrect attribute value type", "%q must be a list of references, like [%s.NAME].", attr.Name, orAny(want))
		return nil
	}
	refs := make([]ref, 0, len(exprs))
	for _, e := range exprs {
		if r, ok := d.parseRef(e, attr.Name, want); ok {
			refs = append(refs, r)
		}
	}
	return refs
}

func orAny(want string) string {
	if want == "" {
		return "tool"
	}
	return want
}

// resolver looks references up once every block is indexed.
type resolver struct {
	d       *decoder
	idx     *index
	catalog *catalog.Catalog
	// suggestions are costly on huge inventories with many broken
	// references; past this many the error is given without one.
	suggestionsLeft int
	// names are the sorted names of each kind, for suggestions: sorted
	// once, not once per broken reference.
	names map[string][]string
}

func (r *resolver) unknown(x ref, kind string, names func() []string) {
	hint := ""
	if r.suggestionsLeft > 0 {
		r.suggestionsLeft--
		sorted, ok := r.names[kind]
		if !ok {
			sorted = names()
			if r.names == nil {
				r.names = map[string][]string{}
			}
			r.names[kind] = sorted
		}
		hint = didYouMean(x.name, sorted)
	}
	r.d.errorAt(x.rng, "Reference to undeclared "+kindWord(kind),
		"There is no %s %q in this inventory.%s", kindWord(kind), x.name, hint)
}

func kindWord(kind string) string {
	if kind == kindDataClass {
		return "data class"
	}
	return kind
}

func lookup[T any](r *resolver, x ref, m map[string]*T) *T {
	if v, ok := m[x.name]; ok {
		return v
	}
	r.unknown(x, x.kind, func() []string { return slices.Sorted(maps.Keys(m)) })
	return nil
}

func (r *resolver) team(x ref) *Team             { return lookup(r, x, r.idx.teams) }
func (r *resolver) objective(x ref) *Objective   { return lookup(r, x, r.idx.objectives) }
func (r *resolver) dataClass(x ref) *DataClass   { return lookup(r, x, r.idx.dataClasses) }
func (r *resolver) tool(x ref) *Tool             { return lookup(r, x, r.idx.tools) }
func (r *resolver) capability(x ref) *Capability { return lookup(r, x, r.idx.capabilities) }
func (r *resolver) flow(x ref) *Flow             { return lookup(r, x, r.idx.flows) }

// exists checks a reference of any kind, for waiver subjects.
func (r *resolver) exists(x ref) bool {
	switch x.kind {
	case kindTeam:
		return r.team(x) != nil
	case kindObjective:
		return r.objective(x) != nil
	case kindDataClass:
		return r.dataClass(x) != nil
	case kindTool:
		return r.tool(x) != nil
	case kindFlow:
		return r.flow(x) != nil
	case kindCapability:
		return r.capability(x) != nil
	}
	panic(fmt.Sprintf("inventory: reference kind %q has no index", x.kind))
}

func (r *resolver) builtinCapability(id string) bool {
	_, ok := r.catalog.Capability(id)
	return ok
}
