package sandbox

import "net/http"

// SalesforceSeed is a simulated Salesforce account. (Stub: not simulated yet.)
type SalesforceSeed struct{}

func (s *Sandbox) salesforce(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func salesforceRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
