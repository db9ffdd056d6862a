package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/inventory"
)

type fmtOptions struct {
	check bool
	diff  bool
	write bool
	list  bool
}

func newFmtCmd(e *env, g *globalOptions) *cobra.Command {
	o := &fmtOptions{}
	cmd := &cobra.Command{
		Use:   "fmt [-check] [-diff] [DIR|FILE...]",
		Short: "Rewrite inventory files in canonical format",
		Long: `Rewrite .hcl files in the canonical format (indentation, aligned equals signs),
like terraform fmt. With no arguments, formats every .hcl file below the current
directory, skipping folders that start with ".". JSON files (.hcl.json) are left
alone. Use "-" to format standard input to standard output.

Exit codes: 0 all files formatted; 1 with -check when a file would change;
2 when a file cannot be parsed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			if o.check {
				o.write = false
			}
			return runFmt(e, g, o, args)
		},
	}
	cmd.Flags().BoolVar(&o.check, "check", false, "do not write; exit 1 when any file is not formatted")
	cmd.Flags().BoolVar(&o.diff, "diff", false, "print a unified diff of the changes")
	cmd.Flags().BoolVar(&o.write, "write", true, "write the formatted files back (false with -check)")
	cmd.Flags().BoolVar(&o.list, "list", true, "print the names of files whose formatting changed")
	return cmd
}

func runFmt(e *env, g *globalOptions, o *fmtOptions, args []string) error {
	var diags hcl.Diagnostics
	files := map[string]*hcl.File{}
	changed := 0
	for _, arg := range args {
		if arg == "-" {
			src, err := safefile.ReadAll(context.Background(), e.stdin, "standard input", inventory.MaxFileSize)
			if err != nil {
				return fmt.Errorf("read standard input: %w", err)
			}
			out, fdiags := inventory.Format("<stdin>", src)
			if fdiags.HasErrors() {
				files["<stdin>"] = &hcl.File{Bytes: inventory.MaskSecrets("<stdin>", src)}
				diags = append(diags, fdiags...)
				continue
			}
			if _, err := e.stdout.Write(out); err != nil {
				return fmt.Errorf("write standard output: %w", err)
			}
			continue
		}
		paths, fdiags := fmtPaths(arg)
		diags = append(diags, fdiags...)
		for _, p := range paths {
			did, fdiags, err := fmtFile(e, o, p, files)
			if err != nil {
				return err
			}
			diags = append(diags, fdiags...)
			if did {
				changed++
			}
		}
	}
	printDiagnostics(e.stderr, files, diags, g.diagStyle(e))
	switch {
	case diags.HasErrors():
		return &exitError{exitInvalid}
	case o.check && changed > 0:
		return &exitError{exitFindings}
	}
	return nil
}

// fmtPaths lists the files fmt handles under arg: HCL native syntax only,
// as terraform fmt leaves JSON alone.
func fmtPaths(arg string) ([]string, hcl.Diagnostics) {
	info, err := os.Stat(arg)
	if err == nil && !info.IsDir() {
		if !strings.HasSuffix(arg, ".hcl") {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Not an HCL file",
				Detail: fmt.Sprintf("%s: fmt formats .hcl files only; .hcl.json files are not reformatted.", arg)}}
		}
		return []string{arg}, nil
	}
	all, diags := inventory.FindFiles(arg)
	var out []string
	for _, p := range all {
		if strings.HasSuffix(p, ".hcl") {
			out = append(out, p)
		}
	}
	return out, diags
}

func fmtFile(e *env, o *fmtOptions, path string, files map[string]*hcl.File) (bool, hcl.Diagnostics, error) {
	src, err := safefile.ReadFile(context.Background(), path, inventory.MaxFileSize)
	if err != nil {
		return false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read file", Detail: fmt.Sprintf("%v.", err)}}, nil
	}
	// Diagnostics and the diff show literal secrets masked, as validate's
	// diagnostics do: fmt runs in CI logs too.
	files[path] = &hcl.File{Bytes: inventory.MaskSecrets(path, src)}
	out, diags := inventory.Format(path, src)
	if diags.HasErrors() || bytes.Equal(src, out) {
		return false, diags, nil
	}
	if o.list {
		fmt.Fprintln(e.stdout, path)
	}
	if o.diff {
		if err := writeDiff(e.stdout, path, files[path].Bytes, inventory.MaskSecrets(path, out)); err != nil {
			return false, nil, err
		}
	}
	if o.write {
		if err := writeFileAtomic(path, out); err != nil {
			return false, nil, err
		}
	}
	return true, nil, nil
}

// writeDiff writes the change as a unified diff between old/PATH and
// new/PATH, which patch -p1 and git apply take.
func writeDiff(w io.Writer, path string, before, after []byte) error {
	name := filepath.ToSlash(path)
	if _, err := w.Write(diff.Diff("old/"+name, before, "new/"+name, after)); err != nil {
		return fmt.Errorf("write diff of %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic replaces path through a temporary file in the same folder,
// so an interrupted fmt never leaves a truncated inventory file.
func writeFileAtomic(path string, data []byte) error {
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
