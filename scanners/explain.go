package scanners

import (
	"fmt"
	"net/http"
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
