package custom

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// Custom policies (SPEC §3, docs/language.md "policy") are evaluated
// against an object model of the inventory, built once per evaluation:
//
//	team        {id, name, lead, kind, parent}
//	team.parent {id, name, lead, kind}                    (a team reference)
//	objective   {id, name, owner (team), kpis}
//	data_class  {id, name, sensitivity, steward (team)}
//	tool        {id, name, vendor, product, category, capabilities,
//	             owner (team), admins, objectives (list of objective),
//	             status, scope, stages, sso, stores (list of data_class),
//	             cost, contract, scan, annual_cost, usage}
//	cost        {amount, currency, period, seats}
//	contract    {start, end, auto_renew, notice_days, dpa}
//	scan        {kind, token_env, host}
//	usage       {seats, active_30d, active_90d, last_activity}
//	flow        {id, from (tool), to (tool), data (list of data_class),
//	             owner (team), via (tool), method, frequency}
//
// Depth rule: a reference is resolved to the referenced element's full
// object, which is the very value that element has in its own collection
// (built once and shared, so the model is linear in the inventory's size).
// The only reference that can recur is a team's parent; it is resolved as a
// team reference {id, name, lead, kind} without its own parent, which bounds
// every object's depth (flow → tool → objective → team → parent). To climb
// further, index the collection: teams[each.owner.parent.id].parent.
//
// Absent lists are empty lists of their element type; absent scalars and
// blocks are typed nulls, so that every element of a collection has exactly
// its collection's type. Two bools inside a present contract default to
// false: auto_renew (as the language defines it) and dpa (only true counts
// as a DPA in place), so that SPEC §3's `try(each.contract.dpa, false)` is a
// bool on every tool. Dates are "YYYY-MM-DD" strings; usage.last_activity is
// an RFC 3339 timestamp. annual_cost is null without a cost block.
//
// The collections tools, flows, teams, objectives and data_classes are
// objects keyed by id (so `tools.hubspot`, `keys(tools)` and
// `[for t in tools : …]`, in id order, all work), built only when a policy
// refers to them.
//
// Evaluation: policies run in id order, each over its subjects in id order.
// A condition's logical operators are applied per subject, and its other
// subexpressions are evaluated once per distinct value of the `each`
// traversals they read (evaluateShared), so that a policy over 100,000
// flows costs a few hundred hcl evaluations; messages are evaluated for
// failing subjects only. The result, findings and diagnostics alike, is
// exactly what evaluating every subject on its own would give
// (TestCustomSharedEvaluations, FuzzCustomPolicy). Errors are reported once
// per policy, summary and range, naming the first subject and counting the
// others.

var (
	teamRefType = cty.Object(map[string]cty.Type{
		"id": cty.String, "name": cty.String, "lead": cty.String, "kind": cty.String,
	})
	teamType = cty.Object(map[string]cty.Type{
		"id": cty.String, "name": cty.String, "lead": cty.String, "kind": cty.String, "parent": teamRefType,
	})
	objectiveType = cty.Object(map[string]cty.Type{
		"id": cty.String, "name": cty.String, "owner": teamType, "kpis": cty.List(cty.String),
	})
	dataClassType = cty.Object(map[string]cty.Type{
		"id": cty.String, "name": cty.String, "sensitivity": cty.String, "steward": teamType,
	})
	costType = cty.Object(map[string]cty.Type{
		"amount": cty.Number, "currency": cty.String, "period": cty.String, "seats": cty.Number,
	})
	contractType = cty.Object(map[string]cty.Type{
		"start": cty.String, "end": cty.String, "auto_renew": cty.Bool, "notice_days": cty.Number, "dpa": cty.Bool,
	})
	scanType = cty.Object(map[string]cty.Type{
		"kind": cty.String, "token_env": cty.String, "host": cty.String,
	})
	usageType = cty.Object(map[string]cty.Type{
		"seats": cty.Number, "active_30d": cty.Number, "active_90d": cty.Number, "last_activity": cty.String,
	})
	toolType = cty.Object(map[string]cty.Type{
		"id": cty.String, "name": cty.String, "vendor": cty.String, "product": cty.String, "category": cty.String,
		"capabilities": cty.List(cty.String), "owner": teamType, "admins": cty.List(cty.String),
		"objectives": cty.List(objectiveType), "status": cty.String, "scope": cty.List(cty.String),
		"stages": cty.List(cty.String), "sso": cty.Bool, "stores": cty.List(dataClassType),
		"cost": costType, "contract": contractType, "scan": scanType,
		"annual_cost": cty.Number, "usage": usageType,
	})
	flowType = cty.Object(map[string]cty.Type{
		"id": cty.String, "from": toolType, "to": toolType, "data": cty.List(dataClassType),
		"owner": teamType, "via": toolType, "method": cty.String, "frequency": cty.String,
	})
)

// collections maps a for_each collection name to its subject kind
// and element type.
var collections = map[string]struct {
	kind string
	ty   cty.Type
}{
	"tools":        {"tool", toolType},
	"flows":        {"flow", flowType},
	"teams":        {"team", teamType},
	"objectives":   {"objective", objectiveType},
	"data_classes": {"data_class", dataClassType},
}

// subjectEntry is one element a policy can iterate over. A flow's object
// is built only when needed (see model.full): nothing refers to a
// flow, and most of a large inventory's flows share their evaluations, so
// their attributes are usually read straight from the inventory.
type subjectEntry struct {
	subject result.Subject
	value   cty.Value // cty.NilVal until built
	decl    hcl.Range
	flow    *inventory.Flow
}

