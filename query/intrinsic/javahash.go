package intrinsic

import (
	"math"
	"math/bits"
	"unicode/utf16"

	"github.com/stepd/stepd/jsonv"
)

// AWS runs States.ArrayUnique through a java.util.HashSet of Jackson nodes:
// the result comes out in hash-bucket order, not first-seen order (AWS
// returns [false, true] for [true, false, true] and [[2,1],[1,2]] for
// [[1,2],[1,2],[2,1]]). javaUnique reproduces that order from Jackson's
// hash codes and HashMap's bucket layout.
func javaUnique(a []jsonv.Value) []jsonv.Value {
	capacity := 16
	if need := int(float32(len(a))/0.75) + 1; need > capacity {
		capacity = 1 << bits.Len(uint(need-1))
	}
	buckets := make(map[int][]jsonv.Value, len(a))
	order := make([]int, 0, len(a))
	count := 0
next:
	for _, v := range a {
		h := javaHash(v)
		b := int((h ^ (h >> 16)) & uint32(capacity-1))
		for _, seen := range buckets[b] {
			if jacksonEqual(seen, v) {
				continue next
			}
		}
		if len(buckets[b]) == 0 {
			order = append(order, b)
		}
		buckets[b] = append(buckets[b], v)
		count++
	}
	sortInts(order)
	out := make([]jsonv.Value, 0, count)
	for _, b := range order {
		out = append(out, buckets[b]...)
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// javaHash is the hashCode of the Jackson node Jackson parses v into.
func javaHash(v jsonv.Value) uint32 {
	switch x := v.(type) {
	case nil:
		return 0 // AWS puts null before 1 in [null, null, 1, null]
	case bool:
		if x {
			return 3
		}
		return 1
	case string:
		var h uint32
		for _, u := range utf16.Encode([]rune(x)) {
			h = 31*h + uint32(u)
		}
		return h
	case jsonv.Number:
		if x.IsInteger() {
			if i, ok := x.Int64(); ok {
				if i >= math.MinInt32 && i <= math.MaxInt32 {
					return uint32(int32(i)) // IntNode
				}
				return uint32(uint64(i) ^ uint64(i)>>32) // LongNode
			}
			return 0 // BigIntegerNode: rare; any bucket keeps the result correct
		}
		b := math.Float64bits(x.Float64()) // DoubleNode
		return uint32(b ^ b>>32)
	case []jsonv.Value:
		h := uint32(1)
		for _, e := range x {
			h = 31*h + javaHash(e)
		}
		return h
	case *jsonv.Object:
		var h uint32
		for _, m := range x.Members() {
			h += javaHash(m.Key) ^ javaHash(m.Value)
		}
		return h
	}
	return 0
}

// jacksonEqual is JsonNode.equals: integers and floating-point numbers are
// different nodes, objects compare without regard to member order.
func jacksonEqual(a, b jsonv.Value) bool {
	x, ok1 := a.(jsonv.Number)
	y, ok2 := b.(jsonv.Number)
	if ok1 && ok2 {
		return x.IsInteger() == y.IsInteger() && x.Float64() == y.Float64()
	}
	switch x := a.(type) {
	case []jsonv.Value:
		y, ok := b.([]jsonv.Value)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jacksonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case *jsonv.Object:
		y, ok := b.(*jsonv.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, m := range x.Members() {
			w, ok := y.Get(m.Key)
			if !ok || !jacksonEqual(m.Value, w) {
				return false
			}
		}
		return true
	}
	return jsonv.Equal(a, b)
}
