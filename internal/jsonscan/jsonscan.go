// Package jsonscan finds the parts of JSON text by its bytes, without
// decoding it: where a value ends, the members of an object, the items of
// an array. It is for hot paths that must look at a body before (or
// instead of) decoding it; on text that is not JSON its answers mean
// nothing, so callers either validate what they take or fall back to
// encoding/json when it disagrees.
package jsonscan

import (
	"bytes"
	"reflect"
	"strings"
)

// SkipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func SkipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// ValueEnd returns the end of the JSON value that starts at data[i], as a
// json.Decoder finds it: strings by their closing quote, objects and arrays
// by their matching bracket (what is inside is not checked), numbers and
// literals by their grammar, whatever follows them. ok is false when the
// value does not end within data or a number or literal is malformed.
func ValueEnd(data []byte, i int) (end int, ok bool) {
	if i >= len(data) {
		return len(data), false
	}
	switch c := data[i]; {
	case c == '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
		return len(data), false
	case c == '{' || c == '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				e, ok := ValueEnd(data, j)
				if !ok {
					return len(data), false
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1, true
				}
			}
		}
		return len(data), false
	case c == '-' || '0' <= c && c <= '9':
		return numberEnd(data, i)
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(data[i:], []byte(lit)) {
			return i + len(lit), true
		}
	}
	return i, false
}

// numberEnd returns the end of the JSON number at data[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func numberEnd(data []byte, i int) (int, bool) {
	digits := func(j int) int {
		for j < len(data) && '0' <= data[j] && data[j] <= '9' {
			j++
		}
		return j
	}
	if data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i = digits(i)
	default:
		return i, false
	}
	if i < len(data) && data[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

// Members calls fn with the name (quotes included, escapes as written) and
// the value of each member of the object data holds, in order, until fn
// returns false. It reports whether data is an object it walked to its
// end with fn approving every member.
func Members(data []byte, fn func(name, value []byte) bool) bool {
	i := SkipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return false
	}
	if i = SkipSpace(data, i+1); i < len(data) && data[i] == '}' {
		return true
	}
	for {
		nameEnd, ok := ValueEnd(data, i)
		if !ok || data[i] != '"' {
			return false
		}
		name := data[i:nameEnd]
		if i = SkipSpace(data, nameEnd); i == len(data) || data[i] != ':' {
			return false
		}
		i = SkipSpace(data, i+1)
		end, ok := ValueEnd(data, i)
		if !ok || !fn(name, data[i:end]) {
			return false
		}
		switch i = SkipSpace(data, end); {
		case i < len(data) && data[i] == ',':
			i = SkipSpace(data, i+1)
		case i < len(data) && data[i] == '}':
			return true
		default:
			return false
		}
	}
}

// Items calls fn with each item of the array data holds, in order, until
// fn returns false. It reports whether data is an array it walked to its
// end with fn approving every item.
func Items(data []byte, fn func(value []byte) bool) bool {
	i := SkipSpace(data, 0)
	if i == len(data) || data[i] != '[' {
		return false
	}
	if i = SkipSpace(data, i+1); i < len(data) && data[i] == ']' {
		return true
	}
	for {
		end, ok := ValueEnd(data, i)
		if !ok || !fn(data[i:end]) {
			return false
		}
		switch i = SkipSpace(data, end); {
		case i < len(data) && data[i] == ',':
			i = SkipSpace(data, i+1)
		case i < len(data) && data[i] == ']':
			return true
		default:
			return false
		}
	}
}

// ExactFields reports whether encoding/json, decoding the object data into
// a value of struct type t, reads exactly the members whose names are a
// field's json name, each once: every member name is ASCII and written
// without escapes; a name that matches a field (encoding/json matches them
// case-insensitively) is that field's exact name, and no two members name
// the same field (encoding/json would merge or keep what the first left,
// where a map of the members keeps the last). With nested, the same holds
// for each object decoded into a struct field or an item of a slice of
// structs. It is false for any t it cannot vouch for (embedded, unexported
// or untagged fields, more than 64 fields) and for text that is not an
// object.
//
// Strict decoders use it to decode a body in one encoding/json pass when
// the result is the same as their member-by-member decoding.
func ExactFields(data []byte, t reflect.Type, nested bool) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t.NumField() > 64 {
		return false
	}
	for i := range t.NumField() {
		if f := t.Field(i); f.Anonymous || !f.IsExported() || fieldName(f) == "" {
			return false
		}
	}
	var seen uint64
	return Members(data, func(name, value []byte) bool {
		if len(name) < 2 || bytes.IndexByte(name, '\\') >= 0 || !ascii(name) {
			return false
		}
		key := string(name[1 : len(name)-1]) // not kept: no allocation
		match := -1
		for i := range t.NumField() {
			switch n := fieldName(t.Field(i)); {
			case n == key:
				match = i
			case strings.EqualFold(n, key):
				return false
			}
		}
		if match < 0 {
			return true // no field: ignored either way
		}
		if seen&(1<<match) != 0 {
			return false
		}
		seen |= 1 << match
		return !nested || exactValue(value, t.Field(match).Type)
	})
}

// exactValue applies ExactFields to value when it is an object decoded
// into a struct or an array of them; other values are encoding/json's to
// judge.
func exactValue(value []byte, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && value[0] == '{':
		return ExactFields(value, t, true)
	case t.Kind() == reflect.Slice && value[0] == '[':
		elem := t.Elem()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		if elem.Kind() != reflect.Struct {
			return true
		}
		return Items(value, func(item []byte) bool { return item[0] != '{' || ExactFields(item, elem, true) })
	}
	return true
}

// fieldName is f's json name, "" when it has none or is skipped ("-").
func fieldName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
