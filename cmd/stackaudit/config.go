package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
)

// configName is the defaults file at an inventory's root, like
// infracost.yml or conftest.toml: per-command flag defaults that a team
// commits once instead of repeating them in every CI job. The inventory
// loader skips it (it skips files starting with ".").
const configName = ".stackaudit.hcl"

// pathFlags hold file or folder names: relative values in the config file
// are relative to the file's folder, not to wherever the CLI runs.
var pathFlags = []string{"baseline", "write-baseline", "snapshot", "policies", "output", "previous", "previous-snapshot", "body-file"}

// notConfigurable are flags a config file may not set: they are about the
// run itself, not a team's defaults.
var notConfigurable = []string{"help", "config", "version"}

// configSetting is one flag default read from the file.
type configSetting struct {
	flag   string
	values []string
	at     hcl.Range
}

// applyConfig sets the defaults of the file that applies to cmd on the
// flags the command line left unset: flags given on the command line win.
// explicit is --config; without it the file is .stackaudit.hcl at the
// inventory root that args name (or that the current folder is in), and a
// missing file is no error.
func applyConfig(cmd *cobra.Command, args []string, explicit string) error {
	path := explicit
	if path == "" {
		path = filepath.Join(configDir(args), configName)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return usagef("cannot read the config file: %v", err)
	}
	settings, err := parseConfig(path, src, cmd)
	if err != nil {
		return err
	}
	// Decided before any is set, since setting marks a flag changed; a
	// block's as_of replaces the top-level one.
	last := map[string]configSetting{}
	var order []string
	for _, s := range settings {
		if cmd.Flags().Lookup(s.flag).Changed {
			continue
		}
		if _, seen := last[s.flag]; !seen {
			order = append(order, s.flag)
		}
		last[s.flag] = s
	}
	for _, name := range order {
		s := last[name]
		if name == "as-of" {
			date, err := resolveAsOf(cmd, filepath.Dir(path), s)
			if err != nil {
				return err
			}
			s.values = []string{date}
		}
		for _, v := range s.values {
			if slices.Contains(pathFlags, s.flag) && v != "" && v != "-" && !filepath.IsAbs(v) {
				v = filepath.Join(filepath.Dir(path), v)
			}
			if err := cmd.Flags().Set(s.flag, v); err != nil {
				return usagef("%s: %s: %v", posString(s.at), s.flag, err)
			}
		}
	}
	return nil
}

// resolveAsOf turns the file's as_of source into --as-of: a date as it
// is, "today" as the default, "commit" as the UTC date of the commit
// checked out, so that re-running a commit's CI judges it on the same day.
func resolveAsOf(cmd *cobra.Command, dir string, s configSetting) (string, error) {
	switch v := s.values[0]; v {
	case "today":
		return "", nil
	case "commit":
		out, err := git(cmd.Context(), dir, "log", "-1", "--format=%ct")
		if err != nil {
			return "", usagef("%s: as_of = \"commit\" needs a git checkout: %v", posString(s.at), err)
		}
		sec, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64)
		if err != nil {
			return "", usagef("%s: as_of = \"commit\": git gave no commit time (%q)", posString(s.at), strings.TrimSpace(out))
		}
		return time.Unix(sec, 0).UTC().Format("2006-01-02"), nil
	default:
		return v, nil
	}
}

// configDir is the inventory root of the command's arguments: the last
// argument that names a folder (HEAD of diff BASE HEAD) or a file's folder,
// else the inventory around the current folder.
func configDir(args []string) string {
	for i := len(args) - 1; i >= 0; i-- {
		fi, err := os.Stat(args[i])
		if err != nil {
			continue
		}
		if fi.IsDir() {
			return args[i]
		}
		return filepath.Dir(args[i])
	}
	root, _ := findInventoryRoot(".")
	return root
}

