package main

import (
	"math"
	"strings"
	"testing"
)

// canned is benchmark output as the suite prints it, two passes of a few
// benchmarks at GOMAXPROCS 2, with lines benchfmt must skip or take as
// configuration.
const canned = `goos: linux
goarch: amd64
pkg: github.com/oneslot/actor/bench
cpu: Test CPU @ 3.00GHz
BenchmarkSuite/workload=get90/impl=call/clients=1-2       	 1000	       900.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=ask16/clients=1-2      	 1000	       400.0 ns/op	      96 B/op	       1 allocs/op
BenchmarkSuite/workload=get90/impl=call/clients=64-2      	 1000	       800.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=ask16/clients=64-2     	 1000	       300.0 ns/op	     184 B/op	       3 allocs/op
BenchmarkSuite/workload=get90/impl=batch/clients=64-2     	 1000	       90.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=mutex/clients=64-2     	 1000	       100.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=chan/clients=64-2      	 1000	       1200.0 ns/op	      96 B/op	       2 allocs/op
BenchmarkFloor/impl=pingpong-2                            	 1000	       500.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloor/impl=lock-2                                	 1000	       5.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloor/impl=lock                                  	 1000	       4.0 ns/op	       0 B/op	       0 allocs/op
PASS
pkg: github.com/oneslot/actor
BenchmarkCall-2   	 1000	       600.0 ns/op	       500.0 pingpong-ns/op	         1.200 x-pingpong	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=call/clients=64-2      	 1000	       820.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=ask16/clients=64-2     	 1000	       310.0 ns/op	     184 B/op	       3 allocs/op
BenchmarkSuite/workload=get90/impl=batch/clients=64-2     	 1000	       95.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=mutex/clients=64-2     	 1000	       110.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkSuite/workload=get90/impl=chan/clients=64-2      	 1000	       1250.0 ns/op	      96 B/op	       2 allocs/op
BenchmarkFloor/impl=pingpong-2                            	 1000	       520.0 ns/op	       0 B/op	       0 allocs/op
BenchmarkCall-2   	 1000	       620.0 ns/op	       520.0 pingpong-ns/op	         1.300 x-pingpong	       0 B/op	       0 allocs/op
BenchmarkAsk16-2  	 1000	       400.0 ns/op	      96 B/op	       1 allocs/op
ok  	github.com/oneslot/actor/bench	1.0s
`

func TestParseName(t *testing.T) {
	tests := []struct {
		name string
		want key
		ok   bool
	}{
		{"Suite/workload=get90/impl=call/clients=8-2", key{"get90", "call", 8, 2}, true},
		{"Suite/workload=work/impl=mutex/clients=1024", key{"work", "mutex", 1024, 1}, true},
		{"Floor/impl=pingpong-16", key{"", "pingpong", 1, 16}, true},
		{"Call-2", key{microWorkload, "Call", 1, 2}, true},
		{"Fold-2", key{}, false},
		{"Suite/workload=get90/impl=call/clients=x-2", key{}, false},
		{"Suite/workload=get90-2", key{}, false},
	}
	for _, tt := range tests {
		got, ok := parseName(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseName(%q) = %+v, %v, want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRatiosAndTargets(t *testing.T) {
	d, err := parse(strings.NewReader(canned), "canned")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if got, want := d.procs, []int{1, 2}; !equal(got, want) {
		t.Errorf("procs = %v, want %v", got, want)
	}
	if n := len(d.values[key{"get90", "mutex", 64, 2}][secPerOp]); n != 2 {
		t.Errorf("mutex at 64 clients has %d samples, want 2", n)
	}

	r, ok := d.ratio(key{"get90", "batch", 64, 2}, key{"get90", "mutex", 64, 2})
	if !ok || math.Abs(r.v-92.5/105) > 1e-9 {
		t.Errorf("batch/mutex = %v, %v, want %v", r.v, ok, 92.5/105)
	}
	if r.differ {
		t.Errorf("batch/mutex from 2 samples each: differ = true, want false")
	}

	met := map[string]bool{}
	for _, tg := range targets(d, 2) {
		if tg.ok {
			met[tg.goal] = tg.met
		}
	}
	want := map[string]bool{
		"`BenchmarkCall` (empty handler): at most 1.3× ping-pong, 0 allocs": true,
		"get90, 1 client: `ask16` at least 2× the throughput of `call`":     true,
		"`BenchmarkAsk16` at least 2× the throughput of `BenchmarkCall`":    false,
		"get90, 64 clients: `batch` below 1.0× `mutex`":                     true,
		"get90, 1024 clients: `batch` below 1.0× `mutex`":                   false,
	}
	for goal, w := range want {
		got, ok := met[goal]
		if w && !ok {
			t.Errorf("target %q missing", goal)
			continue
		}
		if ok && got != w {
			t.Errorf("target %q met = %v, want %v", goal, got, w)
		}
	}
	if _, ok := met["get90, 1024 clients: `batch` below 1.0× `mutex`"]; ok {
		t.Errorf("target at 1024 clients judged without data")
	}
	if _, ok := met["get90, 64 clients: `ask16` at least 2× the throughput of `call`"]; ok {
		t.Errorf("ask16 judged at 64 clients, where the goal does not apply")
	}

	page := markdown(d, machine{cpuModel: "Test CPU", cores: 2}, config{parse: "canned"}, nil)
	if strings.Contains(page, "## Workload get90, GOMAXPROCS 1") {
		t.Errorf("page has a section for GOMAXPROCS 1, which ran only floors")
	}
	for _, s := range []string{"| batch | - | 92.5 ns |", "| chan | - | 11.67× ~ |", "get90, 64 clients: `chan` at least 1.3× the time of `call` | 1.51× ~ | yes", "Test CPU", "0.88×"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q:\n%s", s, page)
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
