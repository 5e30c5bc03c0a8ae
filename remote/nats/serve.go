package natsactor

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
)

// errStopping is the cause given to the contexts of requests still in
// flight when the context passed to [Server.Stop] ends.
var errStopping = errors.New("natsactor: service stopping")

// A Server is an actor served on a NATS subject by [Serve]. Its methods may
// be called from any number of goroutines at once. A Server must not be
// copied.
type Server struct {
	nc      *nats.Conn
	sub     *nats.Subscription
	subject string
	codec   Codec
	onError func(error)
	handle  handleFunc

	base    context.Context // parent of every request's context
	abort   context.CancelCauseFunc
	sem     chan struct{} // one token per request in flight
	mu      sync.Mutex
	stopped bool // set once no request may start; guarded by mu
	wg      sync.WaitGroup
	drain   sync.Once
	drained <-chan nats.SubStatus // closed when the subscription has ended
	closed  chan nats.Status      // receives CLOSED when the connection closes
	waiting sync.Once
	idle    chan struct{} // closed when the last request has finished
}

// Serve subscribes c on subject, in the queue group set by
// [WithQueueGroup], and serves every request that arrives there until
// [Server.Stop] is called. Each request is decoded with the [Codec] set by
// [WithCodec], passed to c.Call on a goroutine of its own with a context that
// ends at the caller's deadline, and answered with the encoded reply or a
// [*RemoteError]. At most [WithMaxInFlight] requests are in flight at once.
//
// A request that cannot be decoded is answered with a [*RemoteError] of
// kind [KindDecode] and reported to the function set by [WithErrorHandler];
// Serve never panics on what it receives.
//
// Serve returns once the subscription is made. To be sure the NATS server
// has it before a client calls, flush the connection (nc.Flush). Serve
// returns an error if nc cannot subscribe, for example because it is closed.
// It panics if nc or c is nil, or subject is empty.
func Serve[Req, Resp any](nc *nats.Conn, subject string, c actor.Caller[Req, Resp], opts ...Option) (*Server, error) {
	if nc == nil || c == nil || subject == "" {
		panic("natsactor: Serve called with a nil Conn, a nil Caller or an empty subject")
	}
	cfg := newConfig(opts)
	s := &Server{
		nc:      nc,
		subject: subject,
		codec:   cfg.codec,
		onError: cfg.onError,
		handle:  handler(c, cfg.codec),
		sem:     make(chan struct{}, cfg.maxInFlight),
		idle:    make(chan struct{}),
	}
	s.base, s.abort = context.WithCancelCause(context.Background())

	sub, err := nc.QueueSubscribe(subject, cfg.queueGroup, s.receive)
	if err != nil {
		s.abort(nil)
		return nil, fmt.Errorf("natsactor: serve %q: %w", subject, err)
	}
	s.sub = sub
	s.drained = sub.StatusChanged(nats.SubscriptionClosed)
	s.closed = nc.StatusChanged(nats.CLOSED)
	return s, nil
}

// handleFunc decodes a request, calls the served Caller and encodes its
// reply. The kind it returns is empty on success.
type handleFunc func(ctx context.Context, data []byte) ([]byte, Kind, error)

// handler returns the handleFunc that serves c with codec.
func handler[Req, Resp any](c actor.Caller[Req, Resp], codec Codec) handleFunc {
	return func(ctx context.Context, data []byte) ([]byte, Kind, error) {
		var req Req
		if err := codec.Unmarshal(data, &req); err != nil {
			return nil, KindDecode, fmt.Errorf("natsactor: decode request as %T: %w", req, err)
		}
		resp, err := c.Call(ctx, req)
		if err != nil {
			return nil, kindOf(err), err
		}
		b, err := codec.Marshal(resp)
		if err != nil {
			return nil, KindEncode, fmt.Errorf("natsactor: encode reply %T: %w", resp, err)
		}
		return b, "", nil
	}
}

// receive runs on the subscription's goroutine for each message. It never
// blocks: the request is served on a goroutine of its own, or refused.
func (s *Server) receive(m *nats.Msg) {
	select {
	case s.sem <- struct{}{}:
	default:
		s.fail(m, KindMailboxFull, fmt.Errorf("natsactor: %d requests in flight on %q", cap(s.sem), s.subject))
		return
	}
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		<-s.sem
		s.fail(m, KindStopped, errStopping)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	go s.serve(m)
}

