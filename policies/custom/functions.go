package custom

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions is the one function table of custom policies: cty's
// standard library under Terraform's names, hcl's try and can, and the
// functions written here (length with Terraform's semantics, anytrue,
// alltrue, sum, startswith, endswith, strcontains, days_until). Functions
// that could allocate without bound from a small input (indent, format
// widths) are wrapped with limits, so that a policy in a pull request cannot
// exhaust the CI runner's memory with one call.
func functions(asOf time.Time) map[string]function.Function {
	return map[string]function.Function{
		// Collections.
		"alltrue":                allTrueFunc,
		"anytrue":                anyTrueFunc,
		"chunklist":              stdlib.ChunklistFunc,
		"coalesce":               stdlib.CoalesceFunc,
		"coalescelist":           stdlib.CoalesceListFunc,
		"compact":                stdlib.CompactFunc,
		"concat":                 stdlib.ConcatFunc,
		"contains":               containsFunc,
		"distinct":               stdlib.DistinctFunc,
		"element":                stdlib.ElementFunc,
		"flatten":                stdlib.FlattenFunc,
		"keys":                   keysFunc,
		"length":                 lengthFunc,
		"lookup":                 lookupFunc,
		"merge":                  stdlib.MergeFunc,
		"range":                  stdlib.RangeFunc, // at most 1024 elements
		"reverse":                stdlib.ReverseListFunc,
		"setintersection":        stdlib.SetIntersectionFunc,
		"setsubtract":            stdlib.SetSubtractFunc,
		"setsymmetricdifference": stdlib.SetSymmetricDifferenceFunc,
		"setunion":               stdlib.SetUnionFunc,
		"slice":                  stdlib.SliceFunc,
		"sort":                   stdlib.SortFunc,
		"values":                 valuesFunc,
		"zipmap":                 stdlib.ZipmapFunc,

		// Strings.
		"chomp":       stdlib.ChompFunc,
		"endswith":    endsWithFunc,
		"format":      limitFormat(stdlib.FormatFunc),
		"formatlist":  limitFormat(stdlib.FormatListFunc),
		"indent":      indentFunc,
		"join":        stdlib.JoinFunc,
		"lower":       stdlib.LowerFunc,
		"regex":       stdlib.RegexFunc,
		"regexall":    stdlib.RegexAllFunc,
		"replace":     replaceFunc,
		"split":       stdlib.SplitFunc,
		"startswith":  startsWithFunc,
		"strcontains": strContainsFunc,
		"strrev":      stdlib.ReverseFunc,
		"substr":      stdlib.SubstrFunc,
		"title":       stdlib.TitleFunc,
		"trim":        stdlib.TrimFunc,
		"trimprefix":  stdlib.TrimPrefixFunc,
		"trimspace":   stdlib.TrimSpaceFunc,
		"trimsuffix":  stdlib.TrimSuffixFunc,
		"upper":       stdlib.UpperFunc,

		// Numbers.
		"abs":      stdlib.AbsoluteFunc,
		"ceil":     stdlib.CeilFunc,
		"floor":    stdlib.FloorFunc,
		"log":      stdlib.LogFunc,
		"max":      stdlib.MaxFunc,
		"min":      stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc,
		"pow":      stdlib.PowFunc,
		"signum":   stdlib.SignumFunc,
		"sum":      sumFunc,

		// Types.
		"tobool":   stdlib.MakeToFunc(cty.Bool),
		"tolist":   stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":    stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber": stdlib.MakeToFunc(cty.Number),
		"toset":    stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring": stdlib.MakeToFunc(cty.String),

		// Dates and errors.
		"days_until": daysUntilFunc(asOf),
		"formatdate": stdlib.FormatDateFunc,
		"timeadd":    stdlib.TimeAddFunc,
		"can":        tryfunc.CanFunc,
		"try":        tryfunc.TryFunc,
	}
}

// shallowType is the parameter type of the functions that take
// whole collections (length, keys, values, lookup, contains). hcl evaluates
// the argument as usual, with the argument's own diagnostics, but hands it
// over wrapped in a capsule, which cty does not walk: cty looks for marks
// in every nested value of an ordinary argument, and in length(flows) over
// 100,000 flows, each holding three tools, that walk took seconds.
var shallowType = newShallowType()

