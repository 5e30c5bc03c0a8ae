package actor

import (
	"errors"
	"fmt"
)

// ErrStopped is returned for a request that was not run because the actor is
// stopping or has stopped: it came after [Actor.Stop] was called, or it was
// still queued when the context given to Stop ended.
var ErrStopped = errors.New("actor: stopped")

// ErrMailboxFull is returned by [Actor.TryCall] when the mailbox has no room,
// and by [Actor.Tell] when a handler of the same actor sends to a full
// mailbox with the context it was given, where waiting for room could never
// end. The request was not accepted.
var ErrMailboxFull = errors.New("actor: mailbox full")

// ErrSelfCall is returned when a handler calls its own actor with the context
// it was given, directly or through other actors, and waiting for the reply
// would deadlock. The request was not accepted. [Actor.Stop] returns it when
// called from the actor's own handler with the handler's context: the stop
// has begun, but the handler cannot wait for it.
var ErrSelfCall = errors.New("actor: call from the actor's own handler would deadlock")

// errGoexit is the value of the [PanicError] returned when a handler calls
// [runtime.Goexit] (for example through [testing.T.FailNow]).
var errGoexit = errors.New("actor: handler called runtime.Goexit")

// PanicError is the error returned for a request whose handler panicked. The
// actor recovers the panic and goes on serving the next requests.
type PanicError struct {
	// Value is the value the handler passed to panic. If the handler
	// called [runtime.Goexit] instead, Value is an error that says so.
	Value any
	// Stack is the stack trace of the handler's goroutine at the panic.
	Stack []byte
}

// Error returns the panic value in a message; the stack is in Stack.
func (p *PanicError) Error() string {
	return fmt.Sprintf("actor: handler panicked: %v", p.Value)
}

// Unwrap returns the panic value if it is an error, and nil otherwise.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}
