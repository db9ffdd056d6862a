package result

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stackaudit/stackaudit/internal/jsonkind"
	"github.com/stackaudit/stackaudit/internal/safefile"
)

// Baseline is a previous result's findings, by fingerprint.
type Baseline struct {
	fingerprints map[string]bool
}

// ReadBaseline reads a previous `check --format json` result.
func ReadBaseline(path string) (*Baseline, error) {
	f, err := safefile.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("open baseline: %w", err)
	}
	defer f.Close()
	return DecodeBaseline(f, path)
}

// DecodeBaseline reads a baseline; name is used in errors.
func DecodeBaseline(r io.Reader, name string) (*Baseline, error) {
	data, err := safefile.ReadAll(context.Background(), r, name, 512<<20)
	if err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", name, err)
	}
	if err := refuseBOM(data, "baseline", name); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(data)) == "" {
		return nil, fmt.Errorf("baseline %s is empty: write one with `stackaudit check --format json -o %s`", name, name)
	}
	var doc struct {
		Schema   *string `json:"schema"`
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			at := "$"
			if te.Field != "" {
				at = te.Field
			}
			return nil, fmt.Errorf("baseline %s is not a JSON result: %s is a JSON %s where %s was expected", name, at, te.Value, jsonkind.Of(te.Type))
		}
		return nil, fmt.Errorf("baseline %s is not a JSON result: %v", name, err)
	}
	switch {
	case doc.Schema == nil:
		return nil, fmt.Errorf("baseline %s has no \"schema\" field: write one with `stackaudit check --format json`", name)
	case *doc.Schema != Schema:
		return nil, fmt.Errorf("baseline %s has schema %q; this stackaudit reads %q: write it again with this version", name, *doc.Schema, Schema)
	}
	b := &Baseline{fingerprints: map[string]bool{}}
	for _, f := range doc.Findings {
		if f.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s has a finding without a fingerprint", name)
		}
		b.fingerprints[f.Fingerprint] = true
	}
	return b, nil
}

// Mark sets each finding's Baseline to "existing" when the baseline has its
// fingerprint and to "new" when it has not.
func (b *Baseline) Mark(findings []Finding) {
	for i := range findings {
		if b.fingerprints[findings[i].Fingerprint] {
			findings[i].Baseline = "existing"
		} else {
			findings[i].Baseline = "new"
		}
	}
}

// refuseBOM refuses a JSON file that starts with a UTF-8 byte order mark,
// which an editor on Windows may add: encoding/json would only say
// "invalid character 'ï'".
func refuseBOM(data []byte, what, name string) error {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return fmt.Errorf("%s %s starts with a UTF-8 byte order mark (BOM) at byte 0: JSON files must not have one; save it as UTF-8 without BOM", what, name)
	}
	return nil
}
