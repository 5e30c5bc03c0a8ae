package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/oneslot/actor/bench"
)

// A unit is one invocation of a test binary: the smallest piece of the
// suite that a pass runs, and what passes shuffle.
type unit struct {
	bin   string // test binary
	dir   string // its package's directory
	bench string // -test.bench pattern
	label string
}

// microBenchmarks are the root package's benchmarks of single calls.
const microBenchmarks = "^(BenchmarkCall|BenchmarkPingPong|BenchmarkCallCancelable|" +
	"BenchmarkAsk16|BenchmarkTryCall|BenchmarkTell)$"

// runSuite builds the test binaries, runs c.passes passes over the suite
// and writes all their output to raw.
func runSuite(c config, raw string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	bin, err := filepath.Abs(filepath.Join(filepath.Dir(raw), "bin"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return err
	}
	units, err := buildUnits(root, bin)
	if err != nil {
		return err
	}
	f, err := os.Create(raw)
	if err != nil {
		return err
	}
	defer f.Close()

	start := time.Now()
	total := c.passes * len(units)
	for p := range c.passes {
		order := rand.New(rand.NewPCG(uint64(p), 0)).Perm(len(units))
		for i, k := range order {
			u := units[k]
			done := p*len(units) + i
			progress(start, done, total, fmt.Sprintf("pass %d/%d: %s", p+1, c.passes, u.label))
			if err := u.run(f, c); err != nil {
				return fmt.Errorf("pass %d, %s: %w", p+1, u.label, err)
			}
		}
	}
	progress(start, total, total, "done")
	if stderrIsTerminal {
		fmt.Fprintln(os.Stderr)
	}
	return f.Close()
}

// progress prints a line on stderr saying how far the run is. On a
// terminal each line replaces the one before.
func progress(start time.Time, done, total int, what string) {
	el := time.Since(start).Round(time.Second)
	eta := "?"
	if done > 0 {
		left := time.Duration(float64(el) * float64(total-done) / float64(done))
		eta = left.Round(time.Second).String()
	}
	line := fmt.Sprintf("[%3d/%d] %s elapsed, ~%s left: %s", done, total, el, eta, what)
	if stderrIsTerminal {
		fmt.Fprint(os.Stderr, "\r\033[K"+line)
	} else {
		fmt.Fprintln(os.Stderr, line)
	}
}

var stderrIsTerminal = func() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}()

// suiteNames returns the names of the suite's workloads and impls, in the
// order the bench package lists them.
func suiteNames() (workloads, impls []string) {
	for _, w := range bench.Workloads() {
		workloads = append(workloads, w.Name)
	}
	for _, im := range bench.Impls() {
		impls = append(impls, im.Name)
	}
	return workloads, impls
}

// moduleRoot returns the directory of the module github.com/oneslot/actor.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/oneslot/actor").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module github.com/oneslot/actor (run from its root): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// buildUnits builds the test binaries into bin and returns the units of the
// suite. The root package's micro-benchmarks are left out, with a warning,
// if its tests do not build.
func buildUnits(root, bin string) ([]unit, error) {
	fmt.Fprintln(os.Stderr, "report: building the test binaries")
	suite := filepath.Join(bin, "bench.test")
	dir := filepath.Join(root, "bench")
	if err := build(root, "./bench", suite); err != nil {
		return nil, err
	}
	var units []unit
	for _, w := range bench.Workloads() {
		for _, im := range bench.Impls() {
			units = append(units, unit{
				bin:   suite,
				dir:   dir,
				bench: fmt.Sprintf("^BenchmarkSuite$/^workload=%s$/^impl=%s$", w.Name, im.Name),
				label: w.Name + " " + im.Name,
			})
		}
	}
	units = append(units, unit{bin: suite, dir: dir, bench: "^BenchmarkFloor$", label: "floors"})

	micro := filepath.Join(bin, "actor.test")
	if err := build(root, ".", micro); err != nil {
		fmt.Fprintf(os.Stderr, "report: skipping the micro-benchmarks: %v\n", err)
		return units, nil
	}
	units = append(units, unit{bin: micro, dir: root, bench: microBenchmarks, label: "micro"})
	return units, nil
}

func build(root, pkg, out string) error {
	cmd := exec.Command("go", "test", "-c", "-o", out, pkg)
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go test -c %s: %w", pkg, err)
	}
	return nil
}

// run runs u once, appending its output to f.
func (u unit) run(f *os.File, c config) error {
	cmd := exec.Command(u.bin, "-test.run", "^$", "-test.bench", u.bench,
		"-test.benchmem", "-test.count", "1",
		"-test.benchtime", c.benchtime, "-test.cpu", c.cpu)
	cmd.Dir = u.dir
	cmd.Stdout = f
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w\n%s", err, stderr.String())
	}
	return nil
}
