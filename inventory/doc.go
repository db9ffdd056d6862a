// Package inventory is the stackaudit inventory language: the HCL schema of
// every block, decoding into a typed model, reference resolution and
// validation with Terraform-style diagnostics.
//
// The entry point is [Load], which reads every *.hcl and *.hcl.json file
// below a directory (skipping folders whose name starts with ".") and returns
// an [Inventory] together with all diagnostics of the run. The inventory is
// returned even when there are errors, so callers can render every problem at
// once; it must not be evaluated when the diagnostics contain errors.
//
// Settings that belong to someone else stay undecoded: the body of a
// `scan "KIND"` or `discovery "KIND"` block is decoded by that scanner kind,
// and the parameters of a `rule` block by the rule. The embedded capability
// taxonomy and product catalog live in the sub-package catalog; [Format]
// is the canonical formatter behind `stackaudit fmt`.
package inventory
