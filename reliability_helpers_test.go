package actor_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oneslot/actor"
)

// This file holds what the reliability tests share: a key-value actor whose
// handler records every run, and programs of operations that many goroutines
// send to it. The model that checks a program's outcomes is in
// property_test.go.

// kvOp is what a request asks the key-value handler to do.
type kvOp uint8

const (
	opGet        kvOp = iota // read a key
	opPut                    // write a key, return its old value
	opFail                   // write a key, then return errFail
	opPanic                  // panic before touching the store
	opSlow                   // sleep, ignoring ctx, then write
	opSlowCtx                // sleep until ctx is done or the time is up, then write
	opCancelSelf             // cancel the caller's context, then write
	opSelfCall               // call the own actor with ctx, then write
	numOps
)

// writes reports whether the handler writes the key for op.
func (op kvOp) writes() bool {
	return op != opGet && op != opPanic
}

var (
	errFail    = errors.New("kv: handler failed on purpose")
	panicValue = "kv: handler panicked on purpose"
)

// kvReq is a request to the key-value actor. ID identifies it among all
// requests of a program; Client is the goroutine that sent it.
type kvReq struct {
	ID     int64
	Client int
	Op     kvOp
	Key    uint8
	Val    int64
	Sleep  time.Duration
}

// kvResp answers a kvReq: the request it answers and the key's old value.
type kvResp struct {
	ID  int64
	Old int64
}

// cancelKey is the context key under which a caller's context carries its
// own cancel function, so that an opCancelSelf handler can cancel it.
type cancelKey struct{}

// runResult is how a handler run ended.
type runResult uint8

const (
	ranOK runResult = iota
	ranErr
	ranPanic
)

// run records one handler run.
type run struct {
	req     kvReq
	result  runResult
	selfErr error // what the self-call returned, for opSelfCall
}

// kvActor is an actor over a map, whose handler records each run. The map
// and the record belong to the handler; read them only after Done.
type kvActor struct {
	*actor.Actor[kvReq, kvResp]

	store map[uint8]int64
	runs  []run

	running      atomic.Int32
	overlaps     atomic.Int32 // handler runs that began while another ran
	stopReturned atomic.Bool  // some Stop has returned
	lateRuns     atomic.Int32 // runs begun with a live ctx after Stop returned
	toldErrs     atomic.Int64 // errors passed to the error handler
}

func newKV(opts ...actor.Option) *kvActor {
	k := &kvActor{store: make(map[uint8]int64)}
	opts = append(opts, actor.WithErrorHandler(func(error) { k.toldErrs.Add(1) }))
	k.Actor = actor.New(k.handle, opts...)
	return k
}

func (k *kvActor) handle(ctx context.Context, r kvReq) (kvResp, error) {
	if k.running.Add(1) != 1 {
		k.overlaps.Add(1)
	}
	defer k.running.Add(-1)
	if k.stopReturned.Load() && ctx.Err() == nil {
		k.lateRuns.Add(1)
	}

	rn := run{req: r}
	switch r.Op {
	case opPanic:
		rn.result = ranPanic
		k.runs = append(k.runs, rn)
		panic(panicValue)
	case opSlow:
		time.Sleep(r.Sleep)
	case opSlowCtx:
		t := time.NewTimer(r.Sleep)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	case opCancelSelf:
		if cancel, ok := ctx.Value(cancelKey{}).(context.CancelFunc); ok {
			cancel()
		}
	case opSelfCall:
		_, rn.selfErr = k.Call(ctx, kvReq{ID: -1, Op: opGet})
	}

	old := k.store[r.Key]
	if r.Op.writes() {
		k.store[r.Key] = r.Val
	}
	if r.Op == opFail {
		rn.result = ranErr
		k.runs = append(k.runs, rn)
		return kvResp{}, errFail
	}
	k.runs = append(k.runs, rn)
	return kvResp{ID: r.ID, Old: old}, nil
}

// sendKind is how a step sends its request.
type sendKind uint8

const (
	sendCall sendKind = iota
	sendTryCall
	sendAsk
	sendTell
	sendStop // not a request: the step calls Stop
	numSends
)

