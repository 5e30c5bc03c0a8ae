// Package examples_test builds every program under examples/, runs it, and
// checks what it prints.
//
// A program's expected standard output is kept next to it: in output.txt,
// compared line for line, or in unordered_output.txt, whose lines the
// program may print in any order. Standard error is not compared; timings
// go there. Every program needs one of the two files, except kvserver, a
// server that runs until it is signaled: TestExamples/kvserver drives it.
//
// A directory with a go.mod of its own holds a module of its own. It is
// left out of the common build, and run with "go run ." from inside it when
// it has an output file (see moduleEnv); without one it is skipped.
package examples_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// servers run until signaled, and have a test of their own.
var servers = map[string]func(t *testing.T, bin string){
	"kvserver": testKVServer,
}

// program is a directory under examples/ that holds a main package.
type program struct {
	name   string
	module bool // it has a go.mod of its own
}

func programs(t *testing.T) []program {
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	var ps []program
	for _, e := range entries {
		if !e.IsDir() || !exists(filepath.Join(e.Name(), "main.go")) {
			continue
		}
		ps = append(ps, program{e.Name(), exists(filepath.Join(e.Name(), "go.mod"))})
	}
	require.NotEmpty(t, ps, "no programs found under examples/")
	return ps
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestExamples builds every program of this module in one go build, then
// runs each and compares its output with the expected one.
func TestExamples(t *testing.T) {
	ps := programs(t)
	bin := t.TempDir()
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	for _, p := range ps {
		if !p.module {
			args = append(args, "./"+p.name)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", args...).CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)

	// One program at a time: timeout, backpressure and shutdown race their
	// handlers against deadlines of tens of milliseconds, which a crowded
	// machine could otherwise starve.
	for _, p := range ps {
		t.Run(p.name, func(t *testing.T) {
			if test, ok := servers[p.name]; ok {
				test(t, filepath.Join(bin, p.name))
				return
			}
			want, unordered := expected(t, p)
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(bin, p.name))
			cmd.Env = raceEnv()
			if p.module {
				cmd = exec.CommandContext(ctx, "go", "run", ".")
				cmd.Dir, cmd.Env = p.name, moduleEnv(t, p.name)
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Run(), "%s failed; stderr:\n%s", p.name, &stderr)
			got := lines(stdout.String())
			if unordered {
				slices.Sort(got)
				slices.Sort(want)
			}
			assert.Equal(t, want, got, "%s: standard output; stderr:\n%s", p.name, &stderr)
		})
	}
}

// expected returns the lines p should print, and whether their order is
// free. It skips a module of its own that has no output file.
func expected(t *testing.T, p program) (want []string, unordered bool) {
	ordered, err1 := os.ReadFile(filepath.Join(p.name, "output.txt"))
	free, err2 := os.ReadFile(filepath.Join(p.name, "unordered_output.txt"))
	switch {
	case err1 == nil && err2 == nil:
		t.Fatalf("%s has both output.txt and unordered_output.txt; keep one", p.name)
	case err1 == nil:
		return lines(string(ordered)), false
	case err2 == nil:
		return lines(string(free)), true
	case p.module:
		t.Skipf("%s is a module of its own with no output file", p.name)
	}
	t.Fatalf("%s has no output.txt or unordered_output.txt", p.name)
	return nil, false
}

// moduleEnv is the environment for "go run" in dir, a module of its own:
// in the workspace if go.work lists it, and on its own (GOWORK=off)
// otherwise, for which it needs a replace directive to build on this
// checkout.
func moduleEnv(t *testing.T, dir string) []string {
	out, err := exec.CommandContext(t.Context(), "go", "list", "-m", "-f", "{{.Dir}}").Output()
	require.NoError(t, err, "go list -m")
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	if slices.Contains(lines(string(out)), abs) {
		return os.Environ()
	}
	return append(os.Environ(), "GOWORK=off")
}

// raceEnv is the environment for a program: a program built with -race
// fails on the first race it finds, and does not wait a second at exit.
func raceEnv() []string {
	return append(os.Environ(), "GORACE=halt_on_error=1 atexit_sleep_ms=0")
}

func lines(s string) []string {
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

// testKVServer starts kvserver on a loopback port, stores a key through it,
// stops it with SIGTERM, and checks that it exited cleanly and saved the key.
func testKVServer(t *testing.T, bin string) {
	path := filepath.Join(t.TempDir(), "kv.json")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0", "-data", path)
	cmd.Env = raceEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	out := bufio.NewScanner(pipe)
	require.True(t, out.Scan(), "kvserver printed nothing; stderr:\n%s", &stderr)
	addr, ok := strings.CutPrefix(out.Text(), "listening on ")
	require.True(t, ok, "first line: got %q, want listening on <addr>", out.Text())

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	url := "http://" + addr + "/kv/name"
	req, err := http.NewRequestWithContext(ctx, "PUT", url, strings.NewReader("Alice"))
	require.NoError(t, err)
	resp, err := c.Do(req)
	require.NoError(t, err, "PUT")
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode, "PUT: status")
	resp, err = c.Get(url)
	require.NoError(t, err, "GET")
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err, "GET: body")
	assert.Equal(t, "Alice", string(body), "GET: body")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	var rest []string
	for out.Scan() {
		rest = append(rest, out.Text())
	}
	require.NoError(t, cmd.Wait(), "kvserver after SIGTERM; stderr:\n%s", &stderr)
	assert.Equal(t, []string{"shutting down", "stopped; keys: 1"}, rest, "output after SIGTERM")
	saved, err := os.ReadFile(path)
	require.NoError(t, err, "the saved map")
	assert.JSONEq(t, `{"name": "Alice"}`, string(saved), "the saved map")
}
