package timapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/explain"
	"github.com/imemu/imemu/internal/jsonscan"
)

// decodeBody reads the request body into v, a pointer to a request struct
// whose json tags are TIM's member names, and maps every failure to TIM's
// codes:
//   - body over the server's cap: CodeBadRequest;
//   - not JSON, or not a JSON object: CodeBadJSON;
//   - an account that is not a JSON string: CodeAccountType;
//   - any other member of the wrong JSON type: paramCode.
//
// Member names match exactly, as at TIM: encoding/json would also accept
// "to_account" for To_Account, so such members are dropped first and the
// field counts as missing.
func decodeBody(r *http.Request, v any, paramCode int) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return errorf(CodeBadRequest, "%s", explain.BodyRead(err))
	}
	return decodeJSON(data, v, paramCode)
}

// decodeJSON is decodeBody once the body is read.
func decodeJSON(data []byte, v any, paramCode int) error {
	// encoding/json would turn invalid UTF-8 into U+FFFD, importing an
	// account under an id its client never sent.
	if !utf8.Valid(data) {
		return errorf(CodeBadJSON, "the body must be UTF-8")
	}
	// One encoding/json pass when it reads what the exact members would
	// (the usual body); anything else, failures included, takes
	// decodeExact, which decides codes and messages.
	if jsonscan.ExactFields(data, reflect.TypeOf(v), true) {
		if json.Unmarshal(data, v) == nil {
			return nil
		}
		reflect.ValueOf(v).Elem().SetZero()
	}
	return decodeExact(data, v, paramCode)
}

// decodeExact decodes the exact members of data (see decodeBody) into v:
// a map of the members, the exact ones re-encoded, then decoded.
func decodeExact(data []byte, v any, paramCode int) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil || obj == nil {
		return errorf(CodeBadJSON, "the body must be a JSON object")
	}
	exact, err := json.Marshal(exactMembers(obj, reflect.TypeOf(v).Elem()))
	if err != nil {
		return err
	}
	err = json.Unmarshal(exact, v)
	var te *Error
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return te
	case errors.As(err, &typeErr):
		return errorf(paramCode, "%s must not be a JSON %s", typeErr.Field, typeErr.Value)
	}
	return errorf(CodeBadJSON, "a member of the body does not have the type the API wants")
}

// exactMembers keeps the members of obj whose names are exactly a json tag
// of struct type t, recursing into struct and slice-of-struct fields.
func exactMembers(obj map[string]json.RawMessage, t reflect.Type) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(obj))
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		raw, ok := obj[name]
		if !ok {
			continue
		}
		out[name] = exactValue(raw, f.Type)
	}
	return out
}

// exactValue applies exactMembers to raw when it is an object for a struct
// type or an array for a slice type; anything else is left for
// json.Unmarshal to judge.
func exactValue(raw json.RawMessage, t reflect.Type) json.RawMessage {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil || obj == nil {
			return raw
		}
		if b, err := json.Marshal(exactMembers(obj, t)); err == nil {
			return b
		}
	case reflect.Slice:
		if k := t.Elem().Kind(); k != reflect.Struct && k != reflect.Pointer {
			return raw
		}
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || items == nil {
			return raw
		}
		for i := range items {
			items[i] = exactValue(items[i], t.Elem())
		}
		if b, err := json.Marshal(items); err == nil {
			return b
		}
	}
	return raw
}

// account is a user id in a request body. TIM requires accounts to be JSON
// strings and answers CodeAccountType for numbers, booleans, arrays or
// objects; null counts as absent.
type account string

// UnmarshalJSON accepts only a JSON string (or null).
func (a *account) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	// encoding/json has validated b: a string with no escapes is its bytes.
	if len(b) >= 2 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 {
		*a = account(b[1 : len(b)-1])
		return nil
	}
	var s string
	if len(b) == 0 || b[0] != '"' || json.Unmarshal(b, &s) != nil {
		return errorf(CodeAccountType, "got %s", truncate(string(b), 40))
	}
	*a = account(s)
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// required returns a's id, or paramCode when it is missing or empty.
func required(field string, a account, paramCode int) (string, error) {
	if a == "" {
		return "", errorf(paramCode, "%s is required", field)
	}
	return string(a), nil
}

// accountList returns the ids of list, which must hold 1..max entries.
// Duplicates and ids no user could have are kept: each gets its own
// per-item result.
func accountList(field string, list []account, max, paramCode int) ([]string, error) {
	if len(list) == 0 {
		return nil, errorf(paramCode, "%s must list 1 to %d accounts", field, max)
	}
	if len(list) > max {
		return nil, errorf(paramCode, "%s lists %d accounts, at most %d are allowed", field, len(list), max)
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = string(a)
	}
	return out, nil
}

// checkBatch returns paramCode unless 1 <= n <= max.
func checkBatch(field string, n, max, paramCode int) error {
	if n == 0 {
		return errorf(paramCode, "%s must hold 1 to %d items", field, max)
	}
	if n > max {
		return errorf(paramCode, "%s holds %d items, at most %d are allowed", field, n, max)
	}
	return nil
}

// validID reports whether id is an account TIM could have imported.
func validID(id string) error {
	if err := imemu.VendorTIM.CheckUserID(id); err != nil {
		return fmt.Errorf("UserID %w", err)
	}
	return nil
}
