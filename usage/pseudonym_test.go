package usage_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/usage"
)

func pz(t *testing.T, key string) *usage.Pseudonymizer {
	t.Helper()
	p, err := usage.NewPseudonymizer([]byte(key))
	require.NoError(t, err)
	return p
}

func TestPseudonyms(t *testing.T) {
	a, b := pz(t, "0123456789abcdef-key-a"), pz(t, "0123456789abcdef-key-b")
	// Stable, normalized, keyed, ≥128 bits, and not an unkeyed hash.
	assert.Equal(t, a.Email("Dana@Acme.example "), a.Email("dana@acme.example"))
	assert.NotEqual(t, a.Email("dana@acme.example"), b.Email("dana@acme.example"))
	assert.NotEqual(t, a.Email("dana@acme.example"), a.Email("sam@acme.example"))
	p := a.Email("dana@acme.example")
	assert.GreaterOrEqual(t, len(strings.TrimPrefix(p, "user-"))*4, 128)
	plain := sha256.Sum256([]byte("dana@acme.example"))
	assert.NotContains(t, hex.EncodeToString(plain[:]), strings.TrimPrefix(p, "user-"))
	assert.NotContains(t, p, "dana")
	assert.NotEqual(t, a.ID("123"), a.Email("123"), "ids and emails are kept apart")
	assert.Empty(t, a.Email(""))
	assert.Empty(t, a.ID(""))
	assert.NotEqual(t, a.Fingerprint(), b.Fingerprint())
	assert.Equal(t, a.Fingerprint(), pz(t, "0123456789abcdef-key-a").Fingerprint())

	_, err := usage.NewPseudonymizer([]byte("short"))
	assert.ErrorContains(t, err, "at least 16")
	assert.NotEqual(t, usage.RandomPseudonymizer().Email("x@y"), usage.RandomPseudonymizer().Email("x@y"))
}

func TestPseudonymizerApply(t *testing.T) {
	a := pz(t, "0123456789abcdef-key-a")
	s := &usage.Snapshot{Tools: map[string]*usage.ToolUsage{"hubspot": measured(1, "dana@acme.example")}}
	a.Apply(s)
	require.NotNil(t, s.Pseudonyms)
	assert.Equal(t, a.Fingerprint(), s.Pseudonyms.KeyFingerprint)
	assert.Equal(t, a.Email("dana@acme.example"), s.Tools["hubspot"].Users[0].Email)
	assert.Equal(t, a.ID("dana@acme.example"), s.Tools["hubspot"].Users[0].ID)
	// Applying twice does not hash pseudonyms again.
	before := s.Tools["hubspot"].Users[0]
	a.Apply(s)
	assert.Equal(t, before, s.Tools["hubspot"].Users[0])
}

func TestMatchPseudonyms(t *testing.T) {
	a, b := pz(t, "0123456789abcdef-key-a"), pz(t, "0123456789abcdef-key-b")
	pseudo := func(p *usage.Pseudonymizer) *usage.Snapshot {
		s := &usage.Snapshot{Tools: map[string]*usage.ToolUsage{"hubspot": measured(1, "dana@acme.example")}}
		if p != nil {
			p.Apply(s)
		}
		return s
	}
	cases := []struct {
		name      string
		prev      *usage.Snapshot
		p         *usage.Pseudonymizer
		wantWarn  string
		wantEmail string // of prev's user afterwards; "" when removed
	}{
		{"plain to plain", pseudo(nil), nil, "", "dana@acme.example"},
		{"plain to keyed: pseudonymized", pseudo(nil), a, "", a.Email("dana@acme.example")},
		{"same key", pseudo(a), a, "", a.Email("dana@acme.example")},
		{"key changed", pseudo(a), b, "the pseudonym key changed since the previous snapshot", ""},
		{"keyed to plain", pseudo(a), nil, "cannot be matched", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			warn := usage.MatchPseudonyms(c.prev, c.p)
			if c.wantWarn == "" {
				assert.Empty(t, warn)
			} else {
				assert.Contains(t, warn, c.wantWarn)
			}
			u := c.prev.Tools["hubspot"]
			assert.Equal(t, 1, u.Seats.Assigned, "counts stay")
			if c.wantEmail == "" {
				assert.Empty(t, u.Users)
			} else {
				require.Len(t, u.Users, 1)
				assert.Equal(t, c.wantEmail, u.Users[0].Email)
			}
		})
	}
	assert.Empty(t, usage.MatchPseudonyms(nil, a))
}

// TestPseudonymizeSpendPayers: the people a spend feed names are
// pseudonymized in its purchases and evidence.
func TestPseudonymizeSpendPayers(t *testing.T) {
	p, err := usage.NewPseudonymizer([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	s := &usage.Snapshot{Tools: map[string]*usage.ToolUsage{}, Discovered: usage.Discovered{Tools: []usage.DiscoveredTool{{
		Source: "spend", Name: "Calendly", Evidence: "paid by tom@acme.example (EMEA): Calendly, monthly; card 1 (Tom Hughes): CALENDLY",
		Spend: &usage.Spend{Purchases: []usage.Purchase{
			{Payer: "paid by tom@acme.example", Employee: "Tom@acme.example"},
			{Payer: "card 1", Employee: "Tom Hughes"},
		}},
	}}}}
	p.Apply(s)
	dt := s.Discovered.Tools[0]
	for _, leak := range []string{"tom@acme.example", "Tom Hughes"} {
		if strings.Contains(dt.Evidence, leak) || strings.Contains(dt.Spend.Purchases[0].Payer, leak) {
			t.Errorf("%q left in %q / %q", leak, dt.Evidence, dt.Spend.Purchases[0].Payer)
		}
	}
	if got, want := dt.Spend.Purchases[0].Employee, p.Email("tom@acme.example"); got != want {
		t.Errorf("employee %q, want %q", got, want)
	}
}
