package jsonpath

import "github.com/stepd/stepd/jsonv"

// ApplyResultPath combines a state's input and result as ResultPath says:
// a nil path (ResultPath: null) discards the result and returns the input;
// "$" returns the result; any other reference path returns a copy of the
// input with the result stored at the path, creating missing intermediate
// objects. The input is never modified: only the objects and arrays along
// the path are copied, the rest is shared.
//
// When the path cannot be applied — the input (or a value on the way) is
// not an object, or an index is outside its array — the error is
// States.ResultPathMatchFailure.
func ApplyResultPath(input, result jsonv.Value, path *Path) (jsonv.Value, error) {
	if path == nil {
		return input, nil
	}
	if path.root != RootInput || !path.IsReference() {
		return nil, &Error{Name: ErrResultPathMatchFailure, Cause: "The ResultPath '" + path.src + "' is not a reference path into the state input"}
	}
	if len(path.steps) == 0 {
		return result, nil
	}
	out, failed := setAt(input, path.steps, result)
	if failed != nil {
		return nil, &Error{
			Name:  ErrResultPathMatchFailure,
			Cause: "Unable to apply step \"" + stepText(failed) + "\" to input " + jsonv.String(input),
		}
	}
	return out, nil
}

func stepText(s *step) string {
	if s.kind == stepIndex {
		return itoa(s.index)
	}
	return s.name
}

// setAt returns a copy of cur with v stored at steps, or the step that
// could not be applied.
func setAt(cur jsonv.Value, steps []step, v jsonv.Value) (jsonv.Value, *step) {
	s := &steps[0]
	switch s.kind {
	case stepField:
		obj, ok := cur.(*jsonv.Object)
		if !ok {
			return nil, s
		}
		if len(steps) == 1 {
			out := obj.Clone()
			out.Set(s.name, v)
			return out, nil
		}
		child, has := obj.Get(s.name)
		var next jsonv.Value
		if !has {
			fresh, failed := build(steps[1:], v)
			if failed != nil {
				return nil, failed
			}
			next = fresh
		} else {
			var failed *step
			next, failed = setAt(child, steps[1:], v)
			if failed != nil {
				return nil, failed
			}
		}
		out := obj.Clone()
		out.Set(s.name, next)
		return out, nil
	case stepIndex:
		arr, ok := cur.([]jsonv.Value)
		if !ok {
			return nil, s
		}
		idx := normIndex(s.index, len(arr))
		if idx < 0 {
			return nil, s
		}
		next := v
		if len(steps) > 1 {
			var failed *step
			next, failed = setAt(arr[idx], steps[1:], v)
			if failed != nil {
				return nil, failed
			}
		}
		out := make([]jsonv.Value, len(arr))
		copy(out, arr)
		out[idx] = next
		return out, nil
	}
	return nil, s
}

// build makes the nested objects for steps that do not exist yet; an index
// step has no array to index into.
func build(steps []step, v jsonv.Value) (jsonv.Value, *step) {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].kind != stepField {
			return nil, &steps[i]
		}
		o := jsonv.NewObject(1)
		o.Set(steps[i].name, v)
		v = o
	}
	return v, nil
}
