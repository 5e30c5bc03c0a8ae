// Command report runs the benchmark suite of github.com/oneslot/actor/bench
// and writes what it measured as a Markdown page of tables and PNG charts.
//
// Run it from the repository's root:
//
//	go run ./bench/cmd/report          # the full run, under 15 minutes
//	go run ./bench/cmd/report -quick   # a quick look, under 2 minutes
//
// It builds the suite's test binaries once, then runs every group of
// benchmarks once per pass, in a shuffled order, so that a slow minute of a
// busy machine spoils one sample of a few benchmarks rather than every
// sample of one. The raw output of all passes goes to bench/out/raw.txt; the
// page, README.md, and the charts go to bench/results. With -parse it skips
// the run and renders the page from a raw file written before.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	var cfg config
	flag.BoolVar(&cfg.quick, "quick", false,
		"fewer passes and shorter benchmarks: under 2 minutes")
	flag.StringVar(&cfg.out, "out", "bench/results",
		"directory for README.md and the charts")
	flag.StringVar(&cfg.raw, "raw", "bench/out/raw.txt",
		"file for the raw benchmark output")
	flag.IntVar(&cfg.passes, "passes", 0,
		"passes over the suite (default 8, or 2 with -quick)")
	flag.StringVar(&cfg.benchtime, "benchtime", "",
		"go test -benchtime of each benchmark (default 100ms, or 25ms with -quick)")
	flag.StringVar(&cfg.cpu, "cpu", "",
		"go test -cpu list (default 1,2 and the machine's core count)")
	flag.StringVar(&cfg.parse, "parse", "",
		"render the page from this raw file instead of running the suite")
	flag.StringVar(&cfg.load, "load", "",
		"a note on the machine's load to print with the results")
	flag.Parse()
	if err := cfg.finish(); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if err := report(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

type config struct {
	quick     bool
	out, raw  string
	passes    int
	benchtime string
	cpu       string
	parse     string
	load      string
}

// finish fills in the defaults that depend on -quick and the machine.
func (c *config) finish() error {
	if c.passes == 0 {
		c.passes = 8
		if c.quick {
			c.passes = 2
		}
	}
	if c.passes < 1 {
		return fmt.Errorf("-passes %d: need at least 1", c.passes)
	}
	if c.benchtime == "" {
		c.benchtime = "100ms"
		if c.quick {
			c.benchtime = "25ms"
		}
	}
	if c.cpu == "" {
		c.cpu = cpuList(runtime.NumCPU())
	}
	return nil
}

// cpuList returns "1,2" followed by n if n is another count.
func cpuList(n int) string {
	l := []string{"1", "2"}
	if n > 2 {
		l = append(l, strconv.Itoa(n))
	}
	return strings.Join(l, ",")
}

func report(c config) error {
	m := describeMachine()
	raw := c.parse
	if raw == "" {
		raw = c.raw
		if err := runSuite(c, raw); err != nil {
			return err
		}
		m.loadEnd = loadAvg()
	}
	f, err := os.Open(raw)
	if err != nil {
		return err
	}
	defer f.Close()
	d, err := parse(f, raw)
	if err != nil {
		return err
	}
	d.order(suiteNames())
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	charts, err := drawCharts(d, c.out)
	if err != nil {
		return err
	}
	page := filepath.Join(c.out, "README.md")
	if err := os.WriteFile(page, []byte(markdown(d, m, c, charts)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "report: wrote %s and %d charts at %s\n", page, len(charts),
		time.Now().UTC().Format(time.TimeOnly))
	return nil
}
