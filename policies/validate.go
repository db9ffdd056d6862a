package policies

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/custom"
	"github.com/stackaudit/stackaudit/policies/result"
)

// ValidateCustom evaluates the inventory's custom policies once, at asOf
// and without usage data, and returns only their diagnostics: a policy
// that cannot evaluate on this inventory (a type error, an attribute that
// does not exist, a condition that is not a bool) is then a `validate`
// error at its own range, not a surprise in the next `check`.
//
// Policies whose block is incomplete (no for_each, condition or message)
// are skipped: inventory.Load reports those, and evaluating them would
// only repeat it. Without usage data `each.usage` is null, as it is for
// every tool that has no scan, so a policy must handle that anyway.
func ValidateCustom(inv *inventory.Inventory, asOf time.Time) hcl.Diagnostics {
	diags, _ := ValidateCustomContext(context.Background(), inv, asOf)
	return diags
}

// ValidateCustomContext is ValidateCustom under ctx: when ctx ends, the
// policy being evaluated stops and it returns an *InterruptedError.
func ValidateCustomContext(ctx context.Context, inv *inventory.Inventory, asOf time.Time) (diags hcl.Diagnostics, err error) {
	var complete []*inventory.Policy
	for _, p := range inv.Policies {
		if p != nil && p.Condition != nil && p.Message != nil && p.ForEach != "" {
			complete = append(complete, p)
		}
	}
	if len(complete) == 0 {
		return nil, nil
	}
	defer func() {
		// The inventory may be partial (it had load errors): a policy
		// model that cannot be built from it is not the user's
		// mistake to read about; the load errors come first.
		if r := recover(); r != nil {
			diags = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Custom policies not evaluated",
				Detail: fmt.Sprintf("stackaudit failed while evaluating the custom policies (%v); fix the errors above and run validate again. If there are none, this is a bug: please report it.", r)}}
		}
	}()
	shallow := *inv
	shallow.Policies = complete
	asOf = asOf.UTC().Truncate(24 * time.Hour)
	tools := make([]*result.ToolFact, 0, len(inv.Tools))
	for _, t := range inv.Tools {
		if t != nil {
			tf, _ := toolFact(inv, nil, t)
			tools = append(tools, tf)
		}
	}
	_, diags, err = custom.EvaluateWithin(ctx, &shallow, result.NewFacts(inv.Organization.Currency, tools), asOf, custom.DefaultLimits)
	if ie := policyInterrupted(err); ie != nil {
		return nil, ie
	}
	return diags, err
}
