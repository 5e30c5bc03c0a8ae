package actor_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/oneslot/actor"
	"go.uber.org/goleak"
	"pgregory.net/rapid"
)

// drawProgram draws a program: a mailbox size and a few clients, each with a
// sequence of sends of every kind, cancellations at every point, handlers
// that answer, fail, panic, take time or call themselves, and Stops with and
// without a deadline.
func drawProgram(t *rapid.T) program {
	p := program{MailboxSize: rapid.IntRange(0, 4).Draw(t, "mailbox")}
	clients := rapid.IntRange(1, 8).Draw(t, "clients")
	var id int64
	for c := range clients {
		n := rapid.IntRange(0, 24).Draw(t, "steps")
		steps := make([]step, n)
		for i := range steps {
			id++
			steps[i] = drawStep(t, c, id)
		}
		p.Clients = append(p.Clients, steps)
	}

	// A few steps become Stops, so that most requests meet a live actor.
	for range rapid.IntRange(0, 2).Draw(t, "stops") {
		c := rapid.IntRange(0, clients-1).Draw(t, "stopClient")
		if n := len(p.Clients[c]); n > 0 {
			p.Clients[c][rapid.IntRange(0, n-1).Draw(t, "stopStep")].Send = sendStop
		}
	}
	return p
}

// cancelWeights makes most requests live long enough to be handled.
var cancelWeights = []cancelMode{
	cancelNever, cancelNever, cancelNever, cancelNever, cancelNever, cancelNever, cancelNever,
	cancelBefore,
	cancelTimeout, cancelTimeout, cancelTimeout, cancelTimeout,
	cancelDuring, cancelDuring,
	cancelAfter, cancelAfter, cancelAfter,
}

func drawStep(t *rapid.T, client int, id int64) step {
	s := step{
		Send:   sendKind(rapid.IntRange(0, int(sendStop)-1).Draw(t, "send")),
		Cancel: rapid.SampledFrom(cancelWeights).Draw(t, "cancel"),
		Req: kvReq{
			ID:     id,
			Client: client,
			Op:     kvOp(rapid.IntRange(0, int(numOps)-1).Draw(t, "op")),
			Key:    uint8(rapid.IntRange(0, 3).Draw(t, "key")),
			Val:    id,
		},
	}
	if s.Cancel == cancelTimeout {
		s.Timeout = time.Duration(rapid.IntRange(0, 2000).Draw(t, "timeout")) * time.Microsecond
	}
	if s.Req.Op == opSlow || s.Req.Op == opSlowCtx {
		s.Req.Sleep = time.Duration(rapid.IntRange(0, 500).Draw(t, "sleep")) * time.Microsecond
	}
	if s.Cancel == cancelDuring {
		s.Req.Op = opCancelSelf
	} else if s.Req.Op == opCancelSelf {
		s.Cancel = cancelDuring
	}
	return s
}

// actorProperty runs a drawn program and checks every outcome against the
// model, the actor's counters, and that no goroutine is left.
func actorProperty(ignore goleak.Option) func(t *rapid.T) {
	return func(t *rapid.T) {
		p := drawProgram(t)
		k, results := runProgram(p)
		if err := check(k, results); err != nil {
			t.Fatalf("mailbox %d: %v", p.MailboxSize, err)
		}
		if err := goleak.Find(ignore); err != nil {
			t.Fatalf("goroutines left after Done: %v", err)
		}
	}
}

// TestProperty runs random programs from many goroutines against a
// key-value actor, with real time and real races.
func TestProperty(t *testing.T) {
	rapid.Check(t, actorProperty(goleak.IgnoreCurrent()))
}

// TestPropertySynctest runs the same programs in a synctest bubble, where
// sleeps and deadlines take no real time, so the checks can afford slower
// handlers and longer deadlines and reproduce timing more closely.
func TestPropertySynctest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rapid.SyncTest(t, func(t *rapid.T) {
			p := drawProgram(t)
			k, results := runProgram(p)
			if err := check(k, results); err != nil {
				t.Fatalf("mailbox %d: %v", p.MailboxSize, err)
			}
		})
	})
}

