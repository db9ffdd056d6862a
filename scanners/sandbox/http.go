package sandbox

import "net/http"

// HTTPSeed is a simulated HTTP account. (Stub: not simulated yet.)
type HTTPSeed struct{}

func (s *Sandbox) genericHTTP(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func httpRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
