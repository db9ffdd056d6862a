package scanners

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/stackaudit/stackaudit/internal/jsonkind"
)

// JSONProblem describes why a vendor's response did not decode, without
// quoting the body: it may hold account data, and a hostile server could
// put anything there.
func JSONProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input":
		// Checked first: a truncated body is also a *json.SyntaxError.
		return "the body ends early"
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		if te.Field == "" {
			// te.Type is the Go type decoded into (a struct literal):
			// say what JSON was expected instead.
			return fmt.Sprintf("a JSON %s where %s was expected", te.Value, jsonkind.Of(te.Type))
		}
		return fmt.Sprintf("field %s is a JSON %s, want %s", te.Field, te.Value, te.Type)
	case errors.As(err, &pe):
		return "a date is not in RFC 3339 format"
	}
	return "cannot decode"
}

// CheckIDs reports the first item of a decoded list without an id, which
// could not be told apart from the others; list names the list in the
// message ("users" gives "users[3] has no id").
func CheckIDs[T any](list string, items []T, id func(T) string) error {
	for i, x := range items {
		if id(x) == "" {
			return fmt.Errorf("invalid response: %s[%d] has no id", list, i)
		}
	}
	return nil
}

// FlexID is an id that a vendor writes as a JSON number in one answer and
// as a string in another.
type FlexID string

// UnmarshalJSON accepts a JSON string or number.
func (f *FlexID) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = FlexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("id is neither a number nor a string")
	}
	*f = FlexID(n.String())
	return nil
}