// model builds and caches the object model. Each team, objective,
// data class and tool value is built once and shared by every object that
// refers to it, and so is each distinct list of data classes or
// objectives. Tools and flows are built in parallel; mu guards the caches.
type model struct {
	inv         *inventory.Inventory
	facts       *result.Facts
	mu          sync.Mutex
	teams       map[*inventory.Team]cty.Value
	objectives  map[*inventory.Objective]cty.Value
	dataClasses map[*inventory.DataClass]cty.Value
	tools       map[*inventory.Tool]cty.Value
	lists       map[string]cty.Value
	subjects    map[string][]subjectEntry
}

func newModel(inv *inventory.Inventory, facts *result.Facts) *model {
	return &model{
		inv:         inv,
		facts:       facts,
		teams:       map[*inventory.Team]cty.Value{},
		objectives:  map[*inventory.Objective]cty.Value{},
		dataClasses: map[*inventory.DataClass]cty.Value{},
		tools:       map[*inventory.Tool]cty.Value{},
		lists:       map[string]cty.Value{},
		subjects:    map[string][]subjectEntry{},
	}
}

// cached returns cache[k], building and storing it when absent. The
// build runs outside the lock; when two goroutines build the same element,
// the first stored value wins, so that every reference shares one value.
func cached[K comparable](m *model, cache map[K]cty.Value, k K, build func() cty.Value) cty.Value {
	m.mu.Lock()
	v, ok := cache[k]
	m.mu.Unlock()
	if ok {
		return v
	}
	v = build()
	m.mu.Lock()
	if w, ok := cache[k]; ok {
		v = w
	} else {
		cache[k] = v
	}
	m.mu.Unlock()
	return v
}

// strVal is a string attribute: null when empty (absent).
func strVal(s string) cty.Value {
	if s == "" {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(s)
}

// StringsVal is a string list as cty: an empty list, never null, when
// there are none, so that length() and for expressions work on it. It is
// exported for the importer, which writes the same list attributes into
// HCL that the policy language reads.
func StringsVal(ss []string) cty.Value {
	if len(ss) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.ListVal(vals)
}

func dateVal(t time.Time) cty.Value {
	if t.IsZero() {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(t.Format("2006-01-02"))
}

func intVal(p *int) cty.Value {
	if p == nil {
		return cty.NullVal(cty.Number)
	}
	return cty.NumberIntVal(int64(*p))
}

func decimalVal(d decimal.Decimal) cty.Value {
	if v, err := cty.ParseNumberVal(d.String()); err == nil {
		return v
	}
	return cty.NumberFloatVal(d.InexactFloat64())
}

func (m *model) teamRef(t *inventory.Team) cty.Value {
	if t == nil {
		return cty.NullVal(teamRefType)
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal(t.ID), "name": strVal(t.Name), "lead": strVal(t.Lead), "kind": strVal(t.Kind),
	})
}

func (m *model) team(t *inventory.Team) cty.Value {
	if t == nil {
		return cty.NullVal(teamType)
	}
	return cached(m, m.teams, t, func() cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"id": cty.StringVal(t.ID), "name": strVal(t.Name), "lead": strVal(t.Lead), "kind": strVal(t.Kind),
			"parent": m.teamRef(t.Parent),
		})
	})
}

func (m *model) objective(o *inventory.Objective) cty.Value {
	if o == nil {
		return cty.NullVal(objectiveType)
	}
	return cached(m, m.objectives, o, func() cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"id": cty.StringVal(o.ID), "name": strVal(o.Name), "owner": m.team(o.Owner), "kpis": StringsVal(o.KPIs),
		})
	})
}

func (m *model) dataClass(d *inventory.DataClass) cty.Value {
	if d == nil {
		return cty.NullVal(dataClassType)
	}
	return cached(m, m.dataClasses, d, func() cty.Value {
		return cty.ObjectVal(map[string]cty.Value{
			"id": cty.StringVal(d.ID), "name": strVal(d.Name), "sensitivity": strVal(d.Sensitivity), "steward": m.team(d.Steward),
		})
	})
}

// listVal builds a list of model elements, shared between the subjects
// that refer to the same elements in the same order (a flow's data, a
// tool's stores and objectives repeat a few combinations many times).
func listVal[E any](m *model, kind string, elemType cty.Type, elems []*E, id func(*E) string, value func(*E) cty.Value) cty.Value {
	var key strings.Builder
	key.WriteString(kind)
	n := 0
	for _, e := range elems {
		if e != nil {
			key.WriteString("\x00" + id(e))
			n++
		}
	}
	if n == 0 {
		return cty.ListValEmpty(elemType)
	}
	return cached(m, m.lists, key.String(), func() cty.Value {
		vals := make([]cty.Value, 0, n)
		for _, e := range elems {
			if e != nil {
				vals = append(vals, value(e))
			}
		}
		return cty.ListVal(vals)
	})
}

func (m *model) dataClassList(ds []*inventory.DataClass) cty.Value {
	return listVal(m, "data_class", dataClassType, ds, func(d *inventory.DataClass) string { return d.ID }, m.dataClass)
}

func (m *model) objectiveList(os []*inventory.Objective) cty.Value {
	return listVal(m, "objective", objectiveType, os, func(o *inventory.Objective) string { return o.ID }, m.objective)
}

func (m *model) tool(t *inventory.Tool) cty.Value {
	if t == nil {
		return cty.NullVal(toolType)
	}
	return cached(m, m.tools, t, func() cty.Value { return m.buildTool(t) })
}