func (s sendKind) String() string {
	return [...]string{"Call", "TryCall", "Ask", "Tell", "Stop"}[s]
}

// cancelMode is when a step's caller gives up.
type cancelMode uint8

const (
	cancelNever   cancelMode = iota // context.Background
	cancelBefore                    // canceled before sending
	cancelTimeout                   // a deadline, which may end at any point
	cancelDuring                    // canceled by its own handler (opCancelSelf)
	cancelAfter                     // canceled once the send has returned
	numCancels
)

func (c cancelMode) String() string {
	return [...]string{"never", "before", "timeout", "during", "after"}[c]
}

// step is one operation of a client.
type step struct {
	Send    sendKind
	Cancel  cancelMode
	Timeout time.Duration
	Req     kvReq
}

func (s step) String() string {
	return fmt.Sprintf("%v(id=%d op=%d key=%d sleep=%v cancel=%v timeout=%v)",
		s.Send, s.Req.ID, s.Req.Op, s.Req.Key, s.Req.Sleep, s.Cancel, s.Timeout)
}

// program is what one property check runs: each client is a goroutine that
// runs its steps in order.
type program struct {
	MailboxSize int
	Clients     [][]step
}

// result is the outcome of one step.
type result struct {
	step
	resp      kvResp
	err       error
	accepted  bool // Ask only: Ask returned a Reply
	afterStop bool // a Stop had returned before the step began
}

// runProgram runs p against a fresh kvActor, stops it, waits for it, and
// returns the actor and the outcome of every step.
func runProgram(p program) (*kvActor, []result) {
	k := newKV(actor.WithMailboxSize(p.MailboxSize))
	results := make([][]result, len(p.Clients))
	var wg sync.WaitGroup
	for c, steps := range p.Clients {
		wg.Go(func() { results[c] = runClient(k, steps) })
	}
	wg.Wait()

	if err := k.Stop(context.Background()); err != nil {
		panic(fmt.Sprintf("final Stop(Background) = %v, want nil", err))
	}
	<-k.Done()
	return k, slices.Concat(results...)
}

// pendingAsk is a Reply not yet awaited.
type pendingAsk struct {
	i     int
	reply *actor.Reply[kvResp]
}

func runClient(k *kvActor, steps []step) []result {
	out := make([]result, len(steps))
	var pending []pendingAsk
	for i, s := range steps {
		out[i] = result{step: s, afterStop: k.stopReturned.Load()}
		ctx, cancel := stepContext(s)
		if s.Cancel == cancelBefore {
			cancel()
		}
		r := &out[i]
		switch s.Send {
		case sendCall:
			r.resp, r.err = k.Call(ctx, s.Req)
		case sendTryCall:
			r.resp, r.err = k.TryCall(ctx, s.Req)
		case sendTell:
			r.err = k.Tell(ctx, s.Req)
		case sendAsk:
			reply, err := k.Ask(ctx, s.Req)
			r.err, r.accepted = err, err == nil
			if err == nil {
				pending = append(pending, pendingAsk{i, reply})
			}
		case sendStop:
			r.err = k.Stop(ctx)
			k.stopReturned.Store(true)
		}
		if s.Cancel == cancelAfter {
			cancel()
		}
		defer cancel()
	}
	for _, p := range pending {
		r := &out[p.i]
		r.resp, r.err = p.reply.Await(context.Background())
		resp, err := p.reply.Await(context.Background())
		if resp != r.resp || err != r.err {
			r.err = fmt.Errorf("second Await = (%v, %v), first was (%v, %v)", resp, err, r.resp, r.err)
		}
	}
	return out
}

func stepContext(s step) (context.Context, context.CancelFunc) {
	switch s.Cancel {
	case cancelNever:
		return context.Background(), func() {}
	case cancelTimeout:
		ctx, cancel := context.WithTimeout(context.Background(), s.Timeout)
		return context.WithValue(ctx, cancelKey{}, cancel), cancel
	default:
		ctx, cancel := context.WithCancel(context.Background())
		return context.WithValue(ctx, cancelKey{}, cancel), cancel
	}
}
