package awssdk

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/stepd/stepd/jsonv"
)

// The codec between Step Functions' JSON (PascalCase member names, as the
// service APIs name them) and aws-sdk-go-v2's generated shapes, by
// reflection, so one piece of code serves every operation of every
// included client. Conventions, where Step Functions does not say:
//   - timestamps: RFC 3339 strings or epoch seconds in; RFC 3339 out;
//   - blobs ([]byte): base64 strings in and out, except that a JSON object
//     or array given for a blob is sent as its JSON text;
//   - streams (S3 bodies): a string is sent as is, any other value as its
//     JSON text; a streamed answer comes back as a string;
//   - unions (DynamoDB AttributeValue): {"S": "x"} ↔ AttributeValueMemberS.

// maxStreamBytes bounds a streamed answer read into a task result: more
// than a task result may hold (256 KiB) is useless to read.
const maxStreamBytes = 256 * 1024

// unionMembers lists, per union interface, its members by JSON key.
var unionMembers = map[reflect.Type]map[string]reflect.Type{
	reflect.TypeFor[types.AttributeValue](): {
		"B": reflect.TypeFor[types.AttributeValueMemberB](), "BOOL": reflect.TypeFor[types.AttributeValueMemberBOOL](),
		"BS": reflect.TypeFor[types.AttributeValueMemberBS](), "L": reflect.TypeFor[types.AttributeValueMemberL](),
		"M": reflect.TypeFor[types.AttributeValueMemberM](), "N": reflect.TypeFor[types.AttributeValueMemberN](),
		"NS": reflect.TypeFor[types.AttributeValueMemberNS](), "NULL": reflect.TypeFor[types.AttributeValueMemberNULL](),
		"S": reflect.TypeFor[types.AttributeValueMemberS](), "SS": reflect.TypeFor[types.AttributeValueMemberSS](),
	},
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	readerType = reflect.TypeFor[io.Reader]()
	bytesType  = reflect.TypeFor[[]byte]()
)

// decodeError is a parameter that does not fit the API's shape.
type decodeError struct{ path, msg string }

func (e *decodeError) Error() string { return "the field " + e.path + " " + e.msg }

// decodeInput fills a new *T (t is the pointer type) from the Task's
// parameters.
func decodeInput(params jsonv.Value, t reflect.Type) (reflect.Value, error) {
	v := reflect.New(t.Elem())
	if params == nil {
		return v, nil
	}
	if err := decode(params, v.Elem(), "$"); err != nil {
		return reflect.Value{}, err
	}
	return v, nil
}

