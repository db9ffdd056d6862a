package scantest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// Do sends method target with headers, given as name and value pairs (a
// header with an empty value is not sent), and returns the answer with its
// whole body: for the simulators' own tests.
func Do(t testing.TB, method, target string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] != "" {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

// Fetch is Do that decodes the JSON answer (an object, a list, ...); an
// answer that is not JSON fails the test.
func Fetch(t testing.TB, method, target string, headers ...string) (int, any, http.Header) {
	t.Helper()
	resp, data := Do(t, method, target, headers...)
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v: %s", target, err, data)
	}
	return resp.StatusCode, v, resp.Header
}

// GetJSON sends GET target with the Authorization header (when not empty)
// and decodes the answer, which must be a JSON object.
func GetJSON(t testing.TB, target, auth string) (int, map[string]any, http.Header) {
	t.Helper()
	status, v, header := Fetch(t, http.MethodGet, target, "Authorization", auth)
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: a JSON %T, want an object", target, v)
	}
	return status, m, header
}

// Get sends GET base+path with header: value and returns the status
// and the decoded JSON body (nil when it is not a JSON object).
func Get(t testing.TB, base, path, header, value string) (int, map[string]any) {
	t.Helper()
	resp, data := Do(t, http.MethodGet, base+path, header, value)
	return resp.StatusCode, decodeObject(data)
}

// decodeObject decodes a JSON object, or returns nil.
func decodeObject(data []byte) map[string]any {
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	return m
}

// Dig follows a path of object keys and list indexes
// ("error.errors.0.reason") and returns the value there, or the length of
// the list there. A key may hold dots itself (a SCIM extension's URN): the
// longest key of an object that begins the path is one step.
func Dig(v any, path string) any {
	for path != "" {
		key, rest, _ := strings.Cut(path, ".")
		switch x := v.(type) {
		case map[string]any:
			for k := range x {
				if len(k) > len(key) && (path == k || strings.HasPrefix(path, k+".")) {
					key, rest = k, strings.TrimPrefix(path[len(k):], ".")
				}
			}
			v = x[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
		path = rest
	}
	if l, ok := v.([]any); ok {
		return len(l)
	}
	return v
}

// SimulatedJSON decodes what simulator, serving seed, answers to GET
// target with the Authorization header auth; an answer other than 200 or
// not a T fails the test. It is for the tests that compare the
// simulator's bodies with recorded ones.
func SimulatedJSON[T any](t testing.TB, simulator sandbox.Vendor, seed any, target, auth string) T {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", auth)
	simulator.New(seed, sandbox.Faults{}).ServeHTTP(rec, req)
	var v T
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &v) != nil {
		t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
	}
	return v
}
