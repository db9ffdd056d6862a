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
//   - sheets.go: the content of every sheet — Summary, Changes (with
//     `--previous`), Tools, Redundancy, Spend, Renewals, Seats, Data flows,
//     Ownership gaps, Findings, Discovered — as tables of typed cells;
//   - table.go: how a table is written (excelize's stream writer): a
//     bold frozen header, an Excel table with banded rows and filters,
//     widths fitted to the content, conditional formats, links to the
//     tool's row on the Tools sheet, and a totals row of SUBTOTAL formulas
//     (right under any filter) whose cached values are the Result's
//     figures; tables longer than a sheet continue on "Findings (2)", …;
//   - summary.go: the headline figures and the three native charts;
//   - cells.go: cell kinds, number formats in the organization's
//     currency, styles, text limits.
//
// File names are made relative to [Options.BaseDir] and locations,
// subjects and waivers are shown as the report formats show them (with
// report's exported helpers). Every string from an inventory or a vendor
// is written as a string cell, never a formula, and cut (with "…") at
// Excel's 32,767 characters. The workbook is deterministic: its document
// dates are the as-of date.
package workbook
