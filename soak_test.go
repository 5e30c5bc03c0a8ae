package actor_test

import (
	"context"
	"errors"
	"fmt"
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

// soakOps is the number of operations TestSoak runs: ACTOR_SOAK_OPS if set,
// else 1,000,000, or 100,000 with -short. Set ACTOR_SOAK_OPS=20000000 for a
// long run.
func soakOps(t *testing.T) int64 {
	if s := os.Getenv("ACTOR_SOAK_OPS"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 2 {
			t.Fatalf("ACTOR_SOAK_OPS=%q: want a number of at least 2", s)
		}
		return n
	}
	if testing.Short() {
		return 100_000
	}
	return 1_000_000
}

// Outcome kinds counted by the soak test.
const (
	outOK = iota
	outFailed
	outPanicked
	outStopped
	outFull
	outCtx
	numOutcomes
)

var outcomeNames = [numOutcomes]string{"ok", "failed", "panicked", "stopped", "full", "ctx"}

// soakActor is one actor of the soak with what its handler and its callers
// counted. Its handler keeps no record per request, so memory stays flat.
type soakActor struct {
	*actor.Actor[kvReq, kvResp]

	running  atomic.Int32
	overlaps atomic.Int64
	runs     [3]atomic.Int64 // by runResult
	toldRuns atomic.Int64
	toldErrs atomic.Int64 // errors given to the error handler

	sent       atomic.Int64 // requests sent with a live context
	outcomes   [numOutcomes]atomic.Int64
	toldOK     atomic.Int64 // Tells accepted
	wrongReply atomic.Int64
}

func newSoakActor() *soakActor {
	s := &soakActor{}
	s.Actor = actor.New(s.handle, actor.WithMailboxSize(64),
		actor.WithErrorHandler(func(error) { s.toldErrs.Add(1) }))
	return s
}

func (s *soakActor) handle(ctx context.Context, r kvReq) (kvResp, error) {
	if s.running.Add(1) != 1 {
		s.overlaps.Add(1)
	}
	defer s.running.Add(-1)
	if r.Client < 0 {
		s.toldRuns.Add(1)
	}
	switch r.Op {
	case opPanic:
		s.runs[ranPanic].Add(1)
		panic(panicValue)
	case opFail:
		s.runs[ranErr].Add(1)
		return kvResp{}, errFail
	case opSlow:
		time.Sleep(r.Sleep)
	case opCancelSelf:
		if cancel, ok := ctx.Value(cancelKey{}).(context.CancelFunc); ok {
			cancel()
		}
	}
	s.runs[ranOK].Add(1)
	return kvResp{ID: r.ID}, nil
}

// TestSoak sends a million operations from 1024 goroutines, of every kind,
// with random cancellations, handler errors, panics and slow handlers, and
// stops the actor in the middle with a short deadline, under load, and
// starts a new one. It checks that every operation got exactly one outcome,
// that every actor's counters add up, and that no goroutine is left; it
// prints one summary line.
func TestSoak(t *testing.T) {
	ignore := goleak.IgnoreCurrent()
	total := soakOps(t)

	// Two actors share the load, so that both cores work; the stop in the
	// middle replaces the first.
	var slots [2]atomic.Pointer[soakActor]
	actors := []*soakActor{newSoakActor(), newSoakActor()}
	slots[0].Store(actors[0])
	slots[1].Store(actors[1])

	// The stop in the middle: the caller of the middle operation force-stops
	// the first actor under load, while its callers move on to a new one.
	stopMiddle := func() {
		first := actors[0]
		actors = append(actors, newSoakActor())
		slots[0].Store(actors[2])
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		defer cancel()
		if err := first.Stop(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop(1ms) under load = %v", err)
		}
	}

	var issued, finished atomic.Int64
	peak, stopSampling := sampleHeap()
	start := time.Now()
	var wg sync.WaitGroup
	for g := range 1024 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for {
				n := issued.Add(1)
				if n > total {
					return
				}
				if n == total/2 {
					stopMiddle()
				}
				if soakOp(slots[g%2].Load(), rng, n, g) {
					finished.Add(1)
				}
			}
		})
	}
	wg.Wait()
	for _, a := range actors {
		if err := a.Stop(context.Background()); err != nil {
			t.Errorf("final Stop = %v", err)
		}
		<-a.Done()
	}
	elapsed := time.Since(start)
	stopSampling()

	var byKind [numOutcomes]int64
	var summary string
	for _, a := range actors {
		if err := a.check(); err != nil {
			t.Error(err)
		}
		for i := range byKind {
			byKind[i] += a.outcomes[i].Load()
		}
	}
	for i, n := range byKind {
		summary += fmt.Sprintf(" %s=%d", outcomeNames[i], n)
	}
	lost := total - finished.Load()
	left := 0
	if err := goleak.Find(ignore); err != nil {
		left = runtime.NumGoroutine()
		t.Errorf("goroutines left: %v", err)
	}
	t.Logf("soak: ops=%d goroutines=1024 outcomes:%s lost=%d goroutines_left=%d "+
		"peak_heap=%.1fMiB elapsed=%v", total, summary, lost, left, float64(peak())/(1<<20), elapsed.Round(time.Millisecond))
	if lost != 0 {
		t.Errorf("%d operations got no outcome", lost)
	}
}

