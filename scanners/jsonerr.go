package scanners

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
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
			return fmt.Sprintf("a JSON %s where %s was expected", te.Value, te.Type)
		}
		return fmt.Sprintf("field %s is a JSON %s, want %s", te.Field, te.Value, te.Type)
	case errors.As(err, &pe):
		return "a date is not in RFC 3339 format"
	}
	return "cannot decode"
}
