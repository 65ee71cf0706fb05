package asl

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWalk(t *testing.T) {
	sm := mustParseFile(t, "nested_parallel_map")
	var got []string
	Walk(sm, func(st State, sc *Scope) bool {
		got = append(got, st.Common().Name+"@"+sc.Pointer)
		return true
	})
	want := []string{"Outer@", "InnerMap@/States/Outer/Branches/0", "Leaf@/States/Outer/Branches/0/States/InnerMap/ItemProcessor"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	got = nil
	Walk(sm, func(st State, sc *Scope) bool {
		got = append(got, st.Common().Name)
		return false
	})
	if diff := cmp.Diff([]string{"Outer"}, got); diff != "" {
		t.Errorf("pruned walk (-want +got):\n%s", diff)
	}
	Walk(nil, nil)
}
