package memory_test

import (
	"testing"

	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/memory"
	"github.com/stepd/stepd/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Exercise(t, storetest.Harness{
		Open: func(t *testing.T) store.Store {
			s := memory.New()
			t.Cleanup(func() { s.Close() })
			return s
		},
	})
}
