//go:build race

package fastparse_test

// raceEnabled says the tests run under the race detector, which slows the
// tree comparisons tenfold and has nothing to find in this package (a parse
// is one goroutine): the generated and synthetic workloads are smaller then,
// and whole under a plain go test.
const raceEnabled = true
