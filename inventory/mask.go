package inventory

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MaskSecrets returns a copy of src, an inventory file in HCL native
// syntax, with every value that Load reports as a literal secret masked as
// the diagnostics of validate show it: each byte of the value, but its
// quotes and line ends, replaced by '*', so that offsets and lines are
// unchanged. It masks the string literals that look like credentials and
// the values of credential-only attributes (token = …), in any block. For
// commands that print an inventory's text without loading it (fmt -diff,
// fmt's diagnostics).
func MaskSecrets(filename string, src []byte) []byte {
	out := slices.Clone(src)
	mask := func(start, end int) {
		for i := max(start, 0); i < end && i < len(out); i++ {
			if c := out[i]; c != '"' && c != '\n' && c != '\r' {
				out[i] = '*'
			}
		}
	}
	// Every string literal, even of a file the parser must not see (a
	// binary or too deeply nested file still has its lines shown).
	scanSource(src, func(start, end int) {
		if looksLikeCredential(string(src[start:end])) {
			mask(start, end)
		}
	})
	if checkSource(filename, src, nil) != nil {
		return out
	}
	// A file that does not parse still gives the attributes before the
	// error.
	f, _ := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if f == nil {
		return out
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		maskSecretAttrs(body, mask)
	}
	return out
}

func maskSecretAttrs(body *hclsyntax.Body, mask func(start, end int)) {
	for name, a := range body.Attributes {
		if slices.Contains(secretAttrs, name) {
			r := a.Expr.Range()
			mask(r.Start.Byte, r.End.Byte)
		}
	}
	for _, b := range body.Blocks {
		if b.Body != nil {
			maskSecretAttrs(b.Body, mask)
		}
	}
}
