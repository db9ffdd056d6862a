package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stackaudit/stackaudit/inventory"
)

// TestLargeSheet imports 50,000 rows: every one is a tool or a line of the
// report, and the duplicates merge.
func TestLargeSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 rows")
	}
	var b strings.Builder
	b.WriteString("Tool,Category,Annual cost,Renewal\n")
	const n = 50_000
	for i := range n {
		switch {
		case i%1000 == 999:
			b.WriteString(",,,\n")
		case i%1000 == 998:
			b.WriteString("Slack,Collaboration,\"$1,200\",2026-04-30\n")
		default:
			fmt.Fprintf(&b, "Tool %d,CRM,$%d,2026-%02d-%02d\n", i, 100+i, i%12+1, i%28+1)
		}
	}
	p := filepath.Join(t.TempDir(), "large.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Spreadsheet(context.Background(), p, Options{Catalog: mustCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	blank, slack := n/1000, n/1000
	if res.BlankRows != blank || res.DataRows != n-blank {
		t.Errorf("read %d data and %d blank rows, want %d and %d", res.DataRows, res.BlankRows, n-blank, blank)
	}
	if want := n - blank - slack + 1; len(res.Tools) != want {
		t.Errorf("%d tools, want %d (the Slack rows merge into one)", len(res.Tools), want)
	}
}

func TestUTF16Spreadsheet(t *testing.T) {
	text := "Tool\tVendor\tAnnual cost\r\nHubSpot Marketing Hub\tHubSpot\t€12.000,00\r\n"
	data := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(text)) {
		data = append(data, byte(u), byte(u>>8))
	}
	p := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Spreadsheet(context.Background(), p, Options{Catalog: mustCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tools) != 1 || res.Tools[0].Product != "hubspot-marketing-hub" || res.Tools[0].Cost == nil || res.Tools[0].Cost.Amount.String() != "12000" || res.Currency != "EUR" {
		t.Fatalf("got %+v, currency %s", res.Tools, res.Currency)
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "UTF-16LE") {
		t.Errorf("notes %v do not name the encoding", res.Notes)
	}
}

func TestNoHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(p, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Spreadsheet(context.Background(), p, Options{Catalog: mustCatalog(t)})
	if err == nil || !strings.Contains(err.Error(), "no header row") {
		t.Errorf("err = %v, want no header row", err)
	}
}

func TestGuessField(t *testing.T) {
	tests := map[string]Field{
		"Tool": FieldName, "Application Name": FieldName, "Annual Cost (USD)": FieldAnnualCost, "Cost/mo": FieldMonthlyCost,
		"Monthly Spend": FieldMonthlyCost, "Yearly price €": FieldAnnualCost, "# of Licenses": FieldSeats, "Contract End Date": FieldRenewal,
		"Auto-Renew?": FieldAutoRenew, "Notice period (days)": FieldNotice, "Business Owner": FieldOwner, "Dept.": FieldDepartment,
		"URL": FieldWebsite, "Comments": FieldNotes, "Notice deadline": "", "Cost per active user": "", "Favourite colour": "",
	}
	for h, want := range tests {
		if got := guessField(h); got != want {
			t.Errorf("guessField(%q) = %q, want %q", h, got, want)
		}
	}
}

// TestLabels: names that are no HCL identifier are slugged, the original
// kept as the name.
func TestLabels(t *testing.T) {
	csv := "Tool,Department,Category,Cost\n6sense,3D Studio,ABM,$1\nMonday.com,Équipe Marketing & Ventes,Project management,$2\n\"Tool \"\"X\"\" ${var}\",,CRM,$3\n"
	p := filepath.Join(t.TempDir(), "labels.csv")
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Spreadsheet(context.Background(), p, Options{Catalog: mustCatalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tl := range res.Tools {
		got = append(got, tl.ID+"="+tl.Name+"/"+tl.Owner)
	}
	want := []string{"tool_6sense=6sense/team_3d_studio", "monday_com=Monday.com/equipe_marketing_and_ventes", "tool_x_var=Tool \"X\" ${var}/"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	dir := t.TempDir()
	for _, f := range res.Files(mustCatalog(t)) {
		fp := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(fp, f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, diags := inventory.Load(dir)
	if diags.HasErrors() {
		t.Fatalf("does not load: %v", diags)
	}
	if tl := inv.Tool("tool_x_var"); tl == nil || tl.Name != `Tool "X" ${var}` {
		t.Errorf("the name with quotes and a template sequence did not survive: %+v", tl)
	}
}
