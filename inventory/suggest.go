package inventory

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/agext/levenshtein"
)

// suggest returns the option closest to given, or "" when none is close
// enough to be a plausible typo. The threshold matches hcl's own "did you
// mean" for argument names, so every suggestion in a run feels the same.
//
// Failing that, an option that starts with what was given (or the reverse)
// is offered, since ids are often abbreviated: "hubspot-marketing" for
// "hubspot-marketing-hub".
func suggest(given string, options []string) string {
	best, bestDist := "", typoLimit(given)
	n := utf8.RuneCountInString(given)
	for _, o := range options {
		// The distance is at least the difference in length: most
		// options are skipped without computing it, which on 10,000
		// warnings was most of the time of a run. (levenshtein's own
		// maxCost cut-off is not used: it panics on some inputs.)
		if diff := n - utf8.RuneCountInString(o); diff >= bestDist || -diff >= bestDist {
			continue
		}
		if d := levenshtein.Distance(given, o, nil); d < bestDist {
			best, bestDist = o, d
		}
	}
	return orAbbreviation(best, given, options)
}

// typoLimit is the edit distance below which an option counts as a typo of
// given. Long ids tolerate one more edit: "redundant-capabilities" is
// plainly "redundant-capability".
func typoLimit(given string) int {
	if len(given) >= 12 {
		return 4
	}
	return 3
}

// orAbbreviation finishes suggest once the closest option within
// typoLimit is known (best, or ""): that option, else one that given
// abbreviates or that abbreviates given. It is apart from the search so that
// the test's unpruned search differs from suggest in the search alone.
func orAbbreviation(best, given string, options []string) string {
	if best != "" || len(given) < 4 {
		return best
	}
	for _, o := range options {
		if strings.HasPrefix(o, given) || strings.HasPrefix(given, o) && len(o) >= 4 {
			return o
		}
	}
	return ""
}

// article is "a" or "an" for the word that follows.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// DidYouMean formats the closest option as a sentence to append to an
// error's detail (` Did you mean "x"?`), or "" when nothing is close. Every
// "did you mean" of stackaudit goes through it, so all suggestions behave
// alike.
func DidYouMean(given string, options []string) string {
	return didYouMean(given, options)
}

func didYouMean(given string, options []string) string {
	if s := suggest(given, options); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// suggestionMemo remembers didYouMean's answers by kind of option list and
// given name, for callers that ask about the same names many times.
type suggestionMemo map[[2]string]string

func (m suggestionMemo) didYouMean(kind, given string, options []string) string {
	key := [2]string{kind, given}
	if s, ok := m[key]; ok {
		return s
	}
	s := didYouMean(given, options)
	m[key] = s
	return s
}
