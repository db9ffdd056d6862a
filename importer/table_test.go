package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestReadCSVEncodings(t *testing.T) {
	want := [][]string{{"Tool", "Cost"}, {"Café Créatif", "€1.200"}}
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	cp1252 := []byte("Tool;Cost\r\nCaf\xe9 Cr\xe9atif;\x801.200\r\n")
	tests := []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte("Tool,Cost\nCafé Créatif,€1.200\n")},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, "Tool,Cost\nCafé Créatif,€1.200\n"...)},
		{"utf-16le bom tabs", utf16le("Tool\tCost\r\nCafé Créatif\t€1.200\r\n", true)},
		{"windows-1252 semicolons", cp1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("ReadCSV (-want +got):\n%s", d)
			}
		})
	}
	if _, err := ReadCSV([]byte("PK\x03\x04\x00\x00binary")); err == nil {
		t.Error("ReadCSV read binary data")
	}
}

func TestOpenRefusesWhatIsNoSpreadsheet(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old binary Excel"},
		{"fake.xlsx", "tool,cost\n", "not an xlsx file"},
		{"image.csv", "\x89PNG\r\n\x1a\n\x00\x00", "binary data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, tt.name)
			if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := openTable(p, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("openTable(%s) = %v, want an error about %q", tt.name, err, tt.want)
			}
		})
	}
}

// FuzzReadCSV holds the CSV reader to never panic and to return valid
// UTF-8 whatever the bytes.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a;b\r\n\"x;y\";2\r\n", "\xff\xfea\x00,\x00b\x00", "\xef\xbb\xbfa\tb", "caf\xe9;1", "\"unterminated", "a\x00b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadCSV(data)
		if err != nil {
			return
		}
		for _, r := range rows {
			for _, c := range r {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not valid UTF-8", c)
				}
			}
		}
	})
}
