package bench

import (
	"sync"
	"testing"
)

// TestSameResults runs each workload on each implementation with one
// client and checks that every implementation returns what the plain state
// returns, operation by operation.
func TestSameResults(t *testing.T) {
	const n = 3 * chunk
	for _, w := range Workloads() {
		want := sequential(w, n)
		for _, im := range Impls() {
			got := collect(im, w, 1, n)[0]
			if i := firstDiff(got, want); i >= 0 {
				t.Errorf("%s on %s: op %d (%+v) returned %+v, want %+v",
					im.Name, w.Name, i, w.Ops[i], got[i], want[i])
			}
		}
	}
}

// TestConcurrentClients runs each implementation with several clients and
// checks that each get returns a value some operation could have stored
// under its key, and that the stores lose no operation.
func TestConcurrentClients(t *testing.T) {
	const clients, n = 8, 8 * chunk
	w := KV("get50", 50)
	stored := storable(w)
	for _, im := range Impls() {
		res := collect(im, w, clients, n)
		total := 0
		for c, rs := range res {
			total += len(rs)
			for i, r := range rs {
				op := w.Ops[(c*7919+i)%len(w.Ops)]
				if op.Kind == Get && (!r.OK || !stored[[2]string{op.Key(), r.Value}]) {
					t.Errorf("%s: client %d op %d: Get(%q) = %q, %v: never stored",
						im.Name, c, i, op.Key(), r.Value, r.OK)
				}
			}
		}
		if total != n {
			t.Errorf("%s: %d clients returned %d results, want %d", im.Name, clients, total, n)
		}
	}
}

func sequential(w Workload, n int) []Result {
	s := newState()
	out := make([]Result, n)
	for i := range out {
		out[i] = s.do(w.Ops[i])
	}
	return out
}

func collect(im Impl, w Workload, clients, n int) [][]Result {
	s := im.New()
	defer s.Close()
	var mu sync.Mutex
	res := make([][]Result, clients)
	r := prepare(s, w, clients, n, func(c int, rs []Result) {
		mu.Lock()
		res[c] = append(res[c], rs...)
		mu.Unlock()
	})
	r.begin()
	r.wait()
	return res
}

func firstDiff(got, want []Result) int {
	if len(got) != len(want) {
		return min(len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return i
		}
	}
	return -1
}

// storable returns the key and value pairs a store running w may hold: the
// preloaded ones and those that w's sets write.
func storable(w Workload) map[[2]string]bool {
	m := make(map[[2]string]bool)
	for k, v := range Preload() {
		m[[2]string{k, v}] = true
	}
	for _, op := range w.Ops {
		if op.Kind == Set {
			m[[2]string{op.Key(), op.Value()}] = true
		}
	}
	return m
}
