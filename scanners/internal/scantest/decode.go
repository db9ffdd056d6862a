package scantest

import (
	"testing"
)

// Decoded reads the recorded body file (see Recorded) and decodes it with
// decode, failing the test when decode refuses it: the first step of every
// test that checks a kind's decoder on a vendor's own body.
func Decoded[T any](t testing.TB, decode func([]byte) (T, error), file string) T {
	t.Helper()
	v, err := decode(Recorded(t, file))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return v
}

// A Refusal checks the error a decoder returned for data (FuzzDecoder).
type Refusal func(t testing.TB, data []byte, err error)

// InFewWords is the Refusal of CheckDecoded: the error says in a few words
// that the response is invalid, without quoting the body.
func InFewWords(t testing.TB, data []byte, err error) { CheckDecoded(t, data, err) }

// Unquoted is the Refusal of Refused, for decoders whose errors carry the
// vendor's own message: the error does not quote the body.
func Unquoted(t testing.TB, data []byte, err error) { Refused(t, data, err) }

// FuzzDecoder is the skeleton every kind's decoder fuzz target shares, so
// that a target states only what is particular to its decoder: it adds
// seeds to the corpus and, for every input, checks decode's error with
// refusal, or, when decode accepted the input, that the input is JSON and
// then what accepted checks of the value (nil: nothing more). Each kind
// keeps a thin FuzzX function calling it, which `go test -list '^Fuzz'`
// (and so `make fuzz`) finds in the kind's package.
func FuzzDecoder[T any](f *testing.F, refusal Refusal, decode func([]byte) (T, error), accepted func(t *testing.T, v T), seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decode(data)
		if err != nil {
			refusal(t, data, err)
			return
		}
		CheckDecoded(t, data, nil)
		if accepted != nil {
			accepted(t, v)
		}
	})
}

// Every fails the test with msg when ok is false for an item: the check,
// written once, that a decoder keeps no record it cannot identify (a user
// without id, an app without label).
func Every[E any](t testing.TB, items []E, ok func(E) bool, msg string) {
	t.Helper()
	for _, it := range items {
		if !ok(it) {
			t.Fatal(msg)
		}
	}
}

// Recording is a recorded body file (see Recorded) and Check, the checks
// of what a kind's decoders make of its body.
type Recording struct {
	File  string
	Check func(t *testing.T, body []byte)
}

// CheckRecorded runs each recording's Check on its body, in a subtest
// named after the file: the table every kind's test of its decoders on
// the vendor's own bodies is.
func CheckRecorded(t *testing.T, recordings []Recording) {
	t.Helper()
	for _, r := range recordings {
		t.Run(r.File, func(t *testing.T) { r.Check(t, Recorded(t, r.File)) })
	}
}

// Listed is Every for a page's list, which must be there: a decoder that
// accepts a page without its list (named list) would read as an empty
// account.
func Listed[E any](t testing.TB, items []E, list string, ok func(E) bool, msg string) {
	t.Helper()
	if items == nil {
		t.Fatalf("accepted a page without a %s list", list)
	}
	Every(t, items, ok, msg)
}