func newShallowType() cty.Type {
	var ty cty.Type
	ty = cty.CapsuleWithOps("value", reflect.TypeOf(cty.Value{}), &cty.CapsuleOps{
		ExtensionData: func(key any) any {
			if key != customdecode.CustomExpressionDecoder {
				return nil
			}
			return customdecode.CustomExpressionDecoderFunc(func(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
				v, diags := expr.Value(ctx)
				if v == cty.NilVal {
					v = cty.DynamicVal
				}
				return cty.CapsuleVal(ty, &v), diags
			})
		},
	})
	return ty
}

// shallow unwraps a shallowType argument, without its marks
// (there are none in a policy; they are handed back to the result).
func shallow(arg cty.Value) (cty.Value, cty.ValueMarks) {
	if !arg.IsKnown() || arg.IsNull() || arg.Type() != shallowType {
		return cty.DynamicVal, nil
	}
	return arg.EncapsulatedValue().(*cty.Value).Unmark()
}

// shallowFunc makes a function of shallowType parameters;
// typeOf and impl receive the unwrapped arguments, never unknown or null
// (the result is then unknown, or an error).
func shallowFunc(description string, params []string, optional string, typeOf func(args []cty.Value) (cty.Type, error), impl func(args []cty.Value, retType cty.Type) (cty.Value, error)) function.Function {
	spec := &function.Spec{Description: description}
	for _, name := range params {
		spec.Params = append(spec.Params, function.Parameter{Name: name, Type: shallowType, AllowMarked: true})
	}
	if optional != "" {
		spec.VarParam = &function.Parameter{Name: optional, Type: shallowType, AllowMarked: true}
	}
	unwrap := func(args []cty.Value) ([]cty.Value, []cty.ValueMarks, bool, error) {
		vals := make([]cty.Value, len(args))
		var marks []cty.ValueMarks
		known := true
		for i, a := range args {
			v, m := shallow(a)
			vals[i], marks = v, append(marks, m)
			if v.IsNull() && i < len(params) {
				return nil, nil, false, function.NewArgErrorf(i, "argument must not be null")
			}
			known = known && v.IsKnown()
		}
		return vals, marks, known, nil
	}
	spec.Type = func(args []cty.Value) (cty.Type, error) {
		vals, _, known, err := unwrap(args)
		if err != nil || !known {
			return cty.DynamicPseudoType, err
		}
		return typeOf(vals)
	}
	spec.Impl = func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		vals, marks, known, err := unwrap(args)
		if err != nil {
			return cty.NilVal, err
		}
		if !known {
			return cty.UnknownVal(retType).WithMarks(marks...), nil
		}
		v, err := impl(vals, retType)
		if err != nil {
			return cty.NilVal, err
		}
		return v.WithMarks(marks...), nil
	}
	return function.New(spec)
}

// lengthFunc is Terraform's length: the number of elements of a list,
// set, map or tuple, attributes of an object, or characters of a string.
// (cty's own length refuses strings and objects, and the collections are
// objects.)
var lengthFunc = shallowFunc("Returns the number of elements of a collection, attributes of an object, or characters of a string.",
	[]string{"value"}, "",
	func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty == cty.String, ty.IsListType(), ty.IsSetType(), ty.IsMapType(), ty.IsTupleType(), ty.IsObjectType():
			return cty.Number, nil
		}
		return cty.NilType, function.NewArgErrorf(0, "argument must be a string, a list, a set, a map or an object, not %s", ty.FriendlyName())
	},
	func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		switch {
		case ty.IsTupleType():
			return cty.NumberIntVal(int64(len(ty.TupleElementTypes()))), nil
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))), nil
		case ty == cty.String:
			return stdlib.Strlen(v)
		}
		return v.Length(), nil
	})

// keysFunc is keys: a map's keys as a list of strings, an object's
// attribute names as a tuple of strings, in lexicographical order.
var keysFunc = mappingHalfFunc("Returns the keys of a map, or the attribute names of an object, in lexicographical order.",
	"inputMap", "must have map or object type", true)

