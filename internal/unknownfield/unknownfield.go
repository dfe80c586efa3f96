// Package unknownfield says where in a JSON document the unknown field
// that encoding/json's DisallowUnknownFields refused is: encoding/json
// names the field (`json: unknown field "nmae"`) but not the object it is
// in, and in a fixtures file of many apps and users the name alone does
// not tell a user which line to fix.
package unknownfield

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// Name returns the field name of an encoding/json unknown-field error.
func Name(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name, uerr := strconv.Unquote(rest)
	return name, uerr == nil
}

// Locate walks data as encoding/json decodes it into a value of v's type
// and returns the path of the first object, in document order, holding a
// member name that the type has no field for: "" for the top level,
// otherwise like "apps[0].users[1]". ok is false when there is no such
// member (or data is not JSON).
func Locate(data []byte, v any, name string) (path string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	w := walker{dec: dec, name: name}
	defer func() {
		if recover() != nil { // a malformed document: nothing to locate
			path, ok = "", false
		}
	}()
	w.value(reflect.TypeOf(v), "")
	return w.path, w.found
}

type walker struct {
	dec   *json.Decoder
	name  string
	found bool
	path  string
}

var rawMessage = reflect.TypeOf(json.RawMessage(nil))

func (w *walker) token() json.Token {
	tok, err := w.dec.Token()
	if err != nil {
		panic(err)
	}
	return tok
}

// value reads one value the decoder would put in a t.
func (w *walker) value(t reflect.Type, path string) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok := w.token()
	d, isDelim := tok.(json.Delim)
	if !isDelim {
		return // a scalar: no members
	}
	switch {
	case d == '[' && t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t != rawMessage:
		for i := 0; w.dec.More() && !w.found; i++ {
			w.value(t.Elem(), path+"["+strconv.Itoa(i)+"]")
		}
		if !w.found {
			w.token() // ]
		}
	case d == '{' && t != nil && t.Kind() == reflect.Struct:
		fields := jsonFields(t)
		for w.dec.More() && !w.found {
			key := w.token().(string)
			ft, known := lookup(fields, key)
			if !known {
				if key == w.name {
					w.found, w.path = true, path
					return
				}
				w.skip()
				continue
			}
			w.value(ft, join(path, key))
		}
		if !w.found {
			w.token() // }
		}
	case d == '{' && t != nil && t.Kind() == reflect.Map:
		for w.dec.More() && !w.found {
			key := w.token().(string)
			w.value(t.Elem(), join(path, key))
		}
		if !w.found {
			w.token()
		}
	default: // raw JSON, an interface, or a shape the type does not take
		w.rest(1)
	}
}

// skip reads one whole value.
func (w *walker) skip() {
	if d, ok := w.token().(json.Delim); ok && (d == '{' || d == '[') {
		w.rest(1)
	}
}

// rest reads to the end of depth open containers.
func (w *walker) rest(depth int) {
	for depth > 0 {
		if d, ok := w.token().(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// jsonFields maps the member names encoding/json decodes into t's fields
// (embedded structs' fields included) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				for k, v := range jsonFields(et) {
					if _, dup := out[k]; !dup {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

// lookup finds key as encoding/json does: exactly, else ignoring case.
func lookup(fields map[string]reflect.Type, key string) (reflect.Type, bool) {
	if t, ok := fields[key]; ok {
		return t, true
	}
	for name, t := range fields {
		if strings.EqualFold(name, key) {
			return t, true
		}
	}
	return nil, false
}
