package sandbox

import "net/http"

// GoogleWorkspaceSeed is a simulated GoogleWorkspace account. (Stub: not simulated yet.)
type GoogleWorkspaceSeed struct{}

func (s *Sandbox) googleWorkspace(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func googleWorkspaceRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
