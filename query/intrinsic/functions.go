package intrinsic

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/jsonv"
)

type function struct {
	name             string
	minArgs, maxArgs int // maxArgs < 0: no upper bound
	eval             func(c *Call, vals []jsonv.Value, env *Env) (jsonv.Value, error)
}

// functions are the 18 intrinsics of the JSONPath query language, by name.
var functions = indexFunctions([]*function{
	{"States.Format", 1, -1, func(c *Call, v []jsonv.Value, _ *Env) (jsonv.Value, error) { return evalFormat(c, v) }},
	{"States.StringToJson", 1, 1, stringToJSON},
	{"States.JsonToString", 1, 1, jsonToString},
	{"States.Array", 0, -1, array},
	{"States.ArrayPartition", 2, 2, arrayPartition},
	{"States.ArrayContains", 2, 2, arrayContains},
	{"States.ArrayRange", 3, 3, arrayRange},
	{"States.ArrayGetItem", 2, 2, arrayGetItem},
	{"States.ArrayLength", 1, 1, arrayLength},
	{"States.ArrayUnique", 1, 1, arrayUnique},
	{"States.Base64Encode", 1, 1, base64Encode},
	{"States.Base64Decode", 1, 1, base64Decode},
	{"States.Hash", 2, 2, hashFn},
	{"States.JsonMerge", 3, 3, jsonMerge},
	{"States.MathRandom", 2, 3, mathRandom},
	{"States.MathAdd", 2, 2, mathAdd},
	{"States.StringSplit", 2, 2, stringSplit},
	{"States.UUID", 0, 0, uuid},
})

func indexFunctions(list []*function) map[string]*function {
	m := make(map[string]*function, len(list))
	for _, f := range list {
		m[f.name] = f
	}
	return m
}

// Names lists the intrinsic function names, for editors and diagnostics.
func Names() []string {
	return []string{
		"States.Format", "States.StringToJson", "States.JsonToString", "States.Array",
		"States.ArrayPartition", "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem",
		"States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode",
		"States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
		"States.StringSplit", "States.UUID",
	}
}

// MaxArrayRange is the most elements States.ArrayRange may produce.
const MaxArrayRange = 1000

// MaxEncodeInput bounds the input of States.Base64Encode, States.Base64Decode
// and States.Hash, in characters (UTF-16 code units, as Java counts them).
const MaxEncodeInput = 10000

var ordinals = [...]string{"first", "second", "third", "fourth"}

func ordinal(i int) string {
	if i < len(ordinals) {
		return ordinals[i]
	}
	return "argument " + itoa(i+1)
}

// number reads argument i as a float64.
func number(c *Call, vals []jsonv.Value, i int, what string) (float64, error) {
	n, ok := vals[i].(jsonv.Number)
	if !ok {
		return 0, invalid(c, "the "+ordinal(i)+" argument ("+what+") must be a number, got "+kindName(vals[i]))
	}
	f := n.Float64()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, invalid(c, "the "+ordinal(i)+" argument ("+what+") is out of range")
	}
	return f, nil
}

// javaInt converts like Java's (int) cast: truncation toward zero, saturating
// at the int32 bounds. AWS truncates fractional arguments of ArrayRange,
// ArrayPartition and MathRandom this way.
func javaInt(f float64) int64 {
	f = math.Trunc(f)
	if f > math.MaxInt32 {
		return math.MaxInt32
	}
	if f < math.MinInt32 {
		return math.MinInt32
	}
	return int64(f)
}

// javaRound is Java's Math.round: the nearest integer, halves toward +∞.
// AWS rounds States.MathAdd operands this way (1.49+1.5 = 3, -1.5+-1.51 = -3).
func javaRound(f float64) int64 {
	r := math.Floor(f + 0.5)
	if r >= math.MaxInt64 {
		return math.MaxInt64
	}
	if r <= math.MinInt64 {
		return math.MinInt64
	}
	return int64(r)
}

