package jsonata

import "strconv"

// process rewrites the parse tree into the evaluation tree: binary '.'
// chains become path steps, predicates become stages, and parent (%)
// references are resolved to ancestor slots, following jsonata-js.
func (p *parser) process(expr *node) (*node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth*2 {
		return nil, newError("U1001", expr.pos, "", nil)
	}
	var result *node
	var err error
	switch expr.typ {
	case "binary":
		switch expr.value {
		case ".":
			lstep, err := p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			if lstep.typ == "path" {
				result = lstep
			} else {
				result = &node{typ: "path", steps: []*node{lstep}}
			}
			if lstep.typ == "parent" {
				result.seekingParent = []*slot{lstep.slot}
			}
			rest, err := p.process(expr.rhs)
			if err != nil {
				return nil, err
			}
			if rest.typ == "path" {
				result.steps = append(result.steps, rest.steps...)
			} else {
				if rest.predicate != nil {
					rest.stages = rest.predicate
					rest.predicate = nil
				}
				result.steps = append(result.steps, rest)
			}
			for _, step := range result.steps {
				if step.typ == "number" || step.typ == "value" {
					e := newError("S0213", step.pos, "", step.lit)
					e.Value = literalText(step)
					return nil, e
				}
				if step.typ == "string" {
					step.typ = "name"
				}
			}
			for _, step := range result.steps {
				if step.keepArray {
					result.keepSingletonArray = true
				}
			}
			first := result.steps[0]
			if first.typ == "unary" && first.value == "[" {
				first.consarray = true
			}
			last := result.steps[len(result.steps)-1]
			if last.typ == "unary" && last.value == "[" {
				last.consarray = true
			}
			if err := p.resolveAncestry(result); err != nil {
				return nil, err
			}
		case "[":
			result, err = p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			step := result
			stages := false
			if result.typ == "path" {
				step = result.steps[len(result.steps)-1]
				stages = true
			}
			if step.group != nil {
				return nil, newError("S0209", expr.pos, "", nil)
			}
			pred, err := p.process(expr.rhs)
			if err != nil {
				return nil, err
			}
			if pred.seekingParent != nil {
				for _, s := range pred.seekingParent {
					if s.level == 1 {
						if _, err := p.seekParent(step, s); err != nil {
							return nil, err
						}
					} else {
						s.level--
					}
				}
				pushAncestry(step, pred)
			}
			f := &node{typ: "filter", expression: pred, pos: expr.pos}
			if stages {
				step.stages = append(step.stages, f)
			} else {
				step.predicate = append(step.predicate, f)
			}
		case "{":
			result, err = p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			if result.group != nil {
				return nil, newError("S0210", expr.pos, "", nil)
			}
			g := &group{pos: expr.pos}
			for _, pair := range expr.pairs {
				k, err := p.process(pair[0])
				if err != nil {
					return nil, err
				}
				v, err := p.process(pair[1])
				if err != nil {
					return nil, err
				}
				g.pairs = append(g.pairs, [2]*node{k, v})
			}
			result.group = g
		case "^":
			result, err = p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			if result.typ != "path" {
				result = &node{typ: "path", steps: []*node{result}}
			}
			sortStep := &node{typ: "sort", pos: expr.pos}
			for _, t := range expr.terms {
				e, err := p.process(t.expression)
				if err != nil {
					return nil, err
				}
				pushAncestry(sortStep, e)
				sortStep.terms = append(sortStep.terms, sortTerm{descending: t.descending, expression: e})
			}
			result.steps = append(result.steps, sortStep)
			if err := p.resolveAncestry(result); err != nil {
				return nil, err
			}
		case ":=":
			result = &node{typ: "bind", value: expr.value, pos: expr.pos}
			if result.lhs, err = p.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = p.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.rhs)
		case "@":
			result, err = p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			step := result
			if result.typ == "path" {
				step = result.steps[len(result.steps)-1]
			}
			if step.stages != nil || step.predicate != nil {
				return nil, newError("S0215", expr.pos, "", nil)
			}
			if step.typ == "sort" {
				return nil, newError("S0216", expr.pos, "", nil)
			}
			if expr.keepArray {
				step.keepArray = true
			}
			step.focus = expr.rhs.value
			step.tuple = true
		case "#":
			result, err = p.process(expr.lhs)
			if err != nil {
				return nil, err
			}
			step := result
			if result.typ == "path" {
				step = result.steps[len(result.steps)-1]
			} else {
				result = &node{typ: "path", steps: []*node{result}}
				if step.predicate != nil {
					step.stages = step.predicate
					step.predicate = nil
				}
			}
			if step.stages == nil {
				step.index = expr.rhs.value
			} else {
				step.stages = append(step.stages, &node{typ: "index", value: expr.rhs.value, pos: expr.pos})
			}
			step.tuple = true
		default:
			result = &node{typ: expr.typ, value: expr.value, pos: expr.pos}
			if result.lhs, err = p.process(expr.lhs); err != nil {
				return nil, err
			}
			if result.rhs, err = p.process(expr.rhs); err != nil {
				return nil, err
			}
			pushAncestry(result, result.lhs)
			pushAncestry(result, result.rhs)
		}
	case "apply":
		result = &node{typ: "apply", value: expr.value, pos: expr.pos}
		if result.lhs, err = p.process(expr.lhs); err != nil {
			return nil, err
		}
		if result.rhs, err = p.process(expr.rhs); err != nil {
			return nil, err
		}
		result.keepArray = result.lhs.keepArray || result.rhs.keepArray
	case "unary":
		result = &node{typ: "unary", value: expr.value, pos: expr.pos}
		switch expr.value {
		case "[":
			for _, item := range expr.expressions {
				v, err := p.process(item)
				if err != nil {
					return nil, err
				}
				pushAncestry(result, v)
				result.expressions = append(result.expressions, v)
			}
		case "{":
			for _, pair := range expr.pairs {
				k, err := p.process(pair[0])
				if err != nil {
					return nil, err
				}
				pushAncestry(result, k)
				v, err := p.process(pair[1])
				if err != nil {
					return nil, err
				}
				pushAncestry(result, v)
				result.pairs = append(result.pairs, [2]*node{k, v})
			}
		default:
			e, err := p.process(expr.expression)
			if err != nil {
				return nil, err
			}
			result.expression = e
			if expr.value == "-" && e.typ == "number" {
				result = e
				result.num = -result.num
				result.lit = result.num
			} else {
				pushAncestry(result, e)
			}
		}
	case "function", "partial":
		result = &node{typ: expr.typ, value: expr.value, pos: expr.pos}
		for _, a := range expr.arguments {
			v, err := p.process(a)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, v)
			result.arguments = append(result.arguments, v)
		}
		if result.procedure, err = p.process(expr.procedure); err != nil {
			return nil, err
		}
	case "lambda":
		result = &node{typ: "lambda", arguments: expr.arguments, signature: expr.signature, pos: expr.pos}
		body, err := p.process(expr.body)
		if err != nil {
			return nil, err
		}
		result.body = tailCallOptimize(body)
	case "condition":
		result = &node{typ: "condition", pos: expr.pos}
		if result.condition, err = p.process(expr.condition); err != nil {
			return nil, err
		}
		pushAncestry(result, result.condition)
		if result.then, err = p.process(expr.then); err != nil {
			return nil, err
		}
		pushAncestry(result, result.then)
		if expr.els != nil {
			if result.els, err = p.process(expr.els); err != nil {
				return nil, err
			}
			pushAncestry(result, result.els)
		}
	case "transform":
		result = &node{typ: "transform", pos: expr.pos}
		if result.pattern, err = p.process(expr.pattern); err != nil {
			return nil, err
		}
		if result.update, err = p.process(expr.update); err != nil {
			return nil, err
		}
		if expr.del != nil {
			if result.del, err = p.process(expr.del); err != nil {
				return nil, err
			}
		}
	case "block":
		result = &node{typ: "block", pos: expr.pos}
		for _, item := range expr.expressions {
			part, err := p.process(item)
			if err != nil {
				return nil, err
			}
			pushAncestry(result, part)
			if part.consarray || (part.typ == "path" && part.steps[0].consarray) {
				result.consarray = true
			}
			result.expressions = append(result.expressions, part)
			if bindsVariable(part) {
				result.scope = true
			}
		}
	case "name":
		result = &node{typ: "path", steps: []*node{expr}}
		if expr.keepArray {
			result.keepSingletonArray = true
		}
	case "parent":
		result = &node{typ: "parent", pos: expr.pos, slot: &slot{label: "!" + strconv.Itoa(p.ancestorLabel), level: 1, index: p.ancestorIndex}}
		p.ancestorLabel++
		p.ancestorIndex++
		p.ancestry = append(p.ancestry, result)
	case "string", "number", "value", "wildcard", "descendant", "variable", "regex":
		result = expr
	case "operator":
		if expr.value == "?" {
			result = expr
		} else {
			return nil, newError("S0201", expr.pos, expr.value, nil)
		}
	case "(end)":
		return nil, newError("S0207", expr.pos, "", nil)
	default:
		return nil, newError("S0206", expr.pos, expr.value, nil)
	}
	if expr.keepArray {
		result.keepArray = true
	}
	return result, nil
}

