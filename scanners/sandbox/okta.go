package sandbox

import "net/http"

// OktaSeed is a simulated Okta account. (Stub: not simulated yet.)
type OktaSeed struct{}

func (s *Sandbox) okta(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func oktaRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
