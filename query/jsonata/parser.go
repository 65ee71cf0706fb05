package jsonata

// maxParseDepth bounds expression nesting so hostile input cannot
// exhaust the Go stack.
const maxParseDepth = 400

type parser struct {
	lex   lexer
	tok   *token // current token; typ "(end)" at the end
	depth int

	ancestorLabel int
	ancestorIndex int
	ancestry      []*node
}

func (p *parser) fail(code string, t *token, value any) *Error {
	e := newError(code, t.pos, t.value, value)
	if t.typ == "(end)" {
		e.Token = "(end)"
	}
	return e
}

func (p *parser) advance(id string, infix bool) error {
	if id != "" && p.tok.value != id {
		if p.tok.typ == "(end)" {
			return newError("S0203", p.tok.pos, "", id)
		}
		e := newError("S0202", p.tok.pos, p.tok.value, id)
		e.tokenValue = tokenValue(p.tok)
		return e
	}
	t, err := p.lex.next(infix)
	if err != nil {
		return err
	}
	if t == nil {
		p.tok = &token{typ: "(end)", value: "(end)", pos: len(p.lex.src), start: len(p.lex.src)}
		return nil
	}
	switch t.typ {
	case "operator":
		if _, ok := operators[t.value]; !ok || t.value == "!" || t.value == "~" {
			return newError("S0204", t.pos, t.value, nil)
		}
	case "name", "variable", "string", "number", "value", "regex":
	default:
		return newError("S0205", t.pos, t.value, nil)
	}
	p.tok = t
	return nil
}

// tokenValue is the token as jsonata-js reports it in messages: numbers
// and literals by value, everything else as text.
func tokenValue(t *token) any {
	switch t.typ {
	case "number":
		return t.num
	case "value":
		if t.val == null {
			return null
		}
		return t.val
	}
	return t.value
}

func lbp(t *token) int {
	if t.typ == "operator" {
		switch t.value {
		case ":", ";", "..", "!", "~", "|":
			return 0
		}
		return operators[t.value]
	}
	return 0
}