// valuesFunc is values: a map's elements as a list, an object's
// attributes as a tuple, in lexicographical order of their keys.
var valuesFunc = mappingHalfFunc("Returns the values of a map, or the attribute values of an object, in lexicographical order of their keys.",
	"mapping", "values() requires a map or an object as the first argument", false)

// mappingHalfFunc is keys (key true) or values, which differ only in
// their texts (hcl's, kept) and in the half of each element they take:
// that half of every element of the mapping, in key order, as a tuple for
// an object and a list (typed when empty) for a map.
func mappingHalfFunc(description, param, notMapping string, key bool) function.Function {
	return shallowFunc(description, []string{param}, "",
		func(args []cty.Value) (cty.Type, error) {
			ty := args[0].Type()
			switch {
			case ty.IsMapType():
				return cty.List(half(key, cty.String, ty.ElementType())), nil
			case ty.IsObjectType():
				var etys []cty.Type
				for it := args[0].ElementIterator(); it.Next(); {
					k, v := it.Element()
					etys = append(etys, half(key, k.Type(), v.Type()))
				}
				return cty.Tuple(etys), nil
			}
			return cty.NilType, function.NewArgError(0, errors.New(notMapping))
		},
		func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			var out []cty.Value
			for it := args[0].ElementIterator(); it.Next(); {
				k, v := it.Element()
				out = append(out, half(key, k, v))
			}
			switch {
			case retType.IsTupleType():
				return cty.TupleVal(out), nil
			case len(out) == 0:
				return cty.ListValEmpty(retType.ElementType()), nil
			}
			return cty.ListVal(out), nil
		})
}

// half is the key of a mapping's element when key is true, else its
// value: the one difference between keys and values.
func half[T any](key bool, k, v T) T {
	if key {
		return k
	}
	return v
}

// lookupFunc is lookup(map, key, default): the element or attribute
// named key, else the default; without a default, a missing key is an
// error.
var lookupFunc = shallowFunc("Returns the element of a map, or the attribute of an object, with the given key, or the default when there is none.",
	[]string{"inputMap", "key"}, "default",
	func(args []cty.Value) (cty.Type, error) {
		if len(args) > 3 {
			return cty.NilType, function.NewArgErrorf(3, "lookup takes at most three arguments: a map, a key and a default")
		}
		coll, key := args[0], args[1]
		if key.Type() != cty.String {
			k, err := convert.Convert(key, cty.String)
			if err != nil || k.IsNull() {
				return cty.NilType, function.NewArgErrorf(1, "the key must be a string")
			}
			key = k
		}
		ty := coll.Type()
		switch {
		case ty.IsObjectType():
			if ty.HasAttribute(key.AsString()) {
				return coll.GetAttr(key.AsString()).Type(), nil
			}
			if len(args) == 3 {
				return args[2].Type(), nil
			}
			return cty.NilType, function.NewArgErrorf(1, "the given object has no attribute %q", key.AsString())
		case ty.IsMapType():
			if len(args) == 3 {
				if _, err := convert.Convert(args[2], ty.ElementType()); err != nil {
					return cty.NilType, function.NewArgErrorf(2, "the default value must have the same type as the map elements")
				}
			}
			return ty.ElementType(), nil
		}
		return cty.NilType, function.NewArgErrorf(0, "lookup() requires a map or an object as the first argument")
	},
	func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		coll := args[0]
		key, _ := convert.Convert(args[1], cty.String)
		name := key.AsString()
		if coll.Type().IsObjectType() {
			if coll.Type().HasAttribute(name) {
				return coll.GetAttr(name), nil
			}
		} else if coll.HasIndex(key).True() {
			return coll.Index(key), nil
		}
		if len(args) < 3 {
			return cty.NilVal, function.NewArgErrorf(1, "there is no element with the key %q", name)
		}
		return convert.Convert(args[2], retType)
	})

