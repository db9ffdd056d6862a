package scanners

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Helpers that several kinds share to decode their settings and their
// vendors' JSON answers: one wording for one mistake, and one place that
// keeps a vendor's body out of the error.

// BlockError is an error diagnostic on a whole block, for a setting the
// block lacks (AttributeError is the one on a setting's value).
func BlockError(block hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: block.Ptr()}
}

// Setting decodes the optional setting name into *dst with parse, which
// reports whether the value is one the setting takes; when it is not (or
// is null or unknown), the diagnostic is "Invalid NAME setting" with
// detail. An absent setting, or one whose expression fails, leaves *dst
// alone. Every kind's typed setting goes through here, so that a wrong
// value reads the same whatever the vendor.
func Setting[T any](attrs hcl.Attributes, name, detail string, parse func(cty.Value) (T, bool), dst *T) hcl.Diagnostics {
	a, ok := attrs[name]
	if !ok {
		return nil
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return diags
	}
	var x T
	ok = false
	if !v.IsNull() && v.IsKnown() {
		x, ok = parse(v)
	}
	if !ok {
		return append(diags, InvalidSetting(a, detail))
	}
	*dst = x
	return diags
}

// CheckedString decodes the optional literal-string setting name and
// hands it to use, which keeps it or says what is wrong with it: that
// becomes an "Invalid NAME setting" diagnostic on the value. A value that
// is not a literal string is StringAttribute's diagnostic.
func CheckedString(attrs hcl.Attributes, name string, use func(s string) (problem string)) hcl.Diagnostics {
	a, ok := attrs[name]
	if !ok {
		return nil
	}
	s, d := StringAttribute(a)
	if d != nil {
		return hcl.Diagnostics{d}
	}
	if problem := use(s); problem != "" {
		return hcl.Diagnostics{AttributeError(a, "Invalid "+name+" setting", problem)}
	}
	return nil
}

// InvalidJSON is the error for a body that is not JSON at all: its size
// and what JSONProblem makes of err, never its text.
func InvalidJSON(body []byte, err error) error {
	return fmt.Errorf("invalid JSON response (%d bytes): %s", len(body), JSONProblem(err))
}

// DecodeBody decodes body, known to be JSON, into v: a value of the wrong
// shape is "invalid response: " and what JSONProblem makes of it.
func DecodeBody(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("invalid response: %s", JSONProblem(err))
	}
	return nil
}

// IsList reports whether a raw JSON value is an array: a page whose list
// is absent, null or another value must not pass for an empty one.
func IsList(raw json.RawMessage) bool { return len(raw) > 0 && raw[0] == '[' }

// DecodePage decodes body with decode, a vendor's envelope and list checks,
// into a P, and checks the result with check (nil for none): the page, or
// the zero P and the first error. It is the body of every kind's exported
// Decode function, which differ only in those two.
func DecodePage[P any](body []byte, decode func(body []byte, v any) error, check func(P) error) (P, error) {
	var p P
	if err := decode(body, &p); err != nil {
		return *new(P), err
	}
	if check != nil {
		if err := check(p); err != nil {
			return *new(P), err
		}
	}
	return p, nil
}
