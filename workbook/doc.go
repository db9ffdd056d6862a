// Package workbook writes the audit workbook (`stackaudit audit -o
// FILE.xlsx`, SPEC §6) of a [result.Result] with excelize. Like package
// report it computes nothing: every figure comes from the Result.
//
// The entry point is [Write], which writes the workbook to a file through
// a temporary file renamed into place; [Options] holds redaction, version
// and base directory. It is a package of its own, not a report format,
// because excelize imports net/http (for http.DetectContentType on
// pictures): keeping it here lets report, policies and inventory build
// without net/http, which internal/layering checks. Its files:
//
//   - workbook.go: [Write], [Options], the atomic write;
//   - sheets.go: the content of every sheet — Summary, Actions, Charts,
//     Changes (with `--previous`), Tools, Redundancy, Spend by team /
//     category / objective / stage / renewal quarter, Renewals, Seats,
//     Data flows, Ownership gaps, Findings, Discovered — as tables of
//     typed cells;
//   - table.go: how a table is written (excelize's stream writer): one
//     table per sheet (a filter then hides no row of another), a bold
//     frozen header (and first column of wide sheets), an Excel table
//     with banded rows and filters, widths fitted to the content, wrapped
//     long text, conditional formats, links to the tool's row on the
//     Tools sheet, a totals row of SUBTOTAL formulas (right under any
//     filter) whose cached values are the Result's figures, and print
//     settings; tables longer than a sheet continue on "Findings (2)", …;
//   - summary.go: the headline figures in one column with plain blocks
//     below (no table, no filter) and the three native charts on the
//     Charts sheet;
//   - chartcache.go: the charts' cached values, so that previews draw
//     them;
//   - cells.go: cell kinds, number formats in the organization's
//     currency, styles, text limits.
//
// A workbook of simulated usage ([Options.Simulated], or a Result whose
// usage source is simulated) has a banner row above every sheet's header
// (every header then on row 2), a printed page header and document
// properties that say so.
//
// File names are made relative to [Options.BaseDir] and locations,
// subjects and waivers are shown as the report formats show them (with
// report's exported helpers). Every string from an inventory or a vendor
// is written as a string cell, never a formula, and cut (with "…") at
// Excel's 32,767 characters. The workbook is deterministic: its document
// dates are the as-of date.
package workbook
