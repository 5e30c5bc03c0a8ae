package actor_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/oneslot/actor"
	"go.uber.org/goleak"
)

// Cases from the field. Each test covers the class of the reported case:
// every kind of send, every place a caller can give up, every kind of Stop.

// TestFieldTimedOutCallersThenPromptCall: after many callers time out on a
// slow handler (some while waiting for room, some while queued, one while
// running), a normal call is answered as soon as the slow handler returns:
// none of the abandoned requests runs before it, and no goroutine remains.
func TestFieldTimedOutCallersThenPromptCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		k := newKV(actor.WithMailboxSize(16))
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		defer cancel()
		running := goCall(ctx, k, slow(1, 100*time.Millisecond), t0)
		synctest.Wait()
		var gone []<-chan callResult
		for id := int64(2); id < 66; id++ {
			gone = append(gone, goCall(ctx, k, put(id), t0))
		}
		for _, ch := range append(gone, running) {
			if r := <-ch; !errors.Is(r.err, context.DeadlineExceeded) || r.at != 5*time.Millisecond {
				t.Fatalf("Call = %v at %v, want DeadlineExceeded at 5ms", r.err, r.at)
			}
		}

		resp, err := k.Call(context.Background(), put(100))
		if err != nil || resp.ID != 100 {
			t.Fatalf("normal Call = (%+v, %v), want its reply", resp, err)
		}
		if d := time.Since(t0); d != 100*time.Millisecond {
			t.Fatalf("normal Call answered at %v, want 100ms, when the slow handler returns", d)
		}
		stopAndWait(t, k)
		wantIDs(t, k, 1, 100)
		// 16 of the 64 got into the mailbox and were skipped; 48 waited for
		// room and were never accepted.
		if s := k.Stats(); s.Canceled != 16 || s.Processed != 2 || s.Rejected != 0 {
			t.Fatalf("Stats = %+v, want Canceled 16, Processed 2, Rejected 0", s)
		}
	})
}

// TestFieldTimedOutCallersRealTime is the same case with real time and a
// handler held on a channel: thousands of callers give up at random points,
// then a normal call gets its own answer, the abandoned requests never run
// after the gate opens, and no goroutine is left.
func TestFieldTimedOutCallersRealTime(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	held, gate := make(chan struct{}), make(chan struct{})
	var ran atomic.Int64
	a := actor.New(func(ctx context.Context, id int64) (int64, error) {
		if id == 0 {
			close(held)
			<-gate
		}
		ran.Add(1)
		return id, nil
	}, actor.WithMailboxSize(32))
	first := make(chan error, 1)
	go func() { _, err := a.Call(context.Background(), 0); first <- err }()
	<-held

	var wg sync.WaitGroup
	for g := range 256 {
		wg.Go(func() {
			for i := range 8 {
				d := time.Duration(rand.IntN(200)) * time.Microsecond
				ctx, cancel := context.WithTimeout(context.Background(), d)
				_, err := a.Call(ctx, int64(1+g*8+i))
				cancel()
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Call behind a held handler = %v, want DeadlineExceeded", err)
				}
			}
		})
	}
	wg.Wait()
	close(gate)
	if err := <-first; err != nil {
		t.Fatalf("held Call = %v", err)
	}
	if v, err := a.Call(context.Background(), -1); err != nil || v != -1 {
		t.Fatalf("normal Call = (%d, %v), want (-1, nil)", v, err)
	}
	if err := a.Stop(context.Background()); err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if n := ran.Load(); n != 2 {
		t.Fatalf("handler ran %d times, want 2: abandoned requests ran", n)
	}
	s := a.Stats()
	if s.Processed != 2 || s.Failed+s.Panicked+s.Dropped+s.Rejected != 0 || s.Canceled > 256*8 {
		t.Fatalf("Stats = %+v, want Processed 2, Canceled <= %d, others 0", s, 256*8)
	}
}

