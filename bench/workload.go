// Package bench compares this module's actors with the locks and channels
// Go programmers use instead, on identical streams of operations.
//
// A [Workload] is a deterministic stream of operations; a [Store] is one way
// of serving them; a [Client] is one goroutine's handle on a Store. The
// benchmarks in this package run every Store on every Workload with a fixed
// number of clients, and the report tool under cmd/report turns their output
// into tables and charts.
package bench

import (
	"fmt"
	"math/rand/v2"
)

// Kind is what an [Op] does.
type Kind uint8

const (
	Get    Kind = iota // read the value of Op.Key
	Set                // write Op.Value under Op.Key
	Work               // fold Op.N into the shared accumulator, at about 1µs of work
	Append             // append a record to a log that must be flushed, at about 1µs a flush
)

// An Op is one operation of a workload. It names its key and value by
// their index in fixed tables, so that a stream of operations holds no
// pointers: the garbage collector does not scan it, and the harness adds no
// collection work to the stores it measures.
type Op struct {
	Kind  Kind
	key   uint16
	value uint16
	N     uint64
}

// Key returns the key a Get or Set operation reads or writes.
func (op Op) Key() string { return keys[op.key] }

// Value returns the value a Set operation writes.
func (op Op) Value() string { return values[op.value] }

// A Result is the answer to one [Op]: the value and presence of a key for
// Get, the new accumulator for Work, and the record's sequence number for
// Append. A Set has the zero Result.
type Result struct {
	Value string
	N     uint64
	OK    bool
}

// Keys is the number of keys a key-value store is preloaded with.
const Keys = 1024

// streamLen is the length of a workload's shared stream of operations.
// Client c starts reading it at its own offset and wraps around.
const streamLen = 1 << 16

// A Workload is a named, deterministic stream of operations. Every
// implementation runs the same stream, so every one does the same work.
type Workload struct {
	Name string
	Ops  []Op // read-only once made
}

var (
	keys   = makeStrings("k", Keys)
	values = makeStrings("v", 4*Keys)
)

func makeStrings(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return s
}

// Preload returns the key-value contents every store starts with: each key
// maps to the value of the same index.
func Preload() map[string]string {
	m := make(map[string]string, Keys)
	for i, k := range keys {
		m[k] = values[i]
	}
	return m
}

// KV returns a key-value workload in which getPct percent of the operations
// are gets and the rest sets, on uniformly chosen keys.
func KV(name string, getPct int) Workload {
	r := rand.New(rand.NewPCG(1, uint64(getPct)))
	ops := make([]Op, streamLen)
	for i := range ops {
		k := uint16(r.IntN(Keys))
		if r.IntN(100) < getPct {
			ops[i] = Op{Kind: Get, key: k}
		} else {
			ops[i] = Op{Kind: Set, key: k, value: uint16(r.IntN(len(values)))}
		}
	}
	return Workload{Name: name, Ops: ops}
}

// Compute returns a workload whose every operation is a critical section of
// about a microsecond of computation on one shared accumulator.
func Compute(name string) Workload {
	r := rand.New(rand.NewPCG(2, 0))
	ops := make([]Op, streamLen)
	for i := range ops {
		ops[i] = Op{Kind: Work, N: r.Uint64()}
	}
	return Workload{Name: name, Ops: ops}
}

// Log returns a workload whose every operation appends a record to a log
// and must see it flushed before it is answered. A flush costs about a
// microsecond, whatever the number of records it covers, so a store that
// flushes once for many records (a group commit) does less work.
func Log(name string) Workload {
	r := rand.New(rand.NewPCG(3, 0))
	ops := make([]Op, streamLen)
	for i := range ops {
		ops[i] = Op{Kind: Append, N: r.Uint64()}
	}
	return Workload{Name: name, Ops: ops}
}

// Workloads returns the workloads of the suite.
func Workloads() []Workload {
	return []Workload{KV("get90", 90), KV("get50", 50), Compute("work"), Log("log")}
}

// workRounds sets the cost of one Work operation; see BenchmarkFold.
const workRounds = 480

// fold mixes n into acc with a chain of dependent multiplications, which
// the compiler can neither skip nor shorten.
func fold(acc, n uint64) uint64 {
	x := acc ^ n
	for range workRounds {
		x = x*6364136223846793005 + 1442695040888963407
		x ^= x >> 29
	}
	return x
}

// chunks calls f with the operations client c of a run performs, n in all:
// the workload's stream read from c's own offset, wrapping around, in chunks
// of at most max.
func (w Workload) chunks(c, n, max int, f func(ops []Op)) {
	off := (c * 7919) % len(w.Ops)
	for n > 0 {
		k := min(n, max, len(w.Ops)-off)
		f(w.Ops[off : off+k])
		n -= k
		off = (off + k) % len(w.Ops)
	}
}
