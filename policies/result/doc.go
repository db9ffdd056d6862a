// Package result is the model of an evaluation's outcome and its codecs:
// the [Result] (findings, severities, subjects, fingerprints, and the
// facts every report needs: costs, overlaps, renewals, gaps), whose JSON
// form is the stable `check --format json` document ([Schema]), and the
// two readers of that document: [ReadBaseline] (`--baseline`: the
// fingerprints of a previous result) and [ReadPrevious] with [Compare]
// (`audit --previous`: what changed since a previous result or snapshot).
// [ComputeDiff] compares two evaluated inventories (`stackaudit diff`):
// the [Diff], whose JSON form is [DiffSchema].
//
// The entry point is [Result]; package policies computes it (its
// Evaluate), package report renders it. This package judges nothing: it
// imports neither the rule engine nor the custom-policy language, so that
// everything that only reads a result depends on the model alone.
package result