// TestFieldCallsRacingStop: calls of every kind from many goroutines race
// Stops of every kind. Each returns its reply, a handler error, or
// ErrStopped (or ErrMailboxFull for TryCall), never panics, and the model
// check holds: state, counters, one run per request at most.
func TestFieldCallsRacingStop(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	for round := range rounds {
		rng := rand.New(rand.NewPCG(uint64(round), 1))
		p := program{MailboxSize: rng.IntN(8)}
		var id int64
		for c := range 64 {
			var steps []step
			for range 4 {
				id++
				steps = append(steps, step{
					Send: sendKind(rng.IntN(int(sendStop))),
					Req: kvReq{ID: id, Client: c, Op: kvOp(rng.IntN(int(opSlowCtx) + 1)),
						Key: uint8(id % 4), Val: id, Sleep: 20 * time.Microsecond},
				})
			}
			if c%16 == 0 {
				stop := step{Send: sendStop, Cancel: cancelMode(c / 16 % 3), Timeout: 50 * time.Microsecond}
				steps = append(steps[:2], append([]step{stop}, steps[2:]...)...)
			}
			p.Clients = append(p.Clients, steps)
		}
		k, results := runProgramRecover(t, p)
		for _, r := range results {
			if r.err != nil && !errors.Is(r.err, actor.ErrStopped) && !errors.Is(r.err, errFail) &&
				!errors.Is(r.err, actor.ErrMailboxFull) && !isPanicErr(r.err) && !isCtxErr(r.err) {
				t.Fatalf("round %d: %v = %v", round, r.step, r.err)
			}
		}
		if err := check(k, results); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

func isPanicErr(err error) bool {
	var pe *actor.PanicError
	return errors.As(err, &pe)
}

// runProgramRecover runs p and fails t, rather than the whole binary, if a
// send or a Stop panics.
func runProgramRecover(t *testing.T, p program) (k *kvActor, results []result) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("running the program panicked: %v", v)
		}
	}()
	return runProgram(p)
}

// TestFieldNoStaleReplies: when calls time out and fresh calls follow at
// once, every caller gets its own answer, never one meant for an earlier
// request, whatever point the earlier one was abandoned at. Call and Tell
// envelopes are pooled, so this covers reused reply slots, with plain,
// batch and State actors.
func TestFieldNoStaleReplies(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	echo := func(ctx context.Context, id int64) (int64, error) {
		if id%7 == 0 {
			time.Sleep(time.Duration(id%50) * time.Microsecond)
		}
		if id%11 == 0 {
			return 0, fmt.Errorf("request %d: %w", id, errFail)
		}
		return id, nil
	}
	batchEcho := func(ctx context.Context, ids []int64, resps []int64, errs []error) {
		for i, id := range ids {
			resps[i], errs[i] = echo(ctx, id)
		}
	}
	st := actor.NewState(map[int64]int64{}, actor.WithMailboxSize(4))
	callers := map[string]actor.Caller[int64, int64]{
		"plain":   actor.New(echo, actor.WithMailboxSize(4)),
		"batch":   actor.NewBatch(batchEcho, actor.WithMailboxSize(4), actor.WithMaxBatch(3)),
		"unboxed": actor.New(echo, actor.WithMailboxSize(0)),
		"state":   doCaller{st},
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for name, c := range callers {
		for range 16 {
			wg.Go(func() {
				for range 300 {
					staleCheck(t, name, c, next.Add(1), next.Add(1))
				}
			})
		}
	}
	wg.Wait()
	for name, c := range callers {
		var err error
		switch c := c.(type) {
		case *actor.Actor[int64, int64]:
			err = c.Stop(context.Background())
		case doCaller:
			err = c.st.Stop(context.Background())
		}
		if err != nil {
			t.Errorf("%s: Stop = %v", name, err)
		}
	}
}

// staleCheck sends first with a deadline that may end anywhere, then fresh
// with none, and checks each answer belongs to its own request.
func staleCheck(t *testing.T, name string, c actor.Caller[int64, int64], first, fresh int64) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(rand.IntN(60))*time.Microsecond)
	v, err := c.Call(ctx, first)
	cancel()
	if !isCtxErr(err) || v != 0 {
		if err := ownAnswer(first, v, err); err != nil {
			t.Errorf("%s: abandoned Call: %v", name, err)
		}
	}
	v, err = c.Call(context.Background(), fresh)
	if err := ownAnswer(fresh, v, err); err != nil {
		t.Errorf("%s: fresh Call: %v", name, err)
	}
}

