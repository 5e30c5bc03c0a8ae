package actor

import (
	"context"
	"sync/atomic"
	"time"
)

// chainKey is the context key under which a handler's context answers for
// the actor running it. A request sent with a context that answers for the
// receiving actor comes from that actor's own call chain, and waiting for its
// reply would deadlock.
type chainKey struct{ l *lifecycle }

// inChain reports whether ctx belongs to a handler of the actor l, directly
// or through the handlers of other actors it is waiting on.
func inChain(ctx context.Context, l *lifecycle) bool {
	return ctx.Value(chainKey{l}) != nil
}

// handlerCtx is the context a handler receives. For a call it is done when
// the caller's context is, carries the caller's deadline and values, and
// answers for the actor in the call chain. For a told request or a batch it is
// detached: it keeps only values, and answers for the callers' chains only
// through callers. Either way it is done when the actor is killed by Stop.
//
// A handlerCtx made for one request is released when its handler returns:
// its Done channel is then closed if it was ever asked for (a channel
// shared with other requests cannot be), and it no longer answers for its
// own actor in the call chain. One shared handlerCtx per actor serves every request sent with
// [context.Background].
type handlerCtx struct {
	parent   context.Context
	l        *lifecycle
	detached bool
	callers  []context.Context // batch only: the contexts of its calls

	released atomic.Bool
	merged   atomic.Pointer[mergedCtx]
}

// mergedCtx is done when the caller's context or the actor's kill context
// is. It is built only when a handler asks for Done, so handlers that do not
// pay nothing for it.
type mergedCtx struct {
	ctx      context.Context
	cancel   context.CancelFunc
	stopKill func() bool
}

func newMergedCtx(parent, kill context.Context) *mergedCtx {
	ctx, cancel := context.WithCancel(parent)
	return &mergedCtx{ctx: ctx, cancel: cancel, stopKill: context.AfterFunc(kill, cancel)}
}

func (m *mergedCtx) release() {
	m.stopKill()
	m.cancel()
}

func (c *handlerCtx) Deadline() (time.Time, bool) {
	if c.detached {
		return time.Time{}, false
	}
	return c.parent.Deadline()
}

func (c *handlerCtx) Done() <-chan struct{} {
	if c.detached || c.parent.Done() == nil {
		return c.l.kill.Done()
	}
	if m := c.merged.Load(); m != nil {
		return m.ctx.Done()
	}
	m := newMergedCtx(c.parent, c.l.kill)
	if !c.merged.CompareAndSwap(nil, m) {
		m.release()
		return c.merged.Load().ctx.Done()
	}
	if c.released.Load() {
		m.release()
	}
	return m.ctx.Done()
}

func (c *handlerCtx) Err() error {
	if m := c.merged.Load(); m != nil {
		return m.ctx.Err()
	}
	if !c.detached {
		if err := c.parent.Err(); err != nil {
			return err
		}
	}
	return c.l.kill.Err()
}

func (c *handlerCtx) Value(key any) any {
	if k, ok := key.(chainKey); ok {
		// Once the handler has returned, no call made with its context can
		// deadlock its actor, but the callers' chains may still be waiting.
		if k.l == c.l && !c.released.Load() {
			return c.l
		}
		for _, p := range c.callers {
			if v := p.Value(key); v != nil {
				return v
			}
		}
		if c.detached {
			return nil
		}
	}
	if c.l.kill.Err() != nil {
		// Let context.Cause find the kill context, and so ErrStopped.
		if v := c.l.kill.Value(key); v != nil {
			return v
		}
	}
	return c.parent.Value(key)
}

func (c *handlerCtx) String() string {
	return "actor.handlerContext"
}

// release ends the context's use by its handler.
func (c *handlerCtx) release() {
	c.released.Store(true)
	if m := c.merged.Load(); m != nil {
		m.release()
	}
}
