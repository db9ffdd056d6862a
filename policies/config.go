package policies

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// Config is a rule's effective configuration: its defaults, overridden by
// the inventory's `rule` block.
type Config struct {
	Enabled  bool
	Severity result.Severity
	values   map[string]cty.Value
}

// Number returns a number parameter.
func (c *Config) Number(name string) float64 {
	f, _ := c.values[name].AsBigFloat().Float64()
	return f
}

// Int returns a whole-number parameter.
func (c *Config) Int(name string) int {
	i, _ := c.values[name].AsBigFloat().Int64()
	return int(i)
}

// Bool returns a bool parameter.
func (c *Config) Bool(name string) bool { return c.values[name].True() }

// String returns a string parameter.
func (c *Config) String(name string) string { return c.values[name].AsString() }

func defaultConfig(r *Rule) *Config {
	c := &Config{Enabled: true, Severity: r.DefaultSeverity, values: map[string]cty.Value{}}
	for _, p := range r.Params {
		c.values[p.Name] = p.Default
	}
	return c
}

// configure applies the inventory's rule blocks to the built-in rules and
// reports unknown rule ids and parameters, wrong types and bad values at
// their own range.
func configure(rules []*Rule, blocks []*inventory.Rule, customIDs []string) (map[string]*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	configs := map[string]*Config{}
	var ids []string
	byID := map[string]*Rule{}
	for _, r := range rules {
		configs[r.ID] = defaultConfig(r)
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	for _, b := range blocks {
		r := byID[b.ID]
		if r == nil {
			detail := fmt.Sprintf("There is no built-in rule %q.%s A rule block configures a built-in rule; see `stackaudit policies list`.", b.ID, didYouMean(b.ID, ids))
			for _, c := range customIDs {
				if c == b.ID {
					detail = fmt.Sprintf("%q is a custom policy; set its severity in its policy block. A rule block configures a built-in rule.", b.ID)
				}
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown rule", Detail: detail, Subject: ptr(b.DeclRange)})
			continue
		}
		cfg := configs[r.ID]
		if b.Enabled != nil {
			cfg.Enabled = *b.Enabled
		}
		if b.Severity != "" {
			cfg.Severity = result.Severity(b.Severity)
		}
		diags = append(diags, decodeParams(r, b, cfg)...)
	}
	return configs, diags
}

func decodeParams(r *Rule, b *inventory.Rule, cfg *Config) hcl.Diagnostics {
	attrs, diags := b.Body.JustAttributes()
	if diags.HasErrors() {
		return diags
	}
	var names []string
	for _, p := range r.Params {
		names = append(names, p.Name)
	}
	for _, name := range sortedAttrNames(attrs) {
		a := attrs[name]
		var param *Param
		for i := range r.Params {
			if r.Params[i].Name == name {
				param = &r.Params[i]
			}
		}
		if param == nil {
			hint := didYouMean(name, append(names, commonParams...))
			if len(names) == 0 {
				hint += fmt.Sprintf(" The rule %q takes no parameters besides enabled and severity.", r.ID)
			} else {
				hint += fmt.Sprintf(" Its parameters are: %s.", strings.Join(names, ", "))
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsupported argument",
				Detail: fmt.Sprintf("The rule %q has no parameter %q.%s", r.ID, name, hint), Subject: ptr(a.NameRange)})
			continue
		}
		v, vd := a.Expr.Value(nil)
		if vd.HasErrors() {
			diags = append(diags, vd...)
			continue
		}
		cv, err := convert.Convert(v, param.Type)
		if err != nil || cv.IsNull() {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Incorrect attribute value type",
				Detail: fmt.Sprintf("The parameter %q of rule %q must be a %s.", name, r.ID, param.Type.FriendlyName()), Subject: ptr(a.Expr.Range())})
			continue
		}
		if param.Type == cty.Number {
			if msg := checkNumber(param, cv.AsBigFloat()); msg != "" {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid value for " + name,
					Detail: fmt.Sprintf("The parameter %q of rule %q %s.", name, r.ID, msg), Subject: ptr(a.Expr.Range())})
				continue
			}
		}
		cfg.values[name] = cv
	}
	return diags
}

// checkNumber says what is wrong with a number parameter's value, or "".
func checkNumber(p *Param, v *big.Float) string {
	f, _ := v.Float64()
	switch {
	case f < p.Min:
		return fmt.Sprintf("must be at least %s; got %s", big.NewFloat(p.Min).Text('f', -1), v.Text('f', -1))
	case p.Max != 0 && f > p.Max:
		return fmt.Sprintf("must be at most %s; got %s", big.NewFloat(p.Max).Text('f', -1), v.Text('f', -1))
	case p.Integer && !v.IsInt():
		return fmt.Sprintf("must be a whole number; got %s", v.Text('f', -1))
	}
	return ""
}

func sortedAttrNames(attrs hcl.Attributes) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	// Source order reads best in a list of errors.
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && attrs[names[j]].Range.Start.Byte < attrs[names[j-1]].Range.Start.Byte; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

func didYouMean(given string, options []string) string {
	return inventory.DidYouMean(given, options)
}

func ptr[T any](v T) *T { return &v }

// num builds a number parameter default.
func num(f float64) cty.Value { return cty.NumberVal(big.NewFloat(f)) }