func (m *model) buildTool(t *inventory.Tool) cty.Value {
	sso := cty.NullVal(cty.Bool)
	if t.SSO != nil {
		sso = cty.BoolVal(*t.SSO)
	}
	cost := cty.NullVal(costType)
	if c := t.Cost; c != nil {
		currency := c.Currency
		if currency == "" {
			currency = m.inv.Organization.Currency
		}
		cost = cty.ObjectVal(map[string]cty.Value{
			"amount": decimalVal(c.Amount), "currency": strVal(currency), "period": strVal(c.Period), "seats": intVal(c.Seats),
		})
	}
	contract := cty.NullVal(contractType)
	if c := t.Contract; c != nil {
		contract = cty.ObjectVal(map[string]cty.Value{
			"start": dateVal(c.Start), "end": dateVal(c.End), "auto_renew": cty.BoolVal(c.AutoRenew),
			"notice_days": intVal(c.NoticeDays), "dpa": cty.BoolVal(c.DPA != nil && *c.DPA),
		})
	}
	scan := cty.NullVal(scanType)
	if s := t.Scan; s != nil {
		scan = cty.ObjectVal(map[string]cty.Value{
			"kind": strVal(s.Kind), "token_env": strVal(s.TokenEnv), "host": strVal(s.Host),
		})
	}
	annual, usage := cty.NullVal(cty.Number), cty.NullVal(usageType)
	if tf := m.facts.Tool(t.ID); tf != nil {
		if tf.HasCost {
			annual = decimalVal(tf.AnnualCost)
		}
		if tf.Measured {
			last := cty.NullVal(cty.String)
			if tf.LastActivity != nil {
				last = cty.StringVal(tf.LastActivity.UTC().Format(time.RFC3339))
			}
			usage = cty.ObjectVal(map[string]cty.Value{
				"seats": intVal(tf.Assigned), "active_30d": intVal(tf.Active30), "active_90d": intVal(tf.Active90),
				"last_activity": last,
			})
		}
	}
	return cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal(t.ID), "name": strVal(t.Name), "vendor": strVal(t.Vendor), "product": strVal(t.ProductID),
		"category": strVal(t.Category), "capabilities": StringsVal(t.Capabilities), "owner": m.team(t.Owner),
		"admins": StringsVal(t.Admins), "objectives": m.objectiveList(t.Objectives), "status": strVal(t.Status),
		"scope": StringsVal(t.Scope), "stages": StringsVal(t.Stages), "sso": sso,
		"stores": m.dataClassList(t.Stores), "cost": cost, "contract": contract, "scan": scan,
		"annual_cost": annual, "usage": usage,
	})
}

func (m *model) flow(f *inventory.Flow) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal(f.ID), "from": m.tool(f.From), "to": m.tool(f.To), "data": m.dataClassList(f.Data),
		"owner": m.team(f.Owner), "via": m.tool(f.Via), "method": strVal(f.Method), "frequency": strVal(f.Frequency),
	})
}

// subjectsOf returns the subjects of a collection in id order (the
// inventory's slices are sorted by id), built once.
func (m *model) subjectsOf(collection string) []subjectEntry {
	if s, ok := m.subjects[collection]; ok {
		return s
	}
	inv := m.inv
	var out []subjectEntry
	switch collection {
	case "tools":
		out = make([]subjectEntry, len(inv.Tools))
		parallel(len(out), func(i int) {
			t := inv.Tools[i]
			out[i] = subjectEntry{subject: result.ToolSubject(t), value: m.tool(t), decl: t.DeclRange}
		})
	case "flows":
		m.subjectsOf("tools") // every tool first: flows refer to them
		out = make([]subjectEntry, len(inv.Flows))
		for i, f := range inv.Flows {
			out[i] = subjectEntry{subject: result.FlowSubject(f), decl: f.DeclRange, flow: f}
		}
	case "teams":
		for _, t := range inv.Teams {
			out = append(out, subjectEntry{subject: result.TeamSubject(t), value: m.team(t), decl: t.DeclRange})
		}
	case "objectives":
		for _, o := range inv.Objectives {
			out = append(out, subjectEntry{subject: result.ObjectiveSubject(o), value: m.objective(o), decl: o.DeclRange})
		}
	case "data_classes":
		for _, d := range inv.DataClasses {
			out = append(out, subjectEntry{subject: result.DataClassSubject(d), value: m.dataClass(d), decl: d.DeclRange})
		}
	}
	m.subjects[collection] = out
	return out
}

// full is the subject's object, built on first use. Callers give each
// subject to one goroutine at a time.
func (m *model) full(s *subjectEntry) cty.Value {
	if s.value == cty.NilVal && s.flow != nil {
		s.value = m.flow(s.flow)
	}
	return s.value
}

// attr is one attribute of the subject's object, read from the inventory
// when the object is not built; false when there is no such attribute.
func (m *model) attr(s *subjectEntry, name string) (cty.Value, bool) {
	if f := s.flow; f != nil && s.value == cty.NilVal {
		switch name {
		case "id":
			return cty.StringVal(f.ID), true
		case "from":
			return m.tool(f.From), true
		case "to":
			return m.tool(f.To), true
		case "data":
			return m.dataClassList(f.Data), true
		case "owner":
			return m.team(f.Owner), true
		case "via":
			return m.tool(f.Via), true
		case "method":
			return strVal(f.Method), true
		case "frequency":
			return strVal(f.Frequency), true
		}
		return cty.NilVal, false
	}
	if _, ok := s.value.Type().AttributeTypes()[name]; !ok {
		return cty.NilVal, false
	}
	return s.value.GetAttr(name), true
}

