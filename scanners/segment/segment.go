// Package segment is the segment scanner. (Stub: not implemented yet.)
package segment

import (
	"context"
	"errors"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
)

// Kind is the scan block label.
const Kind = "segment"

// Scanner scans one segment tool.
type Scanner struct{}

// New returns the scanner.
func New() *Scanner { return &Scanner{} }

// Kind implements scanners.Scanner.
func (*Scanner) Kind() string { return Kind }

// Validate implements scanners.Scanner.
func (*Scanner) Validate(*inventory.Scan) hcl.Diagnostics { return nil }

// Scan implements scanners.Scanner.
func (*Scanner) Scan(context.Context, *inventory.Tool, scanners.Env) (*scanners.ToolUsage, error) {
	return nil, errors.New("the segment scanner is not implemented yet")
}

// Discoverer discovers across the organization.
type Discoverer struct{}

// NewDiscoverer returns the discoverer.
func NewDiscoverer() *Discoverer { return &Discoverer{} }

// Kind implements scanners.Discoverer.
func (*Discoverer) Kind() string { return Kind }

// Validate implements scanners.Discoverer.
func (*Discoverer) Validate(*inventory.Discovery) hcl.Diagnostics { return nil }

// Discover implements scanners.Discoverer.
func (*Discoverer) Discover(context.Context, *inventory.Discovery, scanners.Env) (*scanners.Discovered, error) {
	return nil, errors.New("segment discovery is not implemented yet")
}