// check holds the outcomes of a program against the model and returns the
// first violation it finds, or nil.
func check(k *kvActor, results []result) error {
	if n := k.overlaps.Load(); n > 0 {
		return fmt.Errorf("%d handler runs began while another was running", n)
	}
	if n := k.lateRuns.Load(); n > 0 {
		return fmt.Errorf("%d handler runs began with a live context after Stop returned", n)
	}
	ran, want, err := replay(k)
	if err != nil {
		return err
	}
	if !maps.Equal(k.store, want.store) {
		return fmt.Errorf("actor's store %v, model's %v", k.store, want.store)
	}
	var tally tally
	for _, r := range results {
		if err := checkResult(r, ran, want.old); err != nil {
			return fmt.Errorf("%v: %w", r.step, err)
		}
		tally.add(r, ran)
	}
	return tally.check(k.Stats(), k.runs, k.toldErrs.Load())
}

// model is the store replayed from the handler's record, with the old value
// each run saw.
type model struct {
	store map[uint8]int64
	old   map[int64]int64
}

// replay checks the handler's record on its own (each request ran at most
// once, each client's requests in the order sent, self-calls refused) and
// replays it on a model store.
func replay(k *kvActor) (map[int64]runResult, model, error) {
	m := model{store: make(map[uint8]int64), old: make(map[int64]int64)}
	ran := make(map[int64]runResult)
	last := make(map[int]int64)
	for _, rn := range k.runs {
		r := rn.req
		if _, dup := ran[r.ID]; dup {
			return nil, m, fmt.Errorf("request %d ran twice", r.ID)
		}
		ran[r.ID] = rn.result
		if prev, ok := last[r.Client]; ok && prev > r.ID {
			return nil, m, fmt.Errorf("client %d: request %d ran after %d, sent later", r.Client, prev, r.ID)
		}
		last[r.Client] = r.ID
		if r.Op == opSelfCall && !errors.Is(rn.selfErr, actor.ErrSelfCall) && !isCtxErr(rn.selfErr) {
			// A context that has ended is reported before the self-call.
			return nil, m, fmt.Errorf("request %d: self-call = %v, want ErrSelfCall", r.ID, rn.selfErr)
		}
		m.old[r.ID] = m.store[r.Key]
		if r.Op.writes() {
			m.store[r.Key] = r.Val
		}
	}
	return ran, m, nil
}

func isCtxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// checkResult checks that one step's outcome is of a kind the model allows.
func checkResult(r result, ran map[int64]runResult, old map[int64]int64) error {
	if r.Send == sendStop {
		return checkStop(r)
	}
	res, didRun := ran[r.Req.ID]
	if r.err != nil && r.resp != (kvResp{}) {
		return fmt.Errorf("returned %+v with error %v, want a zero Resp", r.resp, r.err)
	}
	switch {
	case r.Cancel == cancelBefore:
		if !errors.Is(r.err, context.Canceled) || didRun {
			return fmt.Errorf("err = %v, ran = %v; want context.Canceled and no run", r.err, didRun)
		}
		return nil
	case r.afterStop && !errors.Is(r.err, actor.ErrStopped):
		// A deadline that has passed is reported before the stop.
		if r.Cancel != cancelTimeout || !errors.Is(r.err, context.DeadlineExceeded) || didRun {
			return fmt.Errorf("sent after Stop returned: err = %v, want ErrStopped", r.err)
		}
	}

	var pe *actor.PanicError
	switch {
	case r.err == nil && r.Send == sendTell:
		// Accepted: it ran, or a forced Stop dropped it.
	case r.err == nil:
		if !didRun || res != ranOK {
			return fmt.Errorf("returned a reply, but ran = %v (result %d)", didRun, res)
		}
		if want := (kvResp{ID: r.Req.ID, Old: old[r.Req.ID]}); r.resp != want {
			return fmt.Errorf("reply = %+v, want %+v", r.resp, want)
		}
	case errors.Is(r.err, errFail):
		if !didRun || res != ranErr || r.Send == sendTell {
			return fmt.Errorf("err = %v, but ran = %v (result %d)", r.err, didRun, res)
		}
	case errors.As(r.err, &pe):
		if !didRun || res != ranPanic || pe.Value != panicValue || r.Send == sendTell {
			return fmt.Errorf("err = %v, but ran = %v (result %d)", r.err, didRun, res)
		}
	case errors.Is(r.err, actor.ErrStopped):
		if didRun {
			return fmt.Errorf("err = ErrStopped, but the request ran")
		}
	case errors.Is(r.err, actor.ErrMailboxFull):
		if didRun || r.Send != sendTryCall {
			return fmt.Errorf("err = ErrMailboxFull from %v, ran = %v", r.Send, didRun)
		}
	case isCtxErr(r.err):
		return checkCtxErr(r, didRun)
	default:
		return fmt.Errorf("unexpected err %v", r.err)
	}
	return nil
}

