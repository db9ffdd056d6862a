package scanners_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/registry"
	"github.com/stackaudit/stackaudit/usage"
)

// hostileToken has characters that every encoding changes: '+', '/', '=',
// ' ' and '?' are escaped, and its base64 uses '+' and '/' ("~~~" and
// "???" give "fn5+" and "Pz8/").
const hostileToken = "tok+en/ab=cd ?~~~-0123456789???"

// githubTool is a GitHub tool scanned with the token in GH_TOKEN.
const githubTool = `
tool "gh" {
  name     = "GitHub"
  vendor   = "GitHub"
  category = "developer-tools"
  scan "github" {
    token_env = "GH_TOKEN"
    org       = "acme"
  }
}
`

// echoForms are the ways a hostile or careless vendor could echo a token.
func echoForms(tok string) map[string]string {
	zw := func(sep string) string { return tok[:4] + sep + tok[4:] }
	return map[string]string{
		"plain":             tok,
		"base64 std":        base64.StdEncoding.EncodeToString([]byte(tok)),
		"base64 std raw":    base64.RawStdEncoding.EncodeToString([]byte(tok)),
		"base64 url":        base64.URLEncoding.EncodeToString([]byte(tok)),
		"base64 url raw":    base64.RawURLEncoding.EncodeToString([]byte(tok)),
		"basic auth":        base64.StdEncoding.EncodeToString([]byte("stackaudit:" + tok)),
		"basic auth url":    base64.RawURLEncoding.EncodeToString([]byte("x:" + tok)),
		"query escaped":     url.QueryEscape(tok),
		"path escaped":      url.PathEscape(tok),
		"lower-case hex":    strings.ToLower(url.QueryEscape(tok)),
		"zero-width space":  zw("\u200b"),
		"zero-width nj":     zw("\u200c"),
		"zero-width joiner": zw("\u200d"),
		"bom":               zw("\ufeff"),
		"soft hyphen":       zw("\u00ad"),
		"two zero-widths":   tok[:2] + "\u200b" + tok[2:5] + "\u200d" + tok[5:],
	}
}

// leaks says which traces of tok are in text: the token itself, or a
// 12-byte piece of it after invisible characters are removed, or a
// 12-character piece of its base64 in any alignment.
func leaks(text, tok string) []string {
	clean := strings.NewReplacer("\u200b", "", "\u200c", "", "\u200d", "", "\ufeff", "", "\u00ad", "").Replace(text)
	var out []string
	for i := 0; i+12 <= len(tok); i++ {
		if strings.Contains(clean, tok[i:i+12]) {
			out = append(out, "raw "+tok[i:i+12])
		}
	}
	for _, esc := range []string{url.QueryEscape(tok), url.PathEscape(tok)} {
		if strings.Contains(strings.ToLower(clean), strings.ToLower(esc)) {
			out = append(out, "escaped")
		}
	}
	for shift := range 3 {
		e := base64.StdEncoding.EncodeToString(append(make([]byte, shift), tok...))
		core := e[4 : len(e)-4]
		for _, c := range []string{core, strings.NewReplacer("+", "-", "/", "_").Replace(core)} {
			if strings.Contains(clean, c) {
				out = append(out, "base64 "+c)
			}
		}
	}
	return out
}

func TestRedactorForms(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{hostileToken, "pat-na1-11111111-2222-3333-4444-555555555555", "abcdefgh"} {
		r := scanners.NewRedactor("  " + tok + "\n")
		for name, form := range echoForms(tok) {
			msg := "vendor: HTTP 401: invalid token " + form + " (check it)"
			got := r.String(msg)
			if l := leaks(got, tok); len(l) > 0 || !strings.Contains(got, "[redacted]") || !strings.HasPrefix(got, "vendor: HTTP 401: invalid token ") {
				t.Errorf("%q, %s: %q leaks %v", tok, name, got, l)
			}
		}
	}
	// Short secrets and unrelated text are left alone.
	if got := scanners.NewRedactor("abc").String("abc abc"); got != "abc abc" {
		t.Errorf("a short secret was redacted: %q", got)
	}
	if got := scanners.NewRedactor(hostileToken).String("HTTP 401 Unauthorized"); got != "HTTP 401 Unauthorized" {
		t.Errorf("unrelated text changed: %q", got)
	}
}

func TestRedactorStrings(t *testing.T) {
	t.Parallel()
	forms := echoForms(hostileToken)
	u := &usage.ToolUsage{Error: forms["base64 std"], Users: []usage.User{{ID: forms["query escaped"], Email: forms["soft hyphen"] + "@x.example"}}}
	d := &usage.Discovered{Tools: []usage.DiscoveredTool{{Name: forms["basic auth"], Scopes: []string{forms["path escaped"]}}}}
	r := scanners.NewRedactor(hostileToken)
	r.Strings(u)
	r.Strings(d)
	for _, v := range []any{u, d} {
		data, _ := json.Marshal(v)
		if l := leaks(string(data), hostileToken); len(l) > 0 {
			t.Errorf("%s leaks %v", data, l)
		}
	}
}

