package actor

import "fmt"

const (
	defaultMailboxSize = 64
	defaultMaxBatch    = 64
)

// An Option configures an actor made by [New], [NewBatch] or [NewState].
type Option interface {
	apply(*config)
}

type config struct {
	mailboxSize int
	maxBatch    int
	onError     func(error)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{mailboxSize: defaultMailboxSize, maxBatch: defaultMaxBatch}
	for _, o := range opts {
		if o == nil {
			panic("actor: nil Option")
		}
		o.apply(&c)
	}
	return c
}

// WithMailboxSize sets how many requests may wait in the mailbox while the
// handler is busy. The default is 64. With 0 the mailbox holds nothing: a
// sender is accepted only when the actor's goroutine takes its request in the
// same moment, and [Actor.TryCall] fails unless the actor is idle and waiting.
// WithMailboxSize panics if n is negative.
func WithMailboxSize(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("actor: WithMailboxSize(%d): size must not be negative", n))
	}
	return optionFunc(func(c *config) { c.mailboxSize = n })
}

// WithMaxBatch sets the most requests a [BatchHandler] receives in one call.
// The default is 64. It has no effect on an actor made by [New].
// WithMaxBatch panics if n is less than 1.
func WithMaxBatch(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("actor: WithMaxBatch(%d): limit must be at least 1", n))
	}
	return optionFunc(func(c *config) { c.maxBatch = n })
}

// WithErrorHandler sets a function that receives every error no caller is
// waiting for: the error or [*PanicError] of a request sent with [Actor.Tell],
// and [ErrStopped] for a told request dropped because the context given to
// [Actor.Stop] ended first. By default such errors are only counted in
// [Stats].
//
// f runs on the actor's goroutine, or on the goroutine calling Stop for
// dropped requests, so it must not block and must not call the actor. Calls
// of f never overlap one another, but one may overlap a handler. A panic in
// f is not recovered.
func WithErrorHandler(f func(err error)) Option {
	return optionFunc(func(c *config) { c.onError = f })
}