func checkTopLevelParent(ast *node) error {
	if ast.typ == "parent" || ast.seekingParent != nil {
		return newError("S0217", ast.pos, ast.typ, nil)
	}
	return nil
}

// bindsVariable reports whether evaluating n may bind a variable in the
// current frame (a lambda body has its own frame).
func bindsVariable(n *node) bool {
	if n == nil || n.typ == "lambda" {
		return false
	}
	if n.typ == "bind" {
		return true
	}
	for _, c := range []*node{n.lhs, n.rhs, n.expression, n.procedure, n.condition, n.then, n.els, n.pattern, n.update, n.del} {
		if bindsVariable(c) {
			return true
		}
	}
	for _, list := range [][]*node{n.expressions, n.steps, n.arguments, n.predicate, n.stages} {
		for _, c := range list {
			if bindsVariable(c) {
				return true
			}
		}
	}
	for _, p := range n.pairs {
		if bindsVariable(p[0]) || bindsVariable(p[1]) {
			return true
		}
	}
	for _, t := range n.terms {
		if bindsVariable(t.expression) {
			return true
		}
	}
	if n.group != nil {
		for _, p := range n.group.pairs {
			if bindsVariable(p[0]) || bindsVariable(p[1]) {
				return true
			}
		}
	}
	return false
}

