package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/xuri/excelize/v2"
)

// rows yields a sheet's rows one at a time, so that a 50,000-row file is
// never held as a grid: Next returns the 1-based row number as the
// spreadsheet shows it and the cells, and io.EOF at the end.
type rows interface {
	Next() (int, []string, error)
	Close() error
}

// table is an opened sheet.
type table struct {
	rows
	// file and sheet name the source in comments and the report.
	file, sheet string
	// machine is true for xlsx cells, whose numbers and dates are the
	// spreadsheet's own ("1234.5", a date serial), not text.
	machine bool
	// notes are what the reader decided on its own (the encoding, the
	// sheet it chose), printed with the mapping.
	notes []string
}

// maxCSV bounds what is read into memory to decode a CSV file's encoding.
const maxCSV = 512 << 20

// openTable opens path as xlsx or csv, by its content rather than its name
// alone, so that a renamed file is still read and a file that is neither is
// refused with a reason.
func openTable(path, sheet string) (*table, error) {
	f, err := safefile.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("open spreadsheet: %w", err)
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return openXLSX(path, sheet)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, fmt.Errorf("%s is an old binary Excel file (.xls): save it as .xlsx or .csv and import that", path)
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, fmt.Errorf("%s is not an xlsx file (it is not a zip archive): save it from Excel or LibreOffice as .xlsx, or export it as .csv", path)
	}
	if sheet != "" {
		return nil, fmt.Errorf("--sheet %q: %s is a CSV file, which has no sheets", sheet, path)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxCSV+1))
	if err != nil {
		return nil, fmt.Errorf("read spreadsheet: %w", err)
	}
	if len(data) > maxCSV {
		return nil, fmt.Errorf("%s is larger than %d MB: split it", path, maxCSV>>20)
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a spreadsheet: %w", path, err)
	}
	t := &table{rows: newCSVRows(text), file: filepath.Base(path)}
	if enc != "" {
		t.notes = append(t.notes, fmt.Sprintf("read %s as %s", t.file, enc))
	}
	return t, nil
}

