package custom_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/internal/policytest"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// customFixture is the inventory every custom-policy case runs against:
// tools that cover each DPA situation of SPEC §3's example, owners with and
// without a lead, costs, contracts, flows, objectives and data classes.
const customFixture = `
organization {
  name     = "Acme"
  currency = "USD"
  exchange_rates = { EUR = 1.5 }
}

team "marketing" {
  name = "Marketing"
  lead = "cmo@acme.example"
}

team "mops" {
  name   = "Marketing Operations"
  lead   = "dana@acme.example"
  parent = team.marketing
}

team "agency" {
  name = "Agency X"
  kind = "agency"
}

data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
  steward     = team.mops
}

data_class "web" {
  name        = "Web analytics"
  sensitivity = "internal"
}

objective "pipeline" {
  name  = "Pipeline"
  owner = team.mops
  kpis  = ["SQLs"]
}

objective "brand" {
  name = "Brand"
}

tool "dpa_true" {
  name       = "DPA True"
  product    = "hubspot-marketing-hub"
  category   = "marketing-automation"
  owner      = team.mops
  objectives = [objective.pipeline]
  stores     = [data_class.contact_pii]
  sso        = true

  cost {
    amount = 1000
    period = "month"
    seats  = 10
  }

  contract {
    start       = "2025-12-20"
    end         = "2026-12-20"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

tool "dpa_false" {
  name         = "DPA False"
  category     = "marketing-automation"
  capabilities = ["forms"]
  owner    = team.agency
  stores   = [data_class.contact_pii, data_class.web]
  sso      = false

  cost {
    amount   = 100
    currency = "EUR"
    period   = "year"
  }

  contract {
    dpa = false
  }
}

tool "dpa_absent" {
  name     = "DPA Absent"
  category = "marketing-automation"
  owner    = team.mops
  stores   = [data_class.contact_pii]

  contract {
    end = "2026-10-01"
  }
}

tool "no_contract" {
  name     = "No Contract"
  category = "crm"
  stores   = [data_class.contact_pii]
}

tool "no_pii" {
  category = "crm"
  status   = "retired"
  stores   = [data_class.web]
}

tool "bare" {
  category = "crm"
}

flow "crm_sync" {
  from   = tool.dpa_true
  to     = tool.no_contract
  data   = [data_class.contact_pii]
  owner  = team.mops
  method = "manual"
}

flow "web_feed" {
  from = tool.no_pii
  to   = tool.dpa_true
  via  = tool.bare
}
`

// customSnapshot measures dpa_true only.
const customSnapshot = `{
  "schema": "stackaudit.snapshot/v1",
  "taken_at": "2026-11-20T08:00:00Z",
  "tools": {
    "dpa_true": {
      "scanner": "hubspot", "status": "ok",
      "seats": {"purchased": 10, "assigned": 8},
      "active": {"d30": 3, "d90": 7},
      "last_activity": "2026-11-19T17:02:11Z"
    }
  }
}`

// customPolicy writes a policy "p" block.
func customPolicy(forEach, condition, message string) string {
	return fmt.Sprintf("policy \"p\" {\n  severity    = \"high\"\n  description = \"Custom test policy\"\n  for_each    = %s\n  condition   = %s\n  message     = %s\n}\n",
		forEach, condition, message)
}

// customRun loads the fixture with extra files and evaluates it.
func customRun(t *testing.T, snap string, extra map[string]string) (*result.Result, hcl.Diagnostics) {
	t.Helper()
	files := map[string]string{"stack.hcl": customFixture}
	for k, v := range extra {
		files[k] = v
	}
	inv := policytest.LoadInventory(t, files)
	var s *usage.Snapshot
	if snap != "" {
		s = policytest.SnapshotJSON(t, snap)
	}
	return policytest.EvaluateDiags(t, inv, s)
}

// customDiagText renders diagnostics as "Summary: Detail" lines.
func customDiagText(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Summary+": "+d.Detail)
	}
	return out
}

type customCase struct {
	name      string
	forEach   string
	condition string
	message   string
	snapshot  string
	// want are the failing subjects, sorted; messages, when set, are their
	// messages in the same order.
	want     []string
	messages []string
	// diags are the expected error diagnostics, as "Summary: Detail"
	// prefixes (Detail complete up to the subject counts); none when nil.
	diags []string
}

func customCheck(t *testing.T, c customCase) {
	t.Helper()
	if c.forEach == "" {
		c.forEach = "tools"
	}
	if c.message == "" {
		c.message = `"${each.id} fails"`
	}
	res, diags := customRun(t, c.snapshot, map[string]string{"policy.hcl": customPolicy(c.forEach, c.condition, c.message)})
	var errs hcl.Diagnostics
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs = append(errs, d)
		}
	}
	got := customDiagText(errs)
	require.Len(t, got, len(c.diags), "diagnostics: %q", got)
	for i, want := range c.diags {
		assert.Equal(t, want, got[i])
	}
	for _, d := range errs {
		require.NotNil(t, d.Subject, "diagnostic without a range: %s", d.Summary)
		assert.Equal(t, "policy.hcl", filepath.Base(d.Subject.Filename))
	}

	fs := policytest.FindingsOf(res, "p")
	slices.SortFunc(fs, func(a, b result.Finding) int {
		return strings.Compare(a.Subjects[0].String(), b.Subjects[0].String())
	})
	subjects := policytest.SubjectsOf(fs)
	if c.want == nil {
		c.want = []string(nil)
	}
	assert.Equal(t, c.want, subjects)
	if c.messages != nil {
		var msgs []string
		for _, f := range fs {
			msgs = append(msgs, f.Message)
		}
		assert.Equal(t, c.messages, msgs)
	}
	for _, f := range fs {
		assert.Equal(t, result.High, f.Severity)
		assert.Equal(t, "Custom test policy", f.Title)
		assert.Equal(t, result.Fingerprint("p", f.Subjects), f.Fingerprint)
		assert.Equal(t, "stack.hcl", filepath.Base(f.Location.File))
		assert.Positive(t, f.Location.Line)
	}
}

