package scim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
)

// ListResponse is what the scanner reads of one page of GET /Users
// (urn:ietf:params:scim:api:messages:2.0:ListResponse, RFC 7644 §3.4.2).
type ListResponse struct {
	// TotalResults is the provider's count of all users; HasTotal is
	// false when the page does not say (RFC 7644 requires it).
	TotalResults int
	HasTotal     bool
	Users        []User
}

// User is one resource of a page, as the scanner needs it.
type User struct {
	ID    string
	Email string
	// Active is false only for a user whose active attribute is false.
	Active bool
	// LastActive is the activity attribute's date (nil: none).
	LastActive *time.Time
	// HasAttr is whether the user has the activity attribute at all
	// (null included).
	HasAttr bool
}

// DecodeListResponse decodes one page and reads each user's activity from
// the attribute that activity names (a scan block's activity setting:
// "meta.lastModified", "none" or an attribute path). Attribute names are
// matched case-insensitively, as RFC 7643 §2.1 says they are. Its errors
// name the problem and the user's position (counting from 1), never a
// value.
func DecodeListResponse(body []byte, activity string) (ListResponse, error) {
	var out ListResponse
	path, problem := parseActivity(activity)
	if problem != "" {
		return out, errors.New(problem)
	}
	top, err := object(body)
	if err != nil {
		return out, err
	}
	if raw, ok := field(top, "totalResults"); ok && !isNull(raw) {
		n, err := count(raw)
		if err != nil {
			return out, fmt.Errorf("invalid response: totalResults %w", err)
		}
		out.TotalResults, out.HasTotal = n, true
	}
	raw, ok := field(top, "Resources")
	if !ok || isNull(raw) {
		if !out.HasTotal {
			if _, isErr := field(top, "detail"); isErr || hasSchema(top, errorSchema) {
				return out, errors.New("invalid response: the body is a SCIM error, not a list of users")
			}
			return out, errors.New("invalid response: it has neither Resources nor totalResults; is url the SCIM base URL?")
		}
		return out, nil
	}
	var resources []json.RawMessage
	if err := json.Unmarshal(raw, &resources); err != nil {
		return out, errors.New("invalid response: Resources is not a list")
	}
	for i, r := range resources {
		u, err := decodeUser(r, path)
		if err != nil {
			return out, fmt.Errorf("invalid response: Resources[%d]: %w", i+1, err)
		}
		out.Users = append(out.Users, u)
	}
	return out, nil
}

func decodeUser(raw json.RawMessage, path attrPath) (User, error) {
	u := User{Active: true}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return u, errors.New("the user is not an object")
	}
	var id scanners.FlexID
	if r, ok := field(m, "id"); ok && !isNull(r) {
		if err := json.Unmarshal(r, &id); err != nil {
			return u, errors.New("its id is neither a string nor a number")
		}
	}
	u.ID = strings.TrimSpace(string(id))
	if u.ID == "" {
		return u, errors.New("the user has no id")
	}
	if r, ok := field(m, "active"); ok && !isNull(r) {
		active, err := boolean(r)
		if err != nil {
			return u, fmt.Errorf("its active %w", err)
		}
		u.Active = active
	}
	u.Email = email(m)
	if len(path.names) == 0 {
		return u, nil
	}
	r, ok := lookup(m, path)
	u.HasAttr = ok
	if !ok || isNull(r) {
		return u, nil
	}
	t, err := date(r)
	if err != nil {
		return u, fmt.Errorf("its %s %w", path, err)
	}
	u.LastActive = t
	return u, nil
}

// email is the user's primary email, else the first one, else userName
// when it is an address.
func email(m map[string]json.RawMessage) string {
	var emails []struct {
		Value   string `json:"value"`
		Primary any    `json:"primary"`
	}
	if r, ok := field(m, "emails"); ok {
		_ = json.Unmarshal(r, &emails) // a malformed list: fall back to userName
	}
	first := ""
	for _, e := range emails {
		v := strings.TrimSpace(e.Value)
		if !strings.Contains(v, "@") {
			continue
		}
		if e.Primary == true || e.Primary == "true" {
			return v
		}
		if first == "" {
			first = v
		}
	}
	if first != "" {
		return first
	}
	var name string
	if r, ok := field(m, "userName"); ok && json.Unmarshal(r, &name) == nil && strings.Contains(name, "@") {
		return strings.TrimSpace(name)
	}
	return ""
}

