package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// stdoutPath is the -o value that means standard output, as in most CLIs.
const stdoutPath = "-"

// checkOutput refuses an output path that cannot be written before any
// work is done, naming the folder that is missing rather than the
// temporary file the atomic write would have created in it.
func checkOutput(path string) error {
	if path == "" || path == stdoutPath {
		return nil
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("cannot write %s: the folder %s does not exist; create it first", path, dir)
	case err != nil:
		return usagef("cannot write %s: %v", path, err)
	case !fi.IsDir():
		return usagef("cannot write %s: %s is not a folder", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usagef("cannot write %s: it is a folder; name a file", path)
	}
	return nil
}

// invalidInventoryRule describes the results of an invalid inventory in
// machine formats: SARIF needs a rule for every result. A function, not a
// shared pointer, so that no caller can change it for the others.
const invalidInventoryID = "invalid-inventory"

func invalidInventoryRule() *policies.Rule {
	return &policies.Rule{
		ID:              invalidInventoryID,
		Title:           "The inventory is invalid",
		Family:          "validation",
		DocsPath:        "docs/language.md",
		DefaultSeverity: result.Critical,
		What:            "The inventory could not be loaded or validated, so no rule was evaluated. Each result is one error that `stackaudit validate` reports; fix them and run the check again.",
	}
}

// invalidResult is a Result whose findings are the errors of an invalid
// inventory, so that a CI step that uploads SARIF, JUnit or JSON shows
// them instead of failing on a missing file.
func invalidResult(inv *inventory.Inventory, diags hcl.Diagnostics, asOf time.Time) *result.Result {
	res := &result.Result{
		Schema:       result.Schema,
		AsOf:         asOf.Format("2006-01-02"),
		Organization: result.Organization{Name: inv.Organization.Name, Currency: inv.Organization.Currency},
		Findings:     []result.Finding{},
		Rules:        map[string]result.RuleConfig{},
	}
	res.Summary = result.Summary{Findings: map[result.Severity]int{}, Counting: map[result.Severity]int{}}
	for _, sev := range result.AllSeverities() {
		res.Summary.Findings[sev], res.Summary.Counting[sev] = 0, 0
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		f := result.Finding{
			Rule: invalidInventoryID, Severity: result.Critical, Title: d.Summary,
			Message: strings.TrimSpace(d.Summary + ": " + d.Detail), Subjects: []result.Subject{},
		}
		if d.Subject != nil {
			f.Location = result.LocationOf(*d.Subject)
		} else {
			f.Location = result.Location{File: inv.Dir}
		}
		// One fingerprint per error, so that code scanning does not
		// fold them into one alert.
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.Location.File, d.Summary, f.Location.Line, d.Detail)))
		f.Fingerprint = hex.EncodeToString(sum[:16])
		res.Findings = append(res.Findings, f)
		res.Summary.Findings[result.Critical]++
		res.Summary.Counting[result.Critical]++
	}
	return res
}

// verdict is the line every check ends with on stderr, so that a CI log
// always says why the gate passed or failed, whatever the format and
// wherever the report went.
func verdict(res *result.Result, threshold result.Severity) string {
	if threshold == "" {
		n := 0
		for i := range res.Findings {
			if res.Findings[i].Counts() {
				n++
			}
		}
		return fmt.Sprintf("passed: --fail-on none (%s)", plural.Count(n, "finding", "findings"))
	}
	n, fresh, baseline := 0, 0, false
	for i := range res.Findings {
		f := &res.Findings[i]
		baseline = baseline || f.Baseline != ""
		if f.Waived() || !f.Severity.AtLeast(threshold) {
			continue
		}
		n++
		if f.Baseline == "new" {
			fresh++
		}
	}
	line := fmt.Sprintf("%s at or above %s", plural.Count(n, "finding", "findings"), threshold)
	if baseline {
		line += fmt.Sprintf(" (%d new)", fresh)
	}
	if res.Failing(threshold) {
		return "FAILED: " + line
	}
	return "passed: " + line
}

// invalidVerdict is the verdict when nothing was evaluated.
func invalidVerdict(diags hcl.Diagnostics) string {
	n := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			n++
		}
	}
	return fmt.Sprintf("FAILED: the inventory is invalid (%s); no rule was evaluated", plural.Count(n, "error", "errors"))
}

// defaultSnapshot is the snapshot check and audit read: --snapshot, else
// the newest of the inventory.
func defaultSnapshot(dir, snapshot string) string {
	if snapshot != "" {
		return snapshot
	}
	latest, _ := usage.Latest(dir)
	return latest
}

// refuseInput refuses an output path that is an input of the run: an
// inventory file (paths may be inventory folders), a snapshot, a baseline,
// a previous result. `check -o main.hcl` would otherwise destroy the
// inventory it checked. Checked before any work; atomicfile compares by
// file identity, so other names for the same file are caught too.
func refuseInput(output string, paths ...string) error {
	if output == "" || output == stdoutPath {
		return nil
	}
	var in atomicfile.Inputs
	for _, p := range paths {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			files, _ := inventory.FindFiles(p)
			in.Add(files...)
			continue
		}
		in.Add(p)
	}
	if err := in.Check(output); err != nil {
		return usagef("%v", err)
	}
	return nil
}
