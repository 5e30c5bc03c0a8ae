package main

import (
	"fmt"
	"slices"
)

// A target is one of the suite's goals, judged on one comparison.
type target struct {
	goal     string
	measured string
	met      bool
	ok       bool // the run has the data to judge it
}

func writeTargets(w writer, d *data) {
	p := d.mainProcs()
	w("## Targets (GOMAXPROCS %d)\n\n", p)
	w("The goals of the suite, each judged on the medians of this run. `ask16` is\n")
	w("judged where each caller waits out a round trip: one client. With 64\n")
	w("clients, 64 callers already keep the actor busy, and on `work` its\n")
	w("microsecond per request bounds every implementation alike; the tables\n")
	w("below show those ratios too. `log` is not one of the workloads the\n")
	w("batching goal names; its rows show where batching pays. `callctx` and\n")
	w("`chanctx` set the library and the hand-written actor side by side when\n")
	w("both must watch a context that can be canceled.\n\n")
	w("| target | measured | met |\n|---|---|---|\n")
	for _, t := range targets(d, p) {
		if !t.ok {
			continue
		}
		met := "no"
		if t.met {
			met = "yes"
		}
		w("| %s | %s | %s |\n", t.goal, t.measured, met)
	}
	w("\n")
}

// kvWorkloads are the workloads whose requests cost little besides the
// call, so that they show what the call costs.
var kvWorkloads = []string{"get90", "get50"}

func targets(d *data, p int) []target {
	ts := callTargets(d, p)
	ts = append(ts, askTargets(d, p)...)
	for _, wl := range append(slices.Clone(kvWorkloads), "log") {
		for _, n := range []int{64, 1024} {
			r, ok := d.ratio(key{wl, "batch", n, p}, key{wl, "mutex", n, p})
			ts = append(ts, target{
				goal:     fmt.Sprintf("%s, %s: `batch` below 1.0× `mutex`", wl, clients(n)),
				measured: r.String(),
				met:      r.v < 1, ok: ok,
			})
		}
	}
	for _, wl := range kvWorkloads {
		for _, n := range []int{1, 64} {
			for _, c := range [][2]string{{"chan", "call"}, {"chanctx", "callctx"}} {
				r, ok := d.ratio(key{wl, c[0], n, p}, key{wl, c[1], n, p})
				ts = append(ts, target{
					goal:     fmt.Sprintf("%s, %s: `%s` at least 1.3× the time of `%s`", wl, clients(n), c[0], c[1]),
					measured: r.String(),
					met:      r.v >= 1.3, ok: ok,
				})
			}
		}
	}
	return ts
}

// askTargets judges Ask with 16 requests in flight against Call: the root
// package's benchmarks with an empty handler, and one client on the kv
// workloads.
func askTargets(d *data, p int) []target {
	r, ok := d.ratio(key{microWorkload, "Call", 1, p}, key{microWorkload, "Ask16", 1, p})
	ts := []target{{
		goal:     "`BenchmarkAsk16` at least 2× the throughput of `BenchmarkCall`",
		measured: r.String(),
		met:      r.v >= 2, ok: ok,
	}}
	for _, wl := range kvWorkloads {
		r, ok := d.ratio(key{wl, "call", 1, p}, key{wl, "ask16", 1, p})
		ts = append(ts, target{
			goal:     fmt.Sprintf("%s, 1 client: `ask16` at least 2× the throughput of `call`", wl),
			measured: r.String(),
			met:      r.v >= 2, ok: ok,
		})
	}
	return ts
}

// callTargets judges Call against the ping-pong floor: the root package's
// BenchmarkCall, and the suite's call at one client on the kv workloads.
func callTargets(d *data, p int) []target {
	var ts []target
	call := key{workload: microWorkload, impl: "Call", clients: 1, procs: p}
	if x, ok := d.median(call, xPingPong); ok {
		a, _ := d.median(call, allocsPerOp)
		ts = append(ts, target{
			goal:     "`BenchmarkCall` (empty handler): at most 1.3× ping-pong, 0 allocs",
			measured: fmt.Sprintf("%.2f× ping-pong, %g allocs/op", x, a),
			met:      x <= 1.3 && a == 0, ok: true,
		})
	}
	for _, wl := range kvWorkloads {
		k := key{workload: wl, impl: "call", clients: 1, procs: p}
		r, ok := d.ratio(k, floor("pingpong", p))
		a, _ := d.median(k, allocsPerOp)
		ts = append(ts, target{
			goal:     fmt.Sprintf("%s, `call`, 1 client: at most 1.3× ping-pong, 0 allocs", wl),
			measured: fmt.Sprintf("%v ping-pong, %g allocs/op", r, a),
			met:      r.v <= 1.3 && a == 0, ok: ok,
		})
	}
	return ts
}

// clients returns "1 client" or "n clients".
func clients(n int) string { return fmt.Sprintf("%d %s", n, plural(n, "client")) }
