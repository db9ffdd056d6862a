// Package jsonkind names, in JSON's words, the value a Go type decodes
// from, for decoding errors shown to users: encoding/json's own errors
// name Go types ("map[string]*usage.ToolUsage", a struct literal), which
// mean nothing to someone fixing a JSON file. The entry point is [Of].
package jsonkind

import "reflect"

// Of is the JSON value t decodes from: "an object", "an array", "a
// string", "a whole number", "a number", "true or false", or "another
// value".
func Of(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return Of(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}