// collection is the value of a collection variable: an object whose
// attributes are the elements by id. (An object rather than a map: a map
// checks that its elements' types are equal, which for 100,000 flows took a
// second, and it reads the same in a policy: tools.hubspot, keys(tools),
// [for t in tools : …] in id order.)
func (m *model) collection(name string) cty.Value {
	subjects := m.subjectsOf(name)
	parallel(len(subjects), func(i int) { m.full(&subjects[i]) })
	elems := make(map[string]cty.Value, len(subjects))
	for _, s := range subjects {
		elems[s.subject.ID] = s.value
	}
	return cty.ObjectVal(elems)
}

// Evaluate evaluates the inventory's policy blocks, in id order, at the
// audit date asOf (days_until counts from it). facts give each tool's
// annual cost and usage, as the built-in rules see them. The findings are
// neither waived nor deduplicated: the engine does that for every rule
// alike.
func Evaluate(inv *inventory.Inventory, facts *result.Facts, asOf time.Time) ([]result.Finding, hcl.Diagnostics) {
	findings, diags, _ := EvaluateWithin(context.Background(), inv, facts, asOf, DefaultLimits)
	return findings, diags
}

// InterruptedError is an evaluation stopped because its caller's context
// ended (Ctrl-C): it names the policy that was being evaluated, and
// unwraps to the context's error (context.Canceled).
type InterruptedError struct {
	Policy string
	Err    error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted while evaluating policy %q: %v", e.Policy, e.Err)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// EvaluateWithin is Evaluate under ctx and limits: a policy that exceeds
// them gives no findings and an error naming it (see Limits). When ctx
// ends, the policy being evaluated stops within a few thousand steps
// and EvaluateWithin returns an *InterruptedError and nothing else: a
// cancelled run has no result.
func EvaluateWithin(ctx context.Context, inv *inventory.Inventory, facts *result.Facts, asOf time.Time, limits Limits) ([]result.Finding, hcl.Diagnostics, error) {
	if len(inv.Policies) == 0 {
		return nil, nil, nil
	}
	sorted := make([]*inventory.Policy, 0, len(inv.Policies))
	for _, p := range inv.Policies {
		if p != nil {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })

	m := newModel(inv, facts)
	fns := functions(asOf)
	for _, name := range amplifying {
		fns[name] = limitSize(fns[name], limits)
	}
	root := &hcl.EvalContext{Variables: map[string]cty.Value{}, Functions: fns}
	// Only the collections that some policy refers to are built: all the
	// flows of a large inventory are the costliest part of the model.
	for _, p := range sorted {
		for _, expr := range []hcl.Expression{p.Condition, p.Message} {
			if expr == nil {
				continue
			}
			for _, t := range expr.Variables() {
				name := t.RootName()
				if _, ok := collections[name]; ok && root.Variables[name] == cty.NilVal {
					root.Variables[name] = m.collection(name)
				}
			}
		}
	}

	var findings []result.Finding
	var diags hcl.Diagnostics
	for _, p := range sorted {
		if err := ctx.Err(); err != nil {
			return nil, nil, &InterruptedError{Policy: p.ID, Err: err}
		}
		f, d := m.evaluatePolicy(ctx, root, p, &limits)
		// A budget spent because ctx ended (the policy's own deadline
		// is a child of ctx) is no fault of the policy.
		if err := ctx.Err(); err != nil {
			return nil, nil, &InterruptedError{Policy: p.ID, Err: err}
		}
		findings = append(findings, f...)
		diags = append(diags, d...)
	}
	return findings, diags, nil
}

const (
	summaryCondition = "Invalid policy condition"
	summaryMessage   = "Invalid policy message"
)

func (m *model) evaluatePolicy(ctx context.Context, root *hcl.EvalContext, p *inventory.Policy, limits *Limits) ([]result.Finding, hcl.Diagnostics) {
	if _, ok := collections[p.ForEach]; !ok || p.Condition == nil || p.Message == nil {
		// inventory.Load reports these; a policy that is incomplete is
		// skipped rather than guessed at.
		rng := p.DeclRange
		if p.ForEachExpr != nil {
			rng = p.ForEachExpr.Range()
		}
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError, Summary: "Invalid policy",
			Detail:  fmt.Sprintf("The policy %q needs for_each (one of tools, flows, teams, objectives, data_classes), condition and message; it was not evaluated.", p.ID),
			Subject: ptr(rng),
		}}
	}
	subjects := m.subjectsOf(p.ForEach)
	var cancel context.CancelFunc
	if limits.Context != nil {
		ctx, cancel = limits.Context(ctx)
	} else {
		ctx, cancel = context.WithTimeout(ctx, limits.Timeout)
	}
	defer cancel()
	env := newEvalEnv(m, root, subjects, collections[p.ForEach].ty, p.Condition, p.Message)
	var stopped atomic.Pointer[string]
	env.budget = func(i int) *budget {
		return &budget{ctx: ctx, limits: limits, why: &stopped, subject: subjects[i].subject.String()}
	}
	all := make([]int, len(subjects))
	for i := range all {
		all[i] = i
	}

	// The condition, for every subject.
	conds := compile(p.Condition).eval(env, all)
	diags := make([]hcl.Diagnostics, len(subjects))
	var failing []int
	for i, r := range conds {
		diags[i] = r.diags
		if r.diags.HasErrors() {
			continue
		}
		v, _ := r.value.Unmark() // nothing marks values in a policy; never panic on one
		if what := notBool(v); what != "" {
			hint := ""
			if what == "null" {
				hint = " An absent attribute is null: compare it explicitly (x == true) or give a default with coalesce(x, false)."
			}
			diags[i] = append(diags[i][:len(diags[i]):len(diags[i])], &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: summaryCondition,
				Detail: fmt.Sprintf("The condition is %s, not true or false. A condition must be true for a compliant subject and false for a failing one.%s",
					what, hint),
				Subject: ptr(p.Condition.Range()), Expression: p.Condition, EvalContext: env.ctx(i),
			})
			continue
		}
		if v.False() {
			failing = append(failing, i)
		}
	}

	// The message, for the failing subjects only.
	msgs := evaluateShared(p.Message, env, failing)
	severity := result.Severity(p.Severity)
	if severity.Rank() < 0 {
		severity = result.Medium
	}
	title := p.Description
	if title == "" {
		title = p.ID
	}
	findings := make([]result.Finding, 0, len(failing))
	for k, i := range failing {
		s, r := subjects[i], msgs[k]
		message, ok := "", false
		diags[i] = append(diags[i][:len(diags[i]):len(diags[i])], r.diags...)
		if !r.diags.HasErrors() {
			str, err := convert.Convert(r.value, cty.String)
			if ok = err == nil && str.IsKnown() && !str.IsNull(); ok {
				message = str.AsString()
			} else {
				diags[i] = append(diags[i], &hcl.Diagnostic{
					Severity: hcl.DiagError, Summary: summaryMessage,
					Detail:  fmt.Sprintf("The message is %s, not a string; the finding gets the message \"<policy> failed for <subject>\" instead.", notBool(r.value)),
					Subject: ptr(p.Message.Range()), Expression: p.Message, EvalContext: env.ctx(i),
				})
			}
		}
		if !ok {
			message = fmt.Sprintf("%s failed for %s", p.ID, s.subject)
		}
		subjs := []result.Subject{s.subject}
		findings = append(findings, result.Finding{
			Rule: p.ID, Severity: severity, Title: title, Message: message, Subjects: subjs,
			Location: result.LocationOf(s.decl), Fingerprint: result.Fingerprint(p.ID, subjs),
		})
	}

	if d := env.overBudget(p); d != nil {
		return nil, hcl.Diagnostics{d}
	}

	agg := diagAggregator{policy: p.ID, index: map[string]int{}}
	for i, d := range diags {
		agg.add(d, subjects[i].subject)
	}
	return findings, agg.diagnostics()
}

