package policies

import (
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// applyWaivers marks each finding covered by a current waiver of its rule
// whose subjects are all among the finding's (a waiver without subjects
// covers every finding of its rule). An expired waiver covers nothing.
func applyWaivers(findings []result.Finding, waivers []*inventory.Waiver, asOf time.Time) {
	for i := range findings {
		f := &findings[i]
		if f.Waiver != nil {
			continue
		}
		for _, w := range waivers {
			if waiverCovers(w, f, asOf) {
				f.Waiver = &result.AppliedWaiver{ID: w.ID, Reason: w.Reason, ApprovedBy: w.ApprovedBy, Expires: w.Expires}
				break
			}
		}
	}
}

func waiverCovers(w *inventory.Waiver, f *result.Finding, asOf time.Time) bool {
	if w.Rule != f.Rule || waiverExpired(w, asOf) {
		return false
	}
	for _, ws := range w.Subjects {
		found := false
		for _, fs := range f.Subjects {
			found = found || fs.Kind == ws.Kind && fs.ID == ws.ID
		}
		if !found {
			return false
		}
	}
	return true
}

// waiverExpired: a waiver applies up to and including its expiry date.
func waiverExpired(w *inventory.Waiver, asOf time.Time) bool {
	return !w.Expires.IsZero() && w.Expires.Before(asOf)
}
