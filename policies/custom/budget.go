package custom

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Limits bound what one policy may cost, so that a policy in a pull
// request cannot exhaust the CI runner that checks it. A normal policy
// (SPEC §3's examples, over 10,000 tools) uses a small fraction of them;
// docs/security.md lists them.
type Limits struct {
	// Steps bounds, per subject, the expression nodes evaluated plus the
	// elements of every collection they build (a nested `for` over
	// range(1024) three deep would build a billion).
	Steps int64
	// StringBytes bounds, per subject, the bytes of all the strings the
	// expressions build.
	StringBytes int64
	// Elements bounds the elements one function call may return
	// (flatten, concat, setunion, formatlist, …), checked before the call.
	Elements int64
	// Digits bounds the decimal exponent of any number a policy computes
	// ("${1e100000000}" would format a hundred million digits).
	Digits int
	// Timeout bounds the evaluation of one policy over all its subjects.
	Timeout time.Duration
	// Context, when not nil, gives the context a policy is evaluated
	// under instead of one with Timeout (tests inject a cancelled one).
	Context func(parent context.Context) (context.Context, context.CancelFunc)
}

// DefaultLimits are the limits of every evaluation.
var DefaultLimits = Limits{
	Steps:       1_000_000,
	StringBytes: 16 << 20,
	Elements:    1_000_000,
	Digits:      1000,
	Timeout:     60 * time.Second,
}

// errBudget is what an exceeded budget reports.
var errBudget = errors.New("budget exceeded")

// budgetExceeded is the panic value that unwinds an evaluation once its
// budget is spent: hcl keeps iterating a `for` after an error, so an
// error alone would not stop a billion iterations. It is recovered in
// evaluateShared and never leaves the package.
type budgetExceeded struct{}

// budget is what one subject may still spend. It is used by one goroutine
// at a time (the one evaluating the subject); exceeded is read by others.
type budget struct {
	ctx      context.Context
	limits   *Limits
	steps    int64
	strBytes int64
	subject  string
	// why is shared by the subjects of a policy: once one spends its
	// budget, the policy stops.
	why *atomic.Pointer[string]
}

func (b *budget) fail(why string) {
	why = "stopped for " + b.subject + ": " + why
	b.why.CompareAndSwap(nil, &why)
	panic(budgetExceeded{})
}

func (b *budget) exceeded() string {
	if p := b.why.Load(); p != nil {
		return *p
	}
	return ""
}

func (b *budget) step(n int64) {
	if b.why.Load() != nil {
		panic(budgetExceeded{})
	}
	before := b.steps
	b.steps += n
	if b.steps > b.limits.Steps {
		b.fail(fmt.Sprintf("it evaluates more than %d expressions and elements for one subject", b.limits.Steps))
	}
	if (before == 0 || before>>10 != b.steps>>10) && b.ctx.Err() != nil {
		b.fail(fmt.Sprintf("it did not finish within its time limit (%s)", b.limits.Timeout))
	}
}

// charge accounts for a value an expression built.
func (b *budget) charge(v cty.Value) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		b.strBytes += int64(len(v.AsString()))
		if b.strBytes > b.limits.StringBytes {
			b.fail(fmt.Sprintf("its strings exceed %d bytes for one subject", b.limits.StringBytes))
		}
	case ty == cty.Number:
		if !numberFits(v, b.limits.Digits) {
			b.fail(fmt.Sprintf("it computes a number with more than %d digits", b.limits.Digits))
		}
	case ty.IsListType() || ty.IsSetType() || ty.IsMapType() || ty.IsTupleType() || ty.IsObjectType():
		b.step(int64(v.LengthInt()))
	}
}

// numberFits reports whether v's decimal exponent is within digits, so that
// formatting it stays short.
func numberFits(v cty.Value, digits int) bool {
	f := v.AsBigFloat()
	if f.IsInf() || f.Sign() == 0 {
		return true
	}
	var mant big.Float
	exp := f.MantExp(&mant) // |f| = |mant| × 2^exp, 0.5 ≤ |mant| < 1
	m, _ := mant.Abs(&mant).Float64()
	log := math.Log10(m) + float64(exp)*math.Log10(2)
	if log >= 0 {
		return math.Floor(log)+1 <= float64(digits) // digits before the point
	}
	return -math.Floor(log) <= float64(digits) // zeros after it
}

// budgetVar binds a subject's budget in its evaluation context; it is not
// an identifier, so no policy can refer to it.
const budgetVar = "budget#"