// TestHostileVendorEchoesToken: a vendor that echoes the token, in any
// form, in its error message (GitHub's "message") or in a user's fields
// (HubSpot's users) gets it into neither the results, which scan prints,
// nor the snapshot. The token is read with a trailing newline, as a
// pasted secret often is, and still works.
func TestHostileVendorEchoesToken(t *testing.T) {
	t.Parallel()
	for name, form := range echoForms(hostileToken) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var badAuth []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if got := r.Header.Get("Authorization"); got != "Bearer "+hostileToken {
					badAuth = append(badAuth, got)
				}
				w.Header().Set("Content-Type", "application/json")
				switch {
				case strings.HasPrefix(r.URL.Path, "/settings/v3/users"):
					json.NewEncoder(w).Encode(map[string]any{"results": []map[string]any{
						{"id": "1", "email": form + "@acme.example", "firstName": form},
						{"id": form, "email": "b@acme.example"},
					}})
				case strings.HasPrefix(r.URL.Path, "/account-info"):
					json.NewEncoder(w).Encode(map[string]any{"results": []any{}})
				default:
					w.WriteHeader(http.StatusUnauthorized)
					json.NewEncoder(w).Encode(map[string]any{"message": "Bad credentials " + form, "documentation_url": "https://docs.github.com/rest"})
				}
			}))
			defer srv.Close()
			inv := scantest.Load(t, tool("hs", "hubspot", "HS_TOKEN")+githubTool)
			env := map[string]string{"HS_TOKEN": hostileToken + "\n", "GH_TOKEN": " " + hostileToken + "\r\n"}
			snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
				Kinds: registry.Kinds(), AsOf: scantest.AsOf(), Now: scantest.AsOf,
				Getenv:    func(k string) string { return env[k] },
				Endpoints: map[string]string{"hubspot": srv.URL, "github": srv.URL},
				HTTP:      scantest.Fast(),
			})
			var out bytes.Buffer
			for _, r := range results {
				fmt.Fprintf(&out, "%s %s %v\n", r.Tool, r.Status, r.Err)
			}
			if err := usage.Encode(&out, snap); err != nil {
				t.Fatal(err)
			}
			if l := leaks(out.String(), hostileToken); len(l) > 0 {
				t.Errorf("the output leaks %v:\n%s", l, out.String())
			}
			if hs := snap.Tools["hs"]; hs == nil || hs.Status != usage.StatusOK || len(hs.Users) != 2 {
				t.Errorf("hubspot: %+v, want 2 users", hs)
			}
			if gh := snap.Tools["gh"]; gh == nil || gh.Status != usage.StatusError || !strings.Contains(gh.Error, "[redacted]") {
				t.Errorf("github: %+v, want its message with the token redacted", gh)
			}
			if len(badAuth) > 0 {
				t.Errorf("the token was not trimmed: %q", badAuth)
			}
		})
	}
}

// TestSnapshotKeepsAShortMessage: a vendor's long error body with
// control characters reaches the snapshot as one short line.
func TestSnapshotKeepsAShortMessage(t *testing.T) {
	t.Parallel()
	body := "Bad credentials\n\x1b[2KError: forged line\r" + strings.Repeat("x", 250)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"message": body})
		// A long body beyond the message is never kept.
		fmt.Fprint(w, strings.Repeat(" ", 1000))
	}))
	defer srv.Close()
	inv := scantest.Load(t, githubTool)
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Kinds: registry.Kinds(), AsOf: scantest.AsOf(), Now: scantest.AsOf,
		Getenv:    func(string) string { return "ghp_0123456789abcdef0123456789abcdef0123" },
		Endpoints: map[string]string{"github": srv.URL}, HTTP: scantest.Fast(),
	})
	msg := snap.Tools["gh"].Error
	if n := len([]rune(msg)); n > 301 || strings.ContainsAny(msg, "\n\r\x1b") || msg == "" {
		t.Errorf("snapshot error (%d runes) %q", n, msg)
	}
	if e := results[0].Err.Error(); strings.ContainsAny(e, "\n\r\x1b") {
		t.Errorf("printed error %q has control characters", e)
	}
}

func TestHumanDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0: "0s", 400 * time.Millisecond: "400ms", 2500 * time.Millisecond: "2.5s", 58 * time.Second: "58s",
		90 * time.Second: "1m30s", 2 * time.Minute: "2m", 24 * time.Hour: "24h", 90*time.Minute + 5*time.Second: "1h30m5s",
		3*time.Hour + 20*time.Minute: "3h20m", 1234567 * time.Microsecond: "1.2s",
	} {
		if got := scanners.HumanDuration(d); got != want {
			t.Errorf("HumanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
