package interp

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"math"
	"time"

	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/intrinsic"
	"github.com/stepd/stepd/query/jsonata"
)

// machineOptions are the JSONata options of one decision: the time of the
// input for $now() and $millis(), randomness drawn from the execution's
// seeded source, and the Step Functions functions.
func machineOptions(now time.Time, fns map[string]jsonata.Function, rng *intrinsic.SplitMix64) jsonata.Options {
	return jsonata.Options{
		NowMillis: now.UnixMilli(),
		Random:    func() float64 { return float64(rng.Uint64()>>11) / (1 << 53) },
		Functions: fns,
		MaxSteps:  1_000_000,
	}
}

func fnError(msg string) error {
	return &jsonata.Error{Code: "D3137", Message: msg, Position: -1}
}

// stepFunctions returns the functions AWS adds to JSONata in Step
// Functions ("Step Functions JSONata functions" in the developer guide).
func stepFunctions(rng *intrinsic.SplitMix64) map[string]jsonata.Function {
	// Signatures are checked here rather than with Function.Signature:
	// query/jsonata parses a signature on every evaluation.
	return map[string]jsonata.Function{
		// "All built-in JSONata functions ... are supported, with one
		// exception: $eval is not available—use $parse instead."
		"eval": {Call: func([]jsonv.Value) (jsonv.Value, bool, error) {
			return nil, false, &jsonata.Error{Code: "T1006", Message: "Attempted to invoke a non-function", Position: -1}
		}},
		"partition": {Call: checked("partition", "an", partition)},
		"range":     {Call: checked("range", "nnn", rangeFn)},
		"hash":      {Call: checked("hash", "ss", hashFn)},
		"random": {Call: func(args []jsonv.Value) (jsonv.Value, bool, error) {
			if len(args) > 0 && args[0] != jsonata.Undefined {
				n, ok := args[0].(jsonv.Number)
				if !ok || len(args) > 1 {
					return nil, false, signatureError("random", 1)
				}
				seed, isInt := n.Int64()
				if !isInt {
					seed = int64(n.Float64())
				}
				return jsonv.Float(javaNextDouble(seed)), true, nil
			}
			return jsonv.Float(float64(rng.Uint64()>>11) / (1 << 53)), true, nil
		}},
		"uuid": {Call: func(args []jsonv.Value) (jsonv.Value, bool, error) {
			if len(args) > 0 {
				return nil, false, signatureError("uuid", 1)
			}
			return uuid4(rng.Uint64(), rng.Uint64()), true, nil
		}},
		"parse": {Call: checked("parse", "s", func(args []jsonv.Value) (jsonv.Value, bool, error) {
			v, err := jsonv.Parse([]byte(args[0].(string)))
			if err != nil {
				return nil, false, fnError("The argument of $parse is not valid JSON: " + err.Error())
			}
			return v, true, nil
		})},
	}
}

// checked wraps a function whose arguments must have the given types
// (a: array, n: number, s: string), as a JSONata signature would.
func checked(name, types string, call func([]jsonv.Value) (jsonv.Value, bool, error)) func([]jsonv.Value) (jsonv.Value, bool, error) {
	return func(args []jsonv.Value) (jsonv.Value, bool, error) {
		if len(args) > len(types) {
			return nil, false, signatureError(name, len(types)+1)
		}
		args = append([]jsonv.Value(nil), args...)
		for i := 0; i < len(types); i++ {
			if i >= len(args) || args[i] == jsonata.Undefined {
				return nil, false, nil // a missing argument gives nothing
			}
			var ok bool
			if i < len(args) {
				switch types[i] {
				case 'a':
					// As a JSONata signature: a single value is an array
					// of one (a path that matched once), nothing is nothing.
					if args[i] == jsonata.Undefined {
						return nil, false, nil
					}
					if _, isArr := args[i].([]jsonv.Value); !isArr {
						args[i] = []jsonv.Value{args[i]}
					}
					ok = true
				case 'n':
					_, ok = args[i].(jsonv.Number)
				case 's':
					_, ok = args[i].(string)
				}
			}
			if !ok {
				return nil, false, signatureError(name, i+1)
			}
		}
		return call(args)
	}
}

// signatureError is jsonata's T0410 for an argument of the wrong type.
func signatureError(name string, index int) error {
	return &jsonata.Error{Code: "T0410", Message: "Argument " + itoa(int64(index)) + " of function \"" + name + "\" does not match function signature", Position: -1}
}

// The behaviours below are AWS's, as observed: non-integer arguments are
// truncated toward zero; a chunk size below one, an empty array, a missing
// step or one whose sign disagrees with the direction give nothing (the
// field then fails with States.QueryEvaluationError); a one-element range
// is the bare number.

func partition(args []jsonv.Value) (jsonv.Value, bool, error) {
	arr := args[0].([]jsonv.Value)
	size := int(math.Trunc(args[1].(jsonv.Number).Float64()))
	if size <= 0 || len(arr) == 0 {
		return nil, false, nil
	}
	out := make([]jsonv.Value, 0, (len(arr)+size-1)/size)
	for i := 0; i < len(arr); i += size {
		end := min(i+size, len(arr))
		out = append(out, append([]jsonv.Value(nil), arr[i:end]...))
	}
	return out, true, nil
}

// maxRangeItems is the largest $range AWS returns (360,145 items); one
// more fails with its memory-limit error.
const maxRangeItems = 360_145

func rangeFn(args []jsonv.Value) (jsonv.Value, bool, error) {
	start := math.Trunc(args[0].(jsonv.Number).Float64())
	end := math.Trunc(args[1].(jsonv.Number).Float64())
	step := math.Trunc(args[2].(jsonv.Number).Float64())
	if step == 0 || math.IsNaN(step) || (step > 0 && start > end) || (step < 0 && start < end) {
		return nil, false, nil
	}
	if math.Floor((end-start)/step)+1 > maxRangeItems {
		return nil, false, &jsonata.Error{Code: "D3137", Message: "Expression evaluation memory limit exceeded", Position: -1}
	}
	var out []jsonv.Value
	for x := start; (step > 0 && x <= end) || (step < 0 && x >= end); x += step {
		out = append(out, jsonv.Float(x))
	}
	if len(out) == 1 {
		return out[0], true, nil
	}
	return out, true, nil
}

func hashFn(args []jsonv.Value) (jsonv.Value, bool, error) {
	s, _ := args[0].(string)
	alg, _ := args[1].(string)
	var h hash.Hash
	switch alg {
	case "MD5":
		h = md5.New()
	case "SHA-1":
		h = sha1.New()
	case "SHA-256":
		h = sha256.New()
	case "SHA-384":
		h = sha512.New384()
	case "SHA-512":
		h = sha512.New()
	default:
		return nil, false, fnError("The hash algorithm '" + alg + "' is not supported: use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
	}
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil)), true, nil
}

// javaNextDouble is the first nextDouble() of a java.util.Random seeded
// with seed, which is what AWS's $random(seed) returns.
func javaNextDouble(seed int64) float64 {
	const mult, mask = 0x5DEECE66D, (1 << 48) - 1
	s := (uint64(seed) ^ mult) & mask
	next := func(bits uint) uint64 {
		s = (s*mult + 0xB) & mask
		return s >> (48 - bits)
	}
	hi := next(26)
	lo := next(27)
	return float64(hi<<27+lo) / (1 << 53)
}

// uuid4 formats 128 random bits as a version 4 UUID.
func uuid4(a, b uint64) string {
	var u [16]byte
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	x := hex.EncodeToString(u[:])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}
