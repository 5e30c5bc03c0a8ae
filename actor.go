package actor

import (
	"context"
	"sync"
)

// A Handler serves one request on the actor's goroutine and returns its
// result. The actor never runs a Handler concurrently with itself, so the
// Handler may use the state it closes over without locks.
//
// ctx is done when the caller gives up or when [Actor.Stop] gives up
// waiting; it carries the caller's deadline and values. A Handler that
// stops because ctx is done should return [context.Cause](ctx) rather than
// ctx.Err(): the cause is [ErrStopped] when Stop gave up, where ctx.Err()
// says only [context.Canceled]. ctx is valid only while the Handler runs
// and may be canceled once it returns: work that outlives the Handler,
// including a request it sends with [Actor.Ask] and does not await, needs a
// context of its own.
type Handler[Req, Resp any] func(ctx context.Context, req Req) (Resp, error)

// A Caller sends a request and waits for its reply. [*Actor] implements it,
// so code written against a Caller works with any actor, local or not.
type Caller[Req, Resp any] interface {
	Call(ctx context.Context, req Req) (Resp, error)
}

var _ Caller[int, int] = (*Actor[int, int])(nil)

// An Actor runs requests of type Req, one at a time and in the order they
// arrive, on a goroutine of its own, and answers each with a Resp or an
// error. Make one with [New] or [NewBatch].
//
// All methods may be called from any number of goroutines at once. An Actor
// must not be copied after first use.
//
// Sending a request happens before the handler sees it, and the handler's
// return happens before the caller sees the reply. Requests sent from one
// goroutine are handled in the order sent.
type Actor[Req, Resp any] struct {
	_ noCopy

	lc      *lifecycle
	mailbox chan *envelope[Req, Resp]
	pool    sync.Pool // of *envelope[Req, Resp]
	bg      *handlerCtx

	handler  Handler[Req, Resp]
	batch    BatchHandler[Req, Resp]
	maxBatch int
	onError  func(error)
	onErrMu  sync.Mutex // serializes calls of onError

	stats counters
}

// New starts an actor that serves each request with h, and returns it.
// Options are listed under [Option]. New panics if h is nil.
//
// The actor's goroutine runs until [Actor.Stop] is called: an actor that is
// never stopped keeps its goroutine for the life of the program.
func New[Req, Resp any](h Handler[Req, Resp], opts ...Option) *Actor[Req, Resp] {
	if h == nil {
		panic("actor: New called with a nil Handler")
	}
	a := newActor[Req, Resp](opts)
	a.handler = h
	go a.run()
	return a
}

func newActor[Req, Resp any](opts []Option) *Actor[Req, Resp] {
	cfg := newConfig(opts)
	a := &Actor[Req, Resp]{
		mailbox:  make(chan *envelope[Req, Resp], cfg.mailboxSize),
		maxBatch: cfg.maxBatch,
		onError:  cfg.onError,
	}
	a.pool.New = func() any { return newPooledEnvelope[Req, Resp]() }
	a.lc = newLifecycle(func() { close(a.mailbox) })
	a.bg = &handlerCtx{parent: context.Background(), l: a.lc}
	return a
}

// Call sends req and waits for the reply. ctx bounds both the wait for room
// in the mailbox and the wait for the reply, and it is the context the
// handler sees.
//
// Call returns the handler's result, a [*PanicError] if the handler
// panicked, or one of these errors, with a zero Resp:
//   - ctx.Err() if ctx ends before the reply is delivered. If the request
//     was still queued it will be skipped, never run; if it was running, its
//     handler's context is done and its result is discarded.
//   - [ErrStopped] if [Actor.Stop] has been called, or if Stop gave up
//     waiting before the request's turn.
//   - [ErrSelfCall] if ctx comes from this actor's own handler.
//
// Call panics if ctx is nil.
func (a *Actor[Req, Resp]) Call(ctx context.Context, req Req) (Resp, error) {
	return a.call(ctx, req, true)
}

// TryCall is like [Actor.Call], but if the mailbox has no room it returns
// [ErrMailboxFull] at once instead of waiting for room.
func (a *Actor[Req, Resp]) TryCall(ctx context.Context, req Req) (Resp, error) {
	return a.call(ctx, req, false)
}

func (a *Actor[Req, Resp]) call(ctx context.Context, req Req, wait bool) (Resp, error) {
	if err := a.admit(ctx, true); err != nil {
		var zero Resp
		return zero, err
	}
	e := a.pool.Get().(*envelope[Req, Resp])
	e.fill(ctx, req, false, true)
	if err := a.enqueue(ctx, e, wait); err != nil {
		a.recycle(e)
		var zero Resp
		return zero, err
	}

	o, ok := e.wait()
	if ok {
		a.recycle(e)
	}
	return o.v, o.err
}

// Ask sends req and returns at once with its pending [Reply], so that a
// caller can have many requests in flight before awaiting any of them. ctx
// bounds the wait for room in the mailbox and governs the request's whole
// life, as it does for [Actor.Call]: if ctx ends while the request is queued
// it is skipped, and if it ends while the handler runs, the handler's
// context is done and its result is discarded. Either way [Reply.Await]
// returns ctx.Err(), whether or not anyone was awaiting when ctx ended.
//
// Ask returns ctx.Err(), [ErrStopped] or [ErrSelfCall] as Call does, with a
// nil Reply, when the request was not accepted. It panics if ctx is nil.
func (a *Actor[Req, Resp]) Ask(ctx context.Context, req Req) (*Reply[Resp], error) {
	if err := a.admit(ctx, true); err != nil {
		return nil, err
	}
	e := new(envelope[Req, Resp])
	e.fill(ctx, req, false, false)
	if err := a.enqueue(ctx, e, true); err != nil {
		return nil, err
	}
	return &e.Reply, nil
}