func TestCustomPolicies(t *testing.T) {
	allTools := []string{"tool.bare", "tool.dpa_absent", "tool.dpa_false", "tool.dpa_true", "tool.no_contract", "tool.no_pii"}
	cases := []customCase{
		// SPEC §3's example, verbatim: dpa true passes; false, absent and
		// no contract fail; tools without personal data pass.
		{
			name:      "spec example",
			condition: `!anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)`,
			message:   `"${each.name} stores personal data without a DPA"`,
			want:      []string{"tool.dpa_absent", "tool.dpa_false", "tool.no_contract"},
			messages: []string{"DPA Absent stores personal data without a DPA", "DPA False stores personal data without a DPA",
				"No Contract stores personal data without a DPA"},
		},
		{
			name:      "docs variant of the spec example",
			condition: `!anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa == true, false)`,
			want:      []string{"tool.dpa_absent", "tool.dpa_false", "tool.no_contract"},
		},
		{
			name:      "dpa and auto_renew default to false in a present contract",
			condition: `each.contract == null || each.contract.dpa || each.contract.auto_renew`,
			want:      []string{"tool.dpa_absent", "tool.dpa_false"},
		},
		{
			name:      "absent nested block is null",
			condition: `each.contract != null`,
			want:      []string{"tool.bare", "tool.no_contract", "tool.no_pii"},
		},

		// References.
		{
			name:      "owner lead with and without owner",
			condition: `try(each.owner.lead != null, false)`,
			message:   `"${each.name}: lead ${try(coalesce(each.owner.lead, "none"), "no owner")}"`,
			want:      []string{"tool.bare", "tool.dpa_false", "tool.no_contract", "tool.no_pii"},
			messages:  []string{"bare: lead no owner", "DPA False: lead none", "No Contract: lead no owner", "no_pii: lead no owner"},
		},
		{
			name:      "owner lead compared on every tool",
			condition: `each.owner == null || each.owner.lead == "dana@acme.example"`,
			want:      []string{"tool.dpa_false"},
		},
		{
			name:      "team parent is a team reference",
			forEach:   "teams",
			condition: `each.parent == null`,
			message:   `"${each.name} reports to ${each.parent.name} (${each.parent.id}, ${each.parent.lead}, ${each.parent.kind})"`,
			want:      []string{"team.mops"},
			messages:  []string{"Marketing Operations reports to Marketing (marketing, cmo@acme.example, internal)"},
		},
		{
			name:      "climbing the team tree through the collection",
			forEach:   "tools",
			condition: `try(teams[each.owner.parent.id].parent == null, true)`,
			want:      nil,
		},
		{
			name:      "objectives resolved to objects with their owner",
			condition: `length([for o in each.objectives : o.owner.name if o.owner.lead != null]) == 0`,
			message:   `"${join(",", [for o in each.objectives : "${o.name}/${o.owner.name}/${join("+", o.kpis)}"])}"`,
			want:      []string{"tool.dpa_true"},
			messages:  []string{"Pipeline/Marketing Operations/SQLs"},
		},
		{
			name:      "stores resolved to data classes with their steward",
			condition: `alltrue([for d in each.stores : d.steward != null])`,
			message:   `"${join(",", [for d in each.stores : d.name if d.steward == null])}"`,
			want:      []string{"tool.dpa_false", "tool.no_pii"},
			messages:  []string{"Web analytics", "Web analytics"},
		},
		{
			name:      "flow endpoints resolved two levels deep",
			forEach:   "flows",
			condition: `each.method != "manual"`,
			message:   `"flow ${each.id} moves ${join(",", [for d in each.data : d.sensitivity])} by hand from ${each.from.owner.name} (${each.from.owner.parent.name}) to ${each.to.name}"`,
			want:      []string{"flow.crm_sync"},
			messages:  []string{"flow crm_sync moves personal by hand from Marketing Operations (Marketing) to No Contract"},
		},
		{
			name:      "flow absent attributes",
			forEach:   "flows",
			condition: `each.owner != null && length(each.data) > 0 && each.method != null`,
			message:   `"${each.id} via ${each.via.id}, ${length(each.data)} classes, frequency ${coalesce(each.frequency, "unknown")}"`,
			want:      []string{"flow.web_feed"},
			messages:  []string{"web_feed via bare, 0 classes, frequency unknown"},
		},

		// Every collection as for_each.
		{name: "for_each teams", forEach: "teams", condition: `each.lead != null`, want: []string{"team.agency"}},
		{name: "for_each objectives", forEach: "objectives", condition: `each.owner != null && length(each.kpis) > 0`, want: []string{"objective.brand"}},
		{name: "for_each data_classes", forEach: "data_classes", condition: `each.steward != null`, want: []string{"data_class.web"}},
		{name: "for_each flows", forEach: "flows", condition: `each.via == null`, want: []string{"flow.web_feed"}},
		{name: "for_each tools", condition: `false`, want: allTools},

		// Absent lists are empty lists.
		{
			name:      "functions over absent lists",
			condition: `length(each.stores) > 0 || !(length(each.objectives) == 0 && !contains(each.admins, "x") && !anytrue([for d in each.stores : d.name == "x"]) && length([for d in each.stores : d.name]) == 0 && length(each.stages) == 0)`,
			message:   `"${each.id} stores nothing"`,
			want:      []string{"tool.bare"},
			messages:  []string{"bare stores nothing"},
		},
		{
			name:      "defaults applied",
			condition: `each.status == "active" && contains(each.scope, "global") && each.name != null`,
			message:   `"${each.id} is ${each.status}"`,
			want:      []string{"tool.no_pii"},
			messages:  []string{"no_pii is retired"},
		},

		// Computed values.
		{
			name:      "annual_cost in the organization currency, null without a cost",
			condition: `each.annual_cost == null`,
			message:   `"${each.id} costs ${each.annual_cost} a year (${each.cost.amount} ${each.cost.currency} per ${each.cost.period}, ${coalesce(each.cost.seats, 0)} seats)"`,
			want:      []string{"tool.dpa_false", "tool.dpa_true"},
			messages:  []string{"dpa_false costs 150 a year (100 EUR per year, 0 seats)", "dpa_true costs 12000 a year (1000 USD per month, 10 seats)"},
		},
		{
			name:      "usage without a snapshot is null",
			condition: `each.usage == null`,
		},
		{
			name:      "usage with a snapshot",
			snapshot:  customSnapshot,
			condition: `each.usage == null || each.usage.active_30d * 2 >= each.usage.seats`,
			message:   `"${each.id}: ${each.usage.active_30d}/${each.usage.seats} active, ${each.usage.active_90d} in 90 days, last ${each.usage.last_activity} (${days_until(each.usage.last_activity)} days)"`,
			want:      []string{"tool.dpa_true"},
			messages:  []string{"dpa_true: 3/8 active, 7 in 90 days, last 2026-11-19T17:02:11Z (-1 days)"},
		},
		{
			name:      "capabilities and vendor from the catalog, or declared",
			condition: `length(each.capabilities) == 0`,
			message:   `"${coalesce(each.vendor, "-")} ${coalesce(each.product, "-")} ${contains(each.capabilities, "lead-scoring")} ${join(",", each.capabilities) == "forms"}"`,
			want:      []string{"tool.dpa_false", "tool.dpa_true"},
			messages:  []string{"- - false true", "HubSpot hubspot-marketing-hub true false"},
		},
		{
			name:      "contract dates and scan",
			condition: `each.contract == null || each.contract.end == null || each.contract.start == null`,
			message:   `"${each.contract.start} to ${each.contract.end}, notice ${each.contract.notice_days} days, scan ${each.scan == null ? "none" : each.scan.kind}"`,
			want:      []string{"tool.dpa_true"},
			messages:  []string{"2025-12-20 to 2026-12-20, notice 30 days, scan none"},
		},

		// days_until.
		{
			name:      "days_until",
			condition: `try(days_until(each.contract.end) > 60, true)`,
			message:   `"${each.id} ends in ${days_until(each.contract.end)} days"`,
			want:      []string{"tool.dpa_absent", "tool.dpa_true"},
			messages:  []string{"dpa_absent ends in -50 days", "dpa_true ends in 30 days"},
		},
		{
			name:      "days_until today and far away",
			forEach:   "teams",
			condition: `days_until("2026-11-20") == 0 && days_until("2026-11-21") == 1 && days_until("2026-11-19T23:59:59Z") == -1 && days_until("9999-12-31") == 2912119`,
		},
		{
			name:      "days_until invalid date",
			forEach:   "teams",
			condition: `days_until("2026-13-01") > 0`,
			diags:     []string{`Invalid function argument: Invalid value for "date" parameter: "2026-13-01" is not a date: write dates as "YYYY-MM-DD", e.g. "2026-04-01". (policy "p", evaluating team.agency, and 2 more subjects)`},
		},

		// anytrue and alltrue.
		{name: "anytrue empty", forEach: "teams", condition: `anytrue([])`, want: []string{"team.agency", "team.marketing", "team.mops"}},
		{name: "alltrue empty", forEach: "teams", condition: `alltrue([])`},
		{name: "anytrue null counts as false", forEach: "teams", condition: `anytrue([null, false])`, want: []string{"team.agency", "team.marketing", "team.mops"}},
		{name: "anytrue one true", forEach: "teams", condition: `anytrue([null, false, true])`},
		{name: "alltrue null counts as false", forEach: "teams", condition: `alltrue([true, null])`, want: []string{"team.agency", "team.marketing", "team.mops"}},
		{name: "alltrue all true", forEach: "teams", condition: `alltrue([true, true])`},
		{
			name:      "anytrue over a list of objects is an error",
			forEach:   "teams",
			condition: `anytrue([each])`,
			diags:     []string{`Invalid function argument: Invalid value for "list" parameter: element 0: bool required, but have object. (policy "p", evaluating team.agency, and 2 more subjects)`},
		},

		// Other functions and the collections.
		{
			name:      "collections keyed by id",
			forEach:   "teams",
			condition: `length([for t in tools : t.id if try(t.owner.id, "") == each.id]) <= 1`,
			message:   `"${each.id} owns ${join(", ", [for t in tools : t.id if try(t.owner.id, "") == each.id])} of ${length(tools)} tools (${tools.dpa_true.name}; ${join(",", keys(data_classes))}; ${length(flows)} flows; ${length(objectives)} objectives)"`,
			want:      []string{"team.mops"},
			messages:  []string{"mops owns dpa_absent, dpa_true of 6 tools (DPA True; contact_pii,web; 2 flows; 2 objectives)"},
		},
		{
			name:      "stdlib functions",
			forEach:   "teams",
			condition: `each.id != "mops"`,
			message:   `"${upper(each.id)} ${lower("X")} ${length(each.name)} ${format("%05.1f", 3.14159)} ${join("|", distinct(concat(["a"], ["a", "b"])))} ${length(setintersection(["a", "b"], ["b"]))} ${coalesce(null, "c")} ${startswith(each.name, "Mark")} ${endswith(each.name, "s")} ${strcontains(each.name, "Oper")} ${replace(each.name, "/[aeiou]/", "")} ${regex("^[A-Z]", each.name)} ${can(regex("^z", each.name))} ${sum([1, 2.5])} ${sum([])} ${max(1, 3)} ${abs(-2)} ${floor(2.7)}"`,
			want:      []string{"team.mops"},
			messages:  []string{"MOPS x 20 003.1 a|b 1 c true true true Mrktng Oprtns M false 3.5 0 3 2 2"},
		},

		// Bad input: a precise diagnostic, and no panic.
		{
			name:      "unknown function",
			condition: `frobnicate(each.id)`,
			diags:     []string{`Call to unknown function: There is no function named "frobnicate". (policy "p", evaluating tool.bare, and 5 more subjects)`},
		},
		{
			name:      "attribute that does not exist",
			condition: `each.ownr == null`,
			diags:     []string{`Unsupported attribute: This object does not have an attribute named "ownr". (policy "p", evaluating tool.bare, and 5 more subjects)`},
		},
		{
			name:      "string condition",
			condition: `each.name`,
			diags:     []string{`Invalid policy condition: The condition is a string, not true or false. A condition must be true for a compliant subject and false for a failing one. (policy "p", evaluating tool.bare, and 5 more subjects)`},
		},
		{
			name:      "null condition for some subjects, others still evaluated",
			condition: `each.sso`,
			want:      []string{"tool.dpa_false"},
			diags:     []string{`Invalid policy condition: The condition is null, not true or false. A condition must be true for a compliant subject and false for a failing one. An absent attribute is null: compare it explicitly (x == true) or give a default with coalesce(x, false). (policy "p", evaluating tool.bare, and 3 more subjects)`},
		},
		{
			name:      "condition error for some subjects, others still evaluated",
			condition: `each.owner.lead != null`,
			want:      []string{"tool.dpa_false"},
			diags:     []string{`Attempt to get attribute from null value: This value is null, so it does not have any attributes. (policy "p", evaluating tool.bare, and 2 more subjects)`},
		},
		{
			name:      "two kinds of condition value",
			condition: `[each.name, true, null][each.sso == null ? 2 : (each.sso ? 1 : 0)]`,
			diags: []string{
				`Invalid policy condition: The condition is null, not true or false. A condition must be true for a compliant subject and false for a failing one. An absent attribute is null: compare it explicitly (x == true) or give a default with coalesce(x, false). (policy "p", evaluating tool.bare, and 3 more subjects)`,
				`Invalid policy condition: The condition is a string, not true or false. A condition must be true for a compliant subject and false for a failing one. (policy "p", evaluating tool.dpa_false)`,
			},
		},
		{
			name:      "a number condition",
			forEach:   "teams",
			condition: `length(each.name)`,
			diags:     []string{`Invalid policy condition: The condition is a number, not true or false. A condition must be true for a compliant subject and false for a failing one. (policy "p", evaluating team.agency, and 2 more subjects)`},
		},
		{
			name:      "x || null",
			forEach:   "teams",
			condition: `false || each.lead == "x" || null`,
			diags:     []string{`Operation failed: Error during operation: argument must not be null. (policy "p", evaluating team.agency, and 2 more subjects)`},
		},
		{
			name:      "message template that fails still gives a finding",
			condition: `each.owner != null`,
			message:   `"${each.name} is owned by ${each.owner.name}"`,
			want:      []string{"tool.bare", "tool.no_contract", "tool.no_pii"},
			messages:  []string{"p failed for tool.bare", "p failed for tool.no_contract", "p failed for tool.no_pii"},
			diags:     []string{`Attempt to get attribute from null value: This value is null, so it does not have any attributes. (policy "p", evaluating tool.bare, and 2 more subjects)`},
		},
		{
			name:      "message that is not a string",
			forEach:   "teams",
			condition: `each.id != "mops"`,
			message:   `[each.id]`,
			want:      []string{"team.mops"},
			messages:  []string{"p failed for team.mops"},
			diags:     []string{`Invalid policy message: The message is a tuple, not a string; the finding gets the message "<policy> failed for <subject>" instead. (policy "p", evaluating team.mops)`},
		},
		{
			name:      "message interpolating null",
			forEach:   "teams",
			condition: `each.id != "agency"`,
			message:   `"${each.name} led by ${each.lead}"`,
			want:      []string{"team.agency"},
			messages:  []string{"p failed for team.agency"},
			diags:     []string{`Invalid template interpolation value: The expression result is null. Cannot include a null value in a string template. (policy "p", evaluating team.agency)`},
		},
		{
			name:      "huge format width is refused",
			forEach:   "teams",
			condition: `length(format("%999999999d", 1)) > 0`,
			diags:     []string{`Invalid function argument: Invalid value for "format" parameter: a width or precision in the format string is larger than 1000. (policy "p", evaluating team.agency, and 2 more subjects)`},
		},
		{
			name:      "negative indent is refused",
			forEach:   "teams",
			condition: `indent(-1, "a\nb") != ""`,
			diags:     []string{`Invalid function argument: Invalid value for "spaces" parameter: the number of spaces must be a whole number from 0 to 1000. (policy "p", evaluating team.agency, and 2 more subjects)`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { customCheck(t, c) })
	}
}

// TestCustomFunctions calls every function of the policy language once.
func TestCustomFunctions(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{`alltrue([true, "true"])`, "true"},
		{`anytrue(toset([false]))`, "false"},
		{`length(chunklist([1, 2, 3], 2))`, "2"},
		{`coalesce(null, "", "x")`, ""},
		{`join(",", coalescelist([], ["a"]))`, "a"},
		{`join(",", compact(["a", "", "b"]))`, "a,b"},
		{`length(concat([1], [2, 3]))`, "3"},
		{`contains(["a", "b"], "b")`, "true"},
		{`contains(values(tools), tools.bare)`, "true"},
		{`contains(toset([1]), 2)`, "false"},
		{`join(",", distinct(["a", "a", "b"]))`, "a,b"},
		{`element(["a", "b"], 3)`, "b"},
		{`length(flatten([[1], [2, [3]]]))`, "3"},
		{`join(",", keys({ b = 1, a = 2 }))`, "a,b"},
		{`join(",", keys(teams))`, "agency,marketing,mops"},
		{`join(",", keys(tomap({ b = 1 })))`, "b"},
		{`length(tools)`, "6"},
		{`length(flows)`, "2"},
		{`length("héllo")`, "5"},
		{`length({ a = 1 })`, "1"},
		{`lookup(tools, "bare", null).id`, "bare"},
		{`lookup(tools, "nope", "none")`, "none"},
		{`lookup({ a = "x" }, "a")`, "x"},
		{`lookup(tomap({ a = "x" }), "b", "y")`, "y"},
		{`merge({ a = 1 }, { b = 2 }).b`, "2"},
		{`join(",", range(3))`, "0,1,2"},
		{`join(",", reverse(["a", "b"]))`, "b,a"},
		{`length(setintersection(["a", "b"], ["b", "c"]))`, "1"},
		{`length(setsubtract(["a", "b"], ["b"]))`, "1"},
		{`length(setsymmetricdifference(["a", "b"], ["b", "c"]))`, "2"},
		{`length(setunion(["a"], ["b"]))`, "2"},
		{`join(",", slice(["a", "b", "c"], 1, 2))`, "b"},
		{`join(",", sort(["b", "a"]))`, "a,b"},
		{`length(values(flows))`, "2"},
		{`values(data_classes)[0].name`, "Contact PII"},
		{`join(",", values(tomap({ a = "x", b = "y" })))`, "x,y"},
		{`zipmap(["a"], ["b"]).a`, "b"},
		{`chomp("a\n")`, "a"},
		{`endswith("hubspot", "spot")`, "true"},
		{`format("%s-%03d", "a", 7)`, "a-007"},
		{`join(",", formatlist("%s!", ["a", "b"]))`, "a!,b!"},
		{`indent(2, "a\nb")`, "a\n  b"},
		{`lower("AbC")`, "abc"},
		{`regex("[0-9]+", "ab12")`, "12"},
		{`length(regexall("a", "banana"))`, "3"},
		{`replace("a-b-c", "-", "+")`, "a+b+c"},
		{`replace("a1b22", "/[0-9]+/", "#")`, "a#b#"},
		{`join(",", split(",", "a,b"))`, "a,b"},
		{`startswith("hubspot", "hub")`, "true"},
		{`strcontains("hubspot", "bs")`, "true"},
		{`strrev("abc")`, "cba"},
		{`substr("hubspot", 0, 3)`, "hub"},
		{`title("hub spot")`, "Hub Spot"},
		{`trim("xax", "x")`, "a"},
		{`trimprefix("hubspot", "hub")`, "spot"},
		{`trimspace(" a ")`, "a"},
		{`trimsuffix("hubspot", "spot")`, "hub"},
		{`upper("a")`, "A"},
		{`abs(-1.5)`, "1.5"},
		{`ceil(1.2)`, "2"},
		{`floor(1.8)`, "1"},
		{`log(8, 2)`, "3"},
		{`max(1, 5, 3)`, "5"},
		{`min(1, 5, 3)`, "1"},
		{`parseint("ff", 16)`, "255"},
		{`pow(2, 10)`, "1024"},
		{`signum(-3)`, "-1"},
		{`sum([1, 2, 3.5])`, "6.5"},
		{`tobool("true")`, "true"},
		{`length(tolist(toset(["a", "a"])))`, "1"},
		{`tomap({ a = 1 }).a`, "1"},
		{`tonumber("3") + 1`, "4"},
		{`tostring(3)`, "3"},
		{`days_until("2026-12-01")`, "11"},
		{`formatdate("YYYY-MM-DD", "2026-11-20T10:00:00Z")`, "2026-11-20"},
		{`timeadd("2026-11-20T00:00:00Z", "24h")`, "2026-11-21T00:00:00Z"},
		{`can(regex("^z", "a"))`, "false"},
		{`try(tools.nope.name, "fallback")`, "fallback"},
	} {
		t.Run(c.expr, func(t *testing.T) {
			customCheck(t, customCase{forEach: "objectives", condition: `each.id != "brand"`, message: `"${` + c.expr + `}"`,
				want: []string{"objective.brand"}, messages: []string{c.want}})
		})
	}
}