func stringArg(c *Call, vals []jsonv.Value, i int, what string) (string, error) {
	s, ok := vals[i].(string)
	if !ok {
		return "", invalid(c, "the "+ordinal(i)+" argument ("+what+") must be a string, got "+kindName(vals[i]))
	}
	return s, nil
}

func arrayArg(c *Call, vals []jsonv.Value, i int) ([]jsonv.Value, error) {
	a, ok := vals[i].([]jsonv.Value)
	if !ok {
		return nil, invalid(c, "the "+ordinal(i)+" argument must be an array, got "+kindName(vals[i]))
	}
	return a, nil
}

func stringToJSON(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	s, err := stringArg(c, vals, 0, "JSON text")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(s) == "" {
		return nil, nil // observed on AWS: the empty string parses to null
	}
	v, perr := jsonv.Parse([]byte(s))
	if perr != nil {
		return nil, invalid(c, "the argument is not valid JSON: "+perr.Error())
	}
	return v, nil
}

func jsonToString(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	if !sizeWithin(vals[0], MaxTextResult) {
		return nil, invalid(c, "the text would be longer than "+itoa(MaxTextResult)+" bytes")
	}
	return jsonv.String(vals[0]), nil
}

func array(_ *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	out := make([]jsonv.Value, len(vals))
	copy(out, vals)
	return out, nil
}

func arrayPartition(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := arrayArg(c, vals, 0)
	if err != nil {
		return nil, err
	}
	f, err := number(c, vals, 1, "chunk size")
	if err != nil {
		return nil, err
	}
	size := javaInt(f)
	if size <= 0 {
		return nil, invalid(c, "the chunk size must be a positive integer")
	}
	out := make([]jsonv.Value, 0, (int64(len(a))+size-1)/size)
	for i := 0; i < len(a); {
		j := min(int64(len(a)), int64(i)+size)
		out = append(out, a[i:j:j])
		i = int(j)
	}
	return out, nil
}

func arrayContains(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := arrayArg(c, vals, 0)
	if err != nil {
		return nil, err
	}
	for _, e := range a {
		if sameText(e, vals[1]) {
			return true, nil
		}
	}
	return false, nil
}

