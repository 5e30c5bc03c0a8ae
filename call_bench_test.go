package actor_test

import (
	"context"
	"testing"
	"time"

	"github.com/oneslot/actor"
)

// These benchmarks measure single requests to an actor whose handler does
// nothing, so that they show what the library itself costs. The suite in
// ./bench compares the library with locks and hand-written actors on real
// workloads.

func newIncr(b *testing.B) *actor.Actor[int, int] {
	a := actor.New(func(_ context.Context, n int) (int, error) { return n + 1, nil })
	b.Cleanup(func() {
		if err := a.Stop(context.Background()); err != nil {
			b.Errorf("Stop returned %v, want nil", err)
		}
	})
	return a
}

// pingPong sends n values to another goroutine over an unbuffered channel
// and waits for each to come back: the least a round trip between two
// goroutines costs, which no Call can beat.
func pingPong(n int) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	for i := range n {
		ping <- i
		<-pong
	}
	close(ping)
	<-pong
}

// BenchmarkCall measures Call with context.Background. Between blocks of
// calls it runs blocks of bare channel ping-pong with the timer stopped, so
// that both see the same machine, and it reports the ping-pong's time as
// pingpong-ns/op and how many times that a Call takes as x-pingpong.
func BenchmarkCall(b *testing.B) {
	const block = 4096
	a := newIncr(b)
	ctx := context.Background()
	var pp time.Duration
	b.ReportAllocs()
	for done := 0; done < b.N; {
		n := min(block, b.N-done)
		b.StopTimer()
		start := time.Now()
		pingPong(n)
		pp += time.Since(start)
		b.StartTimer()
		for i := range n {
			if _, err := a.Call(ctx, i); err != nil {
				b.Fatalf("Call returned %v, want nil", err)
			}
		}
		done += n
	}
	b.StopTimer()
	b.ReportMetric(float64(pp.Nanoseconds())/float64(b.N), "pingpong-ns/op")
	b.ReportMetric(float64(b.Elapsed())/float64(pp), "x-pingpong")
}

// BenchmarkPingPong measures the bare channel round trip alone.
func BenchmarkPingPong(b *testing.B) {
	b.ReportAllocs()
	pingPong(b.N)
}

// BenchmarkCallCancelable measures Call with a context that can be
// canceled, whose wait must watch the context too.
func BenchmarkCallCancelable(b *testing.B) {
	a := newIncr(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for i := range b.N {
		if _, err := a.Call(ctx, i); err != nil {
			b.Fatalf("Call returned %v, want nil", err)
		}
	}
}

// BenchmarkAsk16 measures Ask from one goroutine that keeps 16 requests in
// flight, awaiting each in order.
func BenchmarkAsk16(b *testing.B) {
	const inFlight = 16
	a := newIncr(b)
	ctx := context.Background()
	var ring [inFlight]*actor.Reply[int]
	await := func(i int) {
		if _, err := ring[i%inFlight].Await(ctx); err != nil {
			b.Fatalf("Await returned %v, want nil", err)
		}
	}
	b.ReportAllocs()
	for i := range b.N {
		if i >= inFlight {
			await(i - inFlight)
		}
		r, err := a.Ask(ctx, i)
		if err != nil {
			b.Fatalf("Ask returned %v, want nil", err)
		}
		ring[i%inFlight] = r
	}
	for i := max(0, b.N-inFlight); i < b.N; i++ {
		await(i)
	}
}

// BenchmarkTryCall measures TryCall with context.Background; one caller
// never finds the mailbox full.
func BenchmarkTryCall(b *testing.B) {
	a := newIncr(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := range b.N {
		if _, err := a.TryCall(ctx, i); err != nil {
			b.Fatalf("TryCall returned %v, want nil", err)
		}
	}
}

// BenchmarkTell measures Tell with context.Background, and the wait for the
// last request to be handled.
func BenchmarkTell(b *testing.B) {
	a := newIncr(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := range b.N {
		if err := a.Tell(ctx, i); err != nil {
			b.Fatalf("Tell returned %v, want nil", err)
		}
	}
	if _, err := a.Call(ctx, 0); err != nil { // requests are handled in order
		b.Fatalf("Call returned %v, want nil", err)
	}
}
