package actor

// This file tests the reply's state machine from inside the package, where
// answer can be called directly: the races it provokes are too narrow to
// hit often through an actor.

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// errOwn is what an ownCtx returns once it has ended, so that a test can
// tell an Await's own ctx error from the Ask context's.
var errOwn = errors.New("own context ended")

type ownCtx struct{ context.Context }

func (c ownCtx) Err() error {
	if c.Context.Err() != nil {
		return errOwn
	}
	return nil
}

// spin yields a random number of times, to land an event at a random point.
func spin(n int) {
	for range rand.IntN(n + 1) {
		runtime.Gosched()
	}
}

// TestReplyProtocolUnderStress drives one Reply's state machine directly:
// one goroutine answers it (as the loop would), one maybe cancels the Ask
// context, and many goroutines Await it, some with contexts of their own
// that end early. Every Await that does not return its own ctx error must
// return the same outcome, which must be the answer if answer won and the
// Ask context's error otherwise; no Await may hang; the slot must never
// hold more than one token.
func TestReplyProtocolUnderStress(t *testing.T) {
	for round := range 5000 {
		var (
			askCtx    context.Context = context.Background()
			askCancel context.CancelFunc
		)
		if rand.IntN(3) != 0 {
			askCtx, askCancel = context.WithCancel(context.Background())
		}
		r := &Reply[int]{ctx: askCtx}

		nw := 1 + rand.IntN(8)
		type res struct {
			v   int
			err error
			own bool // returned its own ctx's error
		}
		results := make([]res, nw)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range nw {
			var (
				wctx    context.Context = context.Background()
				wcancel context.CancelFunc
			)
			if rand.IntN(2) == 0 {
				var c context.Context
				c, wcancel = context.WithCancel(context.Background())
				wctx = ownCtx{c}
				wg.Go(func() {
					<-start
					spin(20)
					wcancel()
				})
			}
			wg.Go(func() {
				<-start
				spin(4)
				v, err := r.Await(wctx)
				own := errors.Is(err, errOwn)
				if own && v != 0 {
					t.Errorf("Await returned its own ctx error with value %d", v)
				}
				results[i] = res{v, err, own}
			})
		}
		var answered atomic.Bool
		wg.Go(func() {
			<-start
			spin(10)
			answered.Store(r.answer(outcome[int]{v: round + 1}))
		})
		if askCancel != nil {
			wg.Go(func() {
				<-start
				spin(10)
				askCancel()
			})
		}
		close(start)
		wg.Wait()

		// One more Await, on the fast path now that every mover is done.
		v, err := r.Await(context.Background())
		var want res
		if answered.Load() {
			want = res{v: round + 1}
		} else {
			want = res{err: context.Canceled}
			if r.state.Load() != stateAbandoned {
				t.Fatalf("round %d: answer lost but state is %d", round, r.state.Load())
			}
		}
		if v != want.v || !errors.Is(err, want.err) || (want.err == nil && err != nil) {
			t.Fatalf("round %d: late Await = (%d, %v), want (%d, %v)", round, v, err, want.v, want.err)
		}
		for i, got := range results {
			if got.own {
				continue
			}
			if got.v != want.v || (want.err == nil) != (got.err == nil) || (want.err != nil && !errors.Is(got.err, want.err)) {
				t.Fatalf("round %d: waiter %d got (%d, %v), want (%d, %v) (answered=%v)",
					round, i, got.v, got.err, want.v, want.err, answered.Load())
			}
		}
		if ch, ok := r.ready.Load().(chan struct{}); ok && len(ch) > 1 {
			t.Fatalf("round %d: slot holds %d tokens", round, len(ch))
		}
		if askCancel != nil {
			askCancel()
		}
	}
}
