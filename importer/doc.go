// Package importer turns what a team already has into a first stackaudit
// inventory: a stack spreadsheet (xlsx or csv) kept by marketing
// operations or procurement, and the tools and flows the latest snapshot
// discovered but the inventory does not declare.
//
// The entry points are [Spreadsheet] (read a sheet, guess the column
// mapping, match rows to the catalog) followed by [Result.Files] (the
// formatted HCL files and the import report to write), and [Discovered]
// (proposed blocks for undeclared tools and flows). The parsers of the
// cells a spreadsheet holds, [ParseMoney] and [ParseDate], are exported for
// their tests and fuzz targets.
//
// Nothing here opens a connection or calls a scanner: an import is
// offline, like validate.
package importer
