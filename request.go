package actor

import "context"

// envelope carries one request through the mailbox, with the reply that
// answers it. The envelopes of Call and Tell are pooled: an envelope goes
// back to the pool only when neither its caller nor the actor can touch it
// any more, with no token in ready and no outcome kept, so no outcome
// outlives its request.
type envelope[Req, Resp any] struct {
	Reply[Resp]
	req    Req
	told   bool // no reply wanted; ctx is kept only for its values
	pooled bool // sent by Call or Tell, not by Ask
}

// newPooledEnvelope makes an envelope for the pool. It has its slot from
// the start, since every Call waits on it.
func newPooledEnvelope[Req, Resp any]() *envelope[Req, Resp] {
	e := new(envelope[Req, Resp])
	e.ready.Store(make(chan struct{}, 1))
	return e
}

// fill prepares e to carry req sent with ctx; recycle undoes it.
func (e *envelope[Req, Resp]) fill(ctx context.Context, req Req, told, pooled bool) {
	e.ctx, e.req, e.told, e.pooled = ctx, req, told, pooled
	e.state.Store(statePending)
}

// start reports whether the loop should run a request whose turn has come,
// and false if it must be skipped because its caller has given up. A told
// request is never skipped.
func (e *envelope[Req, Resp]) start() bool {
	if e.told {
		return true
	}
	return e.state.Load() == statePending && e.ctx.Err() == nil
}
