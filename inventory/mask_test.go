package inventory

import (
	"strings"
	"testing"
)

// TestMaskSecrets: every value Load reports as a literal secret is masked
// with '*' byte for byte (quotes and line ends kept, so offsets hold), in
// any block, also after a syntax error; nothing else changes.
func TestMaskSecrets(t *testing.T) {
	const pat = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
	for _, tt := range []struct {
		name, src, want string
	}{
		{"pattern in any attribute", `notes = "` + pat + `"`, `notes = "` + strings.Repeat("*", len(pat)) + `"`},
		{"credential-only name, nested", "tool \"x\" {\n  scan \"github\" {\n    token = \"short-pass\"\n  }\n}\n",
			"tool \"x\" {\n  scan \"github\" {\n    token = \"**********\"\n  }\n}\n"},
		{"heredoc keeps its lines", "password = <<EOT\nab\ncd\nEOT\n", "password = *****\n**\n**\n***\n"},
		{"after a syntax error", "a = \"" + pat + "\" b = 1\n", "a = \"" + strings.Repeat("*", len(pat)) + "\" b = 1\n"},
		{"nothing secret", "tool \"x\" {\n  name = \"X\"\n}\n", "tool \"x\" {\n  name = \"X\"\n}\n"},
		{"binary", "a = \"" + pat + "\"\x00", "a = \"" + strings.Repeat("*", len(pat)) + "\"\x00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			got := string(MaskSecrets("m.hcl", src))
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if string(src) != tt.src {
				t.Error("the input was changed")
			}
		})
	}
}
