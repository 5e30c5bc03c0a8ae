package actor_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/oneslot/actor"
)

// These tests run in synctest bubbles, where time moves only when every
// goroutine of the bubble is blocked, so "returns after exactly 10ms" is a
// deterministic statement. Each test makes its actor inside the bubble.

// callResult is what a Call started with goCall returns.
type callResult struct {
	resp kvResp
	err  error
	at   time.Duration // bubble time since the test began
}

// goCall sends req with Call from a new goroutine, and returns the channel
// that will carry the outcome.
func goCall(ctx context.Context, k *kvActor, req kvReq, t0 time.Time) <-chan callResult {
	ch := make(chan callResult, 1)
	go func() {
		resp, err := k.Call(ctx, req)
		ch <- callResult{resp, err, time.Since(t0)}
	}()
	return ch
}

func slow(id int64, d time.Duration) kvReq {
	return kvReq{ID: id, Op: opSlow, Key: uint8(id), Val: id, Sleep: d}
}

func put(id int64) kvReq { return kvReq{ID: id, Op: opPut, Key: uint8(id), Val: id} }

// ranIDs returns the IDs of the requests k's handler ran, in order. Call it
// only after k is done.
func ranIDs(k *kvActor) []int64 {
	var ids []int64
	for _, rn := range k.runs {
		ids = append(ids, rn.req.ID)
	}
	return ids
}

func stopAndWait(t *testing.T, k *kvActor) {
	t.Helper()
	if err := k.Stop(context.Background()); err != nil {
		t.Fatalf("Stop(Background) = %v, want nil", err)
	}
	<-k.Done()
}

func wantIDs(t *testing.T, k *kvActor, want ...int64) {
	t.Helper()
	got := ranIDs(k)
	if len(got) != len(want) {
		t.Fatalf("handler ran %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("handler ran %v, want %v", got, want)
		}
	}
}

// TestTimeoutWaitingForRoom: a sender whose deadline ends while it waits for
// room returns at the deadline, and its request is never accepted, counted or
// run. TryCall does not wait at all.
func TestTimeoutWaitingForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		k := newKV(actor.WithMailboxSize(1))
		running := goCall(context.Background(), k, slow(1, 100*time.Millisecond), t0)
		synctest.Wait()
		queued := goCall(context.Background(), k, put(2), t0)
		synctest.Wait()

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := k.Call(ctx, put(3)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Call waiting for room = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != 10*time.Millisecond {
			t.Fatalf("Call waiting for room returned after %v, want 10ms", d)
		}
		ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if r, err := k.Ask(ctx, put(4)); r != nil || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Ask waiting for room = (%v, %v), want (nil, DeadlineExceeded)", r, err)
		}
		ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if err := k.Tell(ctx, put(5)); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Tell waiting for room = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != 30*time.Millisecond {
			t.Fatalf("Ask and Tell waiting for room returned after %v, want 30ms", d)
		}
		if _, err := k.TryCall(context.Background(), put(6)); !errors.Is(err, actor.ErrMailboxFull) {
			t.Fatalf("TryCall on a full mailbox = %v, want ErrMailboxFull", err)
		}
		if d := time.Since(t0); d != 30*time.Millisecond {
			t.Fatalf("TryCall waited %v, want no wait", d-30*time.Millisecond)
		}

		if r := <-running; r.err != nil || r.at != 100*time.Millisecond {
			t.Fatalf("running Call = %v at %v, want nil at 100ms", r.err, r.at)
		}
		if r := <-queued; r.err != nil || r.resp.ID != 2 {
			t.Fatalf("queued Call = (%+v, %v), want its own reply", r.resp, r.err)
		}
		stopAndWait(t, k)
		wantIDs(t, k, 1, 2)
		if s := k.Stats(); s.Rejected != 1 || s.Canceled != 0 || s.Processed != 2 {
			t.Fatalf("Stats = %+v, want Rejected 1 (TryCall), Canceled 0, Processed 2", s)
		}
	})
}

