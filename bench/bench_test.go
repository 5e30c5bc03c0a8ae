package bench

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// clientCounts are the numbers of client goroutines each benchmark runs.
var clientCounts = []int{1, 8, 64, 1024}

// BenchmarkSuite runs every implementation on every workload. One
// iteration is one operation, whichever client performs it, so ns/op is
// the wall time of the run divided by the operations of all clients.
func BenchmarkSuite(b *testing.B) {
	for _, w := range Workloads() {
		for _, im := range Impls() {
			for _, c := range clientCounts {
				name := fmt.Sprintf("workload=%s/impl=%s/clients=%d", w.Name, im.Name, c)
				b.Run(name, func(b *testing.B) { benchStore(b, im, w, c) })
			}
		}
	}
}

func benchStore(b *testing.B, im Impl, w Workload, clients int) {
	s := im.New()
	defer s.Close()
	r := prepare(s, w, clients, b.N, nil)
	b.ReportAllocs()
	b.ResetTimer()
	r.begin()
	r.wait()
	b.StopTimer()
}

// BenchmarkFloor measures the floors the suite is compared with: a bare
// channel round trip between two goroutines, and an uncontended
// Lock/Unlock.
func BenchmarkFloor(b *testing.B) {
	b.Run("impl=pingpong", func(b *testing.B) {
		b.ReportAllocs()
		PingPong(b.N)
	})
	b.Run("impl=lock", func(b *testing.B) {
		b.ReportAllocs()
		LockUnlock(b.N)
	})
}

// BenchmarkFold measures one Work operation alone; workRounds is set so
// that it takes about a microsecond.
func BenchmarkFold(b *testing.B) {
	b.ReportAllocs()
	var acc uint64
	for i := range b.N {
		acc = fold(acc, uint64(i))
	}
	if acc == 1 {
		fmt.Fprintln(os.Stderr, acc)
	}
}
