package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
)

// Units of the values the report reads.
const (
	secPerOp    = "sec/op"
	allocsPerOp = "allocs/op"
	xPingPong   = "x-pingpong"
)

// microWorkload is the workload name given to the root package's
// micro-benchmarks, whose impl is the benchmark's name.
const microWorkload = "micro"

// A key names one benchmark at one GOMAXPROCS. Floors have an empty
// workload and one client.
type key struct {
	workload string
	impl     string
	clients  int
	procs    int
}

// data holds every measurement of a run, by benchmark and unit, and the
// dimensions of the suite in the order first met.
type data struct {
	values    map[key]map[string][]float64
	workloads []string
	impls     []string
	clients   []int
	procs     []int
	micro     []string
}

// parse reads benchmark output in the Go benchmark format.
func parse(r io.Reader, name string) (*data, error) {
	d := &data{values: make(map[key]map[string][]float64)}
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.Result:
			d.add(rec)
		case *benchfmt.SyntaxError:
			return nil, rec
		}
	}
	if err := br.Err(); err != nil {
		return nil, err
	}
	if len(d.values) == 0 {
		return nil, fmt.Errorf("%s: no benchmark results", name)
	}
	slices.Sort(d.clients)
	slices.Sort(d.procs)
	return d, nil
}

// order puts the workloads and impls in the order of the given lists;
// names not in them go last, in the order first met.
func (d *data) order(workloads, impls []string) {
	rank := func(l []string) func(a, b string) int {
		idx := func(s string) int {
			if i := slices.Index(l, s); i >= 0 {
				return i
			}
			return len(l)
		}
		return func(a, b string) int { return idx(a) - idx(b) }
	}
	slices.SortStableFunc(d.workloads, rank(workloads))
	slices.SortStableFunc(d.impls, rank(impls))
}

func (d *data) add(r *benchfmt.Result) {
	k, ok := parseName(string(r.Name.Full()))
	if !ok {
		return
	}
	m := d.values[k]
	if m == nil {
		m = make(map[string][]float64)
		d.values[k] = m
	}
	for _, v := range r.Values {
		m[v.Unit] = append(m[v.Unit], v.Value)
	}
	d.procs = addNew(d.procs, k.procs)
	switch k.workload {
	case "":
	case microWorkload:
		d.micro = addNew(d.micro, k.impl)
	default:
		d.workloads = addNew(d.workloads, k.workload)
		d.impls = addNew(d.impls, k.impl)
		d.clients = addNew(d.clients, k.clients)
	}
}

func addNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// micro are the names of the root package's benchmarks the report reads.
var micro = []string{"Call", "PingPong", "CallCancelable", "Ask16", "TryCall", "Tell"}

// parseName turns a benchmark name without its "Benchmark" prefix, such as
// "Suite/workload=get90/impl=call/clients=8-2", into a key.
func parseName(name string) (key, bool) {
	k := key{clients: 1, procs: 1}
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if p, err := strconv.Atoi(name[i+1:]); err == nil {
			k.procs, name = p, name[:i]
		}
	}
	base, rest, _ := strings.Cut(name, "/")
	for part := range strings.SplitSeq(rest, "/") {
		f, v, _ := strings.Cut(part, "=")
		switch f {
		case "workload":
			k.workload = v
		case "impl":
			k.impl = v
		case "clients":
			n, err := strconv.Atoi(v)
			if err != nil {
				return key{}, false
			}
			k.clients = n
		}
	}
	switch {
	case base == "Suite" && k.workload != "" && k.impl != "":
		return k, true
	case base == "Floor" && k.impl != "":
		return k, true
	case slices.Contains(micro, base):
		return key{workload: microWorkload, impl: base, clients: 1, procs: k.procs}, true
	}
	return key{}, false
}

// confidence is the confidence level of the intervals the report gives.
const confidence = 0.95

// sample returns the measurements of k in unit, or nil.
func (d *data) sample(k key, unit string) *benchmath.Sample {
	vs := d.values[k][unit]
	if len(vs) == 0 {
		return nil
	}
	return benchmath.NewSample(slices.Clone(vs), &benchmath.DefaultThresholds)
}

// summary returns the median of k in unit with its confidence interval.
func (d *data) summary(k key, unit string) (benchmath.Summary, bool) {
	s := d.sample(k, unit)
	if s == nil {
		return benchmath.Summary{}, false
	}
	return benchmath.AssumeNothing.Summary(s, confidence), true
}

// median returns the median of k in unit.
func (d *data) median(k key, unit string) (float64, bool) {
	s, ok := d.summary(k, unit)
	return s.Center, ok
}

// A ratio compares the medians of two benchmarks.
type ratio struct {
	v      float64
	differ bool // a Mann-Whitney U-test tells the samples apart
}

// ratio returns the median time of a over that of b.
func (d *data) ratio(a, b key) (ratio, bool) {
	sa, sb := d.sample(a, secPerOp), d.sample(b, secPerOp)
	if sa == nil || sb == nil {
		return ratio{}, false
	}
	ma := benchmath.AssumeNothing.Summary(sa, confidence).Center
	mb := benchmath.AssumeNothing.Summary(sb, confidence).Center
	c := benchmath.AssumeNothing.Compare(sa, sb)
	return ratio{v: ma / mb, differ: c.P < c.Alpha}, true
}

// String formats r as "1.23×", marked "~" when the samples cannot be told
// apart.
func (r ratio) String() string {
	s := strconv.FormatFloat(r.v, 'f', 2, 64) + "×"
	if !r.differ {
		s += " ~"
	}
	return s
}

// floor returns the key of the floor impl at procs.
func floor(impl string, procs int) key { return key{impl: impl, clients: 1, procs: procs} }

// mainProcs returns the GOMAXPROCS the targets are judged at: 2 if the run
// has it, and otherwise the largest.
func (d *data) mainProcs() int {
	if slices.Contains(d.procs, 2) {
		return 2
	}
	return slices.Max(d.procs)
}
