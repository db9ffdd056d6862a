// Package policies judges an inventory: the built-in rules of SPEC §4 (one
// file per family), custom HCL policies, rule configuration, waivers and
// baselines. The entry point is [Evaluate], which returns a [Result]: the
// findings, and the facts every report needs (annual cost per tool in the
// organization's currency, utilization, overlap groups with their saving,
// ownership gaps, renewal deadlines), computed once, here, so that no
// report computes them again.
package policies
