//go:build unix

package lambda

import "syscall"

var syscallZero = syscall.Signal(0)