// Tell sends req with no reply wanted. ctx bounds only the wait for room in
// the mailbox: once Tell has returned nil the request will be handled even
// if ctx ends, unless Stop gives up waiting before its turn. The handler
// gets ctx's values, but not its deadline or cancellation.
//
// Tell returns ctx.Err() or [ErrStopped] when the request was not accepted.
// The handler's error has no caller to go to; it is counted in [Stats] and
// passed to the function set by [WithErrorHandler].
//
// A handler may Tell its own actor. Made with the handler's context, such a
// Tell never waits for room, since only the handler could make it: it
// returns [ErrMailboxFull] instead. Made with another context, it waits like
// any Tell, and may wait forever. Tell panics if ctx is nil.
func (a *Actor[Req, Resp]) Tell(ctx context.Context, req Req) error {
	if err := a.admit(ctx, false); err != nil {
		return err
	}
	e := a.pool.Get().(*envelope[Req, Resp])
	e.fill(ctx, req, true, true)
	err := a.enqueue(ctx, e, !inChain(ctx, a.lc))
	if err != nil {
		a.recycle(e)
	}
	return err
}

// admit checks what every request must pass before it is enqueued.
func (a *Actor[Req, Resp]) admit(ctx context.Context, reply bool) error {
	if ctx == nil {
		panic("actor: nil Context")
	}
	a.mustBeMade()
	if err := ctx.Err(); err != nil {
		return err
	}
	if reply && inChain(ctx, a.lc) {
		return ErrSelfCall
	}
	return nil
}

// enqueue puts e into the mailbox, waiting for room if wait is set. It
// returns nil if e was accepted, and otherwise the reason it was not.
func (a *Actor[Req, Resp]) enqueue(ctx context.Context, e *envelope[Req, Resp], wait bool) error {
	if !a.lc.enter() {
		a.stats.rejected.Add(1)
		return ErrStopped
	}
	defer a.lc.leave()

	select {
	case a.mailbox <- e:
		return nil
	default:
	}
	if !wait {
		a.stats.rejected.Add(1)
		return ErrMailboxFull
	}
	select {
	case a.mailbox <- e:
		return nil
	case <-a.lc.stopping:
		a.stats.rejected.Add(1)
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recycle returns a pooled envelope that neither its caller nor the actor
// will touch again.
func (a *Actor[Req, Resp]) recycle(e *envelope[Req, Resp]) {
	var zero Req
	e.ctx, e.req, e.out = nil, zero, outcome[Resp]{}
	a.pool.Put(e)
}

// Stop stops the actor. From the moment Stop is called, new requests are
// refused with [ErrStopped]; the requests already queued are handled in
// order, and Stop returns nil once the last has been answered and the
// actor's goroutine has exited.
//
// If ctx ends first, Stop gives up the drain: the running handler's context
// is canceled with [ErrStopped] as its cause (see [context.Cause]), the
// requests still queued are answered with ErrStopped without being run, and
// Stop returns ctx.Err(). No request still queued then is ever run; the one
// whose turn had just come may be entering its handler as Stop returns, and
// finds its context already done. The goroutine exits as soon as the running
// handler returns; [Actor.Done] tells when.
//
// Give Stop a context made for the drain, such as one with a timeout, not
// one that has already ended: with an ended context, such as a signal's
// context that has fired, Stop gives up the drain at once and returns its
// error even if nothing was queued.
//
// Stop may be called any number of times, from any number of goroutines.
// Called from the actor's own handler with the handler's context, it begins
// the stop and returns [ErrSelfCall] at once, since waiting would deadlock;
// with another context, it waits until that context ends. Stop panics if
// ctx is nil.
func (a *Actor[Req, Resp]) Stop(ctx context.Context) error {
	if ctx == nil {
		panic("actor: nil Context")
	}
	a.mustBeMade()
	a.lc.beginStop()
	if inChain(ctx, a.lc) {
		return ErrSelfCall
	}
	select {
	case <-a.lc.done:
		return nil
	case <-ctx.Done():
	}
	select {
	case <-a.lc.done:
		return nil // the drain ended as ctx did
	default:
	}

	a.lc.forceStop()
	<-a.lc.closed // at once: senders still inside see stopping and leave
	a.dropQueued()
	return ctx.Err()
}

// Done returns a channel that is closed once the actor's goroutine has
// exited after [Actor.Stop]. Every accepted request has then been answered.
func (a *Actor[Req, Resp]) Done() <-chan struct{} {
	a.mustBeMade()
	return a.lc.done
}

// Stats returns a snapshot of the actor's counters.
func (a *Actor[Req, Resp]) Stats() Stats {
	a.mustBeMade()
	s := a.stats.snapshot()
	s.Queued = len(a.mailbox)
	return s
}

// mustBeMade panics if a was not made by New or NewBatch.
func (a *Actor[Req, Resp]) mustBeMade() {
	if a == nil || a.lc == nil {
		panic("actor: Actor used without New")
	}
}

// noCopy lets go vet's copylocks check report copies of the types that
// embed it.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}
