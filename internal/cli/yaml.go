package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stepd/stepd/jsonv"
)

// position is a 1-based line and column in a source file.
type position struct{ Line, Column int }

// yamlToJSON converts a YAML definition into JSON text, keeping key order,
// and returns the YAML position of every JSON pointer so diagnostics can
// point into the file the user wrote.
func yamlToJSON(src []byte) ([]byte, map[string]position, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil, fmt.Errorf("empty YAML document")
	}
	c := &yamlConverter{positions: map[string]position{}}
	v, err := c.value(doc.Content[0], "", 0)
	if err != nil {
		return nil, nil, err
	}
	return jsonv.Marshal(v), c.positions, nil
}

// Budgets for hostile YAML: aliases can nest (depth) or fan out
// exponentially (the "billion laughs"), so both are counted.
const (
	yamlMaxDepth = 512
	yamlMaxNodes = 1 << 20
)

type yamlConverter struct {
	positions map[string]position
	nodes     int
}

func (c *yamlConverter) value(n *yaml.Node, ptr string, depth int) (jsonv.Value, error) {
	if depth > yamlMaxDepth {
		return nil, fmt.Errorf("line %d: YAML nested deeper than %d levels", n.Line, yamlMaxDepth)
	}
	if c.nodes++; c.nodes > yamlMaxNodes {
		return nil, fmt.Errorf("line %d: YAML expands to more than %d values", n.Line, yamlMaxNodes)
	}
	c.positions[ptr] = position{n.Line, n.Column}
	switch n.Kind {
	case yaml.AliasNode:
		// Aliases are expanded once; the depth bound stops alias bombs.
		return c.value(n.Alias, ptr, depth+1)
	case yaml.DocumentNode:
		return c.value(n.Content[0], ptr, depth+1)
	case yaml.SequenceNode:
		arr := make([]jsonv.Value, 0, len(n.Content))
		for i, e := range n.Content {
			v, err := c.value(e, ptr+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, nil
	case yaml.MappingNode:
		obj := jsonv.NewObject(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			child := ptr + "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
			v, err := c.value(n.Content[i+1], child, depth+1)
			if err != nil {
				return nil, err
			}
			obj.Set(key, v)
		}
		return obj, nil
	case yaml.ScalarNode:
		return yamlScalar(n)
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

func yamlScalar(n *yaml.Node) (jsonv.Value, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, err
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, err
		}
		return jsonv.Int(i), nil
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, err
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("line %d: %s has no JSON form", n.Line, n.Value)
		}
		// Keep the author's spelling when it is already valid JSON.
		if _, err := jsonv.Parse([]byte(n.Value)); err == nil {
			return jsonv.Number(n.Value), nil
		}
		return jsonv.Float(f), nil
	}
	return n.Value, nil
}