// ownAnswer reports whether (v, err) is what the echo handler gives id.
func ownAnswer(id, v int64, err error) error {
	if id%11 == 0 {
		if v != 0 || err == nil || err.Error() != fmt.Sprintf("request %d: %v", id, errFail) {
			return fmt.Errorf("Call(%d) = (%d, %v), want its own error", id, v, err)
		}
		return nil
	}
	if v != id || err != nil {
		return fmt.Errorf("Call(%d) = (%d, %v), want (%d, nil)", id, v, err, id)
	}
	return nil
}

// doCaller makes a State's Do look like a Caller of the echo handler.
type doCaller struct{ st *actor.State[map[int64]int64] }

func (d doCaller) Call(ctx context.Context, id int64) (int64, error) {
	return actor.Do(ctx, d.st, func(ctx context.Context, m map[int64]int64) (int64, error) {
		m[id%8] = id
		if id%11 == 0 {
			return 0, fmt.Errorf("request %d: %w", id, errFail)
		}
		return id, nil
	})
}

// TestFieldFloodStop: while a flood of callers keeps the mailbox full, Stop
// returns at its deadline, a caller with a short deadline is released at
// its deadline, every flooding caller ends with ErrStopped or its reply, and
// the actor's goroutine exits once the running handler returns.
func TestFieldFloodStop(t *testing.T) {
	for _, deadline := range []time.Duration{0, 25 * time.Millisecond} {
		t.Run(fmt.Sprintf("deadline=%v", deadline), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { floodStop(t, deadline) })
		})
	}
}

func floodStop(t *testing.T, deadline time.Duration) {
	t0 := time.Now()
	k := newKV(actor.WithMailboxSize(8))
	var sent, answered, stopped atomic.Int64
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := int64(0); ; i++ {
				sent.Add(1)
				resp, err := k.Call(context.Background(), slow(int64(g)<<32|i, 10*time.Millisecond))
				switch {
				case errors.Is(err, actor.ErrStopped):
					stopped.Add(1)
					return
				case err != nil || resp.ID != int64(g)<<32|i:
					t.Errorf("flooding Call = (%+v, %v)", resp, err)
					return
				}
				answered.Add(1)
			}
		})
	}
	time.Sleep(15 * time.Millisecond) // the test goroutine waits; the flood goes on

	// A caller with a short deadline waits for room among the flood.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
	defer cancel()
	r := <-goCall(ctx, k, put(-1), t0)
	if !errors.Is(r.err, context.DeadlineExceeded) || r.at != 18*time.Millisecond {
		t.Errorf("short Call = %v at %v, want DeadlineExceeded at 18ms", r.err, r.at)
	}
	time.Sleep(4 * time.Millisecond)

	// At 22ms the request begun at 20ms runs until 30ms, and 8 are queued.
	stopCtx, stopCancel := context.Background(), context.CancelFunc(func() {})
	wantStop, wantErr, wantDone := 110*time.Millisecond, error(nil), 110*time.Millisecond
	if deadline > 0 {
		stopCtx, stopCancel = context.WithTimeout(stopCtx, deadline)
		wantStop, wantErr = 22*time.Millisecond+deadline, context.DeadlineExceeded
		wantDone = 50 * time.Millisecond
	}
	defer stopCancel()
	err := k.Stop(stopCtx)
	stopAt := time.Since(t0)
	k.stopReturned.Store(true)
	if !errors.Is(err, wantErr) || stopAt != wantStop {
		t.Errorf("Stop = %v at %v, want %v at %v", err, stopAt, wantErr, wantStop)
	}
	wg.Wait()
	<-k.Done()
	if d := time.Since(t0); d != wantDone {
		t.Errorf("Done at %v, want %v, when the handler running at Stop's return ends", d, wantDone)
	}
	if got, want := answered.Load(), int64(len(k.runs)); got != want {
		t.Errorf("%d flooding callers got a reply, handler ran %d times", got, want)
	}
	if got := stopped.Load(); got != 64 {
		t.Errorf("%d flooding callers ended with ErrStopped, want 64", got)
	}
	if n := k.lateRuns.Load(); n != 0 {
		t.Errorf("%d handlers began with a live context after Stop returned", n)
	}
	s := k.Stats()
	acc := s.Processed + s.Failed + s.Panicked + s.Canceled + s.Dropped
	if acc+s.Rejected != uint64(sent.Load()) {
		t.Errorf("Stats %+v: accepted %d + rejected != %d sent", s, acc, sent.Load())
	}
}

