// Package report renders a [result.Result] for people and machines. It
// computes nothing: every figure comes from the Result, so that a number in
// a PR comment is the number in the JSON, the SARIF and the workbook.
//
// The entry point is [Write], which renders one format, named as on the
// command line (`--format`), to an io.Writer; [Formats] lists the names.
// Each format lives in its own file:
//
//   - text.go: findings grouped by severity for a terminal or a CI log,
//     coloured only when [Options.Color] is set;
//   - json.go: the full Result, the `stackaudit.result/v1` schema that
//     --baseline and `audit --previous` read back, with `[]` for every
//     empty list;
//   - sarif.go: SARIF 2.1.0 for GitHub code scanning (SPEC §6);
//   - markdown.go: a pull-request comment, kept under GitHub's comment
//     size limit by leaving out findings from the middle;
//   - junit.go: JUnit XML, one test suite per rule and one test case per
//     rule × subject set.
//
// [WriteDiff] renders a [result.Diff] (`stackaudit diff`) the same way, in
// the formats [DiffFormats] lists, one file each: diff_text.go,
// diff_json.go (`stackaudit.diff/v1`), diff_markdown.go (the pull-request
// comment: spend delta, changed tools, findings linked to their rule
// docs, a mermaid diagram of added flows, truncated like markdown.go) and
// diff_github.go (workflow commands for the new findings); diff.go holds
// their registry and shared helpers.
//
// File names in every format are made relative to [Options.BaseDir] (the
// repository root) and written with forward slashes, so that outputs are
// the same on every machine and SARIF locations resolve on GitHub.
//
// The audit workbook (`audit -o FILE.xlsx`, SPEC §6) is not a --format:
// it lives in package workbook, because excelize imports net/http and
// nothing in report may. [Locator], [SubjectList], [WaiverNote] and
// [TerminalSafe] are exported for it, so that the workbook shows locations,
// subjects, waivers and untrusted text as every format here does.
//
// The static dashboard (`stackaudit dashboard -o SITE/`) is a folder of
// files rather than a --format, so it lives in the sub-package
// report/dashboard, which uses [Locator] and [SubjectList] the same way.
package report