// containsFunc is contains(list, value): whether a list, set or
// tuple has an element equal to value.
var containsFunc = shallowFunc("Returns true if the list, set or tuple contains the value.",
	[]string{"list", "value"}, "",
	func(args []cty.Value) (cty.Type, error) {
		if ty := args[0].Type(); !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
			return cty.NilType, function.NewArgErrorf(0, "argument must be list, tuple, or set")
		}
		return cty.Bool, nil
	},
	func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		unknown := false
		for it := args[0].ElementIterator(); it.Next(); {
			_, e := it.Element()
			eq := args[1].Equals(e)
			if !eq.IsKnown() {
				unknown = true
				continue
			}
			if eq.True() {
				return cty.True, nil
			}
		}
		if unknown {
			return cty.UnknownVal(cty.Bool), nil
		}
		return cty.False, nil
	})

// anyTrueFunc and allTrueFunc are Terraform's anytrue and
// alltrue: a list, set or tuple of bools, where null elements count as
// false; anytrue of an empty list is false, alltrue of an empty list is
// true. The parameter takes any type, rather than list(bool), so that the
// tuple a for expression makes is read as it is, not converted first.
var anyTrueFunc = boolListFunc("Returns true if any element of the list is true; false for an empty list.", true)
var allTrueFunc = boolListFunc("Returns true if every element of the list is true; true for an empty list.", false)

func boolListFunc(description string, any bool) function.Function {
	return function.New(&function.Spec{
		Description: description,
		Params: []function.Parameter{{
			Name: "list", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true, AllowMarked: true,
		}},
		Type: func(args []cty.Value) (cty.Type, error) {
			ty := args[0].Type()
			if ty == cty.DynamicPseudoType || ty.IsListType() || ty.IsSetType() || ty.IsTupleType() {
				return cty.Bool, nil
			}
			return cty.NilType, fmt.Errorf("a list of bools is required, not %s", ty.FriendlyName())
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			list, lmarks := args[0].Unmark()
			marks := []cty.ValueMarks{lmarks}
			if !list.IsKnown() {
				return cty.UnknownVal(cty.Bool).WithMarks(marks...), nil
			}
			unknown := false
			i := 0
			for it := list.ElementIterator(); it.Next(); i++ {
				_, v := it.Element()
				v, vmarks := v.Unmark()
				marks = append(marks, vmarks)
				b, err := convert.Convert(v, cty.Bool)
				switch {
				case err != nil:
					return cty.NilVal, function.NewArgErrorf(0, "element %d: %s", i, err)
				case !b.IsKnown():
					unknown = true
				case b.IsNull() || b.False():
					if !any {
						return cty.False.WithMarks(marks...), nil
					}
				default: // true
					if any {
						return cty.True.WithMarks(marks...), nil
					}
				}
			}
			if unknown {
				return cty.UnknownVal(cty.Bool).WithMarks(marks...), nil
			}
			return cty.BoolVal(!any).WithMarks(marks...), nil
		},
	})
}

// sumFunc adds up a list or set of numbers; the sum of nothing is 0
// (Terraform's sum refuses an empty list, which in a policy is usually a
// filter that matched nothing).
var sumFunc = function.New(&function.Spec{
	Description: "Returns the sum of a list of numbers; 0 for an empty list.",
	Params:      []function.Parameter{{Name: "list", Type: cty.List(cty.Number)}},
	Type:        function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		total := cty.Zero
		for it := args[0].ElementIterator(); it.Next(); {
			i, v := it.Element()
			if !v.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			}
			if v.IsNull() {
				idx, _ := i.AsBigFloat().Int64()
				return cty.NilVal, function.NewArgErrorf(0, "element %d is null; use coalesce(x, 0) in the list", idx)
			}
			total = total.Add(v)
		}
		return total, nil
	},
})

var startsWithFunc = stringTestFunc("startswith", "prefix", "Returns true if the string begins with the prefix.", strings.HasPrefix)
var endsWithFunc = stringTestFunc("endswith", "suffix", "Returns true if the string ends with the suffix.", strings.HasSuffix)
var strContainsFunc = stringTestFunc("strcontains", "substr", "Returns true if the string contains the substring.", strings.Contains)

