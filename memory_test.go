package actor_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oneslot/actor"
	"go.uber.org/goleak"
)

// heapAfterGC returns HeapAlloc once two collections have run, so that
// sync.Pool caches are emptied too.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

const kib = 1 << 10

// TestMemoryFlatUnderFlood floods a slow actor from many goroutines and
// measures the live heap three times: before, once every caller is waiting,
// and after ten times as many requests again. The first growth must be
// what the waiting callers and the mailbox need; after that the heap must
// not grow with the number of requests served.
func TestMemoryFlatUnderFlood(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	const callers, mailbox, perCaller = 512, 64, 200
	a := actor.New(func(ctx context.Context, n int) (int, error) {
		for range 200 { // a little work, so that the mailbox stays full
			n = n*31 + 7
		}
		return n, nil
	}, actor.WithMailboxSize(mailbox))
	before := heapAfterGC()

	var served atomic.Int64
	warm, later := make(chan struct{}), make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for i := range perCaller {
				if _, err := a.Call(context.Background(), i); err != nil {
					t.Errorf("Call = %v", err)
					return
				}
				switch served.Add(1) {
				case callers * perCaller / 10:
					close(warm)
					<-release
				case callers * perCaller:
					close(later)
				}
			}
		})
	}
	<-warm
	atWarm := heapAfterGC()
	close(release)
	<-later
	atEnd := heapAfterGC()
	wg.Wait()
	if err := a.Stop(context.Background()); err != nil {
		t.Fatalf("Stop = %v", err)
	}

	// Each waiting caller holds at most one envelope (a few hundred bytes)
	// and the mailbox holds pointers; the rest is slack for the runtime.
	growth := int64(atWarm) - int64(before)
	drift := int64(atEnd) - int64(atWarm)
	t.Logf("flood: %d callers, %d requests: heap before %d KiB, warm %+d KiB, after %+d KiB",
		callers, callers*perCaller, before/kib, growth/kib, drift/kib)
	if limit := int64(callers*kib + mailbox*kib + 512*kib); growth > limit {
		t.Errorf("heap grew %d KiB with %d callers waiting, want at most %d KiB",
			growth/kib, callers, limit/kib)
	}
	if drift > 256*kib {
		t.Errorf("heap grew %d KiB more while serving %d requests, want at most 256 KiB",
			drift/kib, callers*perCaller*9/10)
	}
}

// timedOutCalls is the number of calls TestMemoryTimedOutCalls makes:
// ACTOR_MEMORY_CALLS if set, else 1,000,000, or 200,000 under -race or with
// -short.
func timedOutCalls(t *testing.T) int {
	if s := os.Getenv("ACTOR_MEMORY_CALLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("ACTOR_MEMORY_CALLS=%q: want a positive number", s)
		}
		return n
	}
	if raceEnabled || testing.Short() {
		return 200_000
	}
	return 1_000_000
}

// TestMemoryTimedOutCalls makes a large number of calls that time out, while
// queued or while running, and checks that they leave nothing behind: the
// live heap after them is what it was before.
func TestMemoryTimedOutCalls(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	total := timedOutCalls(t)
	a := actor.New(func(ctx context.Context, n int) (int, error) {
		<-ctx.Done() // a handler that only returns when its caller gives up
		return n, nil
	}, actor.WithMailboxSize(64))
	if _, err := a.Call(ctxTimeout(t, time.Microsecond), 0); err == nil {
		t.Fatal("warm-up Call = nil, want a timeout")
	}
	before := heapAfterGC()

	var next, timedOut atomic.Int64
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 3))
			for next.Add(1) <= int64(total) {
				d := time.Duration(rng.IntN(50)) * time.Microsecond
				ctx, cancel := context.WithTimeout(context.Background(), d)
				_, err := a.Call(ctx, g)
				cancel()
				switch {
				case errors.Is(err, context.DeadlineExceeded):
					timedOut.Add(1)
				case err != nil:
					t.Errorf("Call = %v, want its reply or DeadlineExceeded", err)
					return
				}
			}
		})
	}
	wg.Wait()
	after := heapAfterGC()
	if err := a.Stop(context.Background()); err != nil {
		t.Fatalf("Stop = %v", err)
	}

	drift := int64(after) - int64(before)
	s := a.Stats()
	t.Logf("%d calls, %d timed out (%d skipped while queued): heap before %d KiB, after %+d KiB",
		total, timedOut.Load(), s.Canceled, before/kib, drift/kib)
	if timedOut.Load() < int64(total)/2 {
		t.Errorf("only %d of %d calls timed out; the test did not test what it says", timedOut.Load(), total)
	}
	if drift > 256*kib {
		t.Errorf("heap grew %d KiB across %d timed-out calls, want at most 256 KiB", drift/kib, total)
	}
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// TestAllocsAbandonedCall pins what a call abandoned while it runs costs: no
// more than the caller's context itself plus one allocation for the
// handler's context, whichever side settles the reply. Abandoned envelopes
// go back to the pool.
func TestAllocsAbandonedCall(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	a := actor.New(func(ctx context.Context, _ int) (int, error) {
		ctx.Value(cancelKey{}).(context.CancelFunc)()
		return 0, nil
	})
	defer func() {
		if err := a.Stop(context.Background()); err != nil {
			t.Errorf("Stop = %v", err)
		}
	}()
	newCtx := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		return context.WithValue(ctx, cancelKey{}, cancel)
	}
	ctxOnly := testing.AllocsPerRun(1000, func() { newCtx().Done() })
	call := testing.AllocsPerRun(1000, func() { _, _ = a.Call(newCtx(), 1) })
	t.Logf("abandoned Call: %v allocations, of which %v for its context", call, ctxOnly)
	if call > ctxOnly+1 {
		t.Errorf("abandoned Call: %v allocations, want at most %v (its context) + 1", call, ctxOnly)
	}
}
