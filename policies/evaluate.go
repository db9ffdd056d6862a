package policies

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/custom"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// Options change an evaluation.
type Options struct {
	// AsOf is the audit date every date-dependent rule uses.
	AsOf time.Time
	// Baseline, when set, marks findings it already had as existing, so
	// that only new ones count towards --fail-on.
	Baseline *result.Baseline
}

// Evaluate runs the built-in rules and custom policies over an inventory
// and its optional snapshot, applies waivers and the baseline, and returns
// the result with the diagnostics of the configuration (unknown rules and
// parameters, custom policies that fail to evaluate).
func Evaluate(inv *inventory.Inventory, snap *usage.Snapshot, opts Options) (*result.Result, hcl.Diagnostics) {
	res, diags, _ := EvaluateContext(context.Background(), inv, snap, opts)
	return res, diags
}

// InterruptedError is an evaluation stopped because its context ended
// (Ctrl-C): it names the built-in rule or custom policy being evaluated
// and unwraps to the context's error.
type InterruptedError struct {
	Rule string
	Err  error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted while evaluating %s: %v", e.Rule, e.Err)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// policyInterrupted restates the custom package's interruption as this
// package's *InterruptedError, which names built-in rules and custom
// policies alike, so that callers handle one type; nil when err is not
// an interruption of a custom policy.
func policyInterrupted(err error) *InterruptedError {
	var ie *custom.InterruptedError
	if !errors.As(err, &ie) {
		return nil
	}
	return &InterruptedError{Rule: fmt.Sprintf("policy %q", ie.Policy), Err: ie.Err}
}

// EvaluateContext is Evaluate under ctx: when ctx ends, the rule or custom
// policy being evaluated stops (a custom policy within a few thousand
// evaluation steps) and it returns an *InterruptedError and no result.
func EvaluateContext(ctx context.Context, inv *inventory.Inventory, snap *usage.Snapshot, opts Options) (*result.Result, hcl.Diagnostics, error) {
	asOf := opts.AsOf.UTC().Truncate(24 * time.Hour)
	rules := Builtins()
	var customIDs []string
	for _, p := range inv.Policies {
		customIDs = append(customIDs, p.ID)
	}
	configs, diags := configure(rules, inv.Rules, customIDs)
	facts := computeFacts(inv, snap, asOf, moneyParamsOf(configs))
	rc := &Context{Inventory: inv, Snapshot: snap, AsOf: asOf, Facts: facts}
	diags = append(diags, checkPolicyIDs(inv, rules)...)
	diags = append(diags, checkWaiverRules(inv, rules)...)
	diags = append(diags, checkSnapshot(inv, snap)...)

	var findings []result.Finding
	run := func(after bool) error {
		for _, r := range rules {
			cfg := configs[r.ID]
			if r.afterWaivers != after || !cfg.Enabled || r.NeedsSnapshot && snap == nil {
				continue
			}
			if err := ctx.Err(); err != nil {
				return &InterruptedError{Rule: "rule " + r.ID, Err: err}
			}
			rc.rule, rc.cfg = r, cfg
			findings = append(findings, r.Check(rc, cfg)...)
		}
		return nil
	}
	if err := run(false); err != nil {
		return nil, nil, err
	}
	cfindings, cdiags, err := custom.EvaluateWithin(ctx, inv, facts, asOf, custom.DefaultLimits)
	if ie := policyInterrupted(err); ie != nil {
		return nil, nil, ie
	} else if err != nil {
		return nil, nil, err
	}
	findings = append(findings, cfindings...)
	diags = append(diags, cdiags...)
	findings = dedupe(findings)
	applyWaivers(findings, inv.Waivers, asOf)
	rc.Findings = findings
	if err := run(true); err != nil {
		return nil, nil, err
	}
	findings = dedupe(findings)
	// The waiver rules' own findings (expired-waiver, unused-waiver) can be
	// waived too; applying again only adds waivers, it never changes one.
	applyWaivers(findings, inv.Waivers, asOf)
	waiveOverlaps(facts.Overlaps, findings)
	if opts.Baseline != nil {
		opts.Baseline.Mark(findings)
	}
	findings = result.SortedFindings(findings)

	res := &result.Result{
		Schema:       result.Schema,
		AsOf:         asOf.Format("2006-01-02"),
		Quarter:      FiscalQuarter(asOf, inv.Organization.FiscalYearStart),
		Organization: result.Organization{Name: inv.Organization.Name, Currency: inv.Organization.Currency},
		Findings:     findings,
		Facts:        *facts,
		Rules:        make(map[string]result.RuleConfig, len(configs)),
	}
	for id, cfg := range configs {
		res.Rules[id] = result.RuleConfig{Enabled: cfg.Enabled, Severity: cfg.Severity, Params: maps.Clone(cfg.values)}
	}
	res.Summary = summarize(res)
	res.Usage = usageSource(inv, snap)
	takenAt := asOf.Format("2006-01-02")
	if snap != nil {
		takenAt = snap.TakenAt.Format("2006-01-02")
	}
	res.Actions = actions(inv, res, takenAt, asOf)
	return res, diags, nil
}

// usageSource is the provenance of snap for the result: the file, when it
// was taken, whether the sandbox simulated it, and per scanner kind how
// many of the inventory's tools were measured, failed or skipped. A tool
// carried forward from an earlier scan counts as failed or skipped, by
// why it was not measured again, and as carried.
func usageSource(inv *inventory.Inventory, snap *usage.Snapshot) *result.UsageSource {
	if snap == nil {
		return nil
	}
	src := &result.UsageSource{Snapshot: snap.Path, TakenAt: snap.TakenAt, Simulated: snap.Simulated, Kinds: []result.KindStatus{}}
	byKind := map[string]*result.KindStatus{}
	for _, id := range slices.Sorted(maps.Keys(snap.Tools)) {
		t, u := inv.Tool(id), snap.Tools[id]
		if t == nil {
			continue // ignored, as checkSnapshot warns
		}
		kind := u.Scanner
		if kind == "" && t.Scan != nil {
			kind = t.Scan.Kind
		}
		if kind == "" {
			kind = "unknown"
		}
		k := byKind[kind]
		if k == nil {
			k = &result.KindStatus{Kind: kind}
			byKind[kind] = k
		}
		switch {
		case u.Carried != "":
			k.Carried++
			if strings.HasPrefix(u.Carried, "failed") {
				k.Failed++
			} else {
				k.Skipped++
			}
		case u.Status == usage.StatusOK:
			k.OK++
		case u.Status == usage.StatusError:
			k.Failed++
		default:
			k.Skipped++
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		src.Kinds = append(src.Kinds, *byKind[kind])
	}
	return src
}

// Validate checks an inventory's policy configuration without evaluating
// anything: rule blocks (unknown rules and parameters, wrong types),
// waivers for unknown rules, and policies named like built-in rules.
// `validate` runs it, so CI catches these before `check` does.
func Validate(inv *inventory.Inventory) hcl.Diagnostics {
	rules := Builtins()
	var customIDs []string
	for _, p := range inv.Policies {
		customIDs = append(customIDs, p.ID)
	}
	_, diags := configure(rules, inv.Rules, customIDs)
	diags = append(diags, checkPolicyIDs(inv, rules)...)
	return append(diags, checkWaiverRules(inv, rules)...)
}

// dedupe keeps the first finding of each fingerprint, so that a finding is
// one row in every output and one entry in a baseline.
func dedupe(fs []result.Finding) []result.Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		if !seen[f.Fingerprint] {
			seen[f.Fingerprint] = true
			out = append(out, f)
		}
	}
	return out
}

