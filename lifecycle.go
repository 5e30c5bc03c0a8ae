package actor

import (
	"context"
	"sync"
	"sync/atomic"
)

// stoppedBit marks lifecycle.senders once Stop has been called; the bits
// below it count the senders inside [lifecycle.enter] and [lifecycle.leave].
const stoppedBit = 1 << 62

// lifecycle is the part of an actor that does not depend on its types: who
// may still send, whether handlers may still begin, and when the loop is
// done. Its address identifies the actor in handler contexts (see chainKey).
//
// The mailbox is closed exactly once, by whoever leaves the sender count at
// zero after Stop was called, so no send can race the close and every
// request that got into the mailbox is received by the loop.
type lifecycle struct {
	senders  atomic.Int64
	killed   atomic.Bool   // Stop's context ended: no handler may begin
	stopping chan struct{} // closed when Stop is first called
	closed   chan struct{} // closed with the mailbox: no sender is left
	done     chan struct{} // closed when the loop has exited

	stopOnce  sync.Once
	closeOnce sync.Once
	closeBox  func() // closes the mailbox

	// kill is canceled, with ErrStopped as its cause, when Stop's context
	// ends before the drain is over, and when the loop exits; handler
	// contexts are done when it is.
	kill       context.Context
	cancelKill context.CancelCauseFunc
}

func newLifecycle(closeBox func()) *lifecycle {
	l := &lifecycle{
		stopping: make(chan struct{}),
		closed:   make(chan struct{}),
		done:     make(chan struct{}),
	}
	l.closeBox = func() {
		closeBox()
		close(l.closed)
	}
	l.kill, l.cancelKill = context.WithCancelCause(context.Background())
	return l
}

// enter registers a sender. It reports false, registering nothing, once Stop
// has been called. Every true result must be paired with a call to leave.
func (l *lifecycle) enter() bool {
	if l.senders.Add(1)&stoppedBit != 0 {
		l.leave()
		return false
	}
	return true
}

// leave ends a sender's registration.
func (l *lifecycle) leave() {
	if l.senders.Add(-1) == stoppedBit {
		l.closeOnce.Do(l.closeBox)
	}
}

// beginStop refuses new senders, wakes those waiting for room, and closes
// the mailbox once the last sender has left. It is idempotent.
func (l *lifecycle) beginStop() {
	l.stopOnce.Do(func() {
		old := l.senders.Or(stoppedBit)
		close(l.stopping)
		if old == 0 {
			l.closeOnce.Do(l.closeBox)
		}
	})
}

// forceStop lets no further handler begin and cancels the running one's
// context. It is idempotent.
func (l *lifecycle) forceStop() {
	l.beginStop()
	l.killed.Store(true)
	l.cancelKill(ErrStopped)
}

// mayBegin reports whether the loop may run a handler. Once it has reported
// false it always does.
func (l *lifecycle) mayBegin() bool {
	return !l.killed.Load()
}

// exited records that the loop has returned.
func (l *lifecycle) exited() {
	l.cancelKill(ErrStopped)
	close(l.done)
}
