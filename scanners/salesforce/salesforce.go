// Package salesforce is the salesforce scanner. (Stub: not implemented yet.)
package salesforce

import (
	"context"
	"errors"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
)

// Kind is the scan block label.
const Kind = "salesforce"

// Scanner scans one salesforce tool.
type Scanner struct{}

// New returns the scanner.
func New() *Scanner { return &Scanner{} }

// Kind implements scanners.Scanner.
func (*Scanner) Kind() string { return Kind }

// Validate implements scanners.Scanner.
func (*Scanner) Validate(*inventory.Scan) hcl.Diagnostics { return nil }

// Scan implements scanners.Scanner.
func (*Scanner) Scan(context.Context, *inventory.Tool, scanners.Env) (*scanners.ToolUsage, error) {
	return nil, errors.New("the salesforce scanner is not implemented yet")
}
