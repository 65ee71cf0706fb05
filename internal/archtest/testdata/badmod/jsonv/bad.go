// Package jsonv is a fixture: a "pure" package that imports os.
package jsonv

import "os"

// Home reads the environment, which a pure package must never do.
func Home() string { return os.Getenv("HOME") }