// serve answers one request.
func (s *Server) serve(m *nats.Msg) {
	defer func() {
		<-s.sem
		s.wg.Done()
	}()
	if err := checkCodec(m.Header, s.codec); err != nil {
		s.fail(m, KindDecode, err)
		return
	}
	ctx, cancel, err := requestContext(s.base, m.Header)
	if err != nil {
		s.fail(m, KindDecode, err)
		return
	}
	defer cancel()

	data, kind, err := s.call(ctx, m.Data)
	if err != nil && s.base.Err() != nil && errors.Is(err, context.Canceled) {
		kind, err = KindStopped, context.Cause(s.base)
	}
	switch {
	case err != nil:
		s.fail(m, kind, err)
	case m.Reply != "":
		s.send(m, data, "")
	}
}

// call runs the handler. A Caller that panics, as an [*actor.Actor] never
// does, gets the policy of an actor's handler: the panic is recovered into
// an [*actor.PanicError], its caller gets a [*RemoteError] of kind
// [KindPanic], and the service goes on.
func (s *Server) call(ctx context.Context, data []byte) (out []byte, kind Kind, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, kind, err = nil, KindPanic, &actor.PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return s.handle(ctx, data)
}

// fail answers m with an error of the given kind. Errors that the caller
// alone could not act on are reported to the error handler as well.
func (s *Server) fail(m *nats.Msg, kind Kind, err error) {
	switch {
	case m.Reply == "":
		s.report(fmt.Errorf("natsactor: request on %q with no reply subject: %w", s.subject, err))
		return
	case kind == KindDecode || kind == KindEncode:
		s.report(err)
	}
	s.send(m, []byte(truncate(err.Error())), kind)
}

// send publishes a reply to m: data, or an error of the given kind whose
// message is data. A reply over the server's size limit is replaced by an
// error reply of kind [KindPayloadTooLarge].
func (s *Server) send(m *nats.Msg, data []byte, kind Kind) {
	r := nats.NewMsg(m.Reply)
	r.Header.Set(hdrContentType, s.codec.Name())
	if kind != "" {
		r.Header.Set(hdrError, string(kind))
	}
	r.Data = data
	err := s.nc.PublishMsg(r)
	if err == nil {
		return
	}
	s.report(fmt.Errorf("natsactor: reply on %q: %w", s.subject, err))
	if errors.Is(err, nats.ErrMaxPayload) && kind == "" {
		msg := fmt.Sprintf("reply of %d bytes is over the server's limit of %d", len(data), s.nc.MaxPayload())
		s.send(m, []byte(msg), KindPayloadTooLarge)
	}
}

// report passes err to the error handler, if there is one.
func (s *Server) report(err error) {
	if s.onError != nil {
		s.onError(err)
	}
}

// Stop stops the service. It drains the subscription: the NATS server
// sends it no more requests, those already received are served, and other
// processes in the queue group go on serving the subject. Stop returns nil
// once every request has been answered. It stops neither the actor nor the
// connection: their owner stops them after Stop returns.
//
// If ctx ends first, Stop gives up waiting: the contexts of the requests in
// flight are canceled, so that their callers get a [*RemoteError] of kind
// [KindStopped], requests not yet started are answered the same way, and
// Stop returns ctx.Err() once the requests in flight have returned from
// Call. An [*actor.Actor] returns at once when the context ends; a Caller
// that ignores its context delays Stop until it returns.
//
// The drain needs the NATS server to confirm it: while the connection is
// down, Stop waits for it to come back, up to nats.go's flush timeout of 10
// seconds, unless ctx ends first. If the connection is closed, the
// subscription has ended with it, and the replies of requests still in
// flight cannot be sent: they are reported to the error handler.
//
// Stop may be called any number of times, from any number of goroutines.
// Stop panics if ctx is nil.
func (s *Server) Stop(ctx context.Context) error {
	if ctx == nil {
		panic("natsactor: nil Context")
	}
	s.drain.Do(s.beginStop)
	drained := s.waitDrained(ctx)

	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.waiting.Do(func() {
		go func() {
			s.wg.Wait()
			close(s.idle)
		}()
	})
	if drained {
		select {
		case <-s.idle:
			s.nc.RemoveStatusListener(s.closed)
			return nil
		case <-ctx.Done():
		}
	}
	s.abort(errStopping)
	<-s.idle
	return ctx.Err()
}

// beginStop starts the drain of the subscription. If the connection is
// already closed, the subscription has ended with it.
func (s *Server) beginStop() {
	if err := s.sub.Drain(); err != nil && !s.nc.IsClosed() {
		s.report(fmt.Errorf("natsactor: drain %q: %w", s.subject, err))
		_ = s.sub.Unsubscribe()
	}
}

// waitDrained waits until the subscription has ended, by its drain or with
// the connection, and reports true; or until ctx ends, and reports false.
func (s *Server) waitDrained(ctx context.Context) bool {
	if s.nc.IsClosed() {
		return true
	}
	select {
	case <-s.drained:
		return true
	case <-s.closed:
		return true
	case <-ctx.Done():
		return false
	}
}
