package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/usage"
)

const (
	pseudoKey      = "0123456789abcdef0123456789abcdef"
	otherPseudoKey = "fedcba9876543210fedcba9876543210"
)

// pseudonymFixture is scanFixture with organization { pseudonymize_users }.
func pseudonymFixture(t *testing.T) (dir, endpoint string) {
	t.Helper()
	dir, endpoint = scanFixture(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "org.hcl"), []byte(`organization {
  name               = "Acme"
  pseudonymize_users = true
  pseudonym_key_env  = "ACME_PSEUDONYM_KEY"
}
`), 0o644))
	return dir, endpoint
}

// TestScanPseudonymizesUsers: with pseudonymize_users the snapshot holds no
// email and no vendor user id, only keyed pseudonyms, the same in every
// scan with the same key, and records the key's fingerprint; check reads it.
func TestScanPseudonymizesUsers(t *testing.T) {
	dir, endpoint := pseudonymFixture(t)
	vars := map[string]string{"HUBSPOT_TOKEN": scanCanary, "ACME_PSEUDONYM_KEY": pseudoKey}
	out := filepath.Join(dir, ".stackaudit", "snapshots", "2026-11-20.json")
	code, _, stderr := runWithEnv(t, vars, "scan", "--as-of", "2026-11-20", "--endpoint", endpoint, dir)
	require.Equal(t, exitOK, code, stderr)
	raw := readFile(t, out)
	assert.NotContains(t, string(raw), "acme.example")
	assert.NotContains(t, string(raw), pseudoKey)
	snap, err := usage.Read(out)
	require.NoError(t, err)
	p, err := usage.NewPseudonymizer([]byte(pseudoKey))
	require.NoError(t, err)
	require.NotNil(t, snap.Pseudonyms)
	assert.Equal(t, p.Fingerprint(), snap.Pseudonyms.KeyFingerprint)
	var got []string
	for _, u := range snap.Tools["hubspot"].Users {
		got = append(got, u.Email, u.ID)
	}
	assert.ElementsMatch(t, []string{p.Email("dana@acme.example"), p.ID("1"), p.Email("sam@acme.example"), p.ID("2")}, got)
	assert.Equal(t, 1, snap.Tools["hubspot"].Active.D30, "counts are unchanged")

	code, stdout, stderr := runWithEnv(t, nil, "check", "--as-of", "2026-11-20", "--format", "json", "--fail-on", "none", dir)
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stdout, "acme.example")

	// A second scan with another key says the pseudonyms cannot be
	// matched, rather than mixing them silently.
	vars["ACME_PSEUDONYM_KEY"] = otherPseudoKey
	code, _, stderr = runWithEnv(t, vars, "scan", "--as-of", "2026-11-21", "--endpoint", endpoint, dir)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "the pseudonym key changed since the previous snapshot")
	assert.Contains(t, stderr, "users cannot be matched")
	assert.NotContains(t, stderr, otherPseudoKey)
}

// TestScanPseudonymKeyErrors: a missing or short key is a usage error
// (exit 2) before any network call, naming the variable, never its value.
func TestScanPseudonymKeyErrors(t *testing.T) {
	var called atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called.Store(true) }))
	defer srv.Close()
	for name, key := range map[string]string{"unset": "", "short": "0123456789"} {
		t.Run(name, func(t *testing.T) {
			dir, _ := pseudonymFixture(t)
			code, stdout, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary, "ACME_PSEUDONYM_KEY": key},
				"scan", "--as-of", "2026-11-20", "--endpoint", "hubspot="+srv.URL, dir)
			assert.Equal(t, exitInvalid, code)
			assert.Contains(t, stderr, "ACME_PSEUDONYM_KEY")
			if key != "" {
				assert.NotContains(t, stdout+stderr, key)
			}
			assert.NoDirExists(t, filepath.Join(dir, ".stackaudit"))
		})
	}
	// --pseudonymize-users asks the same of an inventory that does not.
	dir, _ := scanFixture(t)
	code, _, stderr := runWithEnv(t, map[string]string{"HUBSPOT_TOKEN": scanCanary},
		"scan", "--pseudonymize-users", "--as-of", "2026-11-20", "--endpoint", "hubspot="+srv.URL, dir)
	assert.Equal(t, exitInvalid, code)
	assert.Contains(t, stderr, "STACKAUDIT_PSEUDONYM_KEY")
	assert.False(t, called.Load(), "a request was sent before the key was checked")
}
