// Package usage is the snapshot: what scans measured and discovered, as the
// versioned JSON file `stackaudit scan` writes and `check`, `audit` and the
// reports read (Read, Decode, Latest/Newest, Write, Encode), and the facts derived
// from it that every consumer shares (Tally: active users in a window).
// CarryForward keeps in a new snapshot what an earlier one measured and the
// new scan did not (a token unset, a vendor failing), dated; Pseudonymizer
// stores users as keyed pseudonyms (organization.pseudonymize_users) and
// redacts them in the workbook.
//
// It sits below both scanners (which produce snapshots) and policies and
// report (which read them), and imports no network code: a command that
// only reads a snapshot cannot open a connection by importing this.
package usage
