package cli

import (
	"testing"
)

func TestYAMLToJSONKeepsOrderAndPositions(t *testing.T) {
	src := `StartAt: Hello
States:
  Hello:
    Type: Pass
    Result: {b: 1, a: 2.50, c: [true, null, "x"]}
    End: true
`
	got, pos, err := yamlToJSON([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"StartAt":"Hello","States":{"Hello":{"Type":"Pass","Result":{"b":1,"a":2.50,"c":[true,null,"x"]},"End":true}}}`
	if string(got) != want {
		t.Errorf("json = %s\nwant   %s", got, want)
	}
	if p := pos["/States/Hello/End"]; p != (position{6, 10}) {
		t.Errorf("position of End = %+v", p)
	}
}

func TestYAMLAliasBombHitsDepthBudget(t *testing.T) {
	src := "a: &a [x]\n"
	prev := "a"
	for i := 0; i < 600; i++ {
		name := "n" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))
		src += name + ": &" + name + " [*" + prev + "]\n"
		prev = name
	}
	if _, _, err := yamlToJSON([]byte(src)); err == nil {
		t.Fatal("want a depth error")
	}
}

func TestYAMLBillionLaughsHitsNodeBudget(t *testing.T) {
	src := "a: [x,x,x,x,x,x,x,x,x,x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += name + ": &" + name + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n"
		prev = name
	}
	src = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + src[len("a: [x,x,x,x,x,x,x,x,x,x]\n"):]
	if _, _, err := yamlToJSON([]byte(src)); err == nil {
		t.Fatal("want a size error")
	}
}
