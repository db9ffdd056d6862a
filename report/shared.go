package report

import (
	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/policies/result"
)

// The exported helpers below let package workbook show locations,
// subjects, waivers and untrusted text exactly as the other formats do,
// without the workbook (and excelize's net/http) living in this package.

// Locator says where findings and declarations point, as "file:line" with
// file names relative to a base directory.
type Locator struct{ l *locator }

// NewLocator returns the Locator of r's findings, relative to base.
func NewLocator(r *result.Result, base string) Locator {
	return Locator{l: newLocator(r, base)}
}

// Finding is where f points: its own location, else the declaration of its
// first subject that has one; "" when neither is known.
func (l Locator) Finding(f *result.Finding) string { return l.l.of(f).String() }

// Location is loc as "file:line", the file relative to the base directory.
func (l Locator) Location(loc result.Location) string { return l.l.place(loc).String() }

// SubjectList is "tool.a, tool.b".
func SubjectList(ss []result.Subject) string { return subjectList(ss) }

// WaiverNote is "<reason> (approved by X, expires YYYY-MM-DD)", the
// justification of a waived finding in every format.
func WaiverNote(w *result.AppliedWaiver) string { return waiverNote(w) }

// TerminalSafe shows control characters other than newline and tab, and
// the bidirectional overrides, escaped (\x1b, \u202e).
func TerminalSafe(s string) string { return terminalSafe(s) }

// SignedMoney is a delta with its sign in front, "+USD 48,000", as the
// diff formats show it (the CLI's diff verdict uses it too).
func SignedMoney(currency string, d decimal.Decimal) string { return signedMoney(currency, d) }