// sameText is the equality AWS's States.ArrayContains shows: values compare
// as their Java text, so the string "true" matches true and the string
// "9007199254740991" matches that number, while objects must have the same
// members in the same order. Numbers compare by value.
func sameText(a, b jsonv.Value) bool {
	switch x := a.(type) {
	case *jsonv.Object:
		y, ok := b.(*jsonv.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		ym := y.Members()
		for i, m := range x.Members() {
			if m.Key != ym[i].Key || !sameText(m.Value, ym[i].Value) {
				return false
			}
		}
		return true
	case []jsonv.Value:
		y, ok := b.([]jsonv.Value)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameText(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	switch b.(type) {
	case *jsonv.Object, []jsonv.Value:
		return false
	}
	if x, ok := a.(jsonv.Number); ok {
		if y, ok := b.(jsonv.Number); ok {
			return jsonv.Equal(x, y)
		}
	}
	return scalarText(a) == scalarText(b)
}

func scalarText(v jsonv.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case jsonv.Number:
		return string(x)
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return "null"
}

func arrayRange(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	var n [3]int64
	for i, what := range [...]string{"start", "end", "step"} {
		f, err := number(c, vals, i, what)
		if err != nil {
			return nil, err
		}
		n[i] = javaInt(f)
	}
	start, end, step := n[0], n[1], n[2]
	if step == 0 {
		return nil, invalid(c, "the step must not be 0")
	}
	count := int64(0)
	if step > 0 && end >= start || step < 0 && end <= start {
		count = (end-start)/step + 1
	}
	if count > MaxArrayRange {
		return nil, invalid(c, "the range has "+itoa(int(count))+" elements, more than "+itoa(MaxArrayRange))
	}
	out := make([]jsonv.Value, count)
	for i := range out {
		out[i] = jsonv.Int(start + int64(i)*step)
	}
	return out, nil
}

func arrayGetItem(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := arrayArg(c, vals, 0)
	if err != nil {
		return nil, err
	}
	f, err := number(c, vals, 1, "index")
	if err != nil {
		return nil, err
	}
	i := javaInt(f)
	if len(a) == 0 && i >= 0 {
		// Observed on AWS: any index into an empty array gives null, while
		// an index past the end of a non-empty array fails.
		return nil, nil
	}
	if i < 0 || i >= int64(len(a)) {
		return nil, invalid(c, "the index "+itoa(int(i))+" is outside the array of length "+itoa(len(a)))
	}
	return a[i], nil
}

func arrayLength(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := arrayArg(c, vals, 0)
	if err != nil {
		return nil, err
	}
	return jsonv.Int(int64(len(a))), nil
}

func arrayUnique(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := arrayArg(c, vals, 0)
	if err != nil {
		return nil, err
	}
	return javaUnique(a), nil
}

// javaLength counts UTF-16 code units, as Java's String.length does.
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

func limitedString(c *Call, vals []jsonv.Value, i int, what string) (string, error) {
	s, err := stringArg(c, vals, i, what)
	if err != nil {
		return "", err
	}
	if len(s) > MaxEncodeInput && javaLength(s) > MaxEncodeInput {
		return "", invalid(c, "the "+what+" is longer than "+itoa(MaxEncodeInput)+" characters")
	}
	return s, nil
}

func base64Encode(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	s, err := limitedString(c, vals, 0, "input")
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.EncodeToString([]byte(s)), nil
}

func base64Decode(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	s, err := limitedString(c, vals, 0, "input")
	if err != nil {
		return nil, err
	}
	b := lenientBase64(s)
	if !utf8.Valid(b) {
		// Java decodes the bytes as UTF-8, replacing malformed input.
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	return string(b), nil
}

// lenientBase64 decodes like Apache Commons Codec, which is what AWS's
// observed behaviour matches: characters outside the alphabet (blanks,
// '!') are skipped, the first '=' ends the input, missing padding is
// fine, and a lone trailing character is dropped. AWS decodes
// "!!!invalid!!!", "abc" and " YWJjZA== " rather than failing.
func lenientBase64(s string) []byte {
	out := make([]byte, 0, len(s)*3/4+2)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			i = len(s)
			continue
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return out
}

var hashes = map[string]func() hash.Hash{
	"MD5":     md5.New,
	"SHA-1":   sha1.New,
	"SHA-256": sha256.New,
	"SHA-384": sha512.New384,
	"SHA-512": sha512.New,
}

// hashFn hashes a string as it is and any other value as its JSON text:
// AWS accepts numbers and objects as data.
func hashFn(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	data, ok := vals[0].(string)
	if !ok {
		if !sizeWithin(vals[0], MaxTextResult) {
			return nil, invalid(c, "the data is longer than "+itoa(MaxEncodeInput)+" characters")
		}
		data = jsonv.String(vals[0])
	}
	if len(data) > MaxEncodeInput && javaLength(data) > MaxEncodeInput {
		return nil, invalid(c, "the data is longer than "+itoa(MaxEncodeInput)+" characters")
	}
	alg, err := stringArg(c, vals, 1, "algorithm")
	if err != nil {
		return nil, err
	}
	newHash := hashes[alg]
	if newHash == nil {
		return nil, invalid(c, "the algorithm '"+alg+"' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512")
	}
	h := newHash()
	h.Write([]byte(data))
	return hex.EncodeToString(h.Sum(nil)), nil
}

func jsonMerge(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, ok1 := vals[0].(*jsonv.Object)
	b, ok2 := vals[1].(*jsonv.Object)
	if !ok1 || !ok2 {
		return nil, invalid(c, "the first two arguments must be JSON objects, got "+kindName(vals[0])+" and "+kindName(vals[1]))
	}
	if javaAsBoolean(vals[2]) {
		return nil, invalid(c, "deep merging is not supported: the third argument must be false")
	}
	out := a.Clone()
	for _, m := range b.Members() {
		out.Set(m.Key, m.Value)
	}
	return out, nil
}

// javaAsBoolean reads the deep-merge flag as Jackson's asBoolean does: AWS
// merges shallowly for a flag that is not a boolean (such as 'false').
func javaAsBoolean(v jsonv.Value) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return strings.TrimSpace(x) == "true"
	case jsonv.Number:
		i, ok := x.Int64()
		return ok && x.IsInteger() && i != 0
	}
	return false
}

func mathRandom(c *Call, vals []jsonv.Value, env *Env) (jsonv.Value, error) {
	fs, err := number(c, vals, 0, "start")
	if err != nil {
		return nil, err
	}
	fe, err := number(c, vals, 1, "end")
	if err != nil {
		return nil, err
	}
	start, end := javaInt(fs), javaInt(fe)
	if start >= end {
		return nil, invalid(c, "the start "+itoa(int(start))+" must be less than the end "+itoa(int(end)))
	}
	bound := end - start
	if bound > math.MaxInt32 {
		return nil, invalid(c, "the range from start to end is too large")
	}
	if len(vals) == 3 {
		fseed, err := number(c, vals, 2, "seed")
		if err != nil {
			return nil, err
		}
		r := newJavaRandom(javaLong(fseed))
		return jsonv.Int(start + int64(r.nextInt(int32(bound)))), nil
	}
	if env == nil || env.Rand == nil {
		return nil, &Error{Name: ErrRuntime, Cause: "Invalid arguments in States.MathRandom", Detail: "no source of randomness is configured"}
	}
	hi, _ := bits.Mul64(env.Rand.Uint64(), uint64(bound))
	return jsonv.Int(start + int64(hi)), nil
}

// javaLong converts like Java's (long) cast of a double.
func javaLong(f float64) int64 {
	f = math.Trunc(f)
	if f >= math.MaxInt64 {
		return math.MaxInt64
	}
	if f <= math.MinInt64 {
		return math.MinInt64
	}
	return int64(f)
}

// mathAdd adds two int32 values after rounding each as Java's Math.round
// does; AWS fails operands or sums outside the int32 range.
func mathAdd(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	a, err := number(c, vals, 0, "value")
	if err != nil {
		return nil, err
	}
	b, err := number(c, vals, 1, "step")
	if err != nil {
		return nil, err
	}
	x, y := javaRound(a), javaRound(b)
	for i, v := range [2]int64{x, y} {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return nil, invalid(c, "the "+ordinal(i)+" argument is outside the 32-bit integer range")
		}
	}
	sum := x + y
	if sum < math.MinInt32 || sum > math.MaxInt32 {
		return nil, invalid(c, "the sum is outside the 32-bit integer range")
	}
	return jsonv.Int(sum), nil
}

// stringSplit splits at every character of the splitter, dropping empty
// pieces as Java's StringTokenizer does.
func stringSplit(c *Call, vals []jsonv.Value, _ *Env) (jsonv.Value, error) {
	s, err := stringArg(c, vals, 0, "string")
	if err != nil {
		return nil, err
	}
	sep, err := stringArg(c, vals, 1, "splitter")
	if err != nil {
		return nil, err
	}
	out := make([]jsonv.Value, 0, 4)
	start := -1
	for i, r := range s {
		if strings.ContainsRune(sep, r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out, nil
}

func uuid(c *Call, _ []jsonv.Value, env *Env) (jsonv.Value, error) {
	if env == nil || env.Rand == nil {
		return nil, &Error{Name: ErrRuntime, Cause: "Invalid arguments in States.UUID", Detail: "no source of randomness is configured"}
	}
	var b [16]byte
	hi, lo := env.Rand.Uint64(), env.Rand.Uint64()
	for i := 0; i < 8; i++ {
		b[i] = byte(hi >> (56 - 8*i))
		b[8+i] = byte(lo >> (56 - 8*i))
	}
	return stepd.UUID(b), nil
}
