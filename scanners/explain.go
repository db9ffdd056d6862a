package scanners

import (
	"fmt"
	"net/http"
	"strings"
)

// Explain adds a kind's advice to a call the vendor rejected: advise gets
// the *RequestError and returns the error to report, or nil when it has
// nothing to add. A 429 it has nothing to add to came back after the
// transport's retries, and says so. Any other error (a network failure, a
// body over the limit) is returned as it is: the advice is about answers.
func Explain(err error, advise func(re *RequestError) error) error {
	re, ok := Rejected(err)
	if !ok {
		return err
	}
	if e := advise(re); e != nil {
		return e
	}
	if re.Status == http.StatusTooManyRequests {
		return fmt.Errorf("%w: still rate limited after retries", re)
	}
	return err
}

// PlainWord reports whether vendor text may be quoted in a message: at
// most max bytes of ASCII letters, digits and the characters in extra
// (such as ".-_" for a scope or an error code). A hostile server could
// otherwise put anything (escape sequences, a link, a page of text) in
// what the user reads.
func PlainWord(s string, max int, extra string) bool {
	if len(s) > max {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(extra, r)) {
			return false
		}
	}
	return true
}

// CodeLike is s when it reads as a vendor's code (an error code, a status,
// an id), by PlainWord's rule with punct as its extra characters;
// otherwise "?". Vendor codes end up in messages and evidence, and a
// response that puts anything else there is not to be echoed.
func CodeLike(s string, max int, punct string) string {
	if !PlainWord(s, max, punct) {
		return "?"
	}
	return s
}
