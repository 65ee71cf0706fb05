package cli

import (
	"strings"
	"testing"

	"github.com/alecthomas/kong"
)

func TestConfigFileFeedsFlags(t *testing.T) {
	cfg := writeFile(t, "stepd.yaml", "input: '{\"name\": \"from config\"}'\n")
	code, out, errOut := run(t, "--config", cfg, "run", "../../examples/hello.asl.json")
	if code != 0 || !strings.Contains(out, "Hello, from config!") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A flag on the command line wins over the file.
	code, out, _ = run(t, "--config", cfg, "run", "../../examples/hello.asl.json", "--input", `{"name":"flag"}`)
	if code != 0 || !strings.Contains(out, "Hello, flag!") {
		t.Errorf("exit %d, stdout %q", code, out)
	}
}

func TestConfigFileRejectsUnknownSettings(t *testing.T) {
	cfg := writeFile(t, "stepd.yaml", "lisen: 127.0.0.1:1\n")
	code, _, errOut := run(t, "--config", cfg, "validate", "../../examples/hello.asl.json")
	if code == 0 || !strings.Contains(errOut, "unknown setting lisen") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestPrecedence checks flags > environment > file > defaults.
func TestPrecedence(t *testing.T) {
	var cli struct {
		Config kong.ConfigFlag
		A      string `default:"default-a" env:"STEPD_TEST_A"`
		B      string `default:"default-b" env:"STEPD_TEST_B"`
		C      string `default:"default-c" env:"STEPD_TEST_C"`
		D      string `default:"default-d" env:"STEPD_TEST_D"`
	}
	cfg := writeFile(t, "stepd.yaml", "a: file-a\nb: file-b\nc: file-c\n")
	t.Setenv("STEPD_TEST_A", "env-a")
	t.Setenv("STEPD_TEST_B", "env-b")
	parser, err := kong.New(&cli, kong.Configuration(loadConfig))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.Parse([]string{"--config", cfg, "--a", "flag-a"}); err != nil {
		t.Fatal(err)
	}
	got := []string{cli.A, cli.B, cli.C, cli.D}
	want := []string{"flag-a", "env-b", "file-c", "default-d"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}
