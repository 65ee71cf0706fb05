package machine

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: any bytes parse and compile to a machine or to diagnostics,
// never to a panic.
func FuzzLoad(f *testing.F) {
	for _, glob := range []string{"testdata/invalid/*.asl.json", "../asl/testdata/valid/*.asl.json"} {
		files, _ := filepath.Glob(glob)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Cache
		m, ds := c.Load(data)
		if m == nil && !ds.HasErrors() {
			t.Fatalf("no machine and no error")
		}
	})
}
