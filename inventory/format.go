package inventory

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns the canonical form of an HCL inventory file, as
// `stackaudit fmt` writes it. A file with syntax errors is not formatted:
// its diagnostics are returned instead, since reformatting broken input
// could move the error away from where the user made it.
func Format(filename string, src []byte) ([]byte, hcl.Diagnostics) {
	if diag := checkSource(filename, src, nil); diag != nil {
		return nil, hcl.Diagnostics{diag}
	}
	if _, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos); diags.HasErrors() {
		return nil, diags
	}
	return hclwrite.Format(src), nil
}