// lookup finds the attribute at path in a resource: an extension's URN is
// a key of the resource holding the extension's attributes.
func lookup(m map[string]json.RawMessage, path attrPath) (json.RawMessage, bool) {
	cur := m
	if path.urn != "" {
		r, ok := field(cur, path.urn)
		if !ok || json.Unmarshal(r, &cur) != nil || cur == nil {
			return nil, false
		}
	}
	for i, n := range path.names {
		r, ok := field(cur, n)
		if !ok {
			return nil, false
		}
		if i == len(path.names)-1 {
			return r, true
		}
		if isNull(r) {
			return r, true
		}
		cur = nil
		if json.Unmarshal(r, &cur) != nil || cur == nil {
			return nil, false
		}
	}
	return nil, false
}

// field is m's value for name, matched case-insensitively (an exact match
// first).
func field(m map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	if r, ok := m[name]; ok {
		return r, true
	}
	for k, r := range m {
		if strings.EqualFold(k, name) {
			return r, true
		}
	}
	return nil, false
}

func isNull(r json.RawMessage) bool { return string(bytes.TrimSpace(r)) == "null" }

// boolean reads a JSON boolean, or the strings "true" and "false" that
// some providers send.
func boolean(r json.RawMessage) (bool, error) {
	var b bool
	if json.Unmarshal(r, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, errors.New("is not a boolean")
}

// count reads a non-negative whole number.
func count(r json.RawMessage) (int, error) {
	var f float64
	if err := json.Unmarshal(r, &f); err != nil {
		return 0, errors.New("is not a number")
	}
	if f < 0 || f != math.Trunc(f) || f > 1e12 {
		return 0, errors.New("is not a whole, non-negative number")
	}
	return int(f), nil
}

// date reads a dateTime (RFC 7643 §2.3.5, xsd:dateTime: a zone-less one
// is taken as UTC), or unix seconds or milliseconds; "" is no date.
func date(r json.RawMessage) (*time.Time, error) {
	var s string
	if json.Unmarshal(r, &s) == nil {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateOnly} {
			if t, err := time.Parse(layout, s); err == nil {
				t = t.UTC()
				return &t, nil
			}
		}
		return nil, errors.New("is not an RFC 3339 date")
	}
	var f float64
	if json.Unmarshal(r, &f) != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errors.New("is neither a date nor unix seconds")
	}
	if f == 0 {
		return nil, nil
	}
	if f > 1e11 {
		f /= 1000 // milliseconds
	}
	if f > 1e11 {
		return nil, errors.New("is too large for a unix time")
	}
	sec, frac := math.Modf(f)
	t := time.Unix(int64(sec), int64(frac*1e9)).UTC()
	return &t, nil
}

const errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

func hasSchema(m map[string]json.RawMessage, schema string) bool {
	var schemas []string
	if r, ok := field(m, "schemas"); ok && json.Unmarshal(r, &schemas) == nil {
		for _, s := range schemas {
			if strings.EqualFold(s, schema) {
				return true
			}
		}
	}
	return false
}

// object decodes body as one JSON object.
func object(body []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("invalid JSON response: the body is empty")
		}
		return nil, scanners.InvalidJSON(body, err)
	}
	if m == nil {
		return nil, errors.New("invalid JSON response: null, not an object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("invalid JSON response (%d bytes): more data after the JSON value", len(body))
	}
	return m, nil
}

// Error is what the scanner shows of a SCIM error body
// (urn:ietf:params:scim:api:messages:2.0:Error, RFC 7644 §3.12): the
// status (a string in the RFC, a number from some providers) and the
// scimType keyword. The detail is free text from the server and is left
// out of messages.
type Error struct {
	Status   string
	ScimType string
}

var scimTypePattern = regexp.MustCompile(`^[A-Za-z]{1,40}$`)

// DecodeError reads a SCIM error body; the zero Error when the body is
// not one.
func DecodeError(body []byte) Error {
	var e Error
	m, err := object(body)
	if err != nil {
		return e
	}
	if r, ok := field(m, "status"); ok {
		var s string
		var n json.Number
		switch {
		case json.Unmarshal(r, &s) == nil:
			e.Status = strings.TrimSpace(s)
		case json.Unmarshal(r, &n) == nil:
			e.Status = n.String()
		}
		if len(e.Status) > 3 {
			e.Status = ""
		}
	}
	if r, ok := field(m, "scimType"); ok {
		var s string
		if json.Unmarshal(r, &s) == nil && scimTypePattern.MatchString(s) {
			e.ScimType = s
		}
	}
	return e
}
