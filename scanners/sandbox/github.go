package sandbox

import "net/http"

// GitHubSeed is a simulated GitHub account. (Stub: not simulated yet.)
type GitHubSeed struct{}

func (s *Sandbox) github(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func githubRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
