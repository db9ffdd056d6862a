package inventory

import (
	"encoding/json"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// nativeExpr returns a policy expression written in JSON syntax (a
// .hcl.json file) as the native-syntax expression it stands for, so that
// the custom-policy budget, which guards native syntax nodes, bounds it as
// well: hcl's JSON expressions parse and evaluate their templates inside
// Value, where nothing can count their steps. A JSON string is the
// template hcl itself would parse from it (the same source positions); a
// number, bool or null is a constant and stays as it is. An array or an
// object would hold templates the budget cannot reach: it is refused.
func (d *decoder) nativeExpr(a *hcl.Attribute) hcl.Expression {
	if _, native := a.Expr.(hclsyntax.Expression); native || d.src == nil {
		return a.Expr
	}
	rng := a.Expr.Range()
	if rng.Start.Byte < 0 || rng.End.Byte > len(d.src) || rng.Start.Byte >= rng.End.Byte {
		return a.Expr
	}
	raw := d.src[rng.Start.Byte:rng.End.Byte]
	switch strings.TrimSpace(string(raw))[0] {
	case '"':
	case '[', '{':
		d.errorAt(rng, "Unsupported policy expression",
			"In JSON syntax, a policy's %s is a string holding the expression (\"${...}\"), not an array or an object: write it as a string.", a.Name)
		return a.Expr
	default:
		return a.Expr
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return a.Expr
	}
	// The template starts after the opening quote, as in hcl's JSON parser.
	start := rng.Start
	start.Byte++
	start.Column++
	expr, diags := hclsyntax.ParseTemplate([]byte(text), rng.Filename, start)
	if diags.HasErrors() {
		d.add(diags)
		return a.Expr
	}
	return expr
}
