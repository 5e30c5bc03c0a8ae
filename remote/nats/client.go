package natsactor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
)

// errTimeout is the cause of a call's context when [WithDefaultTimeout]
// ran out.
var errTimeout = errors.New("natsactor: default timeout")

// A Client calls an actor served on a NATS subject by [Serve]. Its Call has
// the shape of [actor.Actor.Call], and it implements [actor.Caller].
//
// All methods may be called from any number of goroutines at once. A Client
// must not be copied. It watches its connection, so that calls waiting when the connection drops
// fail at once instead of at their deadline; [Client.Close] ends the watch.
type Client[Req, Resp any] struct {
	nc             *nats.Conn
	subject        string
	codec          Codec
	defaultTimeout time.Duration

	status chan nats.Status        // the connection's status changes
	gen    atomic.Pointer[session] // the connection's current session
	closed atomic.Bool
	close  sync.Once
	done   chan struct{} // closed when the watch has ended
}

var _ actor.Caller[int, int] = (*Client[int, int])(nil)

// A session lasts from one loss of the connection to the next. Its context
// is canceled, with the nats.go error as cause, when the connection drops:
// a reply to a request sent during the session can no longer arrive.
type session struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
}

func newSession() *session {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &session{ctx: ctx, cancel: cancel}
}

// NewClient returns a Client that calls the service on subject through nc,
// with the options [WithCodec] and [WithDefaultTimeout]. It starts a
// goroutine that watches nc; the goroutine ends when nc is closed or when
// [Client.Close] is called. NewClient panics if nc is nil or subject is
// empty.
func NewClient[Req, Resp any](nc *nats.Conn, subject string, opts ...Option) *Client[Req, Resp] {
	if nc == nil || subject == "" {
		panic("natsactor: NewClient called with a nil Conn or an empty subject")
	}
	cfg := newConfig(opts)
	c := &Client[Req, Resp]{
		nc:             nc,
		subject:        subject,
		codec:          cfg.codec,
		defaultTimeout: cfg.defaultTimeout,
		status:         nc.StatusChanged(nats.RECONNECTING, nats.DISCONNECTED, nats.CLOSED),
		done:           make(chan struct{}),
	}
	c.gen.Store(newSession())
	go c.watch()
	return c
}

// watch ends the current session each time the connection drops, until the
// connection is closed or c is.
func (c *Client[Req, Resp]) watch() {
	defer close(c.done)
	defer c.nc.RemoveStatusListener(c.status)
	if c.nc.IsClosed() {
		c.gen.Load().cancel(nats.ErrConnectionClosed)
		return
	}
	for st := range c.status {
		if st == nats.CLOSED {
			c.gen.Load().cancel(nats.ErrConnectionClosed)
			return
		}
		c.gen.Swap(newSession()).cancel(nats.ErrDisconnected)
	}
}

// Close ends the client's watch of its connection and waits for its
// goroutine to exit. Calls made after Close return [ErrClientClosed]; calls
// already waiting are not disturbed. Close does not close the connection.
// It may be called any number of times.
func (c *Client[Req, Resp]) Close() {
	c.close.Do(func() {
		c.closed.Store(true)
		c.nc.RemoveStatusListener(c.status)
	})
	<-c.done
}

