package actor

import (
	"context"
	"runtime/debug"
)

// run is the actor's goroutine. It serves the mailbox until Stop has closed
// it and the last request in it has been answered.
//
// A handler that panics is recovered and its request answered with a
// [*PanicError]; the loop goes on. A handler that calls [runtime.Goexit]
// ends this goroutine: its request is answered with a [*PanicError] as
// well, and the deferred function starts a new goroutine to go on serving.
func (a *Actor[Req, Resp]) run() {
	finished := false
	defer func() {
		if !finished {
			go a.run()
			return
		}
		a.lc.exited()
	}()

	if a.batch != nil {
		a.runBatches()
	} else {
		for !a.serveMailbox() {
		}
	}
	finished = true
}

// serveMailbox serves requests until the mailbox is closed and empty, and
// then reports true. If a handler panics, serveMailbox answers its request
// and returns false, to be called again. Recovering here rather than around
// each handler keeps a deferred call off the path of every request.
func (a *Actor[Req, Resp]) serveMailbox() (drained bool) {
	var (
		cur   *envelope[Req, Resp] // the request whose handler is running
		curHC *handlerCtx
	)
	defer func() {
		if cur == nil {
			return // not in a handler: a panic here is the program's
		}
		v := recover()
		if v == nil {
			v = errGoexit // the goroutine is ending; run starts another
		}
		a.finish(cur, curHC, outcome[Resp]{err: &PanicError{Value: v, Stack: debug.Stack()}}, true)
	}()

	for e := range a.mailbox {
		if !e.start() {
			a.skip(e)
			continue
		}
		if !a.lc.mayBegin() {
			a.drop(e)
			continue
		}
		ctx, hc := a.handlerContext(e)
		cur, curHC = e, hc
		v, err := a.handler(ctx, e.req)
		cur = nil
		a.finish(e, hc, outcome[Resp]{v: v, err: err}, false)
	}
	return true
}

// handlerContext returns the context for e's handler, and the handlerCtx to
// release when it returns, or nil for the actor's shared one.
func (a *Actor[Req, Resp]) handlerContext(e *envelope[Req, Resp]) (context.Context, *handlerCtx) {
	if e.ctx == context.Background() || e.ctx == context.TODO() {
		return a.bg, nil
	}
	hc := &handlerCtx{parent: e.ctx, l: a.lc, detached: e.told}
	return hc, hc
}

// finish counts a handler run and delivers its outcome.
func (a *Actor[Req, Resp]) finish(e *envelope[Req, Resp], hc *handlerCtx, o outcome[Resp], panicked bool) {
	if hc != nil {
		hc.release()
	}
	switch {
	case panicked:
		a.stats.panicked.Add(1)
	case o.err != nil:
		a.stats.failed.Add(1)
	default:
		a.stats.processed.Add(1)
	}
	a.deliver(e, o)
}

// reportError passes err to the error handler, one call at a time: the
// actor's goroutine and a Stop that drops told requests may both report.
func (a *Actor[Req, Resp]) reportError(err error) {
	a.onErrMu.Lock()
	defer a.onErrMu.Unlock()
	a.onError(err)
}

// skip answers a request whose caller gave up before its turn.
func (a *Actor[Req, Resp]) skip(e *envelope[Req, Resp]) {
	a.stats.canceled.Add(1)
	a.deliver(e, outcome[Resp]{err: e.ctx.Err()})
}

// drop answers a request with ErrStopped, without running it. It may run on
// the goroutine calling Stop as well as on the actor's.
func (a *Actor[Req, Resp]) drop(e *envelope[Req, Resp]) {
	if a.deliver(e, outcome[Resp]{err: ErrStopped}) {
		a.stats.dropped.Add(1)
	} else {
		a.stats.canceled.Add(1)
	}
}

// dropQueued answers every request left in the closed mailbox with
// ErrStopped, sharing them with the loop if it is still receiving. Stop
// calls it once it has killed the actor, so that queued callers are released
// even while a handler that ignores its context is still running.
func (a *Actor[Req, Resp]) dropQueued() {
	for e := range a.mailbox {
		a.drop(e)
	}
}

// deliver hands o to whoever waits for e, or to the error handler for a
// told request, and lets go of e. It reports false if e's caller had given
// up, so that o went nowhere. Nothing may touch e after a delivered Call's
// outcome: its caller owns it again.
func (a *Actor[Req, Resp]) deliver(e *envelope[Req, Resp], o outcome[Resp]) bool {
	if e.told {
		a.recycle(e)
		if o.err != nil && a.onError != nil {
			a.reportError(o.err)
		}
		return true
	}
	if !e.pooled && e.ctx.Err() != nil {
		// An asked request whose context ended before its outcome: settle
		// it as an Await watching that context would have, so that the
		// outcome does not depend on whether one was.
		e.giveUp()
		return false
	}
	if e.answer(o) {
		return true
	}
	if e.pooled {
		a.recycle(e) // the caller has left for good
	}
	return false
}
