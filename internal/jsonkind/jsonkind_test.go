package jsonkind

import (
	"reflect"
	"testing"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{map[string]*struct{}{}, "an object"},
		{struct{ A int }{}, "an object"},
		{[]string{}, "an array"},
		{"", "a string"},
		{0, "a whole number"},
		{1.5, "a number"},
		{true, "true or false"},
		{new(int), "a whole number"},
		{make(chan int), "another value"},
	} {
		if got := Of(reflect.TypeOf(c.v)); got != c.want {
			t.Errorf("Of(%T) = %q, want %q", c.v, got, c.want)
		}
	}
	if got := Of(nil); got != "another value" {
		t.Errorf("Of(nil) = %q", got)
	}
}
