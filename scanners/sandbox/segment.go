package sandbox

import "net/http"

// SegmentSeed is a simulated Segment account. (Stub: not simulated yet.)
type SegmentSeed struct{}

func (s *Sandbox) segment(w http.ResponseWriter, r *http.Request, path string) {
	http.NotFound(w, r)
}

func segmentRateLimited(w http.ResponseWriter) {
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "rate limited"})
}