// soakOp runs one random operation on a and counts its outcome. It reports
// whether the operation got exactly one outcome of an allowed kind.
func soakOp(a *soakActor, rng *rand.Rand, id int64, g int) bool {
	req := kvReq{ID: id, Client: g, Op: opPut}
	switch p := rng.IntN(1000); {
	case p < 10:
		req.Op = opFail
	case p < 15:
		req.Op = opPanic
	case p < 25:
		req.Op, req.Sleep = opSlow, time.Duration(rng.IntN(100))*time.Microsecond
	case p < 75:
		req.Op = opCancelSelf
	}
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	switch p := rng.IntN(100); {
	case p < 30:
		ctx, cancel = context.WithTimeout(ctx, time.Duration(rng.IntN(300))*time.Microsecond)
		ctx = context.WithValue(ctx, cancelKey{}, cancel)
	case p < 35:
		ctx, cancel = context.WithCancel(ctx)
		cancel()
		_, err := a.Call(ctx, req)
		return errors.Is(err, context.Canceled)
	case req.Op == opCancelSelf:
		ctx, cancel = context.WithCancel(ctx)
		ctx = context.WithValue(ctx, cancelKey{}, cancel)
	}
	defer cancel()

	a.sent.Add(1)
	var resp kvResp
	var err error
	switch p := rng.IntN(100); {
	case p < 40:
		resp, err = a.Call(ctx, req)
	case p < 55:
		resp, err = a.TryCall(ctx, req)
	case p < 80:
		var r *actor.Reply[kvResp]
		if r, err = a.Ask(ctx, req); err == nil {
			resp, err = r.Await(context.Background())
		}
	default:
		req.Client = -1
		if err = a.Tell(ctx, req); err == nil {
			a.toldOK.Add(1)
			return true
		}
	}
	return a.count(req, resp, err)
}

// count files one outcome under its kind, and reports whether it is allowed.
func (a *soakActor) count(req kvReq, resp kvResp, err error) bool {
	var pe *actor.PanicError
	kind := -1
	switch {
	case err == nil && resp.ID == req.ID:
		kind = outOK
	case errors.Is(err, errFail) && req.Op == opFail:
		kind = outFailed
	case errors.As(err, &pe) && req.Op == opPanic:
		kind = outPanicked
	case errors.Is(err, actor.ErrStopped):
		kind = outStopped
	case errors.Is(err, actor.ErrMailboxFull):
		kind = outFull
	case isCtxErr(err):
		kind = outCtx
	}
	if kind < 0 || (err != nil && resp != kvResp{}) {
		a.wrongReply.Add(1)
		return false
	}
	a.outcomes[kind].Add(1)
	return true
}

// check holds a's counters against what its callers and handler counted,
// once a is done.
func (a *soakActor) check() error {
	s := a.Stats()
	ok, failed, panicked := a.runs[ranOK].Load(), a.runs[ranErr].Load(), a.runs[ranPanic].Load()
	accepted := s.Processed + s.Failed + s.Panicked + s.Canceled + s.Dropped
	// A ctx error comes from a request canceled in the mailbox, one that
	// ran while its caller left, or one that timed out waiting for room.
	ctxErrs := uint64(a.outcomes[outCtx].Load())
	stoppedOrFull := uint64(a.outcomes[outStopped].Load() + a.outcomes[outFull].Load())
	toldDropped := uint64(a.toldOK.Load() - a.toldRuns.Load())
	switch {
	case a.overlaps.Load() != 0:
		return fmt.Errorf("%d handler runs overlapped", a.overlaps.Load())
	case a.wrongReply.Load() != 0:
		return fmt.Errorf("%d callers got an outcome not theirs or not allowed", a.wrongReply.Load())
	case s.Processed != uint64(ok) || s.Failed != uint64(failed) || s.Panicked != uint64(panicked):
		return fmt.Errorf("Stats %+v; handler counted %d ok, %d failed, %d panicked",
			s, ok, failed, panicked)
	case s.Rejected+s.Dropped != stoppedOrFull+toldDropped:
		return fmt.Errorf("Stats %+v: Rejected+Dropped != %d ErrStopped/ErrMailboxFull + %d dropped Tells",
			s, stoppedOrFull, toldDropped)
	case accepted+s.Rejected > uint64(a.sent.Load()) || s.Canceled > ctxErrs:
		return fmt.Errorf("Stats %+v: accepted %d + rejected > %d sent, or Canceled > %d ctx errors",
			s, accepted, a.sent.Load(), ctxErrs)
	case uint64(a.sent.Load())-accepted-s.Rejected != ctxErrs-s.Canceled-ranWhileLeft(s, a):
		return fmt.Errorf("Stats %+v: %d sent, %d accepted: requests unaccounted for",
			s, a.sent.Load(), accepted)
	}
	return nil
}

// ranWhileLeft is how many requests ran although their callers had left
// with a ctx error: the handler runs less the outcomes that report a run.
func ranWhileLeft(s actor.Stats, a *soakActor) uint64 {
	runs := s.Processed + s.Failed + s.Panicked
	var reported uint64
	for _, kind := range []int{outOK, outFailed, outPanicked} {
		reported += uint64(a.outcomes[kind].Load())
	}
	reported += uint64(a.toldRuns.Load())
	return runs - reported
}

// sampleHeap samples HeapAlloc every 10ms until stopped, and returns the
// peak seen.
func sampleHeap() (peak func() uint64, stop func()) {
	var max atomic.Uint64
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > max.Load() {
				max.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return max.Load, func() { close(done); <-exited }
}
