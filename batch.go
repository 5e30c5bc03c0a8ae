package actor

import (
	"context"
	"runtime"
	"runtime/debug"
)

// A BatchHandler serves, in one call, every request that was waiting in the
// mailbox when the actor woke, up to the limit set by [WithMaxBatch]. It
// must set resps[i] and errs[i] to the answer for reqs[i]; the three slices
// have the same length, at least 1, and resps and errs arrive zeroed. The
// actor keeps all three slices after the call returns, so the handler must
// not retain them.
//
// A batch lets one call pay a cost once for many requests: one write, one
// transaction, one lock. Each caller still gets its own answer, and every
// guarantee of [Actor] holds per request, with one difference: the batch's
// context is not any caller's. It carries no deadline and no values, and it
// is done only when [Actor.Stop] gives up waiting. A caller that gives up
// while its request is in a running batch gets its context's error, and
// its answer is discarded. If the handler panics, every request of the batch
// is answered with the same [*PanicError] and a zero Resp.
type BatchHandler[Req, Resp any] func(ctx context.Context, reqs []Req, resps []Resp, errs []error)

// NewBatch starts an actor that serves its requests in batches with h, and
// returns it. Options are listed under [Option]. NewBatch panics if h is nil.
func NewBatch[Req, Resp any](h BatchHandler[Req, Resp], opts ...Option) *Actor[Req, Resp] {
	if h == nil {
		panic("actor: NewBatch called with a nil BatchHandler")
	}
	a := newActor[Req, Resp](opts)
	a.batch = h
	go a.run()
	return a
}

// batch holds the buffers of the batch being served; the loop reuses them.
type batch[Req, Resp any] struct {
	envs  []*envelope[Req, Resp]
	reqs  []Req
	resps []Resp
	errs  []error
}

// runBatches is the loop of an actor made by NewBatch: it takes all that is
// queued, up to the limit, before it serves the batch.
//
// A sender that wakes the parked loop hands it its processor ahead of the
// other senders ready to run, so the loop tends to wake to one request at a
// time. When it finds just one, it yields once to let those senders send,
// so that a batch forms under load. A yield that brings nothing suggests a
// lone sender: the loop then skips the next few yields, so that such a
// sender pays for one wakeup in yieldBackoff+1.
func (a *Actor[Req, Resp]) runBatches() {
	const yieldBackoff = 16
	b := &batch[Req, Resp]{}
	skipYields := 0
	for e := range a.mailbox {
		a.addToBatch(b, e)
		a.fillBatch(b)
		if len(b.envs) == 1 && a.maxBatch > 1 {
			if skipYields > 0 {
				skipYields--
			} else {
				runtime.Gosched()
				a.fillBatch(b)
				if len(b.envs) == 1 {
					skipYields = yieldBackoff
				}
			}
		}
		if len(b.envs) > 0 {
			a.serveBatch(b)
		}
	}
}

// fillBatch adds to b what the mailbox holds, without waiting.
func (a *Actor[Req, Resp]) fillBatch(b *batch[Req, Resp]) {
	for len(b.envs) < a.maxBatch {
		select {
		case e, ok := <-a.mailbox:
			if !ok {
				return
			}
			a.addToBatch(b, e)
		default:
			return
		}
	}
}

// addToBatch adds e to b, or skips it if its caller has given up.
func (a *Actor[Req, Resp]) addToBatch(b *batch[Req, Resp], e *envelope[Req, Resp]) {
	if e.start() {
		b.envs = append(b.envs, e)
	} else {
		a.skip(e)
	}
}

// serveBatch runs the batch handler on b's requests and answers each.
func (a *Actor[Req, Resp]) serveBatch(b *batch[Req, Resp]) {
	defer b.reset()
	if !a.lc.mayBegin() {
		for _, e := range b.envs {
			a.drop(e)
		}
		return
	}
	n := len(b.envs)
	for _, e := range b.envs {
		b.reqs = append(b.reqs, e.req)
	}
	b.resps = append(b.resps, make([]Resp, n)...)
	b.errs = append(b.errs, make([]error, n)...)

	ctx, hc := a.batchContext(b.envs)
	panicked := a.invokeBatch(ctx, b, hc)
	a.finishBatch(b, hc, panicked)
}

// invokeBatch runs the batch handler, recovering a panic into a [*PanicError]
// for every request. If the handler calls runtime.Goexit, invokeBatch
// finishes the batch itself before the goroutine ends.
func (a *Actor[Req, Resp]) invokeBatch(
	ctx context.Context, b *batch[Req, Resp], hc *handlerCtx,
) (panicked bool) {
	returned := false
	defer func() {
		if returned {
			return
		}
		v := recover()
		exiting := v == nil
		if exiting {
			v = errGoexit
		}
		err := &PanicError{Value: v, Stack: debug.Stack()}
		clear(b.resps)
		for i := range b.errs {
			b.errs[i] = err
		}
		if exiting {
			a.finishBatch(b, hc, true)
			return
		}
		panicked = true
	}()
	a.batch(ctx, b.reqs, b.resps, b.errs)
	returned = true
	return false
}

// finishBatch counts the batch's handler run and answers each request.
func (a *Actor[Req, Resp]) finishBatch(b *batch[Req, Resp], hc *handlerCtx, panicked bool) {
	if hc != nil {
		hc.release()
	}
	for i, e := range b.envs {
		err := b.errs[i]
		switch {
		case panicked:
			a.stats.panicked.Add(1)
		case err != nil:
			a.stats.failed.Add(1)
		default:
			a.stats.processed.Add(1)
		}
		a.deliver(e, outcome[Resp]{v: b.resps[i], err: err})
	}
}

// batchContext returns the context for a batch, and the handlerCtx to
// release when the handler returns, or nil for the actor's shared one. The
// context answers for the call chains of all the batch's callers, so that a
// caller's chain that leads back to its own actor is still caught.
func (a *Actor[Req, Resp]) batchContext(envs []*envelope[Req, Resp]) (context.Context, *handlerCtx) {
	var callers []context.Context
	for _, e := range envs {
		if !e.told && e.ctx != context.Background() && e.ctx != context.TODO() {
			callers = append(callers, e.ctx)
		}
	}
	if callers == nil {
		return a.bg, nil
	}
	hc := &handlerCtx{parent: context.Background(), l: a.lc, detached: true, callers: callers}
	return hc, hc
}

// reset empties b, keeping its buffers but nothing they pointed to.
func (b *batch[Req, Resp]) reset() {
	clear(b.envs)
	clear(b.reqs)
	clear(b.resps)
	clear(b.errs)
	b.envs, b.reqs, b.resps, b.errs = b.envs[:0], b.reqs[:0], b.resps[:0], b.errs[:0]
}