func (p *parser) expression(rbp int) (*node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxParseDepth {
		return nil, newError("U1001", p.tok.pos, p.tok.value, nil)
	}
	t := p.tok
	if err := p.advance("", true); err != nil {
		return nil, err
	}
	left, err := p.nud(t)
	if err != nil {
		return nil, err
	}
	for rbp < lbp(p.tok) {
		t = p.tok
		if err := p.advance("", false); err != nil {
			return nil, err
		}
		left, err = p.led(t, left)
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) nud(t *token) (*node, error) {
	n := &node{pos: t.pos, value: t.value}
	switch t.typ {
	case "name":
		n.typ = "name"
		return n, nil
	case "variable":
		n.typ = "variable"
		return n, nil
	case "string":
		n.typ = "string"
		n.lit = t.value
		return n, nil
	case "number":
		n.typ = "number"
		n.num = t.num
		n.lit = t.num
		return n, nil
	case "value":
		n.typ = "value"
		n.lit = t.val
		return n, nil
	case "regex":
		n.typ = "regex"
		re, err := compileRegex(t.value, t.val.(string))
		if err != nil {
			err.Position = t.pos
			return nil, err
		}
		n.re = re
		return n, nil
	case "(end)":
		n.typ = "(end)"
		return n, nil
	}
	// operators in prefix position
	switch t.value {
	case "and", "or", "in":
		n.typ = "name"
		return n, nil
	case "-":
		n.typ = "unary"
		e, err := p.expression(70)
		if err != nil {
			return nil, err
		}
		n.expression = e
		return n, nil
	case "*":
		n.typ = "wildcard"
		return n, nil
	case "**":
		n.typ = "descendant"
		return n, nil
	case "%":
		n.typ = "parent"
		return n, nil
	case "(":
		n.typ = "block"
		for p.tok.value != ")" || p.tok.typ != "operator" {
			e, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			n.expressions = append(n.expressions, e)
			if p.tok.value != ";" || p.tok.typ != "operator" {
				break
			}
			if err := p.advance(";", false); err != nil {
				return nil, err
			}
		}
		if err := p.advance(")", true); err != nil {
			return nil, err
		}
		return n, nil
	case "[":
		n.typ = "unary"
		if !(p.tok.value == "]" && p.tok.typ == "operator") {
			for {
				item, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				if p.tok.value == ".." && p.tok.typ == "operator" {
					r := &node{typ: "binary", value: "..", pos: p.tok.pos, lhs: item}
					if err := p.advance("..", false); err != nil {
						return nil, err
					}
					r.rhs, err = p.expression(0)
					if err != nil {
						return nil, err
					}
					item = r
				}
				n.expressions = append(n.expressions, item)
				if p.tok.value != "," || p.tok.typ != "operator" {
					break
				}
				if err := p.advance(",", false); err != nil {
					return nil, err
				}
			}
		}
		if err := p.advance("]", true); err != nil {
			return nil, err
		}
		return n, nil
	case "{":
		n.typ = "unary"
		pairs, err := p.objectPairs()
		if err != nil {
			return nil, err
		}
		n.pairs = pairs
		return n, nil
	case "|":
		n.typ = "transform"
		var err error
		if n.pattern, err = p.expression(0); err != nil {
			return nil, err
		}
		if err := p.advance("|", false); err != nil {
			return nil, err
		}
		if n.update, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.tok.value == "," && p.tok.typ == "operator" {
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
			if n.del, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		if err := p.advance("|", true); err != nil {
			return nil, err
		}
		return n, nil
	}
	return nil, newError("S0211", t.pos, t.value, nil)
}

func (p *parser) objectPairs() ([][2]*node, error) {
	var pairs [][2]*node
	if !(p.tok.value == "}" && p.tok.typ == "operator") {
		for {
			k, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			v, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*node{k, v})
			if p.tok.value != "," || p.tok.typ != "operator" {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	if err := p.advance("}", true); err != nil {
		return nil, err
	}
	return pairs, nil
}

func (p *parser) led(t *token, left *node) (*node, error) {
	if t.typ != "operator" {
		return nil, newError("S0201", t.pos, t.value, nil)
	}
	n := &node{pos: t.pos, value: t.value}
	bp := operators[t.value]
	switch t.value {
	case ".", "+", "-", "*", "/", "%", "=", "<", ">", "!=", "<=", ">=", "&", "and", "or", "in":
		n.typ = "binary"
		n.lhs = left
		rhs, err := p.expression(bp)
		if err != nil {
			return nil, err
		}
		n.rhs = rhs
		return n, nil
	case "~>":
		n.typ = "apply"
		n.lhs = left
		rhs, err := p.expression(bp)
		if err != nil {
			return nil, err
		}
		n.rhs = rhs
		return n, nil
	case ":=":
		if left.typ != "variable" {
			return nil, newError("S0212", left.pos, left.value, nil)
		}
		n.typ = "binary"
		n.lhs = left
		rhs, err := p.expression(bp - 1) // right associative
		if err != nil {
			return nil, err
		}
		n.rhs = rhs
		return n, nil
	case "@", "#":
		n.typ = "binary"
		n.lhs = left
		rhs, err := p.expression(bp)
		if err != nil {
			return nil, err
		}
		if rhs.typ != "variable" {
			return nil, newError("S0214", rhs.pos, t.value, nil)
		}
		n.rhs = rhs
		return n, nil
	case "?":
		n.typ = "condition"
		n.condition = left
		var err error
		if n.then, err = p.expression(0); err != nil {
			return nil, err
		}
		if p.tok.value == ":" && p.tok.typ == "operator" {
			if err := p.advance(":", false); err != nil {
				return nil, err
			}
			if n.els, err = p.expression(0); err != nil {
				return nil, err
			}
		}
		return n, nil
	case "(":
		return p.call(n, left)
	case "[":
		if p.tok.value == "]" && p.tok.typ == "operator" {
			step := left
			for step != nil && step.typ == "binary" && step.value == "[" {
				step = step.lhs
			}
			step.keepArray = true
			if err := p.advance("]", true); err != nil {
				return nil, err
			}
			return left, nil
		}
		n.typ = "binary"
		n.lhs = left
		rhs, err := p.expression(operators["]"])
		if err != nil {
			return nil, err
		}
		n.rhs = rhs
		if err := p.advance("]", true); err != nil {
			return nil, err
		}
		return n, nil
	case "{":
		n.typ = "binary"
		n.lhs = left
		pairs, err := p.objectPairs()
		if err != nil {
			return nil, err
		}
		n.pairs = pairs
		return n, nil
	case "^":
		n.typ = "binary"
		n.lhs = left
		if err := p.advance("(", false); err != nil {
			return nil, err
		}
		for {
			term := sortTerm{}
			if p.tok.value == "<" && p.tok.typ == "operator" {
				if err := p.advance("<", false); err != nil {
					return nil, err
				}
			} else if p.tok.value == ">" && p.tok.typ == "operator" {
				term.descending = true
				if err := p.advance(">", false); err != nil {
					return nil, err
				}
			}
			e, err := p.expression(0)
			if err != nil {
				return nil, err
			}
			term.expression = e
			n.terms = append(n.terms, term)
			if p.tok.value != "," || p.tok.typ != "operator" {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
		if err := p.advance(")", true); err != nil {
			return nil, err
		}
		return n, nil
	}
	return nil, newError("S0201", t.pos, t.value, nil)
}

func (p *parser) call(n, left *node) (*node, error) {
	n.procedure = left
	n.typ = "function"
	if !(p.tok.value == ")" && p.tok.typ == "operator") {
		for {
			if p.tok.typ == "operator" && p.tok.value == "?" {
				n.typ = "partial"
				n.arguments = append(n.arguments, &node{typ: "operator", value: "?", pos: p.tok.pos})
				if err := p.advance("?", true); err != nil {
					return nil, err
				}
			} else {
				a, err := p.expression(0)
				if err != nil {
					return nil, err
				}
				n.arguments = append(n.arguments, a)
			}
			if p.tok.value != "," || p.tok.typ != "operator" {
				break
			}
			if err := p.advance(",", false); err != nil {
				return nil, err
			}
		}
	}
	if err := p.advance(")", true); err != nil {
		return nil, err
	}
	if left.typ == "name" && (left.value == "function" || left.value == "λ") {
		for i, a := range n.arguments {
			if a.typ != "variable" {
				return nil, newError("S0208", a.pos, a.value, float64(i+1))
			}
		}
		n.typ = "lambda"
		if p.tok.value == "<" && p.tok.typ == "operator" {
			// signature: raw characters up to the matching '>'
			start := p.tok.start
			depth := 1
			i := start + 1
			src := p.lex.src
			for i < len(src) && depth > 0 && src[i] != '{' {
				switch src[i] {
				case '<':
					depth++
				case '>':
					depth--
				}
				i++
			}
			if depth > 0 {
				// as jsonata-js: the signature ran into the body or the end
				if i < len(src) {
					return nil, newError("S0202", i+1, "{", ">")
				}
				return nil, newError("S0203", len(src), "", ">")
			}
			sig, err := parseSignature(src[start:i])
			if err != nil {
				err.Position += start + 1 // offset within the signature, as jsonata-js
				return nil, err
			}
			n.signature = sig
			p.lex.pos = i
			if err := p.advance("", false); err != nil {
				return nil, err
			}
		}
		if err := p.advance("{", false); err != nil {
			return nil, err
		}
		body, err := p.expression(0)
		if err != nil {
			return nil, err
		}
		n.body = body
		if err := p.advance("}", true); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func parse(src string) (*node, error) {
	p := &parser{lex: lexer{src: src}}
	if err := p.advance("", false); err != nil {
		return nil, err
	}
	ast, err := p.expression(0)
	if err != nil {
		return nil, err
	}
	if p.tok.typ != "(end)" {
		e := newError("S0201", p.tok.pos, p.tok.value, nil)
		e.tokenValue = tokenValue(p.tok)
		return nil, e
	}
	ast, err = p.process(ast)
	if err != nil {
		return nil, err
	}
	if err := checkTopLevelParent(ast); err != nil {
		return nil, err
	}
	return ast, nil
}
