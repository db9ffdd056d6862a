package sandbox

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// echoSeed is a fake vendor's seed. It embeds Access and has no SetToken:
// the sandbox sets its Token (TestSeedFor).
type echoSeed struct {
	Access
	Users  []string `json:"users"`
	Finish int      `json:"finish,omitempty"`
}

// echo is a fake vendor: it answers its seed's users and token.
func echo(kind, base string) Vendor {
	return NewVendor(Vendor{Kind: kind, Base: base,
		Serve: func(s *Sandbox, w http.ResponseWriter, r *http.Request, path string) {
			seed := SeedOf[echoSeed](s, kind)
			WriteJSON(w, http.StatusOK, map[string]any{"path": path, "users": seed.Users, "token": seed.Token, "root": RootURL(r)})
		},
		RateLimited: func(w http.ResponseWriter) { WriteJSON(w, http.StatusTooManyRequests, map[string]any{"vendor": kind}) },
	}, Seeding[echoSeed]{
		Token: func(*inventory.Inventory) string { return Token + "-" + kind },
		AddTool: func(_ *Builder, seed *echoSeed, t *inventory.Tool, people []Person, _ int) {
			for _, p := range people {
				seed.Users = append(seed.Users, t.ID+":"+p.Email)
			}
		},
		Finish: func(_ *Builder, seed *echoSeed, _ usage.Discovered) { seed.Finish++ },
	})
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestVendorsAreHandedIn(t *testing.T) {
	vendors := []Vendor{echo("alpha", "/api"), echo("beta", "")}
	sb := New(vendors, Seed{"alpha": echoSeed{Users: []string{"a"}}, "beta": &echoSeed{Users: []string{"b"}}}, Faults{Status429Times: 1})
	urls, stop, err := sb.Start(context.Background())
	require.NoError(t, err)
	defer stop()
	require.Len(t, urls, 2)
	assert.True(t, strings.HasSuffix(urls["alpha"], "/alpha/api"), urls["alpha"])
	assert.True(t, strings.HasSuffix(urls["beta"], "/beta"), urls["beta"])

	status, body := get(t, urls["beta"]+"/x")
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.JSONEq(t, `{"vendor": "beta"}`, body, "the vendor's own 429")
	status, body = get(t, urls["alpha"]+"/users")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"path":"/api/users"`)
	assert.Contains(t, body, `"users":["a"]`, "a seed given as a value")
	_, body = get(t, urls["beta"])
	assert.Contains(t, body, `"users":["b"]`, "a seed given as a pointer")
	status, _ = get(t, strings.TrimSuffix(urls["beta"], "/beta")+"/gamma/x")
	assert.Equal(t, http.StatusNotFound, status, "no such vendor")
	assert.Equal(t, 4, sb.Served(""))
	assert.Equal(t, 2, sb.Served("beta"))
}

func TestNewRefusesAForeignSeed(t *testing.T) {
	for _, seed := range []Seed{{"gamma": echoSeed{}}, {"alpha": "not a seed"}} {
		assert.Panics(t, func() { New([]Vendor{echo("alpha", "")}, seed, Faults{}) }, "%v", seed)
	}
}

func TestDecodeSeed(t *testing.T) {
	vendors := []Vendor{echo("alpha", ""), echo("beta", "")}
	tests := []struct {
		json, err string
		alpha     []string
		access    Access
	}{
		{`{"alpha": {"token": "t", "users": ["x"]}}`, "", []string{"x"}, Access{Token: "t"}},
		{`{"alpha": {"token": "t", "page_size": 2}}`, "", nil, Access{Token: "t", PageSize: 2}},
		{`{}`, "", nil, Access{}},
		{`{"alpha": {"userz": []}}`, `sandbox seed f.json: json: unknown field "userz"`, nil, Access{}},
		{`{"alpha": {"access": {}}}`, `sandbox seed f.json: json: unknown field "access"`, nil, Access{}},
		{`{"gamma": {}}`, `sandbox seed f.json: json: unknown field "gamma"`, nil, Access{}},
		{`[`, `sandbox seed f.json: unexpected EOF`, nil, Access{}},
	}
	for _, tt := range tests {
		seed, err := decodeSeed([]byte(tt.json), "f.json", vendors)
		if tt.err != "" {
			assert.EqualError(t, err, tt.err, tt.json)
			continue
		}
		require.NoError(t, err, tt.json)
		assert.Equal(t, tt.alpha, seed["alpha"].(*echoSeed).Users, tt.json)
		assert.Equal(t, tt.access, seed["alpha"].(*echoSeed).Access, "%s: Access's fields stand at the seed's top level", tt.json)
		assert.NotNil(t, seed["beta"], "a kind the file leaves out is served empty")
	}
}

func TestSeedFor(t *testing.T) {
	dir := t.TempDir()
	src := `tool "one" {
  category = "crm"
  cost {
    amount = 100
    period = "year"
    seats  = 3
  }
  scan "alpha" {
    token_env = "ALPHA_TOKEN"
  }
}
tool "two" {
  category = "crm"
  scan "csv" {}
}
discovery "beta" {
  token_env = "BETA_TOKEN"
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644))
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	vendors := []Vendor{echo("alpha", ""), echo("beta", "")}
	asOf := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

	seed, err := SeedFor(inv, asOf, vendors)
	require.NoError(t, err)
	alpha := seed["alpha"].(*echoSeed)
	assert.Equal(t, []string{"one:user001@example.com", "one:user002@example.com"}, alpha.Users, "90 % of the seats, made up")
	assert.Equal(t, "sandbox-token-alpha", alpha.Token)
	assert.Equal(t, 1, alpha.Finish, "finished once")
	assert.Equal(t, 1, seed["beta"].(*echoSeed).Finish, "a vendor without tools is finished too")
	assert.Equal(t, map[string]string{"ALPHA_TOKEN": "sandbox-token-alpha", "BETA_TOKEN": "sandbox-token-beta"}, Credentials(inv, vendors))

	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".stackaudit"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, seedFile), []byte(`{"alpha": {"token": "mine", "users": ["z"]}}`), 0o644))
	seed, err = SeedFor(inv, asOf, vendors)
	require.NoError(t, err)
	assert.Equal(t, []string{"z"}, seed["alpha"].(*echoSeed).Users, "the shipped seed file wins")
	assert.Equal(t, "sandbox-token-alpha", seed["alpha"].(*echoSeed).Token, "with the sandbox's token")
}

