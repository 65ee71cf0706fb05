//go:build linux

package lambda

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stepd/stepd/jsonv"
)

// groupMembers lists the live (not zombie) processes in process group pgid.
func groupMembers(t *testing.T, pgid int) []int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var pids []int
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // gone meanwhile
		}
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		// state ppid pgrp ...
		if len(fields) < 3 || fields[0] == "Z" || fields[0] == "X" {
			continue
		}
		if g, _ := strconv.Atoi(fields[2]); g == pgid {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestNoChildLeft starts a function whose command leaves a child behind
// (as `go run` does): killing the instance must take the child too.
func TestNoChildLeft(t *testing.T) {
	h, _ := newHost(t, map[string]Function{"forks": {Command: []string{"sh", "-c", "sleep 300 & exec " + goFunction}, Timeout: 1}}, Options{})
	pid, _ := field(t, run(t, h, fnPrefix+"forks", `{"action":"context"}`).Output, "pid").(jsonv.Number).Int64()
	if members := groupMembers(t, int(pid)); len(members) != 2 {
		t.Fatalf("process group %d has %v, want the function and its sleep", pid, members)
	}
	// A timeout kills the instance, and its child with it.
	if res := run(t, h, fnPrefix+"forks", `{"action":"sleep","millis":30000}`); res.Error != "Lambda.Unknown" {
		t.Fatalf("got %q %q", res.Error, res.Cause)
	}
	waitGroupGone(t, int(pid), "after the timeout")
	// Close kills the next (warm) instance's group as well.
	pid, _ = field(t, run(t, h, fnPrefix+"forks", `{"action":"context"}`).Output, "pid").(jsonv.Number).Int64()
	h.Close()
	waitGroupGone(t, int(pid), "after Close")
}

// waitGroupGone waits (bounded) for a killed group's members to die: a
// SIGKILLed child may take a moment to become a zombie.
func waitGroupGone(t *testing.T, pgid int, when string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		members := groupMembers(t, pgid)
		if len(members) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s, process group %d still has %v", when, pgid, members)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