// checkCtxErr checks a step that ended with its context's error.
func checkCtxErr(r result, didRun bool) error {
	switch r.Cancel {
	case cancelTimeout:
		if !errors.Is(r.err, context.DeadlineExceeded) {
			return fmt.Errorf("err = %v, want context.DeadlineExceeded", r.err)
		}
	case cancelDuring:
		if !errors.Is(r.err, context.Canceled) || !didRun || r.Send == sendTell {
			return fmt.Errorf("err = %v, ran = %v; want context.Canceled after a run", r.err, didRun)
		}
	case cancelAfter:
		if !errors.Is(r.err, context.Canceled) || r.Send != sendAsk || !r.accepted {
			return fmt.Errorf("err = %v: a context canceled after %v returned ended it", r.err, r.Send)
		}
	default:
		return fmt.Errorf("err = %v, but the context never ends", r.err)
	}
	return nil
}

func checkStop(r result) error {
	switch {
	case r.err == nil:
	case r.Cancel == cancelBefore && errors.Is(r.err, context.Canceled):
	case r.Cancel == cancelTimeout && errors.Is(r.err, context.DeadlineExceeded):
	default:
		return fmt.Errorf("Stop = %v", r.err)
	}
	return nil
}

// tally counts outcomes by the counter of [actor.Stats] that must hold them.
type tally struct {
	sent       uint64 // requests sent with a live context
	stopped    uint64 // ErrStopped or ErrMailboxFull: rejected or dropped
	toldNotRun uint64 // Tell accepted but never run: dropped
	ctxNotRun  uint64 // ctx error without a run: canceled, or never accepted
	timeouts   bool   // some request had a deadline
	forcedStop bool   // some Stop had a deadline
	toldErrs   uint64 // told requests that failed, panicked or were dropped
}

func (t *tally) add(r result, ran map[int64]runResult) {
	if r.Send == sendStop {
		t.forcedStop = t.forcedStop || r.Cancel == cancelBefore || r.Cancel == cancelTimeout
		return
	}
	if r.Cancel == cancelBefore {
		return
	}
	t.sent++
	t.timeouts = t.timeouts || r.Cancel == cancelTimeout
	res, didRun := ran[r.Req.ID]
	switch {
	case errors.Is(r.err, actor.ErrStopped), errors.Is(r.err, actor.ErrMailboxFull):
		t.stopped++
	case r.err == nil && r.Send == sendTell && !didRun:
		t.toldNotRun++
		t.toldErrs++
	case r.err == nil && r.Send == sendTell && res != ranOK:
		t.toldErrs++
	case isCtxErr(r.err) && !didRun:
		t.ctxNotRun++
	}
}

// check holds the tally against the actor's counters once it is done.
func (t *tally) check(s actor.Stats, runs []run, toldErrs int64) error {
	var byResult [3]uint64
	for _, rn := range runs {
		byResult[rn.result]++
	}
	switch {
	case s.Processed != byResult[ranOK] || s.Failed != byResult[ranErr] ||
		s.Panicked != byResult[ranPanic]:
		return fmt.Errorf("Stats %+v; handler ran %v (ok, err, panic)", s, byResult)
	case s.Rejected+s.Dropped != t.stopped+t.toldNotRun:
		return fmt.Errorf("Stats %+v: Rejected+Dropped, want %d ErrStopped/ErrMailboxFull"+
			" + %d dropped Tells",
			s, t.stopped, t.toldNotRun)
	case s.Canceled > t.ctxNotRun:
		return fmt.Errorf("Stats %+v: Canceled > %d requests ended by ctx without a run", s, t.ctxNotRun)
	case !t.timeouts && s.Canceled != t.ctxNotRun:
		return fmt.Errorf("Stats %+v: Canceled, want %d (no request waited for room with a deadline)",
			s, t.ctxNotRun)
	case !t.forcedStop && s.Dropped != 0:
		return fmt.Errorf("Stats %+v: Dropped, want 0 without a forced Stop", s)
	case uint64(toldErrs) != t.toldErrs:
		return fmt.Errorf("error handler got %d errors, want %d", toldErrs, t.toldErrs)
	case s.Queued != 0:
		return fmt.Errorf("Stats %+v: Queued after Done", s)
	}
	accepted := s.Processed + s.Failed + s.Panicked + s.Canceled + s.Dropped
	roomTimeouts := t.ctxNotRun - s.Canceled
	if accepted+s.Rejected+roomTimeouts != t.sent {
		return fmt.Errorf("Stats %+v: accepted %d + rejected + %d timed out for room != %d sent",
			s, accepted, roomTimeouts, t.sent)
	}
	return nil
}