// A condition is compiled into a tree whose inner nodes are its logical
// operators (||, && and !, through parentheses) and whose leaves are the
// other subexpressions: each leaf is evaluated with evaluateShared, which
// shares evaluations between subjects, and the operators are applied per
// subject exactly as hclsyntax applies them (same conversions, short
// circuits and diagnostics). SPEC §3's `!anytrue(…) || try(…)` thus costs
// one evaluation per distinct each.stores plus one per distinct
// each.contract.dpa, instead of one per tool.
type node interface {
	eval(env *evalEnv, which []int) []evalResult
}

func compile(expr hcl.Expression) node {
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return compile(e.Expression)
	case *hclsyntax.BinaryOpExpr:
		if e.Op == hclsyntax.OpLogicalOr || e.Op == hclsyntax.OpLogicalAnd {
			return &binary{e: e, lhs: compile(e.LHS), rhs: compile(e.RHS)}
		}
	case *hclsyntax.UnaryOpExpr:
		if e.Op == hclsyntax.OpLogicalNot {
			return &unary{e: e, val: compile(e.Val)}
		}
	}
	return &leaf{expr}
}

type leaf struct{ expr hcl.Expression }

func (n *leaf) eval(env *evalEnv, which []int) []evalResult {
	return evaluateShared(n.expr, env, which)
}

type binary struct {
	e        *hclsyntax.BinaryOpExpr
	lhs, rhs node
}

func (n *binary) eval(env *evalEnv, which []int) []evalResult {
	l, r := n.lhs.eval(env, which), n.rhs.eval(env, which)
	out := make([]evalResult, len(which))
	parallel(len(which), func(k int) { out[k] = binaryValue(n.e, env, which[k], l[k], r[k]) })
	return out
}

// binaryValue is hclsyntax's BinaryOpExpr.Value (hcl v2.25) with
// the operands already evaluated.
func binaryValue(e *hclsyntax.BinaryOpExpr, env *evalEnv, i int, l, r evalResult) evalResult {
	impl := e.Op.Impl
	var diags hcl.Diagnostics
	lhsVal, err := convert.Convert(l.value, e.Op.Type) // the parameter type of a logical operator
	if err != nil {
		diags = append(diags, invalidOperand("left", err, e.LHS, &e.SrcRange, env.ctx(i)))
	}
	rhsVal, err := convert.Convert(r.value, e.Op.Type)
	if err != nil {
		diags = append(diags, invalidOperand("right", err, e.RHS, &e.SrcRange, env.ctx(i)))
	}
	if diags.HasErrors() {
		diags = append(diags, l.diags...)
		diags = append(diags, r.diags...)
		return evalResult{cty.UnknownVal(e.Op.Type), diags}
	}
	lhsVal, lhsMarks := lhsVal.Unmark()
	rhsVal, rhsMarks := rhsVal.Unmark()
	if e.Op.ShortCircuit != nil {
		if force, fdiags := e.Op.ShortCircuit(lhsVal, rhsVal, l.diags, r.diags); force != cty.NilVal {
			return evalResult{force.WithMarks(lhsMarks, rhsMarks), fdiags}
		}
	}
	diags = append(diags, l.diags...)
	diags = append(diags, r.diags...)
	if diags.HasErrors() {
		return evalResult{cty.UnknownVal(e.Op.Type).WithMarks(lhsMarks, rhsMarks), diags}
	}
	result, err := impl.Call([]cty.Value{lhsVal, rhsVal})
	if err != nil {
		diags = append(diags, operationFailed(err, e, &e.SrcRange, env.ctx(i)))
		return evalResult{cty.UnknownVal(e.Op.Type), diags}
	}
	return evalResult{result.WithMarks(lhsMarks, rhsMarks), diags}
}