// TestCustomCollectionFunctionsAreCheap: length, keys, values, lookup and
// contains take a whole collection without cty walking every nested value
// (which took seconds for length(flows) over 100,000 flows).
func TestCustomCollectionFunctionsAreCheap(t *testing.T) {
	res := evaluateSynthetic(t, synth.Size{Tools: 2000, Flows: 20000, Teams: 100, Files: 8}, `
policy "p" {
  for_each  = data_classes
  condition = length(flows) == 20000 && length(keys(tools)) == 2000 && length(values(flows)) > 0 && lookup(flows, each.id, null) == null && !contains(values(teams), each) && length(flows) + length(tools) > length(each.id)
  message   = "collection functions"
}
`)
	assert.Empty(t, policytest.FindingsOf(res, "p"))
}

// evaluateSynthetic evaluates a synthetic inventory of the given size with
// the policies (HCL) in a file of their own, without a snapshot.
func evaluateSynthetic(t *testing.T, size synth.Size, policyHCL string) *result.Result {
	t.Helper()
	dir := synthtest.Dir(t, size)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policies.hcl"), []byte(policyHCL), 0o644))
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	res, diags := policies.Evaluate(inv, nil, policies.Options{AsOf: policytest.AsOf})
	require.False(t, diags.HasErrors(), diags.Error())
	return res
}

