package actor

import (
	"context"
	"sync/atomic"
)

// Values of Reply.state. A request is pending until the actor answers it or
// its caller abandons it, whichever comes first; the move is made once, by
// compare-and-swap, so a request has exactly one outcome. An answered
// request's outcome is in Reply.out, written before the move; an abandoned
// one's is its context's error.
const (
	statePending uint32 = iota
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
	// ready holds the reply's one slot, a chan struct{} of capacity 1 that
	// receives a token when the request leaves pending. A Call's envelope
	// has it from the start; an Ask's reply gets it only when an Await has
	// to wait, so an outcome collected after it arrived costs no channel.
	//
	// A waiter has stored the slot before it checks the state, and the side
	// that moves the state checks for a slot after the move. Atomic
	// operations are sequentially consistent, so one of the two sees the
	// other, and no waiter misses its token. If both do, the token stays in
	// the slot unused; that is why an asked reply is never pooled.
	ready atomic.Value
}

// Await waits for the request's outcome and returns it: the handler's value
// and error, a [*PanicError], [ErrStopped], or the error of the context given
// to [Actor.Ask] if that ended before the request was answered.
//
// ctx bounds only this wait: if it ends first, Await returns ctx.Err() and
// the request goes on; a later Await can still collect the outcome. Await
// panics if ctx is nil.
func (r *Reply[T]) Await(ctx context.Context) (T, error) {
	if r == nil || r.ctx == nil {
		panic("actor: Await called on a Reply not returned by Ask")
	}
	if ctx == nil {
		panic("actor: nil Context")
	}
	if o, ok := r.settled(); ok {
		return o.v, o.err
	}
	ready := r.slot()
	if o, ok := r.settled(); ok {
		return o.v, o.err
	}

	if r.ctx.Done() == nil && ctx.Done() == nil {
		<-ready // neither wait can end early
		ready <- struct{}{}
	} else {
		select {
		case <-ready:
			ready <- struct{}{} // keep the token for other waiters
		case <-r.ctx.Done():
			r.giveUp()
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
	o, _ := r.settled()
	return o.v, o.err
}

// settled returns the request's outcome, and false if it is still pending.
func (r *Reply[T]) settled() (outcome[T], bool) {
	switch r.state.Load() {
	case stateAnswered:
		return r.out, true
	case stateAbandoned:
		return outcome[T]{err: r.ctx.Err()}, true
	}
	return outcome[T]{}, false
}

// slot returns the reply's ready channel, making it if no one has yet.
func (r *Reply[T]) slot() chan struct{} {
	if ready, ok := r.ready.Load().(chan struct{}); ok {
		return ready
	}
	if ready := make(chan struct{}, 1); r.ready.CompareAndSwap(nil, ready) {
		return ready
	}
	return r.ready.Load().(chan struct{})
}

// signal puts the token into the reply's slot if a waiter has made one.
func (r *Reply[T]) signal() {
	if ready, ok := r.ready.Load().(chan struct{}); ok {
		ready <- struct{}{}
	}
}

// answer delivers o unless the caller has abandoned the request, and
// reports whether it did. After a successful answer to a [Actor.Call], the
// loop must not touch the request again: the caller may be reusing it.
func (r *Reply[T]) answer(o outcome[T]) bool {
	r.out = o // read only once the state says answered
	if !r.state.CompareAndSwap(statePending, stateAnswered) {
		r.out = outcome[T]{} // abandoned: o goes nowhere
		return false
	}
	r.signal()
	return true
}

// giveUp abandons an asked request whose context has ended, unless it is
// already answered, and wakes the other waiters.
func (r *Reply[T]) giveUp() {
	if r.state.CompareAndSwap(statePending, stateAbandoned) {
		r.signal()
	}
}

// wait waits for the outcome of a request sent by [Actor.Call]. It reports
// whether the outcome was delivered, which leaves the slot empty and the
// request free for reuse.
//
// Once it has abandoned the request, wait does not touch r again: the actor
// may then reuse it. So, unlike giveUp, it sends no token: a Call has no
// other waiter to wake.
func (r *Reply[T]) wait() (outcome[T], bool) {
	ready := r.ready.Load().(chan struct{})
	ctx := r.ctx
	done := ctx.Done()
	if done == nil {
		<-ready
		return r.out, true
	}
	select {
	case <-ready:
		return r.out, true
	case <-done:
		if r.state.CompareAndSwap(statePending, stateAbandoned) {
			return outcome[T]{err: ctx.Err()}, false
		}
		<-ready // answered just now: take the token it sent
		return r.out, true
	}
}
