package comment

import (
	"fmt"
	"net/http"
)

// APIError is a call the forge refused or could not answer, explained for
// the person running the command. Status is the HTTP status (0 for a
// transport failure).
type APIError struct {
	Forge  string // "GitHub" or "GitLab"
	Op     string // "list the comments of pull request #12"
	Status int
	// Hint says what to do.
	Hint string
	// Message is the forge's own message, when it sent one.
	Message string
	Err     error
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: cannot %s", e.Forge, e.Op)
	switch {
	case e.Status != 0:
		s += fmt.Sprintf(": HTTP %d %s", e.Status, http.StatusText(e.Status))
	case e.Err != nil:
		s += ": " + e.Err.Error()
	}
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

func (e *APIError) Unwrap() error { return e.Err }

// Refused reports whether the forge refused the call for a reason the
// user must fix (credentials, permissions, a wrong number), rather than
// failed to answer.
func (e *APIError) Refused() bool { return e.Status >= 400 && e.Status < 500 }

// hint is what to do about a refusal, per status; token names the
// variable that holds the token and what names the request.
func hint(status int, token, what, perm string) string {
	switch status {
	case http.StatusUnauthorized:
		return token + " was not accepted: it is missing, expired or wrong"
	case http.StatusForbidden:
		return "the token may not do this: it needs " + perm
	case http.StatusNotFound:
		return what + " does not exist, or the token cannot see it"
	case http.StatusTooManyRequests:
		return "rate limited; try again later"
	}
	return ""
}
