package inventory

import (
	"math/rand/v2"
	"testing"

	"github.com/agext/levenshtein"
	"github.com/stretchr/testify/assert"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// suggestPlain is suggest without its pruning: every distance in full.
func suggestPlain(given string, options []string) string {
	best, bestDist := "", typoLimit(given)
	for _, o := range options {
		if d := levenshtein.Distance(given, o, nil); d < bestDist {
			best, bestDist = o, d
		}
	}
	return orAbbreviation(best, given, options)
}

// TestSuggestPruned: suggest's pruned search picks what the full one
// does, on the taxonomy's ids and on random near-misses of them.
func TestSuggestPruned(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	var options []string
	for _, c := range cat.Capabilities() {
		options = append(options, c.ID)
	}
	tests := []struct{ given, want string }{
		{"landing-page", "landing-pages"},
		{"emial-marketing", "email-marketing"},
		{"crm", "crm"},
		{"zzzzzzzzzzzz", ""},
		{"é-marketing", "sms-marketing"}, // 12 bytes: the longer limit
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, suggest(tt.given, options), tt.given)
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdeilmnorst-é"
	for i := 0; i < 3000; i++ {
		given := []rune(options[r.IntN(len(options))])
		for range r.IntN(5) {
			p := r.IntN(len(given) + 1)
			c := []rune(alphabet)[r.IntN(len([]rune(alphabet)))]
			switch r.IntN(3) {
			case 0:
				given = append(given[:p], append([]rune{c}, given[p:]...)...)
			case 1:
				if p < len(given) {
					given = append(given[:p], given[p+1:]...)
				}
			default:
				if p < len(given) {
					given[p] = c
				}
			}
		}
		assert.Equal(t, suggestPlain(string(given), options), suggest(string(given), options), string(given))
	}
}
