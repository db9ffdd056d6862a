package inventory

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// Option changes how Load reads an inventory.
type Option func(*options)

type options struct {
	catalog   *catalog.Catalog
	extraDirs []string
}

// WithCatalog makes Load use an already loaded catalog instead of loading
// the embedded one again.
func WithCatalog(c *catalog.Catalog) Option { return func(o *options) { o.catalog = c } }

// WithExtraDirs adds the files of further directories to the inventory, as
// `--policies DIR` does for shared rule, policy and waiver files.
func WithExtraDirs(dirs ...string) Option {
	return func(o *options) { o.extraDirs = append(o.extraDirs, dirs...) }
}

// Load reads and validates the inventory at dir (a directory, or a single
// file). It always returns an Inventory, partial when there are errors, and
// every diagnostic of the run sorted by file and position.
func Load(dir string, opts ...Option) (*Inventory, hcl.Diagnostics) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	inv := &Inventory{Dir: dir, Files: map[string]*hcl.File{}, Organization: defaultOrganization()}
	var diags hcl.Diagnostics
	inv.Catalog = o.catalog
	if inv.Catalog == nil {
		c, err := catalog.Load()
		if err != nil {
			// The catalog is embedded and tested; failing here is a bug.
			panic(fmt.Sprintf("inventory: embedded catalog: %v", err))
		}
		inv.Catalog = c
	}

	paths, fdiags := FindFiles(dir)
	diags = append(diags, fdiags...)
	for _, extra := range o.extraDirs {
		more, mdiags := FindFiles(extra)
		diags = append(diags, mdiags...)
		paths = append(paths, more...)
	}
	files, pdiags := parseFiles(paths)
	diags = append(diags, pdiags...)

	d := &decoder{}
	var all blocks
	for _, p := range paths {
		if f := files[p]; f != nil {
			inv.Files[p] = f
			d.decodeFile(f.Body, &all)
		}
	}
	inv.build(d, &all)
	redactSecrets(inv.Files, d.secrets)
	diags = append(diags, d.diags...)
	sortDiagnostics(diags)
	return inv, diags
}

func defaultOrganization() *Organization {
	return &Organization{Currency: "USD", FiscalYearStart: MonthDay{Month: 1, Day: 1}}
}

// parseFiles reads and parses files concurrently; parsing dominates load
// time on large inventories and each file is independent.
func parseFiles(paths []string) (map[string]*hcl.File, hcl.Diagnostics) {
	type result struct {
		file  *hcl.File
		diags hcl.Diagnostics
	}
	results := make([]result, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i].file, results[i].diags = parseFile(paths[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()

	files := make(map[string]*hcl.File, len(paths))
	var diags hcl.Diagnostics
	for i, p := range paths {
		diags = append(diags, results[i].diags...)
		if results[i].file != nil && !results[i].diags.HasErrors() {
			files[p] = results[i].file
		} else if results[i].file != nil {
			// Keep the source so diagnostics can show it, but do not
			// decode a file that failed to parse: its blocks would give
			// confusing follow-on errors.
			files[p] = &hcl.File{Body: hcl.EmptyBody(), Bytes: results[i].file.Bytes}
		}
	}
	return files, diags
}

func parseFile(path string) (*hcl.File, hcl.Diagnostics) {
	info, err := os.Stat(path)
	if err == nil && info.Size() > MaxFileSize {
		// Do not read a huge file into memory just to refuse it.
		return nil, hcl.Diagnostics{checkSource(path, make([]byte, MaxFileSize+1))}
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read file",
			Detail: fmt.Sprintf("%s: %s.", path, plainErr(err))}}
	}
	if diag := checkSource(path, src); diag != nil {
		return nil, hcl.Diagnostics{diag}
	}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		// A UTF-8 byte order mark is harmless; blanking it keeps every
		// byte offset and column unchanged.
		src = append([]byte("   "), src[3:]...)
	}
	if strings.HasSuffix(path, ".json") {
		return hcljson.Parse(src, path)
	}
	return hclsyntax.ParseConfig(src, path, hcl.InitialPos)
}

// sortDiagnostics orders diagnostics by file and position, those without a
// position first, keeping the order of diagnostics at the same place.
func sortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		default:
			return a.Start.Byte < b.Start.Byte
		}
	})
}

// redactSecrets replaces each secret's bytes with '*' in the files kept for
// printing diagnostics. The length is unchanged so every range still points
// at the right place; the parsed bodies are not affected.
func redactSecrets(files map[string]*hcl.File, secrets []hcl.Range) {
	copied := map[string]bool{}
	for _, r := range secrets {
		f := files[r.Filename]
		if f == nil || r.End.Byte > len(f.Bytes) || r.Start.Byte >= r.End.Byte {
			continue
		}
		if !copied[r.Filename] {
			clone := *f
			clone.Bytes = append([]byte(nil), f.Bytes...)
			files[r.Filename] = &clone
			f = &clone
			copied[r.Filename] = true
		}
		for i := r.Start.Byte; i < r.End.Byte; i++ {
			if c := f.Bytes[i]; c != '"' && c != '\n' {
				f.Bytes[i] = '*'
			}
		}
	}
}
