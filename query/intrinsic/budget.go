package intrinsic

import "github.com/stepd/stepd/jsonv"

// MaxTextResult bounds the text an intrinsic may build (States.Format,
// States.JsonToString, States.Hash of a non-string). Values share subtrees,
// so States.JsonToString(States.Array($, $, …)) could otherwise ask for
// gigabytes from a small definition; AWS caps payloads at 256 KiB anyway.
const MaxTextResult = 1 << 20

// sizeWithin reports whether the JSON encoding of v is at most limit bytes,
// visiting no more than about limit values to find out.
func sizeWithin(v jsonv.Value, limit int) bool { return remaining(v, limit) >= 0 }

// remaining returns budget less the encoded size of v, stopping early (with
// a negative result) once the budget is spent.
func remaining(v jsonv.Value, budget int) int {
	countSize(v, &budget)
	return budget
}

func countSize(v jsonv.Value, left *int) bool {
	switch x := v.(type) {
	case string:
		*left -= len(x) + 2
	case jsonv.Number:
		*left -= len(x)
	case bool:
		*left -= 5
	case nil:
		*left -= 4
	case []jsonv.Value:
		*left -= 2 + len(x)
		for _, e := range x {
			if *left < 0 || !countSize(e, left) {
				return false
			}
		}
	case *jsonv.Object:
		*left -= 2
		for _, m := range x.Members() {
			*left -= len(m.Key) + 4
			if *left < 0 || !countSize(m.Value, left) {
				return false
			}
		}
	}
	return *left >= 0
}