// invalidOperand is hclsyntax's diagnostic for an operand that does not
// convert to the operator's parameter type (side: left, right or unary).
func invalidOperand(side string, err error, operand hcl.Expression, src *hcl.Range, ctx *hcl.EvalContext) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Invalid operand",
		Detail:  fmt.Sprintf("Unsuitable value for %s operand: %s.", side, err),
		Subject: operand.Range().Ptr(), Context: src, Expression: operand, EvalContext: ctx,
	}
}

// operationFailed is hclsyntax's diagnostic for an operator whose
// function failed.
func operationFailed(err error, e hcl.Expression, src *hcl.Range, ctx *hcl.EvalContext) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Operation failed",
		Detail:  fmt.Sprintf("Error during operation: %s.", err),
		Subject: src, Expression: e, EvalContext: ctx,
	}
}

type unary struct {
	e   *hclsyntax.UnaryOpExpr
	val node
}

func (n *unary) eval(env *evalEnv, which []int) []evalResult {
	v := n.val.eval(env, which)
	out := make([]evalResult, len(which))
	parallel(len(which), func(k int) { out[k] = unaryValue(n.e, env, which[k], v[k]) })
	return out
}

// unaryValue is hclsyntax's UnaryOpExpr.Value (hcl v2.25) with the
// operand already evaluated.
func unaryValue(e *hclsyntax.UnaryOpExpr, env *evalEnv, i int, v evalResult) evalResult {
	impl := e.Op.Impl
	diags := v.diags[:len(v.diags):len(v.diags)]    // shared between subjects: append copies
	val, err := convert.Convert(v.value, e.Op.Type) // the parameter type of !
	if err != nil {
		diags = append(diags, invalidOperand("unary", err, e.Val, &e.SrcRange, env.ctx(i)))
	}
	if diags.HasErrors() {
		return evalResult{cty.UnknownVal(e.Op.Type), diags}
	}
	result, err := impl.Call([]cty.Value{val})
	if err != nil {
		diags = append(diags, operationFailed(err, e, &e.SrcRange, env.ctx(i)))
		return evalResult{cty.UnknownVal(e.Op.Type), diags}
	}
	return evalResult{result, diags}
}

// evalEnv is where a policy is evaluated: the root context (functions
// and collections) and the subjects, each with its own child context that
// binds `each`, made on first use: most subjects share their evaluations
// and never need one. Within a parallel phase each subject is handled by
// one goroutine, so ctx needs no lock.
//
// When every use of `each` in the policy reads an attribute the subject's
// type has (each.from.name, not each or each["from"]), a subject whose
// object is not built binds `each` to an object of just those attributes:
// every traversal then reaches the same values, with the same errors, as it
// would on the whole object.
type evalEnv struct {
	model    *model
	root     *hcl.EvalContext
	subjects []subjectEntry
	ctxs     []*hcl.EvalContext
	attrs    []string // nil: bind the whole object
	// budget makes a subject's budget; budgets[i] is subject i's.
	budget  func(i int) *budget
	budgets []*budget
}

func newEvalEnv(m *model, root *hcl.EvalContext, subjects []subjectEntry, ty cty.Type, exprs ...hcl.Expression) *evalEnv {
	env := &evalEnv{model: m, root: root, subjects: subjects, ctxs: make([]*hcl.EvalContext, len(subjects)), budgets: make([]*budget, len(subjects))}
	seen := map[string]bool{}
	for _, expr := range exprs {
		if _, ok := expr.(hclsyntax.Expression); !ok {
			return env
		}
		for _, t := range expr.Variables() {
			if t.RootName() != "each" {
				continue
			}
			if len(t) < 2 {
				return env
			}
			a, ok := t[1].(hcl.TraverseAttr)
			if !ok || !ty.HasAttribute(a.Name) {
				return env
			}
			if !seen[a.Name] {
				seen[a.Name] = true
				env.attrs = append(env.attrs, a.Name)
			}
		}
	}
	if env.attrs == nil {
		env.attrs = []string{}
	}
	return env
}

func (e *evalEnv) ctx(i int) *hcl.EvalContext {
	if c := e.ctxs[i]; c != nil {
		return c
	}
	s := &e.subjects[i]
	var each cty.Value
	if e.attrs == nil || s.value != cty.NilVal {
		each = e.model.full(s)
	} else {
		attrs := make(map[string]cty.Value, len(e.attrs))
		for _, name := range e.attrs {
			attrs[name], _ = e.model.attr(s, name)
		}
		each = cty.ObjectVal(attrs)
	}
	c := e.root.NewChild()
	c.Variables = map[string]cty.Value{"each": each}
	if e.budget != nil {
		e.budgets[i] = e.budget(i)
		c.Variables[budgetVar] = cty.CapsuleVal(budgetType, e.budgets[i])
	}
	e.ctxs[i] = c
	return c
}

// evalResult is an expression's value for one subject.
type evalResult struct {
	value cty.Value
	diags hcl.Diagnostics
}

