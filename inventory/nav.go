package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// A file's syntax tree is dropped once it is decoded (see parseAndDecode),
// but diagnostics name the block around them ("in tool "x"", or
// "in tool.segment.stores" in JSON), which hcl's writer asks of
// hcl.File.Nav. The navigators here answer as hcl's own do, from an index
// of the blocks' extents, in O(log n) a question: hcl's walk every block
// from the first, and re-parsing each file on demand cost a second per
// 24 MB, so an inventory with a warning on every tool took minutes.

// contextStringer is what hcl's diagnostic writer asks of File.Nav.
type contextStringer interface {
	ContextString(offset int) string
}

// sourceOnly keeps a file's bytes for diagnostics, with nav naming the
// enclosing block; a nil nav re-parses the file the first time it is asked.
func sourceOnly(filename string, src []byte, nav contextStringer) *hcl.File {
	if nav == nil {
		nav = &lazyNav{filename: filename, src: src}
	}
	return &hcl.File{Bytes: src, Nav: nav}
}

// fileNav is the navigator of a parsed file: the index of its top-level
// blocks for native syntax, that of its objects and arrays for JSON, or
// nil (parse on demand) when the file had syntax errors, whose partial
// trees only hcl's own navigation can be trusted to read.
func fileNav(f *hcl.File, parsedOK bool) contextStringer {
	if !parsedOK {
		return nil
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		return newBlockNav(body)
	}
	if n, ok := newJSONNav(f.Bytes); ok {
		return n
	}
	return nil
}

type lazyNav struct {
	filename string
	src      []byte
	once     sync.Once
	nav      contextStringer
}

// ContextString is what hcl's diagnostic writer asks for.
func (n *lazyNav) ContextString(offset int) string {
	n.once.Do(func() {
		var f *hcl.File
		if strings.HasSuffix(n.filename, ".json") {
			f, _ = hcljson.Parse(n.src, n.filename)
		} else {
			f, _ = hclsyntax.ParseConfig(n.src, n.filename, hcl.InitialPos)
		}
		if f != nil {
			n.nav, _ = f.Nav.(contextStringer)
		}
	})
	if n.nav == nil {
		return ""
	}
	return n.nav.ContextString(offset)
}

// blockNav is hclsyntax's navigation (the first top-level block whose
// range holds the offset, as `type "label" …`) over the blocks' extents.
type blockNav struct {
	blocks []navBlock
	// sorted: the blocks follow each other without overlapping, so a
	// binary search finds the one first in order. Always so for a tree
	// without syntax errors; otherwise the search is hcl's linear one.
	sorted bool
}

type navBlock struct {
	start, end int
	typ        string
	labels     []string
}

func newBlockNav(body *hclsyntax.Body) *blockNav {
	n := &blockNav{blocks: make([]navBlock, len(body.Blocks)), sorted: true}
	for i, b := range body.Blocks {
		r := b.Range()
		n.blocks[i] = navBlock{start: r.Start.Byte, end: r.End.Byte, typ: b.Type, labels: b.Labels}
		if r.End.Byte < r.Start.Byte || i > 0 && r.Start.Byte < n.blocks[i-1].end {
			n.sorted = false
		}
	}
	return n
}

func (n *blockNav) ContextString(offset int) string {
	var block *navBlock
	if n.sorted {
		i := sort.Search(len(n.blocks), func(i int) bool { return n.blocks[i].end > offset })
		if i < len(n.blocks) && n.blocks[i].start <= offset {
			block = &n.blocks[i]
		}
	} else {
		for i := range n.blocks {
			if b := &n.blocks[i]; offset >= b.start && offset < b.end {
				block = b
				break
			}
		}
	}
	if block == nil {
		return ""
	}
	var buf strings.Builder
	buf.WriteString(block.typ)
	for _, label := range block.labels {
		fmt.Fprintf(&buf, " %q", label)
	}
	return buf.String()
}

// jsonNav is hcl's JSON navigation: the path of property names and array
// indexes ("tool.segment.stores", "flow[0]") to the innermost object or
// array holding the offset.
type jsonNav struct {
	nodes []jsonNode // objects and arrays in the order they open
}

type jsonNode struct {
	start, end int // from the opening to past the closing delimiter
	parent     int // index in nodes, -1 for the outermost value
	path       string
}

// newJSONNav indexes a JSON document; ok is false when encoding/json reads
// it differently from what hcl would (invalid UTF-8, a syntax error, more
// than one value), and hcl's navigation is used then.
func newJSONNav(src []byte) (*jsonNav, bool) {
	if !utf8.Valid(src) {
		return nil, false
	}
	type frame struct {
		node      int
		object    bool
		expectKey bool
		key       string
		n         int // array elements so far
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	n := &jsonNav{}
	var stack []frame
	values := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		if len(stack) == 0 {
			if values++; values > 1 {
				return nil, false
			}
		}
		off := int(dec.InputOffset())
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			n.nodes[stack[len(stack)-1].node].end = off
			stack = stack[:len(stack)-1]
			continue
		}
		// A value (or a key) starts here: name its step in the parent.
		parent, path := -1, ""
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.object && top.expectKey {
				top.key, _ = tok.(string)
				top.expectKey = false
				continue
			}
			parent = top.node
			if top.object {
				path = n.nodes[parent].path + "." + top.key
				top.expectKey = true
			} else {
				path = fmt.Sprintf("%s[%d]", n.nodes[parent].path, top.n)
				top.n++
			}
		}
		if d, ok := tok.(json.Delim); ok {
			n.nodes = append(n.nodes, jsonNode{start: off - 1, parent: parent, path: path})
			stack = append(stack, frame{node: len(n.nodes) - 1, object: d == '{', expectKey: d == '{'})
		}
	}
	if len(stack) > 0 || len(n.nodes) == 0 {
		return nil, false
	}
	return n, true
}

func (n *jsonNav) ContextString(offset int) string {
	i := sort.Search(len(n.nodes), func(i int) bool { return n.nodes[i].start > offset }) - 1
	for i >= 0 && offset >= n.nodes[i].end {
		i = n.nodes[i].parent
	}
	if i < 0 {
		return ""
	}
	return strings.TrimPrefix(n.nodes[i].path, ".")
}
