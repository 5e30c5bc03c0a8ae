// Package actor provides typed request-response actors: a goroutine that
// owns some state, a bounded mailbox in front of it, and a one-slot reply
// for every request.
//
// # The model
//
// An [Actor] runs a [Handler] for each request in its mailbox, one at a
// time, in arrival order, on a goroutine of its own. State the handler
// closes over is touched by that goroutine alone, so it needs no lock. A
// caller sends a request together with a reply slot that has room for
// exactly one outcome, and waits on that slot:
//
//	counter := 0
//	a := actor.New(func(ctx context.Context, n int) (int, error) {
//		counter += n
//		return counter, nil
//	})
//	defer a.Stop(context.Background())
//	total, err := a.Call(ctx, 5)
//
// [Actor.Call] sends and waits, [Actor.TryCall] refuses at once when the
// mailbox is full, [Actor.Ask] sends and returns a [Reply] to await later,
// so that one caller can keep many requests in flight, and [Actor.Tell]
// sends with no reply wanted. [NewBatch] makes an actor whose handler takes
// everything queued at once, for work that is cheaper in bulk. [State] and
// [Do] build a typed handle whose methods each return their own type.
//
// # Rules for callers
//
// Every call that can wait takes a [context.Context] first; it bounds the
// wait and becomes, for Call and Ask, the context the handler sees, so the
// handler can see the caller's deadline and notice when the caller gives
// up. Errors from a context come back as they are, so errors.Is(err,
// context.DeadlineExceeded) and errors.Is(err, context.Canceled) hold.
//
// A handler must not wait for a reply from its own actor: that would wait
// forever. Calls made with the handler's context are caught and answered
// with [ErrSelfCall], also when the chain runs through other actors' calls,
// so pass the handler's context on. A chain that runs through a Tell is not
// followed: a told request is handled after its sender has moved on, so a
// told handler's context does not carry its sender's chain. A handler's
// context is valid only while the handler runs; give work that outlives it a
// context of its own.
//
// An actor's goroutine runs until [Actor.Stop]. Stop every actor you start.
//
// # Guarantees
//
//   - Every accepted request ends in exactly one outcome: the handler's value,
//     its error, a [*PanicError], [ErrStopped], or the caller's context error.
//     A caller is released as soon as its outcome exists.
//   - The actor never blocks delivering a reply, so a caller that has left
//     cannot stall it, and nothing leaks.
//   - A request whose caller gives up while it is queued is skipped, never
//     run, and counted in [Stats].Canceled; its side effect never happens.
//   - A panicking handler fails only its own request; the actor goes on.
//   - Requests sent from one goroutine are handled in the order sent, and
//     the handler never runs concurrently with itself.
//   - Stop refuses new requests at once, drains those already queued, and
//     never loses one: if its context ends first, they are answered with
//     [ErrStopped], never run, and the running handler's context is
//     canceled with ErrStopped as its cause.
//   - Reply slots are reused across calls, but never carry an outcome into a
//     later request.
//
// The README lists, for each guarantee, the test that proves it.
//
// # Cost
//
// A Call with [context.Background] costs about one round trip between two
// goroutines over channels, and allocates nothing. A Call with any other
// context allocates once, for the handler's context; if the caller's context
// can be canceled and the handler asks for ctx.Done, that costs six more,
// paid only by handlers that ask. Ask allocates once, for its Reply, and
// once more if [Reply.Await] has to wait for the outcome; Do allocates for
// its operation. The library arms no timer on a caller's behalf.
//
// # When to use a mutex instead
//
// A handoff between goroutines costs hundreds of nanoseconds; locking an
// uncontended [sync.Mutex] costs tens. For a map read or a counter bump that
// no caller waits on for long, a mutex is faster and simpler. An actor earns
// its cost when the work under the lock is long or must not run twice at
// once, when callers need deadlines and cancellation while they wait, when
// requests should queue with backpressure rather than pile onto a lock, or
// when a batch handler can amortise one write or one transaction over many
// requests.
package actor