// TestCustomJSONSyntax: a policy written in JSON syntax is evaluated like
// one in native syntax (each subject on its own).
func TestCustomJSONSyntax(t *testing.T) {
	res, diags := customRun(t, "", map[string]string{"policy.hcl.json": `{
  "policy": {
    "p": {
      "severity": "high",
      "description": "Custom test policy",
      "for_each": "tools",
      "condition": "${!anytrue([for d in each.stores : d.sensitivity == \"personal\"]) || try(each.contract.dpa, false)}",
      "message": "${each.name} stores personal data without a DPA"
    }
  }
}`})
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, []string{"tool.dpa_absent", "tool.dpa_false", "tool.no_contract"}, customSorted(policytest.SubjectsOf(policytest.FindingsOf(res, "p"))))
}

// TestCustomTwoPolicies checks that policies are independent and each
// gets its own findings, severity and title.
func TestCustomTwoPolicies(t *testing.T) {
	res, diags := customRun(t, "", map[string]string{"policy.hcl": `
policy "b-teams" {
  for_each  = teams
  condition = each.lead != null
  message   = "team ${each.name} has no lead"
}

policy "a-tools" {
  severity    = "critical"
  description = "Every tool has an owner"
  for_each    = tools
  condition   = each.owner != null
  message     = "${each.name} has no owner"
}
`})
	require.False(t, diags.HasErrors(), diags.Error())
	teams := policytest.FindingsOf(res, "b-teams")
	require.Len(t, teams, 1)
	assert.Equal(t, result.Medium, teams[0].Severity)
	assert.Equal(t, "b-teams", teams[0].Title)
	assert.Equal(t, "team Agency X has no lead", teams[0].Message)
	tools := policytest.FindingsOf(res, "a-tools")
	assert.Equal(t, []string{"tool.bare", "tool.no_contract", "tool.no_pii"}, customSorted(policytest.SubjectsOf(tools)))
	for _, f := range tools {
		assert.Equal(t, result.Critical, f.Severity)
		assert.Equal(t, "Every tool has an owner", f.Title)
	}
}

