package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// runIn runs the CLI in-process with getenv and returns its exit code,
// stdout and stderr.
func runIn(t *testing.T, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, noColor: true, getenv: getenv,
		now: func() time.Time { return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC) }}
	code := run(args, e)
	return code, out.String(), errOut.String()
}

// TestFmtMasksLiteralSecrets: fmt -diff and fmt's diagnostics show a
// literal secret masked, as validate does, never the secret.
func TestFmtMasksLiteralSecrets(t *testing.T) {
	const pat = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
	const named = "hunter2-is-my-password"
	for _, tt := range []struct {
		name, src string
		exit      int
		secrets   []string
	}{
		{"diff", "tool \"x\" {\nname=\"X\"\n  notes = \"" + pat + "\"\n  scan \"github\" {\n token = \"" + named + "\"\n  }\n}\n", 1, []string{pat, named, pat[:20], named[:12]}},
		// After a syntax error no attribute is known, here as in
		// validate: the value that looks like a credential is masked.
		{"syntax error", "tool \"x\" {\n  notes = \"" + pat + "\" name = \"X\"\n}\n", 2, []string{pat, pat[:20]}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := runIn(t, nil, "fmt", "-check", "-diff", dir)
			if code != tt.exit {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.exit, stdout, stderr)
			}
			all := stdout + stderr
			for _, secret := range tt.secrets {
				if strings.Contains(all, secret) {
					t.Errorf("fmt printed the secret %q:\n%s", secret, all)
				}
			}
			if !strings.Contains(all, strings.Repeat("*", len(pat))) {
				t.Errorf("no masked value in:\n%s", all)
			}
			// The file itself is left alone (-check).
			if got, _ := os.ReadFile(filepath.Join(dir, "main.hcl")); string(got) != tt.src {
				t.Errorf("fmt -check changed the file")
			}
		})
	}
}

// TestDiagnosticsEscapeFileNames: a newline or an escape sequence in a
// file name, or a carriage return in a source line, is printed escaped:
// it cannot start a line that looks like stackaudit's own "Error:".
func TestDiagnosticsEscapeFileNames(t *testing.T) {
	dir := t.TempDir()
	name := "a\nError: forged \x1b[2K.hcl"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("team \"t\" {\n  name = \"T\"\r\nError: forged in source\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIn(t, nil, "validate", dir)
	if code != exitInvalid {
		t.Errorf("exit %d, want %d", code, exitInvalid)
	}
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "Error: forged") {
			t.Errorf("a forged line: %q in\n%s", line, stderr)
		}
	}
	if strings.ContainsAny(stderr, "\x1b\r") {
		t.Errorf("a control character reached stderr: %q", stderr)
	}
	if !strings.Contains(stderr, `a\nError: forged \x1b[2K.hcl`) {
		t.Errorf("the file name is not shown escaped:\n%s", stderr)
	}
}

// TestScanEchoedTokenCLI: a vendor that echoes the token, in every form,
// in an error message (GitHub) or in its users (HubSpot) gets it into
// neither stdout, stderr nor the snapshot; the token variable's trailing
// newline is trimmed.
func TestScanEchoedTokenCLI(t *testing.T) {
	const token = "tok+en/ab=cd ?~~~-0123456789???"
	forms := []string{token, base64.StdEncoding.EncodeToString([]byte(token)), base64.RawURLEncoding.EncodeToString([]byte(token)),
		base64.StdEncoding.EncodeToString([]byte("stackaudit:" + token)), url.QueryEscape(token), url.PathEscape(token),
		token[:5] + "\u200b" + token[5:], token[:5] + "\u00ad" + token[5:], token[:5] + "\ufeff" + token[5:]}
	echo := strings.Join(forms, " | ")
	// The scanners call concurrently: the handler runs in many goroutines.
	var badAuth atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			badAuth.Store(true)
		}
		switch {
		case strings.HasPrefix(r.URL.Path, "/settings/v3/users"):
			json.NewEncoder(w).Encode(map[string]any{"results": []map[string]any{{"id": echo, "email": echo}}})
		case strings.HasPrefix(r.URL.Path, "/account-info"):
			json.NewEncoder(w).Encode(map[string]any{"results": []any{}})
		default:
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]any{"message": "Bad credentials " + forms[0]})
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	inv := `organization {
  name = "Acme"
}

tool "hs" {
  name     = "HubSpot"
  vendor   = "HubSpot"
  category = "marketing-automation"
  scan "hubspot" {
    token_env = "HS_TOKEN"
  }
}

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
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(inv), 0o644); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "snap.json")
	getenv := func(name string) string {
		if name == "HS_TOKEN" || name == "GH_TOKEN" {
			return token + "\n"
		}
		return ""
	}
	code, stdout, stderr := runIn(t, getenv, "scan", "--allow-partial", "--as-of", "2026-11-20", "--endpoint", "hubspot="+srv.URL, "--endpoint", "github="+srv.URL, "-o", snap, dir)
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatalf("exit %d, no snapshot: %v\n%s%s", code, err, stdout, stderr)
	}
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr, "snapshot": string(data)} {
		clean := strings.NewReplacer("\u200b", "", "\u00ad", "", "\ufeff", "", `\u00ad`, "", `\ufeff`, "", `\u200b`, "").Replace(text)
		for i, f := range forms {
			f = strings.NewReplacer("\u200b", "", "\u00ad", "", "\ufeff", "").Replace(f)
			if i == 3 {
				f = f[16:] // base64 of "stackaudit:" is no secret
			}
			for i := 0; i+10 <= len(f); i += 5 {
				if strings.Contains(clean, f[i:i+10]) {
					t.Errorf("%s holds %q of %q:\n%s", name, f[i:i+10], f, text)
					break
				}
			}
		}
	}
	if badAuth.Load() {
		t.Error("the token was sent with its newline")
	}
	if !strings.Contains(stdout, "[redacted]") {
		t.Errorf("stdout does not show the redaction:\n%s", stdout)
	}
}

func TestRateMinimum(t *testing.T) {
	for _, tt := range []struct {
		flag    string
		wantErr string
	}{
		{"hubspot=0.1", ""},
		{"hubspot=10000", ""},
		{"hubspot=0.09", "from 0.1 (one every 10s) to 10000"},
		{"hubspot=1e-300", "from 0.1"},
		{"hubspot=0", "from 0.1"},
		{"hubspot=-1", "from 0.1"},
		{"hubspot=NaN", "from 0.1"},
		{"hubspot=Inf", "from 0.1"},
		{"hubspot=10001", "to 10000"},
	} {
		_, err := parseRates([]string{tt.flag})
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.flag, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want %q", tt.flag, err, tt.wantErr)
		}
	}
}