func literalText(n *node) any {
	return n.lit
}

func tailCallOptimize(expr *node) *node {
	switch {
	case expr.typ == "function" && expr.predicate == nil:
		return &node{typ: "lambda", thunk: true, pos: expr.pos, body: expr}
	case expr.typ == "condition":
		expr.then = tailCallOptimize(expr.then)
		if expr.els != nil {
			expr.els = tailCallOptimize(expr.els)
		}
	case expr.typ == "block":
		if n := len(expr.expressions); n > 0 {
			expr.expressions[n-1] = tailCallOptimize(expr.expressions[n-1])
		}
	}
	return expr
}

func (p *parser) seekParent(n *node, s *slot) (*slot, error) {
	switch n.typ {
	case "name", "wildcard":
		s.level--
		if s.level == 0 {
			if n.ancestor != nil {
				p.ancestry[s.index].slot.label = n.ancestor.label
			}
			n.ancestor = s
			n.tuple = true
		}
	case "parent":
		s.level++
	case "block":
		if len(n.expressions) > 0 {
			n.tuple = true
			return p.seekParent(n.expressions[len(n.expressions)-1], s)
		}
	case "path":
		n.tuple = true
		i := len(n.steps) - 1
		var err error
		s, err = p.seekParent(n.steps[i], s)
		i--
		if err != nil {
			return nil, err
		}
		for s.level > 0 && i >= 0 {
			s, err = p.seekParent(n.steps[i], s)
			i--
			if err != nil {
				return nil, err
			}
		}
	default:
		return nil, newError("S0217", n.pos, n.typ, nil)
	}
	return s, nil
}

func pushAncestry(result, value *node) {
	if value.seekingParent != nil || value.typ == "parent" {
		slots := value.seekingParent
		if value.typ == "parent" {
			slots = append(slots, value.slot)
		}
		result.seekingParent = append(result.seekingParent, slots...)
	}
}

func (p *parser) resolveAncestry(path *node) error {
	index := len(path.steps) - 1
	last := path.steps[index]
	var slots []*slot
	slots = append(slots, last.seekingParent...)
	if last.typ == "parent" {
		slots = append(slots, last.slot)
	}
	for _, s := range slots {
		index = len(path.steps) - 2
		for s.level > 0 {
			if index < 0 {
				path.seekingParent = append(path.seekingParent, s)
				break
			}
			step := path.steps[index]
			index--
			for index >= 0 && step.focus != "" && path.steps[index].focus != "" {
				step = path.steps[index]
				index--
			}
			var err error
			s, err = p.seekParent(step, s)
			if err != nil {
				return err
			}
		}
	}
	return nil
}