// Call sends req to the service and waits for its reply, as
// [actor.Actor.Call] does for a local actor. ctx bounds the wait, and its
// deadline travels with the request: the remote handler's context ends then
// too. If ctx has no deadline, the wait is bounded by [WithDefaultTimeout].
//
// Call returns the remote handler's result, or one of these errors with a
// zero Resp:
//   - ctx.Err() if ctx ends first. The request may have run remotely.
//   - a [*RemoteError] for an error on the remote side; errors.Is matches
//     the error its [Kind] stands for, such as [actor.ErrStopped].
//   - an error wrapping nats.ErrNoResponders if no service listens on the
//     subject, nats.ErrMaxPayload if the request is over the server's size
//     limit (neither was run), nats.ErrDisconnected or
//     nats.ErrConnectionClosed if the connection dropped while Call waited
//     (the request may have run), and [context.DeadlineExceeded] if the
//     default timeout ran out.
//   - an error wrapping [ErrEncode] or [ErrDecode] if req or the reply could
//     not be encoded or decoded, and [ErrClientClosed] after [Client.Close].
//
// Call panics if ctx is nil.
func (c *Client[Req, Resp]) Call(ctx context.Context, req Req) (Resp, error) {
	var zero Resp
	if ctx == nil {
		panic("natsactor: nil Context")
	}
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if c.closed.Load() {
		return zero, ErrClientClosed
	}
	data, err := c.codec.Marshal(req)
	if err != nil {
		return zero, fmt.Errorf("%w: request %T for %q: %w", ErrEncode, req, c.subject, err)
	}
	m, err := c.roundTrip(ctx, data)
	if err != nil {
		return zero, err
	}
	return c.decode(m)
}

// roundTrip sends a request carrying data and waits for the reply message.
func (c *Client[Req, Resp]) roundTrip(ctx context.Context, data []byte) (*nats.Msg, error) {
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g := c.gen.Load()
	stop := context.AfterFunc(g.ctx, func() { cancel(context.Cause(g.ctx)) })
	defer stop()
	if _, ok := ctx.Deadline(); !ok && c.defaultTimeout > 0 {
		var cancelT context.CancelFunc
		rctx, cancelT = context.WithTimeoutCause(rctx, c.defaultTimeout, errTimeout)
		defer cancelT()
	}

	m := nats.NewMsg(c.subject)
	m.Header.Set(hdrContentType, c.codec.Name())
	if deadline, ok := rctx.Deadline(); ok {
		setTimeout(m.Header, deadline)
	}
	m.Data = data
	reply, err := c.nc.RequestMsgWithContext(rctx, m)
	if err == nil {
		return reply, nil
	}
	return nil, c.callError(ctx, rctx, err, len(data))
}

// callError turns the error of a failed request into the one Call returns.
func (c *Client[Req, Resp]) callError(ctx, rctx context.Context, err error, size int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if cause := context.Cause(rctx); cause != nil {
		err = cause
	}
	switch {
	case errors.Is(err, errTimeout):
		return fmt.Errorf("natsactor: no reply from %q within %v: %w",
			c.subject, c.defaultTimeout, context.DeadlineExceeded)
	case errors.Is(err, nats.ErrNoResponders):
		return fmt.Errorf("natsactor: no service answers on %q: %w", c.subject, err)
	case errors.Is(err, nats.ErrMaxPayload):
		return fmt.Errorf("natsactor: request of %d bytes for %q is over the server's limit of %d: %w",
			size, c.subject, c.nc.MaxPayload(), err)
	case errors.Is(err, nats.ErrDisconnected):
		return fmt.Errorf("natsactor: connection lost while calling %q: %w", c.subject, err)
	case errors.Is(err, nats.ErrConnectionClosed):
		return fmt.Errorf("natsactor: connection closed while calling %q: %w", c.subject, err)
	}
	return fmt.Errorf("natsactor: call %q: %w", c.subject, err)
}

// decode returns the outcome that reply m carries.
func (c *Client[Req, Resp]) decode(m *nats.Msg) (Resp, error) {
	var resp Resp
	if kind := m.Header.Get(hdrError); kind != "" {
		return resp, &RemoteError{Kind: Kind(kind), Message: string(m.Data)}
	}
	if err := checkCodec(m.Header, c.codec); err != nil {
		return resp, fmt.Errorf("%w: reply from %q: %w", ErrDecode, c.subject, err)
	}
	if err := c.codec.Unmarshal(m.Data, &resp); err != nil {
		var zero Resp
		return zero, fmt.Errorf("%w: reply from %q as %T: %w", ErrDecode, c.subject, resp, err)
	}
	return resp, nil
}
