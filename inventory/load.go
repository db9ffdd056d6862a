package inventory

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/inventory/internal/fastparse"
)

// Option changes how Load reads an inventory.
type Option func(*options)

type options struct {
	catalog   *catalog.Catalog
	extraDirs []string
	kinds     *Kinds
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
	d := &decoder{kinds: o.kinds}
	var all blocks
	diags = append(diags, parseAndDecode(paths, d, &all, inv.Files)...)
	inv.build(d, &all)
	secrets := redactSecrets(inv.Files, d.secrets)
	diags = append(diags, d.diags...)
	scrub(diags, secrets)
	sortDiagnostics(diags)
	return inv, diags
}

func defaultOrganization() *Organization {
	return &Organization{Currency: "USD", FiscalYearStart: MonthDay{Month: 1, Day: 1}, PseudonymKeyEnv: DefaultPseudonymKeyEnv}
}

// fileResult is what one file contributed, before merging.
type fileResult struct {
	src    []byte
	nav    contextStringer
	diags  hcl.Diagnostics
	dec    decoder
	blocks blocks
}

// parseAndDecode parses and decodes files concurrently, one decoder per
// file, and merges the results in path order so that the outcome does not
// depend on scheduling. A file's syntax tree is dropped as soon as it is
// decoded: keeping every tree alive multiplied the memory and GC work of a
// large inventory several times over. What stays is its source, for
// printing diagnostics.
func parseAndDecode(paths []string, d *decoder, all *blocks, files map[string]*hcl.File) hcl.Diagnostics {
	results := make([]fileResult, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				loadOne(paths[i], &results[i], d.kinds)
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()

	var diags hcl.Diagnostics
	for i, p := range paths {
		r := &results[i]
		diags = append(diags, r.diags...)
		if r.src != nil {
			files[p] = sourceOnly(p, r.src, r.nav)
		}
		d.merge(&r.dec)
		all.merge(&r.blocks)
	}
	return diags
}

// loadOne parses, checks and decodes one file into r. A bug that panics
// here becomes a diagnostic naming the file rather than a crash with a
// stack trace; the fuzz tests fail on it all the same.
func loadOne(path string, r *fileResult, kinds *Kinds) {
	defer func() {
		if p := recover(); p != nil {
			*r = fileResult{diags: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Internal error",
				Detail: fmt.Sprintf("stackaudit failed while reading %s (%v). This is a bug: please report it with the file.", path, p)}}}
		}
	}()
	f, diags, secrets := parseFile(path)
	r.diags = diags
	if f == nil {
		return
	}
	r.src = f.Bytes
	r.dec.kinds = kinds
	if strings.HasSuffix(path, ".json") {
		r.dec.src = f.Bytes
	}
	r.nav = fileNav(f, !diags.HasErrors())
	if !diags.HasErrors() {
		r.dec.decodeFile(f.Body, &r.blocks)
	} else if f.Body != nil {
		// What parsed of a broken file is read for its labels only, so
		// references into it resolve; its own problems would be
		// follow-on noise.
		scratch := decoder{partial: true, kinds: kinds}
		scratch.decodeFile(f.Body, &r.blocks)
	}
	// A secret under a credential-only name (token = "…") is already
	// reported at its name.
	for j, sd := range secrets.diags {
		if j < len(secrets.ranges) && within(secrets.ranges[j], r.dec.secrets) {
			continue
		}
		r.diags = append(r.diags, sd)
	}
	r.dec.secrets = append(r.dec.secrets, secrets.ranges...)
}

// within reports whether r lies inside one of the ranges.
func within(r hcl.Range, ranges []hcl.Range) bool {
	for _, o := range ranges {
		if o.Filename == r.Filename && o.Start.Byte <= r.Start.Byte && r.End.Byte <= o.End.Byte {
			return true
		}
	}
	return false
}

