// Package policies judges an inventory: the rule engine, the built-in
// rules of SPEC §4 (one file per family), rule configuration, waivers and
// the money model. The entry point is [Evaluate], which runs the built-in
// rules and the inventory's custom policies (package custom evaluates
// those) and returns a [result.Result]: the findings, and the facts every
// report needs (annual cost per tool in the organization's currency,
// utilization, overlap groups with their saving, ownership gaps, renewal
// deadlines), computed once, here, so that no report computes them again.
package policies
