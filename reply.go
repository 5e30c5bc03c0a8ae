package actor

import (
	"context"
	"sync/atomic"
)

// Values of Reply.state. A request moves from queued to running (the loop
// took it) and then to answered, or to abandoned when its caller gave up
// first. Only the side that makes the move to answered or abandoned writes
// the outcome, so a request has exactly one.
const (
	stateQueued uint32 = iota
	stateRunning
	stateAnswered
	stateAbandoned
)

// outcome is what a request ends with: the handler's value, or an error.
type outcome[T any] struct {
	v   T
	err error
}

// A Reply is the pending outcome of a request sent with [Actor.Ask]. It has
// room for exactly one outcome, so the actor never blocks delivering it,
// whether or not anyone awaits it.
//
// Await may be called any number of times, from any number of goroutines;
// every call that gets the outcome gets the same one. A Reply must not be
// copied.
type Reply[T any] struct {
	ctx   context.Context // the request's context, which governs its life
	state atomic.Uint32
	out   outcome[T]
	// ready is the reply's one slot: it holds a token once out is written.
	// Whoever writes out sends the token; it has capacity 1 and is never
	// closed, so the send never blocks.
	ready chan struct{}
}

// Await waits for the request's outcome and returns it: the handler's value
// and error, a [*PanicError], [ErrStopped], or the error of the context given
// to [Actor.Ask] if that ended before the request was answered.
//
// ctx bounds only this wait: if it ends first, Await returns ctx.Err() and
// the request goes on; a later Await can still collect the outcome. Await
// panics if ctx is nil.
func (r *Reply[T]) Await(ctx context.Context) (T, error) {
	if r == nil || r.ready == nil {
		panic("actor: Await called on a Reply not returned by Ask")
	}
	if ctx == nil {
		panic("actor: nil Context")
	}
	if r.ctx.Done() == nil && ctx.Done() == nil {
		<-r.ready // neither wait can end early
		r.ready <- struct{}{}
		return r.out.v, r.out.err
	}
	select {
	case <-r.ready:
		r.ready <- struct{}{} // keep the token for later calls
		return r.out.v, r.out.err
	case <-r.ctx.Done():
		o := r.giveUp()
		return o.v, o.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// giveUp settles a request whose own context has ended: it is abandoned with
// that context's error unless its outcome has already been delivered. The
// token is left in ready for later calls to Await.
func (r *Reply[T]) giveUp() outcome[T] {
	if r.abandon() {
		r.out = outcome[T]{err: r.ctx.Err()}
	} else {
		<-r.ready
	}
	r.ready <- struct{}{}
	return r.out
}

// answer delivers o unless the caller has abandoned the request, and
// reports whether it did. After a successful answer to a [Actor.Call], the
// loop must not touch the request again: the caller may be reusing it.
func (r *Reply[T]) answer(o outcome[T]) bool {
	for {
		s := r.state.Load()
		if s == stateAbandoned {
			return false
		}
		if r.state.CompareAndSwap(s, stateAnswered) {
			r.out = o
			r.ready <- struct{}{}
			return true
		}
	}
}

// abandon marks the request as given up by its caller. It reports true if
// this call made that move, and false if the request was already answered
// or abandoned; then ready holds, or will shortly hold, its token.
func (r *Reply[T]) abandon() bool {
	for {
		s := r.state.Load()
		if s == stateAnswered || s == stateAbandoned {
			return false
		}
		if r.state.CompareAndSwap(s, stateAbandoned) {
			return true
		}
	}
}

// wait waits for the outcome of a request sent by [Actor.Call], whose
// context is r.ctx. It reports whether the outcome was delivered, which
// leaves ready empty and the request free for reuse.
//
// Once it has abandoned the request, wait does not touch r again: the actor
// may then reuse it.
func (r *Reply[T]) wait() (outcome[T], bool) {
	ctx := r.ctx
	done := ctx.Done()
	if done == nil {
		<-r.ready
		return r.out, true
	}
	select {
	case <-r.ready:
		return r.out, true
	case <-done:
		if r.abandon() {
			return outcome[T]{err: ctx.Err()}, false
		}
		<-r.ready
		return r.out, true
	}
}