// parseFile reads, checks and parses one file, and reports the string
// literals that look like credentials.
func parseFile(path string) (*hcl.File, hcl.Diagnostics, *secretFinder) {
	// Read through the limit, whatever size the file reports: a device
	// reports none. FIFOs, devices and folders are refused before any read.
	src, err := safefile.ReadFile(context.Background(), path, MaxFileSize)
	var tl *safefile.TooLargeError
	var nr *safefile.NotRegularError
	switch {
	case errors.As(err, &tl):
		size := int64(MaxFileSize + 1)
		if info, err := os.Stat(path); err == nil && info.Size() > size {
			size = info.Size()
		}
		return nil, hcl.Diagnostics{tooLarge(path, size)}, nil
	case errors.As(err, &nr):
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Not a regular file",
			Detail: fmt.Sprintf("%s is %s. Inventory files must be regular files (a symbolic link to one is followed).", path, nr.Kind)}}, nil
	case err != nil:
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read file",
			Detail: fmt.Sprintf("%s: %s.", path, plainErr(err))}}, nil
	}
	secrets := &secretFinder{filename: path, src: src}
	if diag := checkSource(path, src, secrets.check); diag != nil {
		if diag.Summary == "Invalid character encoding" {
			// Keep the source, with the bad bytes replaced, so the
			// diagnostic can show the line.
			return &hcl.File{Bytes: replaceInvalidUTF8(src)}, hcl.Diagnostics{diag}, &secretFinder{}
		}
		return nil, hcl.Diagnostics{diag}, nil
	}
	secrets.done()
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		// A UTF-8 byte order mark is harmless; blanking it keeps every
		// byte offset and column unchanged.
		src = append([]byte("   "), src[3:]...)
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	switch {
	case strings.HasSuffix(path, ".json"):
		f, diags = hcljson.Parse(src, path)
	default:
		// Most inventory files are plain data: the fast path builds the
		// same syntax tree as hclsyntax ten times faster, and anything
		// else (including every error) goes through hclsyntax.
		if body, ok := fastparse.Parse(src, path); ok {
			f = &hcl.File{Body: body, Bytes: src}
		} else {
			f, diags = hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		}
	}
	return f, diags, secrets
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
// printing diagnostics, and returns the secrets' text. The length is
// unchanged so every range still points at the right place; the parsed
// bodies are not affected.
func redactSecrets(files map[string]*hcl.File, secrets []hcl.Range) []string {
	copied := map[string]bool{}
	var texts []string
	for _, r := range secrets {
		f := files[r.Filename]
		if f == nil || r.End.Byte > len(f.Bytes) || r.Start.Byte >= r.End.Byte {
			continue
		}
		if !copied[r.Filename] {
			// The blocks are where they were: an index of them
			// still holds (a lazy one would re-parse the original).
			nav, _ := f.Nav.(contextStringer)
			if _, lazy := nav.(*lazyNav); lazy {
				nav = nil
			}
			f = sourceOnly(r.Filename, append([]byte(nil), f.Bytes...), nav)
			files[r.Filename] = f
			copied[r.Filename] = true
		}
		texts = append(texts, strings.Trim(string(f.Bytes[r.Start.Byte:r.End.Byte]), "\""))
		for i := r.Start.Byte; i < r.End.Byte; i++ {
			if c := f.Bytes[i]; c != '"' && c != '\n' {
				f.Bytes[i] = '*'
			}
		}
	}
	return texts
}

// scrub removes secrets from every diagnostic's text: a message that
// quotes a value ("%q is not a variable name") must not quote a token.
func scrub(diags hcl.Diagnostics, secrets []string) {
	for _, secret := range secrets {
		if len(secret) < 8 {
			continue // too short to be a credential, and would garble text
		}
		for _, d := range diags {
			d.Summary = strings.ReplaceAll(d.Summary, secret, "***")
			d.Detail = strings.ReplaceAll(d.Detail, secret, "***")
		}
	}
}