// evaluateShared evaluates expr for each subject i of which, returning
// the results in the same order.
//
// An expression depends on its subject only through the traversals from
// `each` that it contains (functions are pure, the collections are the
// same for every subject), so subjects whose traversals have the same
// values share one evaluation: SPEC §3's pii-needs-dpa example reads
// each.stores and each.contract.dpa, which take a few dozen distinct values
// over 10,000 tools. Traversal values are keyed by the ids of the model
// elements they contain (each element has exactly one value), else
// structurally; a traversal that fails is keyed by the value of its
// longest prefix that does not, which determines the failure. A subject
// whose key cannot be built (a key too large, an expression in JSON
// syntax, whose variables are not walked here) is evaluated on its own.
func evaluateShared(expr hcl.Expression, env *evalEnv, which []int) []evalResult {
	out := make([]evalResult, len(which))
	if len(which) == 0 {
		return out
	}
	var travs []hcl.Traversal
	_, native := expr.(hclsyntax.Expression)
	if native {
		seen := map[string]bool{}
		for _, t := range expr.Variables() {
			if t.RootName() != "each" {
				continue
			}
			k := traversalString(t)
			if !seen[k] {
				seen[k] = true
				travs = append(travs, t)
			}
		}
	}
	keys := make([]string, len(which))
	if native {
		// A sample first: when nearly every key is distinct (a message
		// naming its subject), sharing evaluations would not pay for the
		// keys.
		sample := min(len(which), 1000)
		distinct := map[string]bool{}
		for k := range sample {
			keys[k] = env.key(which[k], travs)
			distinct[keys[k]] = true
		}
		if len(distinct) <= sample*9/10 {
			parallel(len(which)-sample, func(k int) {
				keys[sample+k] = env.key(which[sample+k], travs)
			})
		} else {
			clear(keys)
		}
	}
	// The first subject of each key is evaluated; the others copy it.
	rep := make([]int, len(which))
	first := map[string]int{}
	var todo []int
	for k, key := range keys {
		if key == "" {
			rep[k] = k
			todo = append(todo, k)
			continue
		}
		if f, ok := first[key]; ok {
			rep[k] = f
			continue
		}
		first[key], rep[k] = k, k
		todo = append(todo, k)
	}
	guarded := guard(expr)
	parallel(len(todo), func(t int) {
		k := todo[t]
		out[k] = env.value(guarded, which[k])
	})
	for k := range which {
		if rep[k] != k {
			out[k] = out[rep[k]]
		}
	}
	return out
}

// value evaluates expr for subject i; a spent budget ends the evaluation
// (see budgetExceeded) and is reported by overBudget.
func (e *evalEnv) value(expr hcl.Expression, i int) (r evalResult) {
	defer func() {
		if x := recover(); x != nil {
			if _, ok := x.(budgetExceeded); !ok {
				panic(x)
			}
			r = evalResult{cty.DynamicVal, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Policy exceeds its budget"}}}
		}
	}()
	v, diags := expr.Value(e.ctx(i))
	if v == cty.NilVal {
		v = cty.DynamicVal
	}
	return evalResult{v, diags}
}

// overBudget is the error of a policy whose evaluation spent a budget, or
// nil.
func (e *evalEnv) overBudget(p *inventory.Policy) *hcl.Diagnostic {
	for _, b := range e.budgets {
		if b == nil {
			continue
		}
		if why := b.exceeded(); why != "" {
			return &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Policy exceeds its budget",
				Detail: fmt.Sprintf("The policy %q was %s. A policy's expressions are limited so that a policy in a pull request cannot exhaust the machine that checks it (see docs/security.md); no findings of this policy are reported.",
					p.ID, why),
				Subject: ptr(p.DeclRange),
			}
		}
	}
	return nil
}

// maxKey bounds a memo key; a subject with a larger one is evaluated
// on its own.
const maxKey = 4096

// key is the memo key of subject i: the values of the traversals, or ""
// when there is none.
func (e *evalEnv) key(i int, travs []hcl.Traversal) string {
	s := &e.subjects[i]
	b := make([]byte, 0, 64)
	b = append(b, 'k')
	for _, t := range travs {
		// The value reached from `each`, and after how many steps; the
		// subject itself (n = 1) is keyed by its identity.
		v, n := cty.NilVal, 1
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				if first, ok := e.model.attr(s, a.Name); ok {
					v, n = traverse(first, t[2:], 2)
				}
			} else {
				v, n = traverse(e.model.full(s), t[1:], 1)
			}
		}
		b = append(b, '|')
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ':')
		var ok bool
		switch {
		case v != cty.NilVal && n > 1:
			b, ok = appendKey(b, v)
		case s.value != cty.NilVal:
			b, ok = appendKey(b, s.value)
		default: // an unbuilt flow: its identity without building it
			b, ok = append(b, 'F'), true
			b = strconv.AppendInt(b, int64(len(s.subject.ID)), 10)
			b = append(b, ':')
			b = append(b, s.subject.ID...)
		}
		if !ok || len(b) > maxKey {
			return ""
		}
	}
	return string(b)
}

// traverse follows the steps of a traversal from v, reached after n
// steps, as far as they go and returns the value reached and the number of
// steps taken. Where it stops does not matter for the key's soundness: the
// traversal's result, value or error, is a function of the value reached
// and the remaining steps.
func traverse(v cty.Value, steps hcl.Traversal, n int) (cty.Value, int) {
	for _, step := range steps {
		if v.IsNull() || !v.IsKnown() || v.IsMarked() {
			break
		}
		if a, ok := step.(hcl.TraverseAttr); ok && v.Type().IsObjectType() {
			if _, ok := v.Type().AttributeTypes()[a.Name]; !ok {
				break
			}
			v = v.GetAttr(a.Name)
		} else {
			next, diags := step.TraversalStep(v)
			if diags.HasErrors() {
				break
			}
			v = next
		}
		n++
	}
	return v, n
}