var budgetType = cty.Capsule("budget", reflect.TypeOf(budget{}))

func budgetOf(ctx *hcl.EvalContext) *budget {
	for c := ctx; c != nil; c = c.Parent() {
		if v, ok := c.Variables[budgetVar]; ok {
			return v.EncapsulatedValue().(*budget)
		}
	}
	return nil
}

// guarded evaluates an expression node within its subject's budget. It
// embeds the node, so hcl sees the same node (ranges, variables, walks).
type guarded struct {
	hclsyntax.Expression
}

func (g guarded) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	b := budgetOf(ctx)
	if b != nil {
		b.step(1)
	}
	v, diags := g.Expression.Value(ctx)
	if b != nil && v != cty.NilVal {
		b.charge(v)
	}
	return v, diags
}

var syntaxExprType = reflect.TypeFor[hclsyntax.Expression]()

// guard returns a copy of expr whose every node that builds a value is
// guarded. Traversals and the anonymous symbols of splats stay as they
// are: hcl finds variables by their type, and a splat finds its symbol by
// identity. The original expression is not changed (other code reads it).
func guard(expr hcl.Expression) hcl.Expression {
	e, ok := expr.(hclsyntax.Expression)
	if !ok {
		return expr
	}
	return guardNode(e)
}

func guardNode(e hclsyntax.Expression) hclsyntax.Expression {
	switch e.(type) {
	case nil, *hclsyntax.ScopeTraversalExpr, *hclsyntax.AnonSymbolExpr:
		return e
	}
	rv := reflect.ValueOf(e)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return e
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(rv.Elem())
	guardFields(cp.Elem())
	return guarded{cp.Interface().(hclsyntax.Expression)}
}

func guardFields(v reflect.Value) {
	for i := range v.NumField() {
		if f := v.Field(i); f.CanSet() {
			guardValue(f)
		}
	}
}

func guardValue(f reflect.Value) {
	switch {
	case f.Type() == syntaxExprType:
		if !f.IsNil() {
			f.Set(reflect.ValueOf(guardNode(f.Interface().(hclsyntax.Expression))))
		}
	case f.Kind() == reflect.Slice && (f.Type().Elem() == syntaxExprType || f.Type().Elem().Kind() == reflect.Struct):
		if f.IsNil() {
			return
		}
		cp := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
		reflect.Copy(cp, f)
		for i := range cp.Len() {
			guardValue(cp.Index(i))
		}
		f.Set(cp)
	case f.Kind() == reflect.Struct:
		guardFields(f)
	}
}

// amplifying are the functions whose result can be much larger than
// their arguments: flatten of shared lists, concat or setunion of a
// splat, join or formatlist repeating a long string for every element.
var amplifying = []string{"chunklist", "concat", "flatten", "format", "formatlist", "join", "merge", "setunion", "zipmap"}

// limitSize wraps such a function: the size of its result is estimated
// from its arguments and checked before the call.
func limitSize(f function.Function, limits Limits) function.Function {
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if err := estimate(args, limits); err != nil {
				return cty.NilType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return f.Call(args)
		},
	}
	return function.New(spec)
}

// estimate bounds the size of a call's result: the leaves of every
// argument, nested collections included, and their string bytes plus the
// longest string argument once per leaf (a separator or a format repeated
// for each element). Counting stops past the limits.
func estimate(args []cty.Value, limits Limits) error {
	var s size
	var longest int64
	for _, a := range args {
		s.add(a, limits)
		if a, _ := a.Unmark(); a.IsKnown() && !a.IsNull() && a.Type() == cty.String {
			longest = max(longest, int64(len(a.AsString())))
		}
	}
	if s.leaves > limits.Elements {
		return fmt.Errorf("the result would have more than %d elements", limits.Elements)
	}
	if s.bytes > limits.StringBytes || longest > 0 && s.leaves > (limits.StringBytes-s.bytes)/longest {
		return fmt.Errorf("the result would hold more than %d bytes of strings", limits.StringBytes)
	}
	return nil
}

type size struct{ leaves, bytes int64 }

func (s *size) add(v cty.Value, limits Limits) {
	v, _ = v.Unmark()
	switch {
	case !v.IsKnown() || v.IsNull():
		s.leaves++
	case v.Type() == cty.String:
		s.leaves++
		s.bytes += int64(len(v.AsString()))
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next() && s.leaves <= limits.Elements && s.bytes <= limits.StringBytes; {
			_, e := it.Element()
			s.add(e, limits)
		}
	default:
		s.leaves++
	}
}
