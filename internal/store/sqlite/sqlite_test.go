package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/sqlite"
	"github.com/stepd/stepd/internal/store/storetest"
)

func open(t testing.TB, path string, opts sqlite.Options) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The suite runs with synchronous=NORMAL: durability does not change any
// behaviour it checks, and fsyncs on a shared machine only make it slow.
// The driver's own tests keep the FULL default.
var suiteOptions = sqlite.Options{Synchronous: "NORMAL"}

func TestConformance(t *testing.T) {
	storetest.Exercise(t, storetest.Harness{
		Open: func(t *testing.T) store.Store {
			s := open(t, filepath.Join(t.TempDir(), "stepd.db"), suiteOptions)
			t.Cleanup(func() { s.Close() })
			return s
		},
		Reopen: func(t *testing.T, old store.Store) store.Store {
			path := old.(*sqlite.Store).Path()
			if err := old.Close(); err != nil {
				t.Fatal(err)
			}
			s := open(t, path, suiteOptions)
			t.Cleanup(func() { s.Close() })
			return s
		},
	})
}
