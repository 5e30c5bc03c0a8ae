package natsactor

import (
	"fmt"
	"time"
)

const (
	defaultQueueGroup     = "natsactor"
	defaultMaxInFlight    = 256
	defaultDefaultTimeout = 30 * time.Second
)

// An Option configures [Serve] or [NewClient]. Each option says which of the
// two it affects; the other ignores it.
type Option interface {
	apply(*config)
}

type config struct {
	codec          Codec
	queueGroup     string
	maxInFlight    int
	onError        func(error)
	defaultTimeout time.Duration
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{
		codec:          JSON,
		queueGroup:     defaultQueueGroup,
		maxInFlight:    defaultMaxInFlight,
		defaultTimeout: defaultDefaultTimeout,
	}
	for _, o := range opts {
		o.apply(&c)
	}
	return c
}

// WithCodec sets the [Codec] of a service or a client; the two ends of a
// service must use the same one. The default is [JSON]. WithCodec panics if
// c is nil.
func WithCodec(c Codec) Option {
	if c == nil {
		panic("natsactor: WithCodec called with a nil Codec")
	}
	return optionFunc(func(cfg *config) { cfg.codec = c })
}

// WithQueueGroup sets the NATS queue group that [Serve] joins. Every
// process serving a subject in the same group shares its requests: NATS
// gives each request to one of them. The default is "natsactor".
// WithQueueGroup panics if name is empty.
func WithQueueGroup(name string) Option {
	if name == "" {
		panic("natsactor: WithQueueGroup called with an empty name")
	}
	return optionFunc(func(c *config) { c.queueGroup = name })
}

// WithMaxInFlight sets how many requests [Serve] has in flight at once,
// waiting in the actor's mailbox or running. A request beyond that is
// answered at once with a [*RemoteError] of kind [KindMailboxFull], so the
// service sheds load instead of letting NATS drop messages. The default is
// 256. WithMaxInFlight panics if n is less than 1.
func WithMaxInFlight(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("natsactor: WithMaxInFlight(%d): limit must be at least 1", n))
	}
	return optionFunc(func(c *config) { c.maxInFlight = n })
}

// WithErrorHandler sets a function that [Serve] calls with each error no
// caller will see: a request it could not decode (its caller gets a
// [*RemoteError] of kind [KindDecode] as well), a reply it could not encode
// or send, and the error of a request that came with no reply subject. By
// default such errors are dropped.
//
// f may be called from many goroutines at once, so it must be safe for
// that; it must not block for long.
func WithErrorHandler(f func(err error)) Option {
	return optionFunc(func(c *config) { c.onError = f })
}

// WithDefaultTimeout sets how long [Client.Call] waits for a reply when its
// context has no deadline. A reply lost on the way, for instance because the
// serving process died, is otherwise indistinguishable from a slow one. The
// default is 30 seconds; 0 means no bound, and such a call then waits until
// its context ends. WithDefaultTimeout panics if d is negative.
func WithDefaultTimeout(d time.Duration) Option {
	if d < 0 {
		panic(fmt.Sprintf("natsactor: WithDefaultTimeout(%v): timeout must not be negative", d))
	}
	return optionFunc(func(c *config) { c.defaultTimeout = d })
}
