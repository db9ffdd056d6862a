// Package fastparse parses the plain-data subset of HCL native syntax about
// ten times faster than hclsyntax, for inventories of thousands of blocks.
// The entry point is [Parse].
//
// # Contract
//
// Parse must build exactly what hclsyntax.ParseConfig builds for the same
// source: the same node types, field values (numbers with the same
// precision), nil and empty slices alike, and every range (line, column and
// byte). Whenever the source is outside the subset below, or has any syntax
// error, Parse returns ok=false and builds nothing, and the caller parses
// the source with hclsyntax.ParseConfig, so every diagnostic still comes
// from hcl itself. Rejecting valid input is always allowed; accepting input
// that hclsyntax would parse differently, or diagnose, is a bug.
//
// The subset, in ASCII except for line comments (below):
//   - comments (#, // and /* */), spaces, tabs and newlines (\n or \r\n);
//     a line comment that ends with a newline may hold any UTF-8;
//   - blocks with any number of quoted or bare labels, with a multi-line
//     body, an empty body ("x {}") or a one-line single-attribute body
//     ("x { a = 1 }");
//   - attributes whose value is a literal expression: a quoted string
//     without template sequences and with only the \n \r \t \" \\ escapes,
//     a number, a negated number (-5, which hclsyntax parses as a unary
//     operation), true, false, null, a traversal a.b.c, a tuple [...] or an
//     object {...} of such expressions.
//
// The contract is held by a differential fuzz target, FuzzFastParse, which
// parses every input both ways and compares the trees; `make test` runs it
// for a few seconds and `make fuzz` for long. The parser mirrors the hcl
// version named by [MirrorsHCL]: a test fails when go.mod moves to another,
// because the lexer's rules may have moved with it.
//
// # How
//
// Instead of building a token slice as hclsyntax does, it scans the source
// directly, reproducing the positions that hclsyntax's lexer computes. For
// ASCII input a column is the byte offset from the start of the line plus
// one: the only multi-byte grapheme cluster in ASCII is \r\n, which always
// ends a line.
//
// Nodes come from chunks (see slab) and identifiers and short strings are
// shared (see parser.str), which makes for far fewer allocations.
package fastparse