func customSorted(ss []string) []string {
	slices.Sort(ss)
	return ss
}

// TestCustomWaiver checks that a waiver applies to a custom policy's
// finding.
func TestCustomWaiver(t *testing.T) {
	res, diags := customRun(t, "", map[string]string{"policy.hcl": customPolicy("teams", "each.lead != null", `"no lead"`) + `
waiver "agency" {
  rule     = "p"
  subjects = [team.agency]
  reason   = "Agencies have no lead"
  expires  = "2027-01-01"
}
`})
	require.False(t, diags.HasErrors(), diags.Error())
	fs := policytest.FindingsOf(res, "p")
	require.Len(t, fs, 1)
	assert.True(t, fs[0].Waived())
}

// TestCustomSyntaxError: a syntax error in a policy is a load error, so
// the evaluator never sees it.
func TestCustomSyntaxError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stack.hcl"), []byte(customFixture), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policy.hcl"), []byte(customPolicy("tools", "each.name ==", `"x"`)), 0o644))
	_, diags := inventory.Load(dir)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), "policy.hcl:5")
}

// TestCustomManySubjectsOneDiagnostic: the same mistake over 2,000
// subjects is one diagnostic.
func TestCustomManySubjectsOneDiagnostic(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, "tool \"t%04d\" {\n  category = \"crm\"\n}\n", i)
	}
	inv := policytest.LoadInventory(t, map[string]string{
		"tools.hcl": b.String(),
		"policy.hcl": customPolicy("tools", "each.ownr.lead != null", `"x"`) +
			strings.Replace(customPolicy("tools", "each.name", `"x"`), `"p"`, `"q"`, 1),
	})
	res, diags := policytest.EvaluateDiags(t, inv, nil)
	assert.Empty(t, policytest.FindingsOf(res, "p"))
	assert.Equal(t, []string{
		`Unsupported attribute: This object does not have an attribute named "ownr". (policy "p", evaluating tool.t0000, and 1999 more subjects)`,
		`Invalid policy condition: The condition is a string, not true or false. A condition must be true for a compliant subject and false for a failing one. (policy "q", evaluating tool.t0000, and 1999 more subjects)`,
	}, customDiagText(diags))
	// The diagnostic prints like Terraform's, with the subject's values.
	var out strings.Builder
	w := hcl.NewDiagnosticTextWriter(&out, inv.Files, 100, false)
	require.NoError(t, w.WriteDiagnostics(diags))
	assert.Contains(t, out.String(), `in policy "p"`)
	assert.Contains(t, out.String(), `each.name as "t0000"`)
}

