// Package custom is the custom-policy language (SPEC §3, docs/language.md
// "policy"): the object model of an inventory that a `policy` block's
// condition and message are evaluated against, the functions they may call
// (days_until, length, anytrue, …), and an evaluation that shares work
// between subjects. The entry point is [Evaluate], which the rule engine
// (package policies) calls once per evaluation; it returns findings of the
// shared result model, which the engine then waives, deduplicates and
// baselines like every built-in rule's.
package custom