func TestNumericIDAndSlug(t *testing.T) {
	assert.Equal(t, 42, NumericID("42"))
	n := NumericID("dana@acme.example")
	assert.Equal(t, n, NumericID("dana@acme.example"), "stable")
	assert.True(t, n >= 100_000_000 && n < 1_000_000_000, fmt.Sprint(n))
	assert.Equal(t, "hubspot-marketing-hub", Slug("HubSpot Marketing Hub!"))
}

func TestOffsetAndWindow(t *testing.T) {
	tests := []struct {
		cursor   string
		offset   int
		ok       bool
		wantPage []int
	}{
		{"", 0, true, []int{0, 1}},
		{"p:2", 2, true, []int{2, 3}},
		{"p:4", 4, true, []int{4}},
		{"p:9", 9, true, []int{}},
		{"p:-1", 0, false, nil},
		{"q:2", 0, false, nil},
		{"p:x", 0, false, nil},
	}
	items := []int{0, 1, 2, 3, 4}
	for _, tt := range tests {
		offset, ok := Offset(tt.cursor, "p:")
		if offset != tt.offset || ok != tt.ok {
			t.Errorf("Offset(%q) = %d, %v, want %d, %v", tt.cursor, offset, ok, tt.offset, tt.ok)
		}
		if ok && !slices.Equal(Window(items, offset, 2), tt.wantPage) {
			t.Errorf("Window at %d = %v, want %v", offset, Window(items, offset, 2), tt.wantPage)
		}
	}
}
