// Package archtest checks the dependency rules of docs/ARCHITECTURE.md:
// the language packages are pure, so they can be reused as a library and
// replayed deterministically.
package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/stepd/stepd"

// purePackages are the module-relative roots whose whole subtree must stay
// pure ("" is the root package itself).
var purePackages = []string{"", "jsonv", "asl", "query", "machine", "history", "interp", "mock"}

// forbidden reports why importing dep breaks purity, or "".
func forbidden(mod, dep string) string {
	switch {
	case dep == "os", strings.HasPrefix(dep, "os/"):
		return "touches the operating system"
	case dep == "net" || strings.HasPrefix(dep, "net/"):
		return "touches the network"
	case dep == "database/sql":
		return "touches a database"
	case dep == "log/slog":
		return "logs (only the shell logs)"
	case dep == "math/rand", strings.HasPrefix(dep, "math/rand/"), dep == "crypto/rand":
		return "draws randomness (it must come in through env)"
	case strings.HasPrefix(dep, mod+"/internal/"):
		return "depends on the shell"
	}
	return ""
}

// isPure reports whether the import path lies in a pure subtree.
func isPure(mod, pkg string) bool {
	for _, root := range purePackages {
		if root == "" {
			if pkg == mod {
				return true
			}
			continue
		}
		p := mod + "/" + root
		if pkg == p || strings.HasPrefix(pkg, p+"/") {
			return true
		}
	}
	return false
}

type listed struct {
	ImportPath string
	Imports    []string
	Standard   bool
}

// violations lists "pkg imports dep: reason" for every pure package of the
// module in dir and every non-standard package they reach (go list -deps).
// The standard library is trusted: fmt imports os, yet formatting a string
// does not touch the operating system.
func violations(t *testing.T, dir, mod string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Standard", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list in %s: %v\n%s", dir, err, stderr.String())
	}
	pkgs := map[string]listed{}
	var queue []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs[p.ImportPath] = p
		if isPure(mod, p.ImportPath) {
			queue = append(queue, p.ImportPath)
		}
	}
	var found []string
	seen := map[string]bool{}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		for _, dep := range pkgs[path].Imports {
			if why := forbidden(mod, dep); why != "" {
				found = append(found, fmt.Sprintf("%s imports %s: %s", path, dep, why))
			} else if p, ok := pkgs[dep]; ok && !p.Standard {
				queue = append(queue, dep)
			}
		}
	}
	sort.Strings(found)
	return found
}

func TestPurePackagesStayPure(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations(t, root, module) {
		t.Error(v)
	}
}

// TestCheckerCatchesImpurity proves the rule can fail: a fixture module whose
// jsonv package imports os must be reported.
func TestCheckerCatchesImpurity(t *testing.T) {
	got := violations(t, "testdata/badmod", "example.com/badmod")
	want := "example.com/badmod/jsonv imports os: touches the operating system"
	for _, v := range got {
		if v == want {
			return
		}
	}
	t.Errorf("violations = %q, want one to be %q", got, want)
}
