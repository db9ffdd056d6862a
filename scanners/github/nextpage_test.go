package github

import (
	"net/http"
	"testing"
)

// TestNextPage reads the Link header as go-github did.
func TestNextPage(t *testing.T) {
	tests := []struct{ link, want string }{
		{`<https://api.github.com/orgs/acme/members?page=2&per_page=100>; rel="next", <https://api.github.com/orgs/acme/members?page=9&per_page=100>; rel="last"`, "2"},
		{`<https://api.github.com/orgs/acme/members?page=1>; rel="prev", <https://api.github.com/orgs/acme/members?page=1>; rel="first"`, ""},
		{`<https://api.github.com/search/code?q=x&page=3>; rel="next"`, "3"},
		{`<https://api.github.com/x?page=0>; rel="next"`, ""},
		{`https://api.github.com/x?page=2; rel="next"`, ""}, // not a <URI>
		{``, ""},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.link != "" {
			h.Set("Link", tt.link)
		}
		if got := nextPage(h); got != tt.want {
			t.Errorf("nextPage(%q) = %q, want %q", tt.link, got, tt.want)
		}
	}
}