import (
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// MirrorsHCL is the version of github.com/hashicorp/hcl/v2 whose lexer and
// parser Parse reproduces, checked against go.mod by a test.
const MirrorsHCL = "v2.25.0"

// Parse parses src, the contents of the file filename, when it is within
// the subset, and returns the body hclsyntax.ParseConfig would return
// (f.Body of its *hcl.File). ok is false, and body nil, when src is outside
// the subset or has a syntax error: parse it with hclsyntax.ParseConfig.
func Parse(src []byte, filename string) (body *hclsyntax.Body, ok bool) {
	p := parser{src: src, filename: filename, line: 1}
	body, _, ok = p.parseBody(true, hcl.Range{})
	if !ok {
		return nil, false
	}
	return body, true
}

// Results of parser.next besides a plain byte.
const (
	fpEOF     = -1 // end of the source
	fpNewline = -2 // a newline, or a line comment ending in one
	fpBad     = -3 // something hclsyntax rejects or the fast path does not handle
)

// parser is the state of one Parse call.
type parser struct {
	src       []byte
	filename  string
	pos       int // byte offset of the next byte to scan
	line      int // line of pos, from 1
	lineStart int // byte offset of the start of line

	// strs caches identifiers and short strings with their cty values: an
	// inventory repeats its attribute names, references and enumerated
	// values thousands of times.
	strs *[fpCacheSize]fpCached

	// Stacks of the items of the constructs being parsed, which nest; each
	// construct copies its own items to a slice of the right size when it
	// ends.
	attrStack  []*hclsyntax.Attribute
	blockStack []*hclsyntax.Block
	exprStack  []hclsyntax.Expression
	itemStack  []hclsyntax.ObjectConsItem
	stepStack  []hcl.Traverser

	bodies     slab[hclsyntax.Body]
	blocks     slab[hclsyntax.Block]
	attrs      slab[hclsyntax.Attribute]
	literals   slab[hclsyntax.LiteralValueExpr]
	templates  slab[hclsyntax.TemplateExpr]
	traversals slab[hclsyntax.ScopeTraversalExpr]
	tuples     slab[hclsyntax.TupleConsExpr]
	blockPtrs  slab[*hclsyntax.Block]
	exprs      slab[hclsyntax.Expression]
	steps      slab[hcl.Traverser]
	items      slab[hclsyntax.ObjectConsItem]
	ranges     slab[hcl.Range]
	labels     slab[string]
}

// fpCacheSize is the number of entries of parser.strs; fpCacheMax is
// the length of the longest string cached.
const (
	fpCacheSize = 1024
	fpCacheMax  = 32
)

type fpCached struct {
	s   string
	val cty.Value
	ok  bool // val is set
}

// slab hands out Ts from chunks, so that the many small nodes of a syntax
// tree cost few allocations. The chunks grow with use, so that a small file
// does not pay for big ones. A chunk stays alive as long as any of its Ts,
// which is fine for a tree that is dropped after decoding.
type slab[T any] struct {
	free []T
	size int
}

func (s *slab[T]) refill(n int) {
	s.size = min(max(2*s.size, 16), 512)
	s.free = make([]T, max(s.size, n))
}

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	if len(s.free) == 0 {
		s.refill(1)
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// copy returns a copy of items whose capacity is its length, so that an
// append to it cannot write into the chunk; it returns nil for no items.
func (s *slab[T]) copy(items []T) []T {
	n := len(items)
	if n == 0 {
		return nil
	}
	if len(s.free) < n {
		if n > 64 {
			return append([]T(nil), items...)
		}
		s.refill(n)
	}
	x := s.free[:n:n]
	s.free = s.free[n:]
	copy(x, items)
	return x
}

// pop ends a nesting level that pushed its elements onto stack from base
// (the stacks are shared by every level, so that only the final slices
// are allocated): it returns the level's elements copied into the slab
// when keep is set (nil when there are none), and truncates the stack,
// clearing what it drops so that no stale node stays reachable.
func (s *slab[T]) pop(stack *[]T, base int, keep bool) []T {
	var out []T
	if keep {
		out = s.copy((*stack)[base:])
	}
	clear((*stack)[base:])
	*stack = (*stack)[:base]
	return out
}

// str returns b as a string, shared with earlier equal ones when short.
func (p *parser) str(b []byte) string {
	if e := p.cached(b); e != nil {
		return e.s
	}
	return string(b)
}

// strVal returns the cty string value of b, shared with earlier equal ones
// when short.
func (p *parser) strVal(b []byte) cty.Value {
	e := p.cached(b)
	if e == nil {
		return cty.StringVal(string(b))
	}
	if !e.ok {
		e.val, e.ok = cty.StringVal(e.s), true
	}
	return e.val
}

// cached returns the cache entry for b, filled with b's string, or nil if
// b is too long to cache. The cache is direct-mapped: an entry holds the
// last string whose hash leads to it.
func (p *parser) cached(b []byte) *fpCached {
	if len(b) > fpCacheMax {
		return nil
	}
	if p.strs == nil {
		p.strs = new([fpCacheSize]fpCached)
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	e := &p.strs[h%fpCacheSize]
	if e.s != string(b) {
		*e = fpCached{s: string(b)}
	}
	return e
}

// posAt returns the position of byte offset off, which must be on the
// current line.
func (p *parser) posAt(off int) hcl.Pos {
	return hcl.Pos{Line: p.line, Column: off - p.lineStart + 1, Byte: off}
}

// rangeOf returns the range of the bytes [start, end) of the current line.
func (p *parser) rangeOf(start, end int) hcl.Range {
	return hcl.Range{Filename: p.filename, Start: p.posAt(start), End: p.posAt(end)}
}

// newlineAt records that a line starts at byte offset off.
func (p *parser) newlineAt(off int) {
	p.line++
	p.lineStart = off
}

// next skips what hclsyntax's peeker skips and returns the first byte of the
// next token, leaving pos at it. Newlines are tokens when nl is true, as in
// a body or an object constructor, and are skipped otherwise, as inside
// brackets. A line comment ends with the newline that follows it, and the
// peeker turns it into a newline token where newlines count.
func (p *parser) next(nl bool) int {
	src := p.src
	for p.pos < len(src) {
		c := src[p.pos]
		switch c {
		case ' ', '\t':
			p.pos++
		case '\n':
			if nl {
				return fpNewline
			}
			p.pos++
			p.newlineAt(p.pos)
		case '\r':
			if p.pos+1 >= len(src) || src[p.pos+1] != '\n' {
				return fpBad
			}
			if nl {
				return fpNewline
			}
			p.pos += 2
			p.newlineAt(p.pos)
		case '#':
			if r := p.lineComment(nl); r != 0 {
				return r
			}
		case '/':
			if p.pos+1 >= len(src) {
				return '/'
			}
			switch src[p.pos+1] {
			case '/':
				if r := p.lineComment(nl); r != 0 {
					return r
				}
			case '*':
				if !p.blockComment() {
					return fpBad
				}
			default:
				return '/'
			}
		default:
			if c >= 0x80 {
				return fpBad
			}
			return int(c)
		}
	}
	return fpEOF
}

// lineComment handles the line comment at pos. A comment that ends with a
// newline is a newline token when nl is true: it returns fpNewline with pos
// left at the comment. Otherwise it skips the comment and returns 0.
//
// Such a comment may hold any UTF-8: it ends at the start of the next line
// whatever its columns. Not invalid UTF-8, although hclsyntax accepts it
// in comments: its grapheme segmentation can then swallow the newline, and
// the next line's tokens are placed on the comment's line. A comment at the
// end of the file must be ASCII, since the end of file's column follows
// from it.
func (p *parser) lineComment(nl bool) int {
	src := p.src
	ascii := true
	for i := p.pos; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			if !ascii && !utf8.Valid(src[p.pos:i]) {
				return fpBad
			}
			if nl {
				return fpNewline
			}
			p.pos = i + 1
			p.newlineAt(p.pos)
			return 0
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	if !ascii {
		return fpBad
	}
	// A comment at the end of the file, without a newline, is no newline.
	p.pos = len(src)
	return 0
}

// blockComment skips the /* */ comment at pos, reporting false if it is not
// closed or not ASCII.
func (p *parser) blockComment() bool {
	src := p.src
	for i := p.pos + 2; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			p.newlineAt(i + 1)
		case c == '*':
			if i+1 < len(src) && src[i+1] == '/' {
				p.pos = i + 2
				return true
			}
		case c >= 0x80:
			return false
		}
	}
	return false
}

// consumeNewline consumes the newline token at pos (after next returned
// fpNewline) and returns its range: a line comment's range includes the
// comment.
func (p *parser) consumeNewline() hcl.Range {
	src := p.src
	start := p.posAt(p.pos)
	i := p.pos
	for src[i] != '\n' {
		i++
	}
	p.pos = i + 1
	p.newlineAt(p.pos)
	return hcl.Range{Filename: p.filename, Start: start, End: p.posAt(p.pos)}
}

func isIdentStart(c int) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentCont(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// scanIdent scans the identifier at pos and returns its end offset.
func (p *parser) scanIdent() int {
	src := p.src
	i := p.pos + 1
	for i < len(src) && isIdentCont(src[i]) {
		i++
	}
	return i
}

// isSingle reports whether the byte c at pos is a token of its own rather
// than the start of "==", "=>" or "::".
func (p *parser) isSingle(c byte) bool {
	if p.pos+1 >= len(p.src) {
		return true
	}
	n := p.src[p.pos+1]
	switch c {
	case '=':
		return n != '=' && n != '>'
	case ':':
		return n != ':'
	}
	return true
}

// parseBody parses a body up to the end of the file (top) or up to its
// closing brace, which it consumes and whose range it returns. open is the
// range of the opening brace.
func (p *parser) parseBody(top bool, open hcl.Range) (*hclsyntax.Body, hcl.Range, bool) {
	attrBase, blockBase := len(p.attrStack), len(p.blockStack)
	// hclsyntax starts a block's body at its opening brace, and the top
	// level body at the first token its peeker returns.
	start := open
	first := top
	var end hcl.Range
	for {
		c := p.next(true)
		switch {
		case c == fpEOF:
			if !top {
				return nil, hcl.Range{}, false
			}
			end = p.rangeOf(p.pos, p.pos)
			if first {
				start = end
			}
		case c == '}' && !top:
			end = p.punct()
		case c == fpNewline:
			r := p.consumeNewline()
			if first {
				start, first = r, false
			}
			continue
		case isIdentStart(c):
			nameEnd := p.scanIdent()
			nameRange := p.rangeOf(p.pos, nameEnd)
			if first {
				start, first = nameRange, false
			}
			name := p.str(p.src[p.pos:nameEnd])
			p.pos = nameEnd
			c := p.next(true)
			switch {
			case c == '=' && p.isSingle('='):
				attr, ok := p.finishAttribute(name, nameRange, false)
				if !ok {
					return nil, hcl.Range{}, false
				}
				p.attrStack = append(p.attrStack, attr)
			case c == '"' || c == '{' || isIdentStart(c):
				block, ok := p.finishBlock(name, nameRange)
				if !ok {
					return nil, hcl.Range{}, false
				}
				p.blockStack = append(p.blockStack, block)
			default:
				return nil, hcl.Range{}, false
			}
			continue
		default:
			return nil, hcl.Range{}, false
		}
		break
	}

	attrs := make(hclsyntax.Attributes, len(p.attrStack)-attrBase)
	for _, a := range p.attrStack[attrBase:] {
		attrs[a.Name] = a
	}
	if len(attrs) != len(p.attrStack)-attrBase {
		return nil, hcl.Range{}, false // an attribute set twice: an error
	}
	p.attrStack = p.attrStack[:attrBase]
	blocks := hclsyntax.Blocks(p.blockPtrs.copy(p.blockStack[blockBase:]))
	if blocks == nil {
		blocks = hclsyntax.Blocks{}
	}
	clear(p.blockStack[blockBase:])
	p.blockStack = p.blockStack[:blockBase]

	body := p.bodies.new()
	*body = hclsyntax.Body{
		Attributes: attrs,
		Blocks:     blocks,
		SrcRange:   hcl.RangeBetween(start, end),
		EndRange:   hcl.Range{Filename: end.Filename, Start: end.End, End: end.End},
	}
	return body, end, true
}

// finishAttribute parses an attribute from its equals sign, which is at
// pos. Unless it is the only attribute of a one-line block, it must end
// with a newline (which it consumes) or the end of the file.
func (p *parser) finishAttribute(name string, nameRange hcl.Range, singleLine bool) (*hclsyntax.Attribute, bool) {
	eq := p.punct()
	expr, end, ok := p.parseExpr(true)
	if !ok {
		return nil, false
	}
	if !singleLine && !p.endOfLine() {
		return nil, false
	}
	attr := p.attrs.new()
	*attr = hclsyntax.Attribute{
		Name:        name,
		Expr:        expr,
		SrcRange:    hcl.Range{Filename: p.filename, Start: nameRange.Start, End: end},
		NameRange:   nameRange,
		EqualsRange: eq,
	}
	return attr, true
}

// finishBlock parses a block from its first label or opening brace, which
// is at pos, to the newline after its closing brace.
func (p *parser) finishBlock(typ string, typeRange hcl.Range) (*hclsyntax.Block, bool) {
	var labelBuf [4]string
	var rangeBuf [4]hcl.Range
	labels, labelRanges := labelBuf[:0], rangeBuf[:0]
	for {
		c := p.next(true)
		if c == '{' {
			break
		}
		switch {
		case c == '"':
			s, open, _, closeQuote, ok := p.scanString(false)
			if !ok {
				return nil, false
			}
			labels = append(labels, s)
			labelRanges = append(labelRanges, hcl.RangeBetween(open, closeQuote))
		case isIdentStart(c):
			end := p.scanIdent()
			labels = append(labels, p.str(p.src[p.pos:end]))
			labelRanges = append(labelRanges, p.rangeOf(p.pos, end))
			p.pos = end
		default:
			return nil, false
		}
	}
	open := p.punct()

	var body *hclsyntax.Body
	var closeBrace hcl.Range
	switch c := p.next(true); {
	case c == fpNewline || c == '}':
		var ok bool
		body, closeBrace, ok = p.parseBody(false, open)
		if !ok {
			return nil, false
		}
	case isIdentStart(c):
		// A one-line block: "x { a = 1 }".
		nameEnd := p.scanIdent()
		nameRange := p.rangeOf(p.pos, nameEnd)
		name := p.str(p.src[p.pos:nameEnd])
		p.pos = nameEnd
		if c := p.next(true); c != '=' || !p.isSingle('=') {
			return nil, false
		}
		attr, ok := p.finishAttribute(name, nameRange, true)
		if !ok || p.next(true) != '}' {
			return nil, false
		}
		closeBrace = p.punct()
		body = p.bodies.new()
		*body = hclsyntax.Body{
			Attributes: hclsyntax.Attributes{name: attr},
			SrcRange:   attr.SrcRange,
			EndRange:   hcl.Range{Filename: p.filename, Start: attr.SrcRange.End, End: attr.SrcRange.End},
		}
	default:
		return nil, false
	}

	if !p.endOfLine() {
		return nil, false
	}
	block := p.blocks.new()
	*block = hclsyntax.Block{
		Type:            typ,
		Labels:          p.labels.copy(labels),
		Body:            body,
		TypeRange:       typeRange,
		LabelRanges:     p.ranges.copy(labelRanges),
		OpenBraceRange:  open,
		CloseBraceRange: closeBrace,
	}
	return block, true
}

// parseExpr parses an expression of the subset starting at the next token,
// and returns it with the position where it ends. nl says whether newlines
// are tokens in the enclosing construct.
func (p *parser) parseExpr(nl bool) (hclsyntax.Expression, hcl.Pos, bool) {
	c := p.next(nl)
	switch {
	case c == '"':
		_, open, content, closeQuote, ok := p.scanString(true)
		if !ok {
			return nil, hcl.Pos{}, false
		}
		t := p.templates.new()
		*t = hclsyntax.TemplateExpr{
			Parts:    p.exprs.copy([]hclsyntax.Expression{content}),
			SrcRange: hcl.RangeBetween(open, closeQuote),
		}
		return t, closeQuote.End, true

	case c >= '0' && c <= '9':
		return p.parseNumber()

	case c == '-':
		// A negative number: hclsyntax negates the literal.
		minus := p.punct()
		if c := p.next(nl); c < '0' || c > '9' {
			return nil, hcl.Pos{}, false
		}
		num, end, ok := p.parseNumber()
		if !ok {
			return nil, hcl.Pos{}, false
		}
		return &hclsyntax.UnaryOpExpr{
			Op:          hclsyntax.OpNegate,
			Val:         num,
			SrcRange:    hcl.Range{Filename: p.filename, Start: minus.Start, End: end},
			SymbolRange: minus,
		}, end, true

	case isIdentStart(c):
		end := p.scanIdent()
		r := p.rangeOf(p.pos, end)
		word := p.src[p.pos:end]
		p.pos = end
		var val cty.Value
		switch string(word) {
		case "true":
			val = cty.True
		case "false":
			val = cty.False
		case "null":
			val = cty.NullVal(cty.DynamicPseudoType)
		default:
			// A function call (name followed by "(" or "::") is not in
			// the subset: the caller rejects whatever follows the name.
			return p.finishTraversal(p.str(word), r, nl)
		}
		lit := p.literals.new()
		*lit = hclsyntax.LiteralValueExpr{Val: val, SrcRange: r}
		return lit, r.End, true

	case c == '[':
		return p.parseTuple()

	case c == '{':
		return p.parseObject()
	}
	return nil, hcl.Pos{}, false
}

// finishTraversal parses the attribute steps of a traversal after its root.
func (p *parser) finishTraversal(root string, rootRange hcl.Range, nl bool) (hclsyntax.Expression, hcl.Pos, bool) {
	base := len(p.stepStack)
	p.stepStack = append(p.stepStack, hcl.TraverseRoot{Name: root, SrcRange: rootRange})
	end := rootRange.End
	ok := true
	for {
		if p.next(nl) != '.' {
			break
		}
		if p.pos+1 < len(p.src) && p.src[p.pos+1] == '.' {
			ok = false // "..."
			break
		}
		dot := p.posAt(p.pos)
		p.pos++
		if !isIdentStart(p.next(nl)) {
			ok = false // a splat, a legacy index or an error
			break
		}
		nameEnd := p.scanIdent()
		end = p.posAt(nameEnd)
		p.stepStack = append(p.stepStack, hcl.TraverseAttr{
			Name:     p.str(p.src[p.pos:nameEnd]),
			SrcRange: hcl.Range{Filename: p.filename, Start: dot, End: end},
		})
		p.pos = nameEnd
	}
	trav := hcl.Traversal(p.steps.pop(&p.stepStack, base, ok))
	if !ok {
		return nil, hcl.Pos{}, false
	}
	t := p.traversals.new()
	*t = hclsyntax.ScopeTraversalExpr{
		Traversal: trav,
		SrcRange:  hcl.Range{Filename: p.filename, Start: rootRange.Start, End: end},
	}
	return t, end, true
}

// parseNumber parses the number literal at pos as hclsyntax's lexer
// delimits it: a digit, then digits, dots and exponents (e, E, e+ or e-
// followed by a digit), not ending with a dot.
func (p *parser) parseNumber() (hclsyntax.Expression, hcl.Pos, bool) {
	src := p.src
	start := p.pos
	i := start + 1
	end := i
scan:
	for i < len(src) {
		c := src[i]
		switch {
		case c >= '0' && c <= '9':
			i++
			end = i
		case c == '.':
			i++
		case c == 'e' || c == 'E':
			j := i + 1
			if j < len(src) && (src[j] == '+' || src[j] == '-') {
				j++
			}
			if j >= len(src) || src[j] < '0' || src[j] > '9' {
				break scan
			}
			i = j + 1
			end = i
		default:
			break scan
		}
	}
	val, err := cty.ParseNumberVal(string(src[start:end]))
	if err != nil {
		return nil, hcl.Pos{}, false
	}
	r := p.rangeOf(start, end)
	p.pos = end
	lit := p.literals.new()
	*lit = hclsyntax.LiteralValueExpr{Val: val, SrcRange: r}
	return lit, r.End, true
}

// endOfLine consumes the newline that ends an attribute or a block and
// reports whether there was one, or the end of the file, as there must be.
func (p *parser) endOfLine() bool {
	switch p.next(true) {
	case fpNewline:
		p.consumeNewline()
	case fpEOF:
	default:
		return false
	}
	return true
}

// punct consumes the one-byte token at pos (a bracket, a brace, "=" or
// "-") and returns its range, which the syntax tree records.
func (p *parser) punct() hcl.Range {
	r := p.rangeOf(p.pos, p.pos+1)
	p.pos++
	return r
}

// parseTuple parses the tuple constructor whose "[" is at pos. Newlines are
// not tokens inside it.
func (p *parser) parseTuple() (hclsyntax.Expression, hcl.Pos, bool) {
	open := p.punct()
	if p.next(false) == 'f' && p.atFor() {
		return nil, hcl.Pos{}, false
	}
	base := len(p.exprStack)
	ok := true
	for {
		if p.next(false) == ']' {
			break
		}
		var expr hclsyntax.Expression
		if expr, _, ok = p.parseExpr(false); !ok {
			break
		}
		p.exprStack = append(p.exprStack, expr)
		c := p.next(false)
		if c == ']' {
			break
		}
		if c != ',' {
			ok = false
			break
		}
		p.pos++
	}
	exprs := p.exprs.pop(&p.exprStack, base, ok)
	if !ok {
		return nil, hcl.Pos{}, false
	}
	closeBracket := p.punct()
	t := p.tuples.new()
	*t = hclsyntax.TupleConsExpr{
		Exprs:     exprs,
		SrcRange:  hcl.RangeBetween(open, closeBracket),
		OpenRange: open,
	}
	return t, closeBracket.End, true
}

// parseObject parses the object constructor whose "{" is at pos. Newlines
// are tokens inside it: they separate items, as commas do.
func (p *parser) parseObject() (hclsyntax.Expression, hcl.Pos, bool) {
	open := p.punct()
	if p.next(false) == 'f' && p.atFor() {
		return nil, hcl.Pos{}, false
	}
	base := len(p.itemStack)
	ok := p.parseObjectItems()
	items := p.items.pop(&p.itemStack, base, ok)
	if !ok {
		return nil, hcl.Pos{}, false
	}
	closeBrace := p.punct()
	return &hclsyntax.ObjectConsExpr{
		Items:     items,
		SrcRange:  hcl.RangeBetween(open, closeBrace),
		OpenRange: open,
	}, closeBrace.End, true
}

// parseObjectItems parses the items of an object constructor onto
// itemStack, leaving pos at its closing brace.
func (p *parser) parseObjectItems() bool {
	for {
		c := p.next(true)
		if c == fpNewline {
			p.consumeNewline()
			continue
		}
		if c == '}' {
			return true
		}
		key, _, ok := p.parseExpr(true)
		if !ok {
			return false
		}
		if c := p.next(true); (c != '=' && c != ':') || !p.isSingle(byte(c)) {
			return false
		}
		p.pos++
		value, _, ok := p.parseExpr(true)
		if !ok {
			return false
		}
		p.itemStack = append(p.itemStack, hclsyntax.ObjectConsItem{
			KeyExpr:   &hclsyntax.ObjectConsKeyExpr{Wrapped: key},
			ValueExpr: value,
		})
		switch p.next(true) {
		case '}':
			return true
		case ',':
			p.pos++
		case fpNewline:
			p.consumeNewline()
		default:
			return false
		}
	}
}

// atFor reports whether the identifier at pos is the keyword "for", which
// would start a for expression.
func (p *parser) atFor() bool {
	return p.scanIdent()-p.pos == 3 && string(p.src[p.pos:p.pos+3]) == "for"
}

// scanString scans the quoted string at pos. It returns the string's value,
// the ranges of its quotes and, when template is true, its content as the
// literal part of a template. It reports false for template sequences
// (escaped ones too), escapes other than \n \r \t \" and \\, newlines,
// non-ASCII bytes and a missing closing quote.
func (p *parser) scanString(template bool) (val string, open hcl.Range, content *hclsyntax.LiteralValueExpr, closeQuote hcl.Range, ok bool) {
	src := p.src
	open = p.rangeOf(p.pos, p.pos+1)
	start := p.pos + 1
	escaped := false
	i := start
scan:
	for {
		if i >= len(src) {
			return "", open, nil, closeQuote, false
		}
		switch c := src[i]; c {
		case '"':
			break scan
		case '\\':
			if i+1 >= len(src) {
				return "", open, nil, closeQuote, false
			}
			switch src[i+1] {
			case 'n', 'r', 't', '"', '\\':
			default:
				return "", open, nil, closeQuote, false
			}
			escaped = true
			i += 2
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				return "", open, nil, closeQuote, false
			}
			i++
		case '\n', '\r':
			return "", open, nil, closeQuote, false
		default:
			if c >= 0x80 {
				return "", open, nil, closeQuote, false
			}
			i++
		}
	}
	raw := src[start:i]
	var cv cty.Value
	switch {
	case escaped:
		val = unescape(raw)
		if template {
			cv = cty.StringVal(val)
		}
	case template:
		cv = p.strVal(raw)
		val = cv.AsString()
	default:
		val = p.str(raw)
	}
	closeQuote = p.rangeOf(i, i+1)
	if template {
		// An empty string still has a literal part: an empty one, placed
		// (despite hclsyntax's comment) just after the closing quote.
		r := p.rangeOf(start, i)
		if i == start {
			r.Start = p.posAt(i + 1)
			r.End = r.Start
		}
		content = p.literals.new()
		*content = hclsyntax.LiteralValueExpr{Val: cv, SrcRange: r}
	}
	p.pos = i + 1
	return val, open, content, closeQuote, true
}

// unescape resolves the escapes of a string's content, which scanString
// has checked.
func unescape(raw []byte) string {
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		switch raw[i] {
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		default: // '"' or '\\'
			b = append(b, raw[i])
		}
	}
	return string(b)
}