// TestFieldAwaitFromManyGoroutines: many goroutines await one Reply while
// its request's deadline and its answer race; every Await gets the same
// outcome, and the request is answered exactly once.
func TestFieldAwaitFromManyGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a := actor.New(func(ctx context.Context, id int64) (int64, error) {
		time.Sleep(time.Duration(id%40) * time.Microsecond)
		return id, nil
	}, actor.WithMailboxSize(8))
	defer func() {
		if err := a.Stop(context.Background()); err != nil {
			t.Errorf("Stop = %v", err)
		}
	}()
	for id := range int64(300) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(id%50)*time.Microsecond)
		reply, err := a.Ask(ctx, id)
		if err != nil {
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Ask(%d) = %v", id, err)
			}
			continue
		}
		type outcome struct {
			v   int64
			err error
		}
		outs := make(chan outcome, 8)
		for range 8 {
			go func() {
				v, err := reply.Await(context.Background())
				outs <- outcome{v, err}
			}()
		}
		first := <-outs
		answered := first.err == nil && first.v == id
		timedOut := errors.Is(first.err, context.DeadlineExceeded) && first.v == 0
		if !answered && !timedOut {
			t.Fatalf("Await(%d) = (%d, %v), want its reply or DeadlineExceeded", id, first.v, first.err)
		}
		for range 7 {
			if o := <-outs; o != first {
				t.Fatalf("Await(%d) = (%d, %v), another Await got (%d, %v)",
					id, o.v, o.err, first.v, first.err)
			}
		}
		cancel()
	}
}

// TestFieldNoHandlerBeginsAfterStop: Stop with a context that has already
// ended races a stream of requests. No request still queued when Stop gives
// up may run; only the one whose turn had just come may enter its handler
// after Stop returns, and it must find its context done. ACTOR_STRESS=1 runs
// many more rounds:
//
//	ACTOR_STRESS=1 go test -race -run TestFieldNoHandlerBeginsAfterStop .
func TestFieldNoHandlerBeginsAfterStop(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	rounds := 2000
	if os.Getenv("ACTOR_STRESS") == "1" {
		rounds = 300_000
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	var liveLate, extraLate int
	for range rounds {
		var stopped atomic.Bool
		var entered, enteredLive atomic.Int64
		a := actor.New(func(ctx context.Context, n int) (int, error) {
			if stopped.Load() {
				entered.Add(1)
				if ctx.Err() == nil {
					enteredLive.Add(1)
				}
			}
			return n, nil
		}, actor.WithMailboxSize(4))
		sent := make(chan struct{})
		go func() {
			defer close(sent)
			ctx := context.WithValue(context.Background(), cancelKey{}, 0)
			for i := range 8 {
				if a.Tell(ctx, i) != nil {
					return
				}
			}
		}()
		err := a.Stop(canceled)
		stopped.Store(err != nil) // Stop returned before the goroutine was done
		<-sent
		<-a.Done()
		if n := entered.Load(); n > 1 {
			extraLate += int(n - 1)
		}
		liveLate += int(enteredLive.Load())
	}
	if liveLate > 0 {
		t.Errorf("%d handlers began with a live context after Stop returned", liveLate)
	}
	if extraLate > 0 {
		t.Errorf("%d queued requests ran after Stop returned, in %d rounds", extraLate, rounds)
	}
}
