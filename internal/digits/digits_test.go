package digits_test

import (
	"fmt"

	"github.com/stackaudit/stackaudit/internal/digits"
)

func ExampleGroup() {
	for _, s := range []string{"", "0", "999", "1000", "12500", "1234567", "-5", "-123", "-1234", "-1234567"} {
		fmt.Printf("%q\n", digits.Group(s))
	}
	// Output:
	// ""
	// "0"
	// "999"
	// "1,000"
	// "12,500"
	// "1,234,567"
	// "-5"
	// "-123"
	// "-1,234"
	// "-1,234,567"
}

func ExampleInt() {
	fmt.Println(digits.Int(-2500000), digits.Int(int64(40)))
	// Output: -2,500,000 40
}
