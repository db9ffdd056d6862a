package workbook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/xuri/excelize/v2"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
)

// Options change how the audit workbook is written. The zero value
// shows user emails, names files as the Result has them and highlights
// utilization below 60%.
type Options struct {
	// RedactUsers replaces user emails and vendor user ids (Seats sheet,
	// shared users of overlaps) with keyed pseudonyms (HMAC-SHA-256, as
	// usage.Pseudonymizer makes them), so that a guessed email cannot be
	// confirmed by hashing it. With Pseudonymizer they are stable across
	// workbooks; without, a random key is made for the workbook and a
	// Summary note says the pseudonyms are stable within it only.
	RedactUsers   bool
	Pseudonymizer *usage.Pseudonymizer
	// Version is stackaudit's version, shown on the Summary sheet and in
	// the document properties.
	Version string
	// BaseDir is the repository root: file names are made relative to it,
	// as in the CI formats.
	BaseDir string
	// UsageSource, when set, is shown on the Summary sheet: which
	// snapshot the usage came from and how old its data is.
	UsageSource string
	// Simulated marks a workbook made from simulated usage (`audit
	// --sandbox`): every sheet then starts with a banner row, "SIMULATED
	// USAGE — not measured from vendors" (its header moves to row 2, on
	// every sheet alike), every printed page's header says it, and so do
	// the document properties. A Result whose Usage is simulated is
	// marked whatever this says.
	Simulated bool
	// Test hooks, settable only from this package's tests.
	//
	// rowLimit is the number of rows a sheet may hold (default Excel's
	// 1,048,576): a table with more rows is split over numbered sheets.
	rowLimit int
	// linkLimit is the number of hyperlinks a sheet may hold (default
	// maxSheetLinks).
	linkLimit int
	// wrapOutput wraps the temporary file the workbook is written to, to
	// make a write fail part-way.
	wrapOutput func(io.Writer) io.Writer
	// zeroCache writes 0 as the cached value of every formula, so that a
	// test can tell a spreadsheet that recalculates from one that shows
	// the cached values.
	zeroCache bool
}

// simulatedBanner marks every sheet of a workbook made from simulated
// usage.
const simulatedBanner = "SIMULATED USAGE — not measured from vendors"

// defaultLowUtilization is the low-utilization rule's default threshold.
const defaultLowUtilization = 0.6

// maxSheetLinks caps the hyperlinks of one sheet. Excel allows 65,530; a
// workbook near that many is slow to write (excelize looks each new link
// up among the existing ones) and no one follows that many links, so rows
// past the cap keep their text without a link and the Summary says so.
const maxSheetLinks = 10000

// maxCellChars is the longest text an Excel cell holds, in UTF-16 units.
const maxCellChars = excelize.TotalCellChars

// maxSheetRows is the number of rows of an Excel sheet.
const maxSheetRows = excelize.TotalRows

// threshold is the threshold the low-utilization rule used (its
// `threshold` parameter, which the Result carries); utilization below it
// is highlighted. A Result without rule configurations (read back from
// JSON, or built by hand) gets the rule's default.
func (w *workbook) threshold() float64 {
	if t, ok := w.r.Rules["low-utilization"].Number("threshold"); ok && t > 0 {
		return t
	}
	return defaultLowUtilization
}

func (o Options) rows() int {
	if o.rowLimit > 0 {
		return o.rowLimit
	}
	return maxSheetRows
}

func (o Options) links() int {
	if o.linkLimit > 0 {
		return o.linkLimit
	}
	return maxSheetLinks
}

// Write writes the audit workbook (SPEC §6) of r to path. It is
// written to a temporary file in the same folder and renamed over path
// only once complete, so a failed run never leaves a half-written workbook
// and never destroys the previous one. A folder that does not exist or
// cannot be written to is an error naming it.
func Write(path string, r *result.Result, o Options) (err error) {
	if r == nil {
		panic("workbook: Write called with a nil Result")
	}
	if path == "" {
		return errors.New("write workbook: no file name")
	}
	dir := filepath.Dir(path)
	if err := checkFolder(path, dir); err != nil {
		return err
	}
	f, err := buildWorkbook(r, o)
	if f != nil {
		// Close removes excelize's temporary files (large stream sheets).
		defer func() {
			if cerr := f.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("write workbook %s: %w", path, cerr)
			}
		}()
	}
	if err != nil {
		return fmt.Errorf("render workbook %s: %w", path, err)
	}
	err = atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if o.wrapOutput != nil {
			w = o.wrapOutput(w)
		}
		_, err := f.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("write workbook %s: %w", path, err)
	}
	return nil
}

// checkFolder gives the clear error for an output folder that is missing
// or not a folder, before any work is done.
func checkFolder(path, dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write workbook %s: folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("write workbook %s: folder %s: %w", path, dir, err)
	case !fi.IsDir():
		return fmt.Errorf("write workbook %s: %s is not a folder", path, dir)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("write workbook %s: it is a folder", path)
	}
	return nil
}

// buildWorkbook renders every sheet in memory (large stream sheets spill
// to excelize's temporary files). The caller closes the returned file,
// also on error.
func buildWorkbook(r *result.Result, o Options) (*excelize.File, error) {
	f := excelize.NewFile()
	w, err := newWorkbook(f, r, o)
	if err != nil {
		return f, err
	}
	if err := w.build(); err != nil {
		return f, err
	}
	return f, nil
}

// asOfDate parses the Result's as-of date; ok is false when it has none.
func asOfDate(r *result.Result) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", r.AsOf)
	return t, err == nil
}
