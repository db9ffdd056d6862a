package scanners_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/scanners"
)

// attrs parses src as a block body's attributes.
func attrs(t *testing.T, src string) hcl.Attributes {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), "t.hcl", hcl.InitialPos)
	require.False(t, diags.HasErrors(), diags.Error())
	a, diags := f.Body.JustAttributes()
	require.False(t, diags.HasErrors(), diags.Error())
	return a
}

// assertOneDiag checks that diags is one diagnostic with summary (and
// detail, unless ""), or none when summary is "".
func assertOneDiag(t *testing.T, diags hcl.Diagnostics, summary, detail string) {
	t.Helper()
	if summary == "" {
		assert.Empty(t, diags)
		return
	}
	require.Len(t, diags, 1)
	assert.Equal(t, summary, diags[0].Summary)
	if detail != "" {
		assert.Equal(t, detail, diags[0].Detail)
	}
}

func TestSetting(t *testing.T) {
	positive := func(v cty.Value) (int64, bool) {
		if v.Type() != cty.Number {
			return 0, false
		}
		n, _ := v.AsBigFloat().Int64()
		return n, n > 0
	}
	for _, tc := range []struct {
		name, src string
		want      int64
		summary   string
	}{
		{name: "absent keeps the default", src: ``, want: 7},
		{name: "valid", src: `n = 3`, want: 3},
		{name: "parse refuses", src: `n = -1`, want: 7, summary: "Invalid n setting"},
		{name: "wrong type", src: `n = "3"`, want: 7, summary: "Invalid n setting"},
		{name: "null", src: `n = null`, want: 7, summary: "Invalid n setting"},
		{name: "expression error is its own", src: `n = x`, want: 7, summary: "Variables not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := int64(7)
			diags := scanners.Setting(attrs(t, tc.src), "n", "n is a positive number.", positive, &got)
			assert.Equal(t, tc.want, got)
			assertOneDiag(t, diags, tc.summary, "")
		})
	}
}

func TestCheckedString(t *testing.T) {
	for _, tc := range []struct {
		name, src, want, summary, detail string
	}{
		{name: "absent", src: ``, want: "default"},
		{name: "kept", src: `s = "ok"`, want: "ok"},
		{name: "refused", src: `s = "bad"`, want: "default", summary: "Invalid s setting", detail: "not bad"},
		{name: "not a string", src: `s = 1`, want: "default", summary: "Invalid s setting", detail: "s is a string, written in double quotes."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := "default"
			diags := scanners.CheckedString(attrs(t, tc.src), "s", func(s string) string {
				if s == "bad" {
					return "not bad"
				}
				got = s
				return ""
			})
			assert.Equal(t, tc.want, got)
			assertOneDiag(t, diags, tc.summary, tc.detail)
		})
	}
}

func TestDecodePage(t *testing.T) {
	type page struct{ Items []string }
	nonEmpty := func(p page) error {
		if len(p.Items) == 0 {
			return errors.New("empty")
		}
		return nil
	}
	for _, tc := range []struct {
		name, body, err string
		want            page
	}{
		{name: "valid", body: `{"items":["a"]}`, want: page{Items: []string{"a"}}},
		{name: "not JSON", body: `{"items":`, err: "invalid JSON response (9 bytes): the body ends early"},
		{name: "wrong shape", body: `{"items":"a"}`, err: "invalid response: field Items is a JSON string, want []string"},
		{name: "check fails", body: `{"items":[]}`, err: "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := scanners.DecodePage([]byte(tc.body), func(body []byte, v any) error {
				var x any
				if err := json.Unmarshal(body, &x); err != nil {
					return scanners.InvalidJSON(body, err)
				}
				return scanners.DecodeBody(body, v)
			}, nonEmpty)
			if tc.err != "" {
				assert.EqualError(t, err, tc.err)
				assert.Equal(t, page{}, got, "an error gives the zero page")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestIsList(t *testing.T) {
	for raw, want := range map[string]bool{`[]`: true, `[1]`: true, ``: false, `null`: false, `{}`: false, `"[]"`: false} {
		assert.Equal(t, want, scanners.IsList([]byte(raw)), raw)
	}
}

func TestExplain(t *testing.T) {
	rejected := func(status int) error { return &scanners.RequestError{Status: status} }
	advise := func(re *scanners.RequestError) error {
		if re.Status == http.StatusUnauthorized {
			return errors.New("advice")
		}
		return nil
	}
	network := errors.New("connection refused")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{name: "advised", err: rejected(http.StatusUnauthorized), want: "advice"},
		{name: "429 after retries", err: rejected(http.StatusTooManyRequests), want: rejected(http.StatusTooManyRequests).Error() + ": still rate limited after retries"},
		{name: "nothing to add", err: rejected(http.StatusTeapot), want: rejected(http.StatusTeapot).Error()},
		{name: "not a rejection", err: network, want: "connection refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.EqualError(t, scanners.Explain(tc.err, advise), tc.want)
		})
	}
}

func TestPlainWord(t *testing.T) {
	for _, tc := range []struct {
		s     string
		max   int
		extra string
		want  bool
	}{
		{"read:org", 100, ":", true},
		{"read:org", 100, "", false},
		{"", 10, "", true},
		{"abcdef", 5, "", false},
		{"\x1b[31mred", 100, "[", false},
		{"café", 100, "", false},
	} {
		assert.Equal(t, tc.want, scanners.PlainWord(tc.s, tc.max, tc.extra), "%q", tc.s)
	}
}