// appendKey appends a value's key: model elements by kind and id,
// everything else by structure. It reports false for values it cannot key.
func appendKey(b []byte, v cty.Value) ([]byte, bool) {
	if v.IsMarked() || !v.IsKnown() {
		return b, false
	}
	if v.IsNull() {
		return append(b, '~'), true
	}
	str := func(b []byte, tag byte, s string) []byte {
		b = append(b, tag)
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		return append(b, s...)
	}
	ok := true
	ty := v.Type()
	switch {
	case ty == cty.String:
		b = str(b, 's', v.AsString())
	case ty == cty.Number:
		b = str(b, 'n', v.AsBigFloat().Text('g', -1))
	case ty == cty.Bool:
		if v.True() {
			b = append(b, 'T')
		} else {
			b = append(b, 'F')
		}
	case ty.IsObjectType():
		if kind := elementKind(ty); kind != 0 {
			id := v.GetAttr("id")
			if id.IsNull() || !id.IsKnown() || id.IsMarked() || id.Type() != cty.String {
				return b, false
			}
			return str(b, kind, id.AsString()), true
		}
		b = append(b, '{')
		for it := v.ElementIterator(); ok && it.Next(); {
			k, e := it.Element()
			b = str(b, '.', k.AsString())
			b, ok = appendKey(b, e)
			ok = ok && len(b) <= maxKey
		}
		b = append(b, '}')
	case ty.IsListType(), ty.IsTupleType(), ty.IsSetType(), ty.IsMapType():
		b = append(b, '[')
		for it := v.ElementIterator(); ok && it.Next(); {
			k, e := it.Element()
			if ty.IsMapType() {
				b = str(b, '.', k.AsString())
			}
			b, ok = appendKey(b, e)
			ok = ok && len(b) <= maxKey
		}
		b = append(b, ']')
	default:
		return b, false
	}
	return b, ok
}

// elementKind tells the model's element objects apart by an
// attribute only their kind has, as a one-letter tag; 0 for other objects
// (cost, contract, scan, usage), which are keyed by structure.
func elementKind(ty cty.Type) byte {
	attrs := ty.AttributeTypes()
	if _, ok := attrs["id"]; !ok {
		return 0
	}
	for _, k := range [...]struct {
		attr string
		tag  byte
	}{
		{"from", 'F'}, {"capabilities", 'U'}, {"kpis", 'O'},
		{"sensitivity", 'D'}, {"parent", 'M'}, {"lead", 'R'},
	} {
		if _, ok := attrs[k.attr]; ok {
			return k.tag
		}
	}
	return 0
}

// traversalString identifies a traversal for de-duplication.
func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			k, _ := appendKey(nil, s.Key)
			b.WriteString("[" + string(k) + "]")
		default:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

// notBool describes a value that is not a known true or false, or
// returns "" for one that is.
func notBool(v cty.Value) string {
	switch {
	case v == cty.NilVal:
		return "missing"
	case v.IsNull():
		return "null"
	case !v.IsKnown():
		return "unknown"
	case v.Type() == cty.Bool:
		return ""
	}
	name := v.Type().FriendlyName()
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// diagAggregator keeps one diagnostic per policy per distinct
// summary and range: a mistake that fails for 10,000 subjects is reported
// once, naming the first subject and counting the others. The policy's own
// diagnostics (a condition that is not a bool, a message that is not a
// string) are also told apart by their detail: "is null" and "is a string"
// are different mistakes.
type diagAggregator struct {
	policy string
	diags  hcl.Diagnostics
	first  []result.Subject
	more   []int
	index  map[string]int
}

func (a *diagAggregator) add(diags hcl.Diagnostics, s result.Subject) {
	for _, d := range diags {
		key := fmt.Sprintf("%d\x00%s\x00", d.Severity, d.Summary)
		if d.Subject != nil {
			key += fmt.Sprintf("%s:%d-%d", d.Subject.Filename, d.Subject.Start.Byte, d.Subject.End.Byte)
		}
		if d.Summary == summaryCondition || d.Summary == summaryMessage {
			key += "\x00" + d.Detail
		}
		if i, ok := a.index[key]; ok {
			a.more[i]++
			continue
		}
		a.index[key] = len(a.diags)
		a.diags = append(a.diags, d)
		a.first = append(a.first, s)
		a.more = append(a.more, 0)
	}
}

// diagnostics returns copies of the kept diagnostics with the policy and
// subject added to the detail: "… (policy "x", evaluating tool.hubspot, and
// 41 more subjects)".
func (a *diagAggregator) diagnostics() hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(a.diags))
	for i, d := range a.diags {
		c := *d
		where := fmt.Sprintf("policy %q, evaluating %s", a.policy, a.first[i])
		switch n := a.more[i]; {
		case n == 1:
			where += ", and 1 more subject"
		case n > 1:
			where += fmt.Sprintf(", and %d more subjects", n)
		}
		c.Detail = strings.TrimSpace(c.Detail + " (" + where + ")")
		out[i] = &c
	}
	return out
}

// parallel runs f(0) … f(n-1) on every processor. The model's values
// and the root eval context are immutable, each subject has its own child
// context, and f writes only its own slot.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/256) // not worth a goroutine below a few hundred
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		wg.Go(func() {
			for i := start; i < end; i++ {
				f(i)
			}
		})
	}
	wg.Wait()
}

func ptr[T any](v T) *T { return &v }