func decode(j jsonv.Value, v reflect.Value, path string) error {
	if j == nil {
		return nil // absent and null are the same to the SDK
	}
	t := v.Type()
	bad := func(want string) error {
		return &decodeError{path, fmt.Sprintf("must be %s, not %s", want, jsonv.KindOf(j))}
	}
	switch {
	case t == timeType:
		switch x := j.(type) {
		case string:
			tm, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return &decodeError{path, "must be an ISO 8601 timestamp (2006-01-02T15:04:05Z), not " + strconv.Quote(x)}
			}
			v.Set(reflect.ValueOf(tm))
		case jsonv.Number:
			f := x.Float64()
			sec, frac := math.Modf(f)
			v.Set(reflect.ValueOf(time.Unix(int64(sec), int64(frac*1e9)).UTC()))
		default:
			return bad("a timestamp")
		}
		return nil
	case t == bytesType:
		switch x := j.(type) {
		case string:
			b, err := base64.StdEncoding.DecodeString(x)
			if err != nil {
				return &decodeError{path, "must be base64-encoded"}
			}
			v.SetBytes(b)
		case *jsonv.Object, []jsonv.Value:
			v.SetBytes(jsonv.Marshal(x))
		default:
			return bad("a base64 string")
		}
		return nil
	case t == readerType:
		if s, ok := j.(string); ok {
			v.Set(reflect.ValueOf(strings.NewReader(s)))
		} else {
			v.Set(reflect.ValueOf(bytes.NewReader(jsonv.Marshal(j))))
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := decode(j, p.Elem(), path); err != nil {
			return err
		}
		v.Set(p)
	case reflect.Struct:
		o, ok := j.(*jsonv.Object)
		if !ok {
			return bad("an object")
		}
		for _, m := range o.Members() {
			f, ok := t.FieldByName(m.Key)
			if !ok || !f.IsExported() || f.Name == "ResultMetadata" || len(f.Index) != 1 {
				return &decodeError{path + "." + m.Key, "is not a member of " + strings.TrimSuffix(t.Name(), "Input")}
			}
			if err := decode(m.Value, v.FieldByIndex(f.Index), path+"."+m.Key); err != nil {
				return err
			}
		}
	case reflect.String:
		s, ok := j.(string)
		if !ok {
			return bad("a string")
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := j.(bool)
		if !ok {
			return bad("a boolean")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := j.(jsonv.Number)
		if !ok {
			return bad("a number")
		}
		i, ok := n.Int64()
		if !ok || v.OverflowInt(i) {
			return &decodeError{path, "must be an integer in range, not " + string(n)}
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		n, ok := j.(jsonv.Number)
		if !ok {
			return bad("a number")
		}
		v.SetFloat(n.Float64())
	case reflect.Slice:
		a, ok := j.([]jsonv.Value)
		if !ok {
			return bad("an array")
		}
		s := reflect.MakeSlice(t, len(a), len(a))
		for i, e := range a {
			if err := decode(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
	case reflect.Map:
		o, ok := j.(*jsonv.Object)
		if !ok || t.Key().Kind() != reflect.String {
			return bad("an object")
		}
		mv := reflect.MakeMapWithSize(t, o.Len())
		for _, m := range o.Members() {
			e := reflect.New(t.Elem()).Elem()
			if err := decode(m.Value, e, path+"."+m.Key); err != nil {
				return err
			}
			mv.SetMapIndex(reflect.ValueOf(m.Key).Convert(t.Key()), e)
		}
		v.Set(mv)
	case reflect.Interface:
		members, ok := unionMembers[t]
		if !ok {
			return &decodeError{path, "has a type stepd cannot send (" + t.String() + ")"}
		}
		o, ok := j.(*jsonv.Object)
		if !ok || o.Len() != 1 {
			return &decodeError{path, "must be an object with exactly one member (" + strings.Join(slices.Sorted(maps.Keys(members)), ", ") + ")"}
		}
		m := o.Members()[0]
		mt, ok := members[m.Key]
		if !ok {
			return &decodeError{path, "has an unknown member " + strconv.Quote(m.Key) + " (want one of " + strings.Join(slices.Sorted(maps.Keys(members)), ", ") + ")"}
		}
		mv := reflect.New(mt)
		if err := decode(m.Value, mv.Elem().FieldByName("Value"), path+"."+m.Key); err != nil {
			return err
		}
		v.Set(mv)
	default:
		return &decodeError{path, "has a type stepd cannot send (" + t.String() + ")"}
	}
	return nil
}

// encodeOutput turns an operation's output into JSON with the API's
// member names, leaving out ResultMetadata and members the service did
// not return.
func encodeOutput(v reflect.Value) (jsonv.Value, error) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return jsonv.NewObject(0), nil
	}
	j, err := encode(v)
	if j == nil && err == nil {
		return jsonv.NewObject(0), nil
	}
	return j, err
}

// encode returns nil for an absent value.
func encode(v reflect.Value) (jsonv.Value, error) {
	t := v.Type()
	switch {
	case t == timeType:
		return v.Interface().(time.Time).UTC().Format(time.RFC3339Nano), nil
	case t == bytesType:
		if v.IsNil() {
			return nil, nil
		}
		return base64.StdEncoding.EncodeToString(v.Bytes()), nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil, nil
		}
		return encode(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		if r, ok := v.Interface().(io.Reader); ok {
			b, err := io.ReadAll(io.LimitReader(r, maxStreamBytes+1))
			if c, ok := r.(io.Closer); ok {
				c.Close()
			}
			return string(b), err
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		// A union member (AttributeValueMemberS): {"S": Value}.
		if _, key, ok := strings.Cut(e.Type().Name(), "Member"); ok && e.Kind() == reflect.Struct {
			if f := e.FieldByName("Value"); f.IsValid() {
				inner, err := encode(f)
				if err != nil {
					return nil, err
				}
				return jsonv.ObjectOf(key, inner), nil
			}
		}
		return encode(e)
	case reflect.Struct:
		o := jsonv.NewObject(t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" {
				continue
			}
			j, err := encode(v.Field(i))
			if err != nil {
				return nil, err
			}
			if j != nil {
				o.Set(f.Name, j)
			}
		}
		return o, nil
	case reflect.String:
		if v.String() == "" && t.PkgPath() != "" {
			return nil, nil // an enum's zero value is "not returned"
		}
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return jsonv.Int(v.Int()), nil
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return jsonv.Number(strconv.FormatUint(v.Uint(), 10)), nil
	case reflect.Float32, reflect.Float64:
		return jsonv.Float(v.Float()), nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		a := make([]jsonv.Value, v.Len())
		for i := range a {
			e, err := encode(v.Index(i))
			if err != nil {
				return nil, err
			}
			a[i] = e
		}
		return a, nil
	case reflect.Map:
		if v.IsNil() {
			return nil, nil
		}
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		slices.Sort(keys) // Go maps have no order; sorted is at least stable
		o := jsonv.NewObject(len(keys))
		for _, k := range keys {
			e, err := encode(v.MapIndex(reflect.ValueOf(k).Convert(t.Key())))
			if err != nil {
				return nil, err
			}
			if e == nil {
				e = jsonv.Value(nil)
			}
			o.Set(k, e)
		}
		return o, nil
	}
	return nil, fmt.Errorf("stepd cannot encode a %s", t)
}
