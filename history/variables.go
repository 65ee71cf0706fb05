package history

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/stepd/stepd/jsonv"
)

// Variable is one assigned workflow variable: its name and its value as
// JSON text.
type Variable struct {
	Name  string
	Value string
}

// Variables is the assignedVariables map of a StateExited event. On the
// wire it is a JSON object of name to JSON-text string; it is a slice here
// so the order of assignment survives a round trip.
type Variables []Variable

// Get returns the JSON text of the variable called name.
func (vs Variables) Get(name string) (string, bool) {
	for _, v := range vs {
		if v.Name == name {
			return v.Value, true
		}
	}
	return "", false
}

func (vs Variables) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonv.AppendString(dst, v.Name)
		dst = append(dst, ':')
		dst = jsonv.AppendString(dst, v.Value)
	}
	return append(dst, '}')
}

// MarshalJSON writes the variables as a JSON object in their order.
func (vs Variables) MarshalJSON() ([]byte, error) { return vs.appendJSON(nil), nil }

// UnmarshalJSON reads a JSON object of strings, keeping member order.
func (vs *Variables) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*vs = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("assignedVariables: want an object, got %v", tok)
	}
	out := Variables{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		v, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := k.(string)
		value, ok := v.(string)
		if !ok {
			return fmt.Errorf("assignedVariables: value of %q must be a string of JSON text", name)
		}
		out = append(out, Variable{Name: name, Value: value})
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*vs = out
	return nil
}
