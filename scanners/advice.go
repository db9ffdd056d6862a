package scanners

import (
	"errors"
	"fmt"
	"net/url"
)

// Helpers for the advice each kind adds to a failed call, so that the same
// failure reads the same whatever the vendor.

// Rejected returns the RequestError of a call the vendor answered with an
// error status, and false for any other error (a transport failure, a
// cancelled run), which no vendor advice is about.
func Rejected(err error) (*RequestError, bool) {
	var re *RequestError
	if !errors.As(err, &re) || re.Err != nil {
		return nil, false
	}
	return re, true
}

// NotFound explains a 404 from one of the vendor's documented paths: the
// base URL the call went to (an --endpoint override) is not the vendor's
// API root, which root names ("HubSpot's API root") and defaultURL is.
func NotFound(err error, base, kind, root, defaultURL string) error {
	return fmt.Errorf("%w: the endpoint was not found at %s; check --endpoint %s=URL, which must be %s (%s) or a proxy of it",
		err, ShownBase(base), kind, root, defaultURL)
}

// ShownBase is a base URL fit for a message: no user info, query or
// fragment, which could carry credentials.
func ShownBase(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "the configured base URL"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