// TestTimeoutWhileQueued: a request whose caller gives up while it is queued
// returns at the deadline, is skipped without running, and leaves no trace
// in the state.
func TestTimeoutWhileQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		k := newKV(actor.WithMailboxSize(4))
		running := goCall(context.Background(), k, slow(1, 100*time.Millisecond), t0)
		synctest.Wait()

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		timedOut := goCall(ctx, k, put(2), t0)
		actx, acancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer acancel()
		reply, err := k.Ask(actx, put(3))
		if err != nil {
			t.Fatalf("Ask = %v, want it accepted", err)
		}
		synctest.Wait()
		fresh := goCall(context.Background(), k, put(4), t0)

		if r := <-timedOut; !errors.Is(r.err, context.DeadlineExceeded) || r.at != 10*time.Millisecond {
			t.Fatalf("queued Call = %v at %v, want DeadlineExceeded at 10ms", r.err, r.at)
		}
		if _, err := reply.Await(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Await of a queued Ask = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(t0); d != 20*time.Millisecond {
			t.Fatalf("Await of a queued Ask returned at %v, want 20ms", d)
		}
		<-running
		if r := <-fresh; r.err != nil || r.resp != (kvResp{ID: 4}) || r.at != 100*time.Millisecond {
			t.Fatalf("fresh Call = (%+v, %v) at %v, want its own reply at 100ms", r.resp, r.err, r.at)
		}
		stopAndWait(t, k)
		wantIDs(t, k, 1, 4)
		if _, ok := k.store[2]; ok {
			t.Errorf("store = %v: a request skipped while queued wrote key 2", k.store)
		}
		if s := k.Stats(); s.Canceled != 2 || s.Processed != 2 {
			t.Fatalf("Stats = %+v, want Canceled 2, Processed 2", s)
		}
	})
}

// TestTimeoutWhileRunning: a caller whose deadline ends while its handler
// runs returns at the deadline; a handler that watches ctx stops then, and
// one that ignores it holds the actor until it returns, its result dropped.
func TestTimeoutWhileRunning(t *testing.T) {
	for _, tc := range []struct {
		name     string
		op       kvOp
		nextDone time.Duration // when a Call sent at 10ms is answered
	}{
		{"handler watches ctx", opSlowCtx, 10 * time.Millisecond},
		{"handler ignores ctx", opSlow, 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				t0 := time.Now()
				k := newKV()
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
				defer cancel()
				req := kvReq{ID: 1, Op: tc.op, Key: 1, Val: 1, Sleep: 100 * time.Millisecond}
				// A handler that watches ctx returns at the deadline too, so
				// its answer and the deadline race: either may win.
				_, err := k.Call(ctx, req)
				if !errors.Is(err, context.DeadlineExceeded) && (tc.op == opSlow || err != nil) {
					t.Fatalf("Call = %v, want DeadlineExceeded", err)
				}
				if d := time.Since(t0); d != 10*time.Millisecond {
					t.Fatalf("Call returned at %v, want 10ms", d)
				}
				if r := <-goCall(context.Background(), k, put(2), t0); r.err != nil || r.at != tc.nextDone {
					t.Fatalf("next Call = %v at %v, want nil at %v", r.err, r.at, tc.nextDone)
				}
				stopAndWait(t, k)
				wantIDs(t, k, 1, 2)
				if s := k.Stats(); s.Processed != 2 {
					t.Fatalf("Stats = %+v, want Processed 2: a run whose caller left still counts", s)
				}
			})
		})
	}
}

// TestAwaitTimeout: the context given to Await bounds only that wait; the
// request goes on and a later Await collects its outcome.
func TestAwaitTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		k := newKV()
		reply, err := k.Ask(context.Background(), slow(1, 100*time.Millisecond))
		if err != nil {
			t.Fatalf("Ask = %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := reply.Await(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Await(10ms) = %v, want DeadlineExceeded", err)
		}
		resp, err := reply.Await(context.Background())
		if err != nil || resp.ID != 1 || time.Since(t0) != 100*time.Millisecond {
			t.Fatalf("second Await = (%+v, %v) at %v, want the reply at 100ms", resp, err, time.Since(t0))
		}
		stopAndWait(t, k)
	})
}

