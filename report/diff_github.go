package report

import (
	"bytes"

	"github.com/stackaudit/stackaudit/policies/result"
)

// writeDiffGitHub writes one GitHub Actions workflow command per new,
// unwaived finding, exactly as check's github format writes a finding
// (writeAnnotation), so that it shows on the changed line of the pull
// request. Findings the base already had, and resolved ones, are not
// annotated: the pull request did not cause them.
func writeDiffGitHub(buf *bytes.Buffer, d *result.Diff, o Options) error {
	loc := diffLocator(d, o.BaseDir)
	for i := range d.FindingsNew {
		f := &d.FindingsNew[i]
		if f.Waived() {
			continue
		}
		writeAnnotation(buf, loc, f, o.FailOn)
	}
	return nil
}