// TestCustomEmptyInventory: collections of an inventory without subjects
// are empty maps.
func TestCustomEmptyInventory(t *testing.T) {
	inv := policytest.LoadInventory(t, map[string]string{"policy.hcl": customPolicy("tools", "length(tools) + length(flows) + length(teams) + length(objectives) + length(data_classes) == 0", `"x"`) +
		strings.Replace(customPolicy("teams", "false", `"x"`), `"p"`, `"q"`, 1)})
	res := policytest.Evaluate(t, inv, nil)
	assert.Empty(t, policytest.FindingsOf(res, "p"))
	assert.Empty(t, policytest.FindingsOf(res, "q"))
}

// TestCustomSynthetic runs policies over every collection of a synthetic
// inventory: every element of a collection has the collection's type, so
// building the collection maps succeeds, and the results are plausible.
func TestCustomSynthetic(t *testing.T) {
	res := evaluateSynthetic(t, synth.Size{Tools: 300, Flows: 2000, Teams: 40, Files: 8}, customBenchPolicies+`
policy "collections" {
  for_each  = teams
  condition = length(tools) == 300 && length(flows) == 2000 && length(teams) == 40 && length(objectives) == 50 && length(data_classes) == 10 && length(values(tools)) == 300
  message   = "unexpected collection sizes"
}
`)
	assert.Empty(t, policytest.FindingsOf(res, "collections"))
	for _, id := range []string{"pii-needs-dpa", "owned-flows", "no-manual-sensitive-flows", "agency-tools-not-global"} {
		n := len(policytest.FindingsOf(res, id))
		assert.Positive(t, n, id)
	}
}

