package jsonata

// node is one AST node; the fields used depend on typ, mirroring the
// shapes jsonata-js builds so its evaluation rules carry over one to one.
type node struct {
	typ   string
	value string
	num   float64
	lit   any
	pos   int

	lhs, rhs    *node
	expression  *node
	expressions []*node
	pairs       [][2]*node
	steps       []*node
	terms       []sortTerm
	arguments   []*node
	procedure   *node
	body        *node
	signature   *signature
	condition   *node
	then, els   *node
	pattern     *node
	update, del *node
	re          *jsRegex

	keepArray          bool
	keepSingletonArray bool
	consarray          bool
	tuple              bool
	thunk              bool
	scope              bool // block that binds variables and so needs its own frame
	focus              string
	index              string
	ancestor           *slot
	slot               *slot
	seekingParent      []*slot
	predicate          []*node
	stages             []*node
	group              *group
}

type sortTerm struct {
	descending bool
	expression *node
}

type group struct {
	pairs [][2]*node
	pos   int
}

type slot struct {
	label string
	level int
	index int
}
