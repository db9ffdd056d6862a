package scantest

import (
	"encoding/json"
	"fmt"
	"sort"
)

// ShapeProblems compares a simulated JSON object with objects recorded
// from the vendor (its reference docs or SDK fixtures): every field the
// simulator writes must appear in some recorded object with the same JSON
// type (null matches anything), recursively through objects. It returns
// one line per difference, so that a simulator cannot drift into a
// dialect of its own.
func ShapeProblems(simulated json.RawMessage, recorded ...json.RawMessage) []string {
	var sim any
	if err := json.Unmarshal(simulated, &sim); err != nil {
		return []string{"the simulated object does not decode: " + err.Error()}
	}
	var recs []any
	for _, r := range recorded {
		var v any
		if err := json.Unmarshal(r, &v); err != nil {
			return []string{"a recorded object does not decode: " + err.Error()}
		}
		recs = append(recs, v)
	}
	var out []string
	shape("", sim, recs, &out)
	sort.Strings(out)
	return out
}

func shape(path string, sim any, recs []any, out *[]string) {
	obj, ok := sim.(map[string]any)
	if !ok {
		return
	}
	for k, v := range obj {
		p := path + "." + k
		var same []any
		seen, typed := false, false
		for _, r := range recs {
			m, ok := r.(map[string]any)
			if !ok {
				continue
			}
			rv, ok := m[k]
			if !ok {
				continue
			}
			seen = true
			if v == nil || rv == nil || kind(v) == kind(rv) {
				typed = true
				same = append(same, rv)
			}
		}
		switch {
		case !seen:
			*out = append(*out, fmt.Sprintf("%s: not in any recorded response", p))
		case !typed:
			*out = append(*out, fmt.Sprintf("%s: a JSON %s, which no recorded response has there", p, kind(v)))
		default:
			shape(p, v, same, out)
		}
	}
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}
