package zegoapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/jsonscan"
)

// decodeBody decodes a request body into dst, a request type whose
// UnmarshalJSON is strictObject. Every decoding failure is CodeParamError.
func decodeBody(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errorf(CodeParamError, "request body is empty; want a JSON object")
	}
	// encoding/json would turn invalid UTF-8 into U+FFFD, storing a name
	// its client never sent.
	if !utf8.Valid(body) {
		return errorf(CodeParamError, "request body is not UTF-8")
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return errorf(CodeParamError, "%s", describeJSONError(err))
	}
	return nil
}

// strictObject decodes the JSON object data into the struct *dst the way
// imemu reads ZEGO requests:
//
//   - member names match the fields' json names as Go's encoding/json
//     matches them: exactly, else case-insensitively (Unicode simple
//     folding, so "key" and "KEY" are Key), which ZEGO's own AddFriends
//     example relies on ({"key":"k2",…}); a member matching no field is
//     ignored, as unknown members are by JSON APIs in general;
//   - when several members name one field ("Key" and "key"), the last one
//     in the body is the field's value;
//   - every value must have its field's JSON type: a string for a string,
//     an integer literal for an integer ("1", 1.5 and 1e0 are refused), an
//     array for a slice, an object for a struct;
//   - null is the same as leaving the member out.
//
// Request types call it from their UnmarshalJSON, so nested objects (items
// of FriendInfos, Attributes) are decoded the same way.
func strictObject(data []byte, dst any) error {
	// One encoding/json pass when it reads what the member-by-member
	// decoding would (the usual body): names exact and each once. A fresh
	// value only, so a failed pass can be undone by zeroing it; failures
	// take strictMembers, which decides the messages.
	if v := reflect.ValueOf(dst).Elem(); v.IsZero() && jsonscan.ExactFields(data, v.Type(), false) {
		if json.Unmarshal(data, dst) == nil {
			return nil
		}
		v.SetZero()
	}
	return strictMembers(data, dst)
}

// strictMembers is strictObject member by member: the last member naming
// each field (fieldFor), in body order, then each field from its member.
func strictMembers(data []byte, dst any) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	v := reflect.ValueOf(dst).Elem()
	if m == nil {
		return &json.UnmarshalTypeError{Value: "null", Type: v.Type()}
	}
	// data is a valid JSON object (json.Unmarshal took it), so Members
	// walks all of it and each name unquotes.
	raw := make([][]byte, v.NumField())
	jsonscan.Members(data, func(name, value []byte) bool {
		var key string
		if json.Unmarshal(name, &key) == nil {
			if i := fieldFor(v.Type(), key); i >= 0 {
				raw[i] = value
			}
		}
		return true
	})
	for i, value := range raw {
		if value == nil {
			continue
		}
		if err := json.Unmarshal(value, v.Field(i).Addr().Interface()); err != nil {
			return &fieldError{name: jsonName(v.Type().Field(i)), err: err}
		}
	}
	return nil
}

// fieldFor returns the index of the field of struct type t that the member
// key names, -1 if none: the field whose json name is key, else the first
// whose name equals key case-insensitively, as encoding/json chooses.
func fieldFor(t reflect.Type, key string) int {
	folded := -1
	for i := range t.NumField() {
		switch name := jsonName(t.Field(i)); {
		case name == key:
			return i
		case folded < 0 && strings.EqualFold(name, key):
			folded = i
		}
	}
	return folded
}

// jsonName is a request field's member name, from its json tag.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// fieldError names the field whose value could not be decoded.
type fieldError struct {
	name string
	err  error
}

func (e *fieldError) Error() string { return e.name + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

// describeJSONError says what was wrong with a body in terms of JSON, not Go.
func describeJSONError(err error) string {
	var path []string
	for fe := (*fieldError)(nil); errors.As(err, &fe); err = fe.err {
		path = append(path, fe.name)
	}
	prefix := "request body: "
	if len(path) > 0 {
		prefix = strings.Join(path, ".") + ": "
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "request body is " + explain.JSON(syn)
	case errors.As(err, &typ):
		return fmt.Sprintf("%swant %s, got JSON %s", prefix, jsonType(typ.Type), typ.Value)
	}
	return prefix + err.Error()
}

// jsonType names the JSON type a Go type is decoded from.
func jsonType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Slice, reflect.Array:
		return "array of " + jsonType(t.Elem())
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Bool:
		return "boolean"
	}
	return t.String()
}

// queryParam is a GET Action's query parameter and the request field it
// fills: str for a string, num for an integer.
type queryParam struct {
	name string
	str  *string
	num  **int
}

// fromQuery overrides fields of a GET Action's request with its query
// parameters, in order: the query is where ZEGO documents them, a JSON body
// is only tolerated. An integer parameter must be a decimal integer (else
// CodeParamError).
func fromQuery(q url.Values, params ...queryParam) error {
	for _, p := range params {
		if !q.Has(p.name) {
			continue
		}
		v := q.Get(p.name)
		if p.str != nil {
			*p.str = v
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return errorf(CodeParamError, "%s: want integer, got %s", p.name, quote(v))
		}
		*p.num = &n
	}
	return nil
}

// decodeOptionalBody decodes the body of a GET Action, where one is
// tolerated but not needed: an empty body is no error.
func decodeOptionalBody(body []byte, dst any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	return decodeBody(body, dst)
}