// decodeText turns a CSV file's bytes into UTF-8: UTF-8 with or without a
// byte-order mark, UTF-16 with one (Excel's "Unicode text"), and otherwise
// Windows-1252 (Excel's "CSV" on Windows), named in enc when it is not
// UTF-8. Binary content is refused.
func decodeText(data []byte) (text, enc string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		be := data[0] == 0xFE
		data = data[2:]
		u := make([]uint16, len(data)/2)
		for i := range u {
			if be {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		enc = "UTF-16LE"
		if be {
			enc = "UTF-16BE"
		}
		return string(utf16.Decode(u)), enc, nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", errors.New("it holds binary data; export the sheet as CSV (UTF-8) or save it as .xlsx")
	}
	if utf8.Valid(data) {
		return string(data), "", nil
	}
	var b strings.Builder
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String(), "Windows-1252 (it is not UTF-8)", nil
}

// cp1252 is Windows-1252's 0x80–0x9F; the rest of the upper half is
// Latin-1. Undefined codes stay the replacement character.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

type csvRows struct {
	r   *csv.Reader
	row int
}

// newCSVRows reads text with the delimiter its first line uses most:
// European spreadsheets write ";" because "," is their decimal comma.
func newCSVRows(text string) *csvRows {
	first, _, _ := strings.Cut(text, "\n")
	delim, best := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if n := strings.Count(first, string(d)); n > best {
			delim, best = d, n
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	return &csvRows{r: r}
}

func (c *csvRows) Next() (int, []string, error) {
	rec, err := c.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		return 0, nil, fmt.Errorf("csv: %w", err)
	}
	line, _ := c.r.FieldPos(0)
	c.row++
	return line, rec, nil
}

func (c *csvRows) Close() error { return nil }

// ReadCSV returns every row of a CSV file's content with its line number,
// after the same decoding and delimiter choice an import makes; its fuzz
// target holds the reader to never panic.
func ReadCSV(data []byte) ([][]string, error) {
	text, _, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	r := newCSVRows(text)
	var out [][]string
	for {
		_, rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

type xlsxRows struct {
	f      *excelize.File
	it     *excelize.Rows
	row    int
	merged map[int]map[int]string // row -> column of a merged cell's other cells -> the merged value
}

// openXLSX opens the sheet named, or the one whose header row names the
// most known columns when there are several and none is named.
func openXLSX(path, sheet string) (*table, error) {
	// Regular files only (openTable checked), of a bounded size: excelize
	// reads the whole archive.
	if fi, err := os.Stat(path); err == nil && fi.Size() > maxCSV {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d MiB a spreadsheet may have", path, fi.Size(), maxCSV>>20)
	}
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable xlsx file: %w", path, err)
	}
	t := &table{file: filepath.Base(path), machine: true}
	sheets := f.GetSheetList()
	switch {
	case sheet != "":
		found := false
		for _, s := range sheets {
			if strings.EqualFold(s, sheet) {
				sheet, found = s, true
			}
		}
		if !found {
			f.Close()
			return nil, fmt.Errorf("%s has no sheet %q; its sheets are %s", path, sheet, quoteAll(sheets))
		}
	case len(sheets) == 1:
		sheet = sheets[0]
	case len(sheets) == 0:
		f.Close()
		return nil, fmt.Errorf("%s has no sheets", path)
	default:
		best, bestScore := "", 0
		for _, s := range sheets {
			r, err := newXLSXRows(f, s)
			if err != nil {
				continue
			}
			_, score := findHeader(peekRows(r, headerSearchRows))
			r.it.Close()
			if score > bestScore {
				best, bestScore = s, score
			}
		}
		if best == "" {
			f.Close()
			return nil, fmt.Errorf("%s has several sheets and none has a header row naming known columns (tool, vendor, cost, …); choose one with --sheet: %s", path, quoteAll(sheets))
		}
		sheet = best
		t.notes = append(t.notes, fmt.Sprintf("%s has %d sheets (%s); reading %q, whose header row names the most known columns (choose another with --sheet)", t.file, len(sheets), quoteAll(sheets), best))
	}
	r, err := newXLSXRows(f, sheet)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read sheet %q of %s: %w", sheet, path, err)
	}
	t.rows, t.sheet = r, sheet
	return t, nil
}

func newXLSXRows(f *excelize.File, sheet string) (*xlsxRows, error) {
	merged := map[int]map[int]string{}
	cells, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, err
	}
	for _, mc := range cells {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					if merged[r] == nil {
						merged[r] = map[int]string{}
					}
					merged[r][c] = mc.GetCellValue()
				}
			}
		}
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	return &xlsxRows{f: f, it: it, merged: merged}, nil
}

func (x *xlsxRows) Next() (int, []string, error) {
	if !x.it.Next() {
		if err := x.it.Error(); err != nil {
			return 0, nil, fmt.Errorf("xlsx: %w", err)
		}
		return 0, nil, io.EOF
	}
	x.row++
	cols, err := x.it.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, nil, fmt.Errorf("xlsx row %d: %w", x.row, err)
	}
	// A merged cell holds its value in its first cell only; the others
	// read as that value, so a department merged down five rows owns all
	// five tools.
	for c, v := range x.merged[x.row] {
		for len(cols) < c {
			cols = append(cols, "")
		}
		if cols[c-1] == "" {
			cols[c-1] = v
		}
	}
	return x.row, cols, nil
}

func (x *xlsxRows) Close() error {
	x.it.Close()
	return x.f.Close()
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// peeked is a row read ahead to find the header.
type peeked struct {
	n     int
	cells []string
}

// peekRows reads up to n rows.
func peekRows(r rows, n int) []peeked {
	var out []peeked
	for len(out) < n {
		num, cells, err := r.Next()
		if err != nil {
			break
		}
		out = append(out, peeked{num, cells})
	}
	return out
}