func summarize(r *result.Result) result.Summary {
	s := result.Summary{Tools: len(r.Tools), Findings: map[result.Severity]int{}, Counting: map[result.Severity]int{}}
	for _, sev := range result.AllSeverities() {
		s.Findings[sev], s.Counting[sev] = 0, 0
	}
	for _, f := range r.Findings {
		s.Findings[f.Severity]++
		if f.Waived() {
			s.Waived++
		}
		if f.Counts() {
			s.Counting[f.Severity]++
		}
	}
	moneySummary(&s, r)
	return s
}

// waiveOverlaps gives each overlap the waiver of its redundant-capability
// finding (the finding's subjects are the overlap's tools).
func waiveOverlaps(overlaps []*result.Overlap, findings []result.Finding) {
	waivers := map[string]*result.AppliedWaiver{}
	for _, f := range findings {
		if f.Rule == "redundant-capability" && f.Waiver != nil {
			waivers[result.Fingerprint("", f.Subjects)] = f.Waiver
		}
	}
	for _, o := range overlaps {
		subjects := make([]result.Subject, len(o.Tools))
		for i, id := range o.Tools {
			subjects[i] = result.Subject{Kind: "tool", ID: id}
		}
		o.Waiver = waivers[result.Fingerprint("", subjects)]
	}
}

// checkPolicyIDs refuses a custom policy named like a built-in rule: their
// findings and waivers would be indistinguishable.
func checkPolicyIDs(inv *inventory.Inventory, rules []*Rule) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, p := range inv.Policies {
		for _, r := range rules {
			if r.ID == p.ID {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Policy named like a built-in rule",
					Detail: fmt.Sprintf("%q is a built-in rule. Give the policy another name; to configure the built-in rule, use a rule block.", p.ID), Subject: ptr(p.DeclRange)})
			}
		}
	}
	return diags
}

// checkWaiverRules reports waivers for rules that do not exist.
func checkWaiverRules(inv *inventory.Inventory, rules []*Rule) hcl.Diagnostics {
	var ids []string
	for _, r := range rules {
		ids = append(ids, r.ID)
	}
	for _, p := range inv.Policies {
		ids = append(ids, p.ID)
	}
	var diags hcl.Diagnostics
	for _, w := range inv.Waivers {
		if w.Rule != "" && !slices.Contains(ids, w.Rule) {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown rule",
				Detail: fmt.Sprintf("The waiver %q names the rule %q, which is neither a built-in rule nor a policy of this inventory.%s See `stackaudit policies list`.",
					w.ID, w.Rule, didYouMean(w.Rule, ids)),
				Subject: ptr(w.AttrRange("rule"))})
		}
	}
	return diags
}

// checkSnapshot warns about usage data for tools the inventory does not
// declare (a tool removed since the scan): it is ignored, not an error, so
// that deleting a tool does not break CI until the next scan.
func checkSnapshot(inv *inventory.Inventory, snap *usage.Snapshot) hcl.Diagnostics {
	if snap == nil {
		return nil
	}
	var diags hcl.Diagnostics
	for _, id := range slices.Sorted(maps.Keys(snap.Tools)) {
		if inv.Tool(id) == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Snapshot names an undeclared tool",
				Detail: fmt.Sprintf("The snapshot has usage data for tool %q, which the inventory does not declare; it is ignored. Scan again to refresh the snapshot.", id)})
		}
	}
	return diags
}