func stringTestFunc(name, second, description string, test func(s, x string) bool) function.Function {
	return function.New(&function.Spec{
		Description: description,
		Params: []function.Parameter{
			{Name: "string", Type: cty.String},
			{Name: second, Type: cty.String},
		},
		Type: function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(test(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// replaceFunc is Terraform's replace: a substring, or a regular
// expression when the search string is written between slashes ("/…/").
var replaceFunc = function.New(&function.Spec{
	Description: "Replaces each occurrence of a substring (or, between slashes, a regular expression) with the replacement.",
	Params: []function.Parameter{
		{Name: "str", Type: cty.String},
		{Name: "substr", Type: cty.String},
		{Name: "replace", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		str, substr, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(substr) > 1 && substr[0] == '/' && substr[len(substr)-1] == '/' {
			re, err := regexp.Compile(substr[1 : len(substr)-1])
			if err != nil {
				return cty.NilVal, function.NewArgErrorf(1, "invalid regular expression: %s", err)
			}
			return cty.StringVal(re.ReplaceAllString(str, repl)), nil
		}
		return cty.StringVal(strings.ReplaceAll(str, substr, repl)), nil
	},
})

// maxPad bounds indentation, format widths and precisions.
const maxPad = 1000

// indentFunc is indent, with the number of spaces between 0 and
// maxPad.
var indentFunc = function.New(&function.Spec{
	Description: "Adds the given number of spaces after each newline of the string.",
	Params: []function.Parameter{
		{Name: "spaces", Type: cty.Number},
		{Name: "str", Type: cty.String},
	},
	Type: function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		f := args[0].AsBigFloat()
		n, _ := f.Int64()
		if !f.IsInt() || n < 0 || n > maxPad {
			return cty.NilVal, function.NewArgErrorf(0, "the number of spaces must be a whole number from 0 to %d", maxPad)
		}
		return stdlib.IndentFunc.Call(args)
	},
})

// formatWidth finds the widths and precisions of a format string's
// verbs (the digits between a % and its verb letter).
var formatWidth = regexp.MustCompile(`%[-+# 0]*(?:\[\d+\])?(\d*)(?:\.(\d*))?`)

// limitFormat wraps format and formatlist: a verb's width or
// precision above maxPad is an error instead of a huge allocation.
func limitFormat(f function.Function) function.Function {
	spec := &function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if err := checkFormat(args); err != nil {
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

func checkFormat(args []cty.Value) error {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	for _, m := range formatWidth.FindAllStringSubmatch(args[0].AsString(), -1) {
		for _, digits := range m[1:] {
			if digits == "" {
				continue
			}
			if n, err := strconv.Atoi(digits); err != nil || n > maxPad {
				return function.NewArgErrorf(0, "a width or precision in the format string is larger than %d", maxPad)
			}
		}
	}
	return nil
}

// daysUntilFunc is days_until(date): whole days from the as-of date
// to date, a "YYYY-MM-DD" string (or an RFC 3339 timestamp, such as
// usage.last_activity, whose UTC day counts): positive in the future, 0 on
// the day, negative once passed.
func daysUntilFunc(asOf time.Time) function.Function {
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	return function.New(&function.Spec{
		Description: "Returns the number of days from the audit date (--as-of) to the given date: negative once it has passed.",
		Params:      []function.Parameter{{Name: "date", Type: cty.String}},
		Type:        function.StaticReturnType(cty.Number),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s := args[0].AsString()
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				ts, err2 := time.Parse(time.RFC3339, s)
				if err2 != nil {
					return cty.NilVal, function.NewArgErrorf(0, "%q is not a date: write dates as \"YYYY-MM-DD\", e.g. \"2026-04-01\"", clip(s, 40))
				}
				ts = ts.UTC()
				t = time.Date(ts.Year(), ts.Month(), ts.Day(), 0, 0, 0, 0, time.UTC)
			}
			// Unix seconds, not a time.Duration: a duration overflows after
			// 292 years, and "9999-12-31" is a valid date.
			return cty.NumberIntVal((t.Unix() - day.Unix()) / 86400), nil
		},
	})
}

// clip shortens a user string quoted in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
