// Package cli is stepd's command line: it parses flags and wires the
// packages together. It is the one place that names concrete drivers and
// runners.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/alecthomas/kong"
)

// Version is set at build time with -ldflags "-X github.com/stepd/stepd/internal/cli.Version=...".
var Version = "dev"

// Globals are handed to every command's Run.
type Globals struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	// settings is the config file (empty when there is none).
	settings *settings
}

type commands struct {
	Config kong.ConfigFlag `help:"Settings file (YAML: flag names as keys, plus the functions:, connections: and aws: sections). Default: ./stepd.yaml when present." type:"existingfile" placeholder:"FILE"`

	Run      runCmd      `cmd:"" help:"Run one execution in-process and print its output."`
	Serve    serveCmd    `cmd:"" help:"Run the engine on SQLite and serve it over HTTP."`
	Validate validateCmd `cmd:"" help:"Check state machine definitions (JSON or YAML) as AWS does when one is created."`
	Version  versionCmd  `cmd:"" help:"Print the version."`
}

// exitError carries a process exit code through kong without printing more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs the stepd command line and returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cmds commands
	exit := -1
	file := &settings{}
	parser, err := kong.New(&cmds,
		kong.Name("stepd"),
		kong.Description("stepd runs AWS Step Functions state machines on your own machines."),
		kong.UsageOnError(),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exit = code }),
		kong.Configuration(func(r io.Reader) (kong.Resolver, error) {
			s, err := decodeSettings(r)
			if err != nil {
				return nil, err
			}
			file = s
			return configResolver(s.Flags), nil
		}, ConfigFileDefault),
	)
	if err != nil {
		fmt.Fprintln(stderr, "stepd:", err)
		return 2
	}
	kctx, err := parser.Parse(args)
	if exit >= 0 {
		return exit // --help and friends
	}
	if err != nil {
		fmt.Fprintln(stderr, "stepd:", err)
		return 2
	}
	err = kctx.Run(&Globals{ctx: ctx, stdout: stdout, stderr: stderr, settings: file})
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "stepd:", err)
		return 1
	}
}

type versionCmd struct{}

func (versionCmd) Run(g *Globals) error {
	fmt.Fprintln(g.stdout, "stepd", Version)
	return nil
}
