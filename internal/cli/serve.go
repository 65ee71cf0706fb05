package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/stepd/stepd/internal/clock"
	"github.com/stepd/stepd/internal/console"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/sfnapi"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/internal/store/postgres"
	"github.com/stepd/stepd/internal/store/sqlite"
)

type serveCmd struct {
	DataDir     string `help:"Directory of the SQLite database." default:"stepd-data" env:"STEPD_DATA_DIR"`
	Database    string `help:"PostgreSQL URL (postgres://…) to keep everything in instead of SQLite under --data-dir." env:"STEPD_DATABASE" placeholder:"URL"`
	Listen      string `help:"Address to listen on (host:port)." default:"127.0.0.1:8083" env:"STEPD_LISTEN"`
	MockConfig  string `help:"Answer Task states from this Step Functions Local MockConfigFile." type:"existingfile" env:"STEPD_MOCK_CONFIG"`
	Region      string `help:"Region in every ARN." default:"us-east-1" env:"STEPD_REGION"`
	Account     string `help:"Account id in every ARN." default:"123456789012" env:"STEPD_ACCOUNT"`
	Synchronous string `help:"SQLite synchronous mode: FULL (nothing acknowledged is lost on power failure), NORMAL or OFF." default:"FULL" enum:"FULL,NORMAL,OFF" env:"STEPD_SYNCHRONOUS"`
}

// shutdownGrace bounds how long open HTTP requests may take to finish on
// shutdown.
const shutdownGrace = 10 * time.Second

func (c *serveCmd) Run(g *Globals) error {
	ctx := g.ctx
	logger := slog.New(slog.NewTextHandler(g.stderr, nil))
	st, where, err := c.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	// One process owns a SQLite file; nodes sharing PostgreSQL commit work
	// this node must look for: tasks queued for its activity workers,
	// changes to executions its console shows.
	shared := c.Database != ""
	clk := clock.Real{}
	activities := runner.NewActivities(st, clk)
	if shared {
		activities.Recheck = time.Second
	}
	router := &runner.Router{Activities: activities}
	closeRunners, err := g.settings.runners(router, logger, c.Region, c.Account)
	if err != nil {
		return err
	}
	defer closeRunners()
	if c.MockConfig != "" {
		cfg, err := readMockConfig(c.MockConfig)
		if err != nil {
			return err
		}
		router.Mock = runner.NewMock(cfg)
	}
	// Distributed Maps read and write S3 through the aws: section's client.
	objects, _ := router.AWS.(engine.Objects)
	eng := engine.New(engine.Options{
		Store: st, Runner: router, Activities: activities, Clock: clk, Logger: logger, Objects: objects,
		// Alone, claims left by a previous run are released at once;
		// shared, they wait for their leases.
		SingleNode: !shared,
	})
	router.Executions = eng.Executions() // states:startExecution (nested executions)
	if err := eng.Start(ctx); err != nil {
		return err
	}
	defer eng.Stop()

	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return err
	}
	var ready atomic.Bool
	api := sfnapi.New(sfnapi.Options{Engine: eng, Store: st, Region: c.Region, Account: c.Account, Clock: clk, Tasks: router})
	liveOpts := console.LiveOptions{}
	if shared {
		liveOpts.Poll = time.Second
	}
	live := console.NewLive(eng, liveOpts)
	srv := &http.Server{Handler: serveHandler(api, live, console.Activities(st, activities), &ready), ReadHeaderTimeout: 10 * time.Second}
	// Event streams never end by themselves: end them as shutdown starts.
	srv.RegisterOnShutdown(live.Close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	ready.Store(true)
	fmt.Fprintf(g.stdout, "stepd %s listening on http://%s (data: %s)\n", Version, ln.Addr(), where)

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests, let open ones finish; the deferred engine Stop
	// then lets transitions under way commit before the store closes.
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Warn("serve: shutdown", "err", err)
	}
	fmt.Fprintln(g.stdout, "stepd stopped")
	return nil
}

// serveHandler is everything serve answers over HTTP: it routes browsers' and probes' GETs (the console, its live
// updates, health), and every POST to the AWS Step Functions API (AWS JSON 1.0 is POST / with X-Amz-Target).
func serveHandler(api, live, activities http.Handler, ready *atomic.Bool) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /", api)
	mux.Handle("GET /", console.Handler())
	mux.Handle("GET /console/events", live)
	mux.Handle("GET /console/activities", activities)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// openStore opens the PostgreSQL database of --database, or else the SQLite
// file under --data-dir; where says which, for the start-up line.
func (c *serveCmd) openStore(ctx context.Context) (st store.Store, where string, err error) {
	if c.Database != "" {
		if !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
			return nil, "", fmt.Errorf("--database: want a postgres:// URL, got %q", c.Database)
		}
		pg, err := postgres.Open(ctx, c.Database, postgres.Options{})
		if err != nil {
			return nil, "", fmt.Errorf("--database: %w", err)
		}
		return pg, "PostgreSQL " + redactURL(c.Database), nil
	}
	if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
		return nil, "", err
	}
	path := filepath.Join(c.DataDir, "stepd.db")
	lite, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: c.Synchronous})
	if err != nil {
		return nil, "", err
	}
	abs, _ := filepath.Abs(path)
	return lite, abs, nil
}

// redactURL drops the password from a database URL before it is printed.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
