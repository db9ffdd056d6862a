package okta

import "testing"

func TestAuthorizationHeader(t *testing.T) {
	tests := map[string]string{
		"00abcDEF":            "SSWS 00abcDEF",
		" SSWS 00abcDEF ":     "SSWS 00abcDEF",
		"Bearer eyJhbGciOi.x": "Bearer eyJhbGciOi.x",
		"Bearer  eyJ ":        "Bearer eyJ",
	}
	for in, want := range tests {
		if got := authorization(in); got != want {
			t.Errorf("authorization(%q) = %q, want %q", in, got, want)
		}
	}
}
