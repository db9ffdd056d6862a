package scanners

import (
	"encoding/base64"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// redacted replaces a secret in every message and snapshot field.
const redacted = "[redacted]"

// minSecret is the shortest secret that is redacted: replacing every "a"
// would destroy the message and protect nothing.
const minSecret = 6

// minEncoded is the shortest encoded fragment of a secret that is
// redacted (a base64 run inside a longer encoding, such as Basic auth's
// base64 of "user:key").
const minEncoded = 8

// Redactor removes secrets from text in every form a hostile or careless
// vendor could echo them in: as they are, base64-encoded (standard and URL
// alphabets, padded or not, alone or inside a longer encoded value such as
// a Basic authorization), URL-encoded (query and path escaping, upper- or
// lower-case hex), and with invisible characters (zero-width space,
// joiners, byte order mark, soft hyphen) inserted. The zero value redacts
// nothing.
type Redactor struct {
	// forms are the texts to replace, longest first, so that a form that
	// contains another is replaced whole.
	forms []string
}

// NewRedactor builds a Redactor for secrets; those shorter than six bytes,
// after trimming, are left alone.
func NewRedactor(secrets ...string) Redactor {
	seen := map[string]bool{}
	var forms []string
	add := func(f string) {
		if len(f) >= minSecret && !seen[f] {
			seen[f] = true
			forms = append(forms, f)
		}
	}
	for _, s := range secrets {
		s = stripInvisible(strings.TrimSpace(s))
		if len(s) < minSecret {
			continue
		}
		add(s)
		for _, esc := range []string{url.QueryEscape(s), url.PathEscape(s)} {
			add(esc)
			add(lowerHex(esc))
		}
		for _, frag := range base64Fragments([]byte(s)) {
			add(frag)
			add(strings.NewReplacer("+", "-", "/", "_").Replace(frag))
		}
	}
	// Longest first: the padded encoding before the bare one.
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return Redactor{forms: forms}
}

// String is msg with every form of every secret replaced by "[redacted]".
// Invisible characters are removed first wherever they are: they carry no
// meaning in a message, and one inserted into a token would hide it.
func (r Redactor) String(msg string) string {
	if len(r.forms) == 0 || msg == "" {
		return msg
	}
	msg = stripInvisible(msg)
	for _, f := range r.forms {
		if strings.Contains(msg, f) {
			msg = strings.ReplaceAll(msg, f, redacted)
		}
	}
	return msg
}

// Strings redacts every string that v points to, through pointers,
// structs, slices, arrays and maps: a scanner's whole result, whose user
// ids, emails and names come from the vendor.
func (r Redactor) Strings(v any) {
	if len(r.forms) == 0 || v == nil {
		return
	}
	r.walk(reflect.ValueOf(v))
}

func (r Redactor) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			r.walk(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.walk(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.walk(v.Index(i))
		}
	case reflect.Map:
		// Map values are not addressable: each is copied, redacted and
		// stored again. Keys are left: they are ids the scanner chose.
		iter := v.MapRange()
		for iter.Next() {
			val := reflect.New(iter.Value().Type()).Elem()
			val.Set(iter.Value())
			r.walk(val)
			v.SetMapIndex(iter.Key(), val)
		}
	case reflect.String:
		if v.CanSet() {
			if s := r.String(v.String()); s != v.String() {
				v.SetString(s)
			}
		}
	}
}

// Redact removes a secret, in every form Redactor knows, from a message.
func Redact(msg, secret string) string { return NewRedactor(secret).String(msg) }

// invisible are the characters that render as nothing: zero-width space,
// non-joiner and joiner, word joiner, byte order mark (zero-width
// no-break space) and soft hyphen.
const invisible = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

func stripInvisible(s string) string {
	if !strings.ContainsAny(s, invisible) {
		return s
	}
	// A replacer, not strings.Map: bytes that are not UTF-8 stay as they
	// are, so that a token holding them is still found.
	return strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\u2060", "", "\ufeff", "", "\u00ad", "").Replace(s)
}

// lowerHex is a percent-encoded string with its hex digits in lower case,
// as some servers write them.
func lowerHex(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) {
			b.WriteByte(c)
			b.WriteString(strings.ToLower(s[i+1 : i+3]))
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// base64Fragments are the standard-alphabet base64 texts that every
// encoding of a value containing s shows: for each of the three byte
// alignments s can start at, the characters that depend on s alone. The
// first is the whole encoding of s, padded; the others drop the group
// shared with what comes before and after, so that a key inside Basic
// auth's base64("user:key") is found too.
func base64Fragments(s []byte) []string {
	enc := base64.StdEncoding
	whole := enc.EncodeToString(s)
	out := []string{whole, strings.TrimRight(whole, "=")}
	for shift := range 3 {
		buf := append(make([]byte, shift), s...)
		e := enc.EncodeToString(buf)
		// Groups of 3 bytes give 4 characters; the first group mixes
		// the shift's bytes with s's, and the last group may be partial
		// (then it depends on what follows s).
		start := 0
		if shift > 0 {
			start = 4
		}
		end := len(buf) / 3 * 4
		if end-start >= minEncoded && utf8.ValidString(e) {
			out = append(out, e[start:end])
		}
	}
	return out
}

// maxMessage bounds the error message a snapshot keeps of a failed tool
// or discovery source, in runes: vendors' error bodies can be anything, and
// only a short account of them belongs in a file that is committed.
const maxMessage = 300

// maxPrinted bounds the message of a failed tool that scan prints.
const maxPrinted = 2000

// Sanitize makes msg safe to store and print on one line: control
// characters (newlines, escapes, carriage returns that could overwrite a
// terminal line) become spaces, runs of spaces one, and a message longer
// than max runes is cut with "…". It does not redact: Redactor does.
func Sanitize(msg string, max int) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range msg {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= max {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// HumanDuration writes a wait as people read it: "1m30s", "24h", "2.5s",
// "400ms", never "90000ms" or "24h0m0s".
func HumanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return max(d.Round(time.Millisecond), time.Millisecond).String()
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	}
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// CodeLike is s when it reads as a vendor's code (an error code, a status,
// an id): at most max bytes of ASCII letters, digits and the characters
// of punct; otherwise "?". Vendor codes end up in messages and evidence,
// and a response that puts anything else there is not to be echoed. Each
// kind passes its vendor's alphabet.
func CodeLike(s string, max int, punct string) string {
	if len(s) > max {
		return "?"
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r < utf8.RuneSelf && strings.ContainsRune(punct, r)) {
			return "?"
		}
	}
	return s
}