// customBenchPolicies are five realistic policies over tools and flows.
const customBenchPolicies = `
policy "pii-needs-dpa" {
  severity    = "high"
  description = "Tools that store personal data must have a DPA"
  for_each    = tools
  condition   = !anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)
  message     = "${each.name} stores personal data without a DPA"
}

policy "renewal-owner" {
  severity    = "high"
  description = "A contract ending within 60 days needs an owning team with a lead"
  for_each    = tools
  condition   = try(days_until(each.contract.end) > 60, true) || try(each.owner.lead != null, false)
  message     = "${each.name} ends its contract on ${each.contract.end} and nobody is accountable for the decision"
}

policy "agency-tools-not-global" {
  severity    = "medium"
  description = "Agency-owned tools must be scoped to a region, not global"
  for_each    = tools
  condition   = try(each.owner.kind != "agency", true) || !contains(each.scope, "global")
  message     = "${each.name} is owned by agency ${each.owner.name} but scoped globally"
}

policy "no-manual-sensitive-flows" {
  severity    = "critical"
  description = "Sensitive data must never be moved by hand"
  for_each    = flows
  condition   = each.method != "manual" || alltrue([for d in each.data : d.sensitivity != "sensitive"])
  message     = "flow ${each.id} moves sensitive data manually from ${each.from.name} to ${each.to.name}"
}

policy "owned-flows" {
  severity    = "medium"
  description = "Flows of personal data have an owner with a lead"
  for_each    = flows
  condition   = !anytrue([for d in each.data : d.sensitivity == "personal"]) || try(each.owner.lead != null, false)
  message     = "flow ${each.id} from ${each.from.name} (owned by ${try(each.from.owner.name, "nobody")}) has no accountable owner"
}
`

// BenchmarkCustomPolicies evaluates five custom policies over 10,000 tools
// and 100,000 flows. "builtin" is Evaluate of the same inventory without
// its policies, "custom" with them: the difference is the custom policies'
// cost (the object model and 220,000 evaluations).
func BenchmarkCustomPolicies(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Size{Tools: 10000, Flows: 100000, Teams: 500, Files: 100}); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policies.hcl"), []byte(customBenchPolicies), 0o644); err != nil {
		b.Fatal(err)
	}
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	if len(inv.Policies) != 5 {
		b.Fatalf("%d policies", len(inv.Policies))
	}
	builtin := *inv
	builtin.Policies = nil
	for _, bc := range []struct {
		name string
		inv  *inventory.Inventory
	}{{"builtin", &builtin}, {"custom", inv}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, diags := policies.Evaluate(bc.inv, nil, policies.Options{AsOf: policytest.AsOf})
				if diags.HasErrors() {
					b.Fatal(diags.Error())
				}
				if len(res.Findings) == 0 {
					b.Fatal("no findings")
				}
			}
		})
	}
}

// customWrapped is a policy "q" equivalent to customPolicy's "p" that
// shares no evaluation between subjects: the condition and message refer to
// each.id, whose value differs for every subject, and the condition's
// logical operators are inside a tuple, so hcl applies them itself.
func customWrapped(forEach, condition, message string) string {
	return fmt.Sprintf("policy \"q\" {\n  severity    = \"high\"\n  description = \"Custom test policy\"\n  for_each    = %s\n  condition   = [%s, each.id][0]\n  message     = %s\n}\n",
		forEach, condition, message)
}

var customAtRange = regexp.MustCompile(`\(at [^)]*\)`)

// customSame checks that policies "p" and "q" gave the same findings and
// diagnostics.
func customSame(t *testing.T, res *result.Result, diags hcl.Diagnostics) {
	t.Helper()
	norm := func(s, id string) string {
		s = strings.ReplaceAll(s, fmt.Sprintf("(policy %q,", id), "(policy,")
		s = strings.ReplaceAll(s, id+" failed for ", "failed for ")
		return customAtRange.ReplaceAllString(s, "(at)")
	}
	of := func(id string) (out []string) {
		for _, f := range policytest.FindingsOf(res, id) {
			out = append(out, f.Subjects[0].String()+": "+norm(f.Message, id))
		}
		slices.Sort(out)
		for _, d := range diags {
			if strings.Contains(d.Detail, fmt.Sprintf("(policy %q,", id)) {
				out = append(out, d.Summary+": "+norm(d.Detail, id))
			}
		}
		return out
	}
	require.Equal(t, of("q"), of("p"))
}

// TestCustomSharedEvaluations checks that evaluations shared between
// subjects (and operators applied outside hcl) give exactly what hcl gives
// when it evaluates each subject on its own, on a synthetic inventory
// large enough to share and to run in parallel.
func TestCustomSharedEvaluations(t *testing.T) {
	inv := synthtest.Inventory(t, synth.Size{Tools: 600, Flows: 3000, Teams: 60, Files: 8})
	for i, c := range []struct{ forEach, condition, message string }{
		{"tools", `!anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)`, `"${each.name} stores personal data without a DPA"`},
		{"tools", `try(days_until(each.contract.end) > 60, true) || try(each.owner.lead != null, false)`, `"${each.name} ends on ${each.contract.end}"`},
		{"tools", `try(each.owner.kind != "agency", true) || !contains(each.scope, "global")`, `"${each.name} owned by ${each.owner.name}"`},
		{"tools", `each.owner.lead != null && each.sso`, `"${each.owner.name}"`},
		{"tools", `!each.sso || each.owner.kind == "agency"`, `"${each.id}"`},
		{"tools", `each.sso || each.ownr`, `"x"`},
		{"tools", `each.ownr || each.sso`, `"x"`},
		{"tools", `each.ownr && false`, `"x"`},
		{"tools", `!each.owner`, `"x"`},
		{"tools", `!(each.cost == null) && each.cost.seats > 100`, `"${each.cost.seats} seats"`},
		{"tools", `(each.contract.dpa || null) && true`, `"x"`},
		{"tools", `each.product == null || each.product`, `"${each.product}"`},
		{"tools", `each.contract.auto_renew || "yes"`, `"x"`},
		{"tools", `length(each.stores[0].name) > 10 || each.stores[0].steward.parent.kind == "agency"`, `"${each.stores[0].steward.name}"`},
		{"tools", `each["sso"] || each.category == "crm"`, `"${each["category"]}"`},
		{"flows", `each.method != "manual" || alltrue([for d in each.data : d.sensitivity != "sensitive"])`, `"flow ${each.id} from ${each.from.name} to ${each.to.name}"`},
		{"flows", `!anytrue([for d in each.data : d.sensitivity == "personal"]) || try(each.owner.lead != null, false)`, `"${try(each.from.owner.name, "nobody")}"`},
		{"flows", `each.via == null && each.from.owner.parent.id != "t0"`, `"${each.from.owner.parent.name}"`},
		{"flows", `each.frequency == "daily" || each.owner.parent != null`, `"${each.owner.name}"`},
		{"flows", `each.from.owner.id == each.to.owner.id || length(each.data) < 2`, `"${each.data[1].name}"`},
		{"teams", `each.parent == null || each.kind != "agency"`, `"${each.parent.name}"`},
		{"teams", `length([for t in tools : t.id if try(t.owner.id, "") == each.id]) < 20`, `"${each.name}"`},
		{"objectives", `each.owner.kind == "internal" || length(each.kpis) > 1`, `"${each.owner.name}"`},
		{"data_classes", `each.sensitivity != "personal" || each.steward.lead != null`, `"${each.steward.lead}"`},
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			withPolicies := *inv
			extra := policytest.LoadInventory(t, map[string]string{"p.hcl": customPolicy(c.forEach, c.condition, c.message) + customWrapped(c.forEach, c.condition, c.message)})
			withPolicies.Policies = extra.Policies
			res, diags := policies.Evaluate(&withPolicies, nil, policies.Options{AsOf: policytest.AsOf})
			require.NotNil(t, res)
			customSame(t, res, diags)
		})
	}
}

