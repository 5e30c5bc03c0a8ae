package main

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// markdown returns the results page.
func markdown(d *data, m machine, c config, charts []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# Benchmark results\n\n")
	w("Made by `go run ./bench/cmd/report%s` on the machine below. Every figure\n", flagsUsed(c))
	w("is the median of the passes, with its 95%% confidence interval where one is\n")
	w("shown; a ratio marked `~` could not be told from 1 by a Mann-Whitney U-test\n")
	w("(benchmath, as benchstat uses it). Lower times are better.\n\n")
	writeMachine(w, m, c)
	writeTargets(w, d)
	writeMutexWins(w, d)
	writeMicro(w, d)
	for _, wl := range d.workloads {
		for _, p := range d.procs {
			writeWorkload(w, d, wl, p, charts)
		}
	}
	return b.String()
}

type writer func(format string, args ...any)

func flagsUsed(c config) string {
	var f []string
	if c.quick {
		f = append(f, "-quick")
	}
	if c.parse != "" {
		f = append(f, "-parse "+c.parse)
	}
	if len(f) == 0 {
		return ""
	}
	return " " + strings.Join(f, " ")
}

func writeMachine(w writer, m machine, c config) {
	w("| machine | |\n|---|---|\n")
	w("| CPU | %s |\n", m.cpuModel)
	w("| cores | %d |\n", m.cores)
	w("| Go | %s %s |\n", m.goVersion, m.osArch)
	w("| date | %s |\n", m.date.Format(time.DateTime+" MST"))
	if c.parse == "" {
		w("| run | %d passes, -benchtime %s, -cpu %s |\n", c.passes, c.benchtime, c.cpu)
		w("| load average (1, 5, 15 min) | %s at the start, %s at the end |\n", m.loadStart, m.loadEnd)
	}
	if c.load != "" {
		w("| load | %s |\n", c.load)
	}
	w("\n")
}

// libraryImpls are the implementations built on this module.
var libraryImpls = []string{"call", "callctx", "ask16", "state", "batch"}

// writeMutexWins compares, for each workload, core count and client count,
// sync.Mutex with the fastest implementation of the library.
func writeMutexWins(w writer, d *data) {
	w("## sync.Mutex against the library\n\n")
	w("Each row sets `mutex` against the fastest of the library's implementations\n")
	w("(%s) there. Above 1.0× the mutex wins by that factor.\n\n",
		strings.Join(libraryImpls, ", "))
	w("| workload | GOMAXPROCS | clients | mutex | fastest of the library | × mutex |")
	w(" fastest of all |\n|---|---|---|---|---|---|---|\n")
	for _, wl := range d.workloads {
		for _, p := range d.procs {
			for _, n := range d.clients {
				mk := key{wl, "mutex", n, p}
				mt, ok := d.median(mk, secPerOp)
				if !ok {
					continue
				}
				lib, lt, _ := d.fastest(wl, n, p, libraryImpls)
				all, at, _ := d.fastest(wl, n, p, d.impls)
				r, _ := d.ratio(key{wl, lib, n, p}, mk)
				w("| %s | %d | %d | %s | %s %s | %v | %s %s |\n", wl, p, n, fmtTime(mt),
					lib, fmtTime(lt), r, all, fmtTime(at))
			}
		}
	}
	w("\n")
}

// fastest returns the impl among impls with the least median time, and
// reports whether any of them ran.
func (d *data) fastest(wl string, n, p int, impls []string) (string, float64, bool) {
	best, bt := "", 0.0
	for _, im := range impls {
		t, ok := d.median(key{wl, im, n, p}, secPerOp)
		if ok && (best == "" || t < bt) {
			best, bt = im, t
		}
	}
	return best, bt, best != ""
}

func writeMicro(w writer, d *data) {
	if len(d.micro) == 0 {
		return
	}
	w("## Single calls (root package benchmarks)\n\n")
	w("One client, an empty handler: what a call costs by itself.\n\n")
	w("| benchmark | GOMAXPROCS | time/op | allocs/op | × ping-pong |\n|---|---|---|---|---|\n")
	for _, name := range d.micro {
		for _, p := range d.procs {
			k := key{microWorkload, name, 1, p}
			s, ok := d.summary(k, secPerOp)
			if !ok {
				continue
			}
			a, _ := d.median(k, allocsPerOp)
			x := "-"
			if v, ok := d.median(k, xPingPong); ok {
				x = fmt.Sprintf("%.2f×", v)
			}
			w("| %s | %d | %s | %g | %s |\n", name, p, fmtSummary(s.Center, s.Lo, s.Hi), a, x)
		}
	}
	w("\n")
}

func writeWorkload(w writer, d *data, wl string, p int, charts []string) {
	if _, _, ok := d.fastest(wl, d.clients[0], p, d.impls); !ok {
		return
	}
	w("## Workload %s, GOMAXPROCS %d\n\n", wl, p)
	if c := chartName(wl, p); slices.Contains(charts, c) {
		w("![time per operation, %s, GOMAXPROCS %d](%s)\n\n", wl, p, filepath.Base(c))
	}
	pp, okp := d.median(floor("pingpong", p), secPerOp)
	lk, okl := d.median(floor("lock", p), secPerOp)
	if okp && okl {
		w("Floors: channel ping-pong %s, uncontended Lock/Unlock %s.\n\n", fmtTime(pp), fmtTime(lk))
	}
	table := func(title string, cell func(k key) string) {
		w("%s\n\n| impl |", title)
		for _, n := range d.clients {
			w(" %d %s |", n, plural(n, "client"))
		}
		w("\n|---|%s\n", strings.Repeat("---|", len(d.clients)))
		for _, im := range d.impls {
			w("| %s |", im)
			for _, n := range d.clients {
				w(" %s |", cell(key{wl, im, n, p}))
			}
			w("\n")
		}
		w("\n")
	}
	table("Time per operation:", func(k key) string {
		s, ok := d.summary(k, secPerOp)
		if !ok {
			return "-"
		}
		return fmtSummary(s.Center, s.Lo, s.Hi)
	})
	table("Allocations per operation:", func(k key) string {
		a, ok := d.median(k, allocsPerOp)
		if !ok {
			return "-"
		}
		return strconv.FormatFloat(a, 'g', 3, 64)
	})
	table("Time relative to `mutex` (below 1 is faster than the mutex):", func(k key) string {
		mk := k
		mk.impl = "mutex"
		return ratioCell(d, k, mk)
	})
	table("Time relative to the ping-pong floor:", func(k key) string {
		return ratioCell(d, k, floor("pingpong", k.procs))
	})
}

func ratioCell(d *data, a, b key) string {
	r, ok := d.ratio(a, b)
	if !ok {
		return "-"
	}
	return r.String()
}

// fmtTime formats a time in seconds in ns or µs.
func fmtTime(sec float64) string {
	ns := sec * 1e9
	switch {
	case ns >= 10000:
		return fmt.Sprintf("%.1f µs", ns/1000)
	case ns >= 100:
		return fmt.Sprintf("%.0f ns", ns)
	default:
		return fmt.Sprintf("%.1f ns", ns)
	}
}

// fmtSummary formats a median and the larger side of its interval as a
// percentage of it, or the median alone if there are too few samples for
// an interval.
func fmtSummary(c, lo, hi float64) string {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmtTime(c)
	}
	pct := 0.0
	if c != 0 {
		pct = 100 * max(hi-c, c-lo) / c
	}
	return fmt.Sprintf("%s ±%.0f%%", fmtTime(c), pct)
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
