package scantest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// GetJSON sends GET target with the Authorization header (when not empty)
// and decodes the answer: for the simulators' own tests.
func GetJSON(t testing.TB, target, auth string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v: %s", target, err, data)
	}
	return resp.StatusCode, m, resp.Header
}

// Get sends GET base+path with header: value and returns the status
// and the decoded JSON body (nil when it is not JSON).
func Get(t testing.TB, base, path, header, value string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	if value != "" {
		req.Header.Set(header, value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		m = nil
	}
	return resp.StatusCode, m
}

// Dig follows a path of object keys and list indexes ("error.errors.0.reason").
func Dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := int(k[0] - '0')
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	if l, ok := v.([]any); ok {
		return len(l)
	}
	return v
}
