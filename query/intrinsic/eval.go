package intrinsic

import "github.com/stepd/stepd/jsonv"

// Eval evaluates the call against the state input and env.
func (c *Call) Eval(input jsonv.Value, env *Env) (jsonv.Value, error) {
	if c.arity != "" {
		return nil, invalid(c, c.arity)
	}
	var buf [4]jsonv.Value
	vals := buf[:0]
	if len(c.args) > len(buf) {
		vals = make([]jsonv.Value, 0, len(c.args))
	}
	for i := range c.args {
		a := &c.args[i]
		switch a.kind {
		case argLiteral:
			vals = append(vals, a.lit)
		case argPath:
			v, err := a.path.Eval(input, env)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		case argCall:
			v, err := a.call.Eval(input, env)
			if err != nil {
				return nil, err
			}
			vals = append(vals, v)
		}
	}
	return c.fn.eval(c, vals, env)
}

// invalid is the failure for bad arguments, worded as AWS words it.
func invalid(c *Call, detail string) *Error {
	return &Error{Name: ErrRuntime, Cause: "Invalid arguments in " + c.fn.name, Detail: detail}
}

func kindName(v jsonv.Value) string { return jsonv.KindOf(v).String() }
