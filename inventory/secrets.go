package inventory

import (
	"math"
	"regexp"
	"strings"
)

// secretAttrs are attribute names that can only hold a credential. They are
// part of every block's schema so that writing one gives the precise
// "literal secret" error instead of a generic "unsupported argument".
var secretAttrs = []string{"token", "password", "secret", "api_key", "apikey", "api_token", "access_token", "client_secret", "private_key"}

// credentialPatterns match the token formats of the vendors stackaudit talks
// to, plus generic bearer tokens and JWTs. A match anywhere in a string value
// is an error: inventories are committed to git and read by CI.
var credentialPatterns = []*regexp.Regexp{
	regexp.MustCompile(`xox[abposr]-[A-Za-z0-9-]{10,}`),                                // Slack
	regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{30,}`),                                   // GitHub
	regexp.MustCompile(`github_pat_[A-Za-z0-9_]{30,}`),                                 // GitHub fine-grained
	regexp.MustCompile(`pat-(na|eu)[0-9]-[0-9a-f]{8}-[0-9a-f-]{20,}`),                  // HubSpot private app
	regexp.MustCompile(`\b[0-9a-f]{32}-us[0-9]{1,2}\b`),                                // Mailchimp API key
	regexp.MustCompile(`\bsk_(live|test)_[A-Za-z0-9]{16,}`),                            // Stripe-style secret keys
	regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`),                                         // AWS access key id
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`),                                    // Google API key
	regexp.MustCompile(`\bya29\.[0-9A-Za-z_-]{20,}`),                                   // Google OAuth access token
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`), // JWT
	regexp.MustCompile(`(?i)\b(bearer|ssws|basic)\s+[A-Za-z0-9._~+/=-]{16,}`),          // an Authorization header value
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
}

// looksLikeCredential reports whether s resembles a secret: a known token
// format, or a long random-looking word. Identifiers such as Okta app ids,
// Salesforce ids, git SHAs, URLs, paths and emails are not flagged.
func looksLikeCredential(s string) bool {
	if len(s) < 16 {
		return false
	}
	for _, re := range credentialPatterns {
		if re.MatchString(s) {
			return true
		}
	}
	return randomWord(s)
}

// LooksLikeCredential is the inventory's credential test for files that
// are not inventory files but are committed beside it: the CLI's
// .stackaudit.hcl defaults.
func LooksLikeCredential(s string) bool { return looksLikeCredential(s) }

func randomWord(s string) bool {
	if len(s) < 32 || strings.ContainsAny(s, " \t\n/.@:") {
		return false
	}
	var upper, lower, digit bool
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		}
	}
	return upper && lower && digit && entropy(s) > 4.0
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}