// TestStopDeadline: when Stop's context ends before the drain is over, Stop
// returns then; queued requests are answered with ErrStopped without
// running; the running handler's context is done; no handler begins after
// Stop returns; the goroutine exits when the running handler returns.
func TestStopDeadline(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   kvOp
		done time.Duration // when the running handler returns
	}{
		{"handler watches ctx", opSlowCtx, 10 * time.Millisecond},
		{"handler ignores ctx", opSlow, 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				t0 := time.Now()
				k := newKV(actor.WithMailboxSize(8))
				req := kvReq{ID: 1, Op: tc.op, Key: 1, Val: 1, Sleep: 100 * time.Millisecond}
				running := goCall(context.Background(), k, req, t0)
				synctest.Wait()
				var queued []<-chan callResult
				for id := int64(2); id <= 4; id++ {
					queued = append(queued, goCall(context.Background(), k, put(id), t0))
				}
				if err := k.Tell(context.Background(), put(5)); err != nil {
					t.Fatalf("Tell = %v", err)
				}
				synctest.Wait()

				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
				defer cancel()
				if err := k.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) && tc.op == opSlow {
					t.Fatalf("Stop(10ms) = %v, want DeadlineExceeded", err)
				}
				if d := time.Since(t0); d != 10*time.Millisecond {
					t.Fatalf("Stop(10ms) returned at %v, want 10ms", d)
				}
				k.stopReturned.Store(true)
				for _, ch := range queued {
					if r := <-ch; !errors.Is(r.err, actor.ErrStopped) || r.at != 10*time.Millisecond {
						t.Fatalf("queued Call = %v at %v, want ErrStopped at 10ms", r.err, r.at)
					}
				}
				r := <-running
				<-k.Done()
				if d := time.Since(t0); r.at != tc.done || d != tc.done {
					t.Fatalf("running Call returned at %v, Done at %v; want both at %v", r.at, d, tc.done)
				}
				wantIDs(t, k, 1)
				if s := k.Stats(); s.Dropped != 4 || k.toldErrs.Load() != 1 {
					t.Fatalf("Stats = %+v, error handler got %d; want Dropped 4, 1 error (the Tell)",
						s, k.toldErrs.Load())
				}
				if n := k.lateRuns.Load(); n != 0 {
					t.Fatalf("%d handlers began with a live context after Stop returned", n)
				}
			})
		})
	}
}

// TestStopDrains: Stop without a deadline, or with one long enough, lets the
// queued requests run in order and returns nil when the goroutine exits.
// Stop is idempotent: callers at the same time, or after, all get nil.
func TestStopDrains(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		t0 := time.Now()
		k := newKV()
		var calls []<-chan callResult
		for id := int64(1); id <= 3; id++ {
			calls = append(calls, goCall(context.Background(), k, slow(id, 10*time.Millisecond), t0))
			synctest.Wait()
		}
		stops := make(chan error, 4)
		for i := range 4 {
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i+1)*time.Second)
				defer cancel()
				stops <- k.Stop(ctx)
			}()
		}
		if err := k.Stop(context.Background()); err != nil {
			t.Fatalf("Stop(Background) = %v, want nil", err)
		}
		if d := time.Since(t0); d != 30*time.Millisecond {
			t.Fatalf("Stop returned at %v, want 30ms, when the drain is over", d)
		}
		for range 4 {
			if err := <-stops; err != nil {
				t.Fatalf("concurrent Stop = %v, want nil", err)
			}
		}
		for i, ch := range calls {
			if r := <-ch; r.err != nil || r.at != time.Duration(i+1)*10*time.Millisecond {
				t.Fatalf("Call %d = %v at %v, want nil at %v", i+1, r.err, r.at, (i+1)*10)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := k.Stop(ctx); err != nil {
			t.Fatalf("Stop after Done, canceled ctx = %v, want nil", err)
		}
		if _, err := k.Call(context.Background(), put(9)); !errors.Is(err, actor.ErrStopped) {
			t.Fatalf("Call after Stop = %v, want ErrStopped", err)
		}
		wantIDs(t, k, 1, 2, 3)
	})
}
