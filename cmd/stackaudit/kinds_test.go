package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryLoadKnowsTheKinds: inventory.Load checks scan and discovery
// kinds only when it is given them, so every command loads through
// loadWithKinds.
func TestEveryLoadKnowsTheKinds(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Load" {
					return true
				}
				if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "inventory" {
					loads++
					if fn.Name.Name != "loadWithKinds" {
						t.Errorf("%s: %s calls inventory.Load; use loadWithKinds, which checks the kinds", name, fn.Name.Name)
					}
				}
				return true
			})
		}
	}
	if loads != 1 {
		t.Errorf("inventory.Load is called %d times, want once (in loadWithKinds)", loads)
	}
}
