// Package spend is the spend discovery kind: card transactions, expense
// reports and accounts-payable ledgers exported as CSV, read in one
// streaming pass, folded into purchases (one per merchant and payer),
// matched to catalog products by their merchant descriptors, and
// reported as discovered tools with their annualised spend. The entry
// point is [Discoverer.Discover]; [ReadExport] and [Aggregator] are its
// two halves.
//
//	discovery "spend" {
//	  files       = ["spend/brex-2026.csv"] # required, relative to the inventory
//	  format      = "brex"                  # brex | ramp | expensify | amex | generic; default: by header
//	  columns     = { team = "Cost Center" } # field = header, over the format's
//	  date_format = "02/01/2006"            # optional Go layout; default ISO or MM/DD/YYYY
//	  currency    = "EUR"                   # of amounts without a currency; default: the organization's
//	}
//
// Paths are found as the csv scan kind finds its file: relative to the
// folder of the declaring file or any parent folder holding inventory
// files, opened through os.Root so that neither ".." nor a symbolic link
// leads out.
package spend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the discovery block label.
const Kind = "spend"

// MaxFileSize is the largest export a discovery reads: a million rows of
// the widest recipe (Ramp's 30 columns) fit with room to spare. The file
// is streamed, so the size costs time, not memory.
const MaxFileSize = 1 << 30

// Discoverer reads spend exports.
type Discoverer struct{}

// NewDiscoverer returns the spend discoverer.
func NewDiscoverer() *Discoverer { return &Discoverer{} }

// Discover implements scanners.Discoverer.
func (*Discoverer) Discover(ctx context.Context, d *inventory.Discovery, env scanners.Env) (*usage.Discovered, error) {
	st, diags := decode(d)
	if diags.HasErrors() {
		return nil, diags
	}
	org, rates := "USD", map[string]decimal.Decimal{}
	if o := env.Organization; o != nil {
		if o.Currency != "" {
			org = o.Currency
		}
		rates = o.ExchangeRates
	}
	currency := st.currency
	if currency == "" {
		currency = org
	}
	agg := NewAggregator(toDay(env.AsOf), org, rates)
	opts := Options{Format: st.format, Columns: st.columns, DateFormat: st.dateFormat, Currency: currency}
	for _, p := range st.files {
		if err := readOne(ctx, d.DeclRange.Filename, p, opts, agg); err != nil {
			return nil, err
		}
	}
	return &usage.Discovered{Tools: agg.Result(env.Catalog)}, nil
}

// readOne finds and streams one export into agg.
func readOne(ctx context.Context, declFile, path string, opts Options, agg *Aggregator) error {
	dirs := csv.Folders(declFile)
	name := filepath.FromSlash(path)
	for _, dir := range dirs {
		err := readIn(ctx, dir, name, path, opts, agg)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return err
	}
	return fmt.Errorf("spend: %s: file not found in the inventory folder (looked in %s); "+
		"export the transactions and save them there", path, strings.Join(dirs, ", "))
}

func readIn(ctx context.Context, dir, name, path string, opts Options, agg *Aggregator) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	f, err := safefile.OpenIn(ctx, root, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return fmt.Errorf("spend: %s: cannot open: %s", path, plainErr(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("spend: %s: cannot read: %s", path, plainErr(err))
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("spend: %s: not a regular file", path)
	}
	if info.Size() > MaxFileSize {
		return fmt.Errorf("spend: %s: the file is %d bytes, more than the %d MiB a spend discovery reads; export a shorter period", path, info.Size(), MaxFileSize>>20)
	}
	agg.File(path)
	return ReadExport(ctx, io.LimitReader(f, MaxFileSize), path, opts, agg.Add)
}

// plainErr strips the path that os errors repeat.
func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