// parseConfig reads the settings that apply to cmd. Every block is checked,
// not only cmd's, so that a typo in the audit block fails the check job
// too rather than lingering until the quarter's audit.
//
//	as_of = "2026-03-31"              # every command with --as-of; or "commit", "today"
//	check { fail_on = "medium" }      # stackaudit check
//	comment "github" { behavior = "new" }
func parseConfig(path string, src []byte, cmd *cobra.Command) ([]configSetting, error) {
	file, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, usagef("%s", diags.Error())
	}
	body := file.Body.(*hclsyntax.Body) // always, from hclsyntax
	root := cmd.Root()
	var mine []configSetting
	// as_of at the top applies to every command with --as-of; a block's
	// own as_of comes later and wins.
	for _, a := range sortedAttrs(body.Attributes) {
		if a.Name != "as_of" {
			return nil, configErr(a.NameRange, "unknown setting %q at the top of the config file: only as_of is allowed there, other settings go in a command block such as check { ... }.%s",
				a.Name, inventory.DidYouMean(a.Name, []string{"as_of"}))
		}
		if cmd.Flags().Lookup("as-of") == nil {
			continue
		}
		s, err := configValue(a, "as-of", cmd.Flags().Lookup("as-of"))
		if err != nil {
			return nil, err
		}
		mine = append(mine, s)
	}
	for _, b := range body.Blocks {
		target, rest, err := root.Find(append([]string{b.Type}, b.Labels...))
		if err != nil || target == root || len(rest) > 0 || !target.Runnable() {
			return nil, configErr(b.TypeRange, "unknown command block %q.%s", strings.Join(append([]string{b.Type}, b.Labels...), " "),
				inventory.DidYouMean(b.Type, commandNames(root)))
		}
		if len(b.Body.Blocks) > 0 {
			return nil, configErr(b.Body.Blocks[0].TypeRange, "a command block holds settings (name = value), not blocks")
		}
		for _, a := range sortedAttrs(b.Body.Attributes) {
			name := strings.ReplaceAll(a.Name, "_", "-")
			f := target.Flags().Lookup(name)
			if f == nil {
				f = target.InheritedFlags().Lookup(name)
			}
			if f == nil || f.Hidden || slices.Contains(notConfigurable, name) {
				return nil, configErr(a.NameRange, "%s has no setting %q.%s", target.CommandPath(), a.Name,
					inventory.DidYouMean(a.Name, configKeys(target)))
			}
			s, err := configValue(a, name, f)
			if err != nil {
				return nil, err
			}
			if target == cmd {
				mine = append(mine, s)
			}
		}
	}
	return mine, nil
}

// configValue checks one setting's value against its flag's type.
func configValue(a *hclsyntax.Attribute, flag string, f *pflag.Flag) (configSetting, error) {
	s := configSetting{flag: flag, at: a.NameRange}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		return s, configErr(a.Expr.Range(), "%s must be a plain value (no variables or functions): %s", a.Name, diags[0].Summary)
	}
	typ := f.Value.Type()
	want := map[string]string{"bool": "true or false", "int": "a whole number", "stringArray": "a string or a list of strings", "stringSlice": "a string or a list of strings"}[typ]
	if want == "" {
		want = "a string"
	}
	wrong := func() error {
		return configErr(a.Expr.Range(), "%s must be %s, not %s", a.Name, want, typeName(v))
	}
	if v.IsNull() || !v.IsWhollyKnown() {
		return s, wrong()
	}
	switch {
	case typ == "bool" && v.Type() == cty.Bool:
		s.values = []string{fmt.Sprint(v.True())}
	case typ == "int" && v.Type() == cty.Number:
		bf := v.AsBigFloat()
		if !bf.IsInt() {
			return s, wrong()
		}
		s.values = []string{bf.Text('f', 0)}
	case typ != "bool" && typ != "int" && v.Type() == cty.String:
		s.values = []string{v.AsString()}
	case (typ == "stringArray" || typ == "stringSlice") && (v.Type().IsTupleType() || v.Type().IsListType()):
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() || e.Type() != cty.String {
				return s, wrong()
			}
			s.values = append(s.values, e.AsString())
		}
	default:
		return s, wrong()
	}
	if flag == "as-of" {
		if _, err := time.Parse("2006-01-02", s.values[0]); err != nil && s.values[0] != "today" && s.values[0] != "commit" {
			return s, configErr(a.Expr.Range(), "as_of must be a date YYYY-MM-DD, \"today\" or \"commit\" (the date of the commit checked out), not %q", s.values[0])
		}
	}
	for _, x := range s.values {
		if inventory.LooksLikeCredential(x) {
			return s, configErr(a.Expr.Range(), "%s looks like a credential: the config file is committed, so tokens come from the environment (GITHUB_TOKEN, GITLAB_TOKEN, the scanners' variables)", a.Name)
		}
	}
	return s, nil
}

func typeName(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return "a string"
	case v.Type() == cty.Number:
		return "a number"
	case v.Type() == cty.Bool:
		return "true or false"
	case v.Type().IsTupleType() || v.Type().IsListType():
		return "a list"
	}
	return v.Type().FriendlyName()
}

func configErr(at hcl.Range, format string, args ...any) error {
	return usagef("%s: %s", posString(at), fmt.Sprintf(format, args...))
}

func posString(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

func sortedAttrs(m hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// configKeys are the settings a command block accepts, as written in the
// file.
func configKeys(c *cobra.Command) []string {
	var keys []string
	visit := func(f *pflag.Flag) {
		if !f.Hidden && !slices.Contains(notConfigurable, f.Name) {
			keys = append(keys, strings.ReplaceAll(f.Name, "-", "_"))
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	return keys
}

func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	return names
}
