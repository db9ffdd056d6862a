package sandbox

import "net/http"

// MailchimpSeed is a simulated Mailchimp account. (Stub: not simulated yet.)
type MailchimpSeed struct{}

func (s *Sandbox) mailchimp(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func mailchimpRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
