package vtab

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Columns the API gives as they are are read from the fields the answer
// was decoded into (declare finds each by its json tag); their Go type says
// how a value becomes SQL: integers and text as they are, NULL for a field
// the answer left out or gave as null, apiTime as the contract's UTC
// timestamp, booleans as 0/1, string lists and the valuer types as JSON.

// apiTime is a timestamp as the API writes it (RFC 3339, with any offset).
// It is kept as text and converted only when its column is read.
type apiTime string

// timestampLayout is how every table writes a timestamp.
const timestampLayout = "2006-01-02T15:04:05Z"

// parse returns the time, ok false when it is absent or no RFC 3339 time.
func (t *apiTime) parse() (time.Time, bool) {
	if t == nil || *t == "" {
		return time.Time{}, false
	}
	v, err := time.Parse(time.RFC3339, string(*t))
	return v, err == nil && !v.IsZero()
}

// value is the time in UTC with second precision, as every table writes
// it. A time whose UTC year has no four digits (an offset pushing
// 9999-12-31 past the year's end) has no such form, and SQLite's date
// functions could not read it: it is NULL, as a time the API does not know.
func (t *apiTime) value() Value {
	v, ok := t.parse()
	if !ok {
		return nil
	}
	u := v.UTC()
	if u.Year() < 0 || u.Year() > 9999 {
		return nil
	}
	return u.Format(timestampLayout)
}

// seconds is to - from in whole seconds, NULL when either is unknown.
func seconds(from, to *apiTime) Value {
	a, ok1 := from.parse()
	b, ok2 := to.parse()
	if !ok1 || !ok2 {
		return nil
	}
	return b.Unix() - a.Unix()
}

// account is a user as the API nests it in another object; its value is
// the login.
type account struct {
	Login string `json:"login"`
}

func (a *account) value() Value {
	if a == nil || a.Login == "" {
		return nil
	}
	return a.Login
}

// valuer is a field type that computes its own column value.
type valuer interface{ value() Value }

// derivedColumn returns how column name of table t is read from a row of
// type T: the row's repository for owner and repo, else the field tagged
// with the column's name.
func derivedColumn[T any](t *Table, name string) func(*T) Value {
	if t.Scope != NoScope && (name == "owner" || name == "repo") {
		return repoColumn[T](t, name)
	}
	typ := reflect.TypeFor[T]()
	field, ok := taggedField(typ, name)
	if !ok {
		panic(fmt.Sprintf("vtab: %s.%s is in schema.sql, but no value function or json field gives it", t.Name, name))
	}
	conv := converter(field.Type)
	if conv == nil {
		panic(fmt.Sprintf("vtab: %s.%s: no SQL value for a field of type %s", t.Name, name, field.Type))
	}
	return func(row *T) Value {
		v, err := reflect.ValueOf(row).Elem().FieldByIndexErr(field.Index)
		if err != nil {
			return nil // a nil embedded pointer: the object is absent
		}
		return conv(v)
	}
}

// inRepo is a row of a table of one repository's data.
type inRepo interface{ repository() Repo }

func repoColumn[T any](t *Table, name string) func(*T) Value {
	if _, ok := any(new(T)).(inRepo); !ok {
		panic(fmt.Sprintf("vtab: %s is a repository's table, but its rows have no repository method", t.Name))
	}
	if name == "owner" {
		return func(row *T) Value { return any(row).(inRepo).repository().Owner }
	}
	return func(row *T) Value {
		if name := any(row).(inRepo).repository().Name; name != "" {
			return name
		}
		return nil // an owner's own row (an organization's runner)
	}
}

// taggedField finds the field of typ, or of a struct it embeds, whose json
// tag names the column.
func taggedField(typ reflect.Type, name string) (reflect.StructField, bool) {
	for _, f := range reflect.VisibleFields(typ) {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.Anonymous && tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

var valuerType = reflect.TypeFor[valuer]()

// converter returns how a field of type typ becomes a column value, nil
// for a type no column can hold.
func converter(typ reflect.Type) func(reflect.Value) Value {
	switch {
	case typ.Implements(valuerType):
		return func(v reflect.Value) Value { return v.Interface().(valuer).value() }
	case reflect.PointerTo(typ).Implements(valuerType):
		return func(v reflect.Value) Value { return v.Addr().Interface().(valuer).value() }
	case typ.Kind() == reflect.Pointer:
		elem := converter(typ.Elem())
		if elem == nil {
			return nil
		}
		return func(v reflect.Value) Value {
			if v.IsNil() {
				return nil
			}
			return elem(v.Elem())
		}
	}
	switch typ.Kind() {
	case reflect.Int, reflect.Int64:
		return func(v reflect.Value) Value { return v.Int() }
	case reflect.String:
		return func(v reflect.Value) Value { return v.String() }
	case reflect.Bool:
		return func(v reflect.Value) Value { return boolean(v.Bool()) }
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.String {
			return func(v reflect.Value) Value { return jsonList(v.Interface().([]string)) }
		}
	}
	return nil
}

func boolean(b bool) Value {
	if b {
		return int64(1)
	}
	return int64(0)
}

// jsonList is a list as JSON array text; a list the API left out is [].
func jsonList[L ~[]E, E any](items L) Value {
	if items == nil {
		items = L{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil
	}
	return string(b)
}
