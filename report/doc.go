// Package report renders a [policies.Result] for people and machines. It
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
// File names in every format are made relative to [Options.BaseDir] (the
// repository root) and written with forward slashes, so that outputs are
// the same on every machine and SARIF locations resolve on GitHub.
package report