// FuzzCustomPolicy evaluates arbitrary conditions and message templates
// over a small inventory: whatever inventory.Load accepts, Evaluate must
// not panic on, and evaluations shared between subjects must give what hcl
// gives for each subject on its own.
func FuzzCustomPolicy(f *testing.F) {
	for _, seed := range [][2]string{
		{`!anytrue([for d in each.stores : d.sensitivity == "personal"]) || try(each.contract.dpa, false)`, `${each.name} stores personal data without a DPA`},
		{`try(days_until(each.contract.end) > 60, true) || try(each.owner.lead != null, false)`, `${each.name} ends on ${each.contract.end}`},
		{`each.usage == null || coalesce(each.annual_cost, 0) <= 2500 * each.usage.active_30d`, `${floor(each.annual_cost / max(each.usage.active_30d, 1))}`},
		{`length([for t in tools : t.id if try(t.owner.id, "") == each.id]) <= 1`, `${each.owner.parent.name}`},
		{`each.ownr`, `%{ for d in each.stores }${d.name}%{ endfor }`},
		{`frobnicate(each.id)`, `${each}`},
		{`each.sso`, `${each.sso}`},
		{`null`, `${null}`},
		{`each.name`, `${[1]}`},
		{`length(format("%9d", 1)) > indent(2, "x")`, `${regex("(", each.id)}`},
		{`setunion(each.scope, keys(tools)) == tolist(values(teams))`, `${jsonencode(each)}`},
		{`sum([for t in tools : coalesce(t.annual_cost, 0)]) > 0`, `${tools.dpa_true.usage.seats}`},
		{`days_until(each.id) > 0`, `${days_until("2026-02-30")}`},
		{`anytrue(each.stores)`, `${alltrue([each.sso])}`},
		{`each.sso || !each.contract.dpa && each.ownr`, `${each.owner.name}`},
		{`!(each.owner == null) || each.cost.amount > 10`, `${each.stores[0].steward.name}`},
		{`anytrue(each.stores)`, `${([])}`},
		{`length(flows) > 1 && contains(keys(tools), each.id) && lookup(tools, each.id, null) != null`, `${length(values(teams))} ${lookup(each, "name")}`},
		{`each["sso"] || each.stores[0].steward.parent == null`, `${each.stores[*].name[0]}`},
	} {
		f.Add(seed[0], seed[1])
	}
	cat, err := catalog.Load()
	if err != nil {
		f.Fatal(err)
	}
	snap, err := usage.Decode(strings.NewReader(customSnapshot), "snapshot.json")
	if err != nil {
		f.Fatal(err)
	}
	load := func(t *testing.T, policy string) *inventory.Inventory {
		dir := t.TempDir()
		for name, content := range map[string]string{"stack.hcl": customFixture, "policy.hcl": policy} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		inv, diags := inventory.Load(dir, inventory.WithCatalog(cat))
		if diags.HasErrors() {
			return nil
		}
		return inv
	}
	f.Fuzz(func(t *testing.T, condition, message string) {
		if strings.ContainsRune(condition+message, 0) || len(condition)+len(message) > 2000 {
			t.Skip()
		}
		message = `"` + message + `"`
		inv := load(t, customPolicy("tools", condition, message))
		if inv == nil {
			t.Skip()
		}
		// The message of q refers to each.id too. A message that is one
		// interpolation is the interpolated value, not a string made from
		// it: keep that form.
		wrapped, inner := `"%{ if each.id != "" }`+message[1:len(message)-1]+`%{ endif }"`, message[1:len(message)-1]
		if strings.HasPrefix(inner, "${") && strings.HasSuffix(inner, "}") {
			wrapped = `"${[` + inner[2:len(inner)-1] + `, each.id][0]}"`
		}
		both := load(t, customPolicy("tools", condition, message)+customWrapped("tools", condition, wrapped))
		for _, s := range []*usage.Snapshot{nil, snap} {
			res, diags := policies.Evaluate(inv, s, policies.Options{AsOf: policytest.AsOf})
			if res == nil {
				t.Fatal("no result")
			}
			for _, d := range diags {
				if d.Summary == "" || d.Severity == hcl.DiagError && d.Subject == nil {
					t.Fatalf("diagnostic without a summary or range: %#v", d)
				}
			}
			if both != nil {
				res, diags := policies.Evaluate(both, s, policies.Options{AsOf: policytest.AsOf})
				customSame(t, res, diags)
			}
		}
	})
}
