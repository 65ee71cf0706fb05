// Package jsonv is stepd's JSON value model.
//
// A Value is one of six Go types:
//
//	nil       JSON null
//	bool      true / false
//	Number    a number, holding its exact source text ("1", "1e3", "10.50")
//	string    a string
//	[]Value   an array
//	*Object   an object whose members keep document order
//
// Every map-based decoder loses key order and every float-based one loses
// number text; AWS Step Functions keeps both, so stepd does too. Values are
// treated as immutable once built: transformations copy, never mutate a value
// they did not create.
package jsonv
