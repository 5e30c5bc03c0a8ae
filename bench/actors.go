package bench

import (
	"context"

	"github.com/oneslot/actor"
)

// inFlight is how many requests an ask16 client keeps in flight.
const inFlight = 16

// callStore serves the state from an actor made by New; its clients use
// Call, or Ask with inFlight requests outstanding, with ctx.
type callStore struct {
	a      *actor.Actor[Op, Result]
	ask    bool
	ctx    context.Context
	cancel context.CancelFunc
}

func newActorStore(ask bool) *callStore {
	s := newState()
	h := func(_ context.Context, op Op) (Result, error) { return s.do(op), nil }
	return &callStore{a: actor.New(h), ask: ask, ctx: context.Background(), cancel: func() {}}
}

func newCallStore() Store { return newActorStore(false) }
func newAskStore() Store  { return newActorStore(true) }

// newCallCtxStore is newCallStore with a context that can be canceled, as
// a server's request context can: each call must then watch it.
func newCallCtxStore() Store {
	s := newActorStore(false)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// newBatchStore serves the state from an actor made by NewBatch, whose
// handler applies every queued operation in one call and flushes the log
// once for all of them.
func newBatchStore() Store {
	s := newState()
	h := func(_ context.Context, ops []Op, out []Result, _ []error) {
		for i, op := range ops {
			out[i] = s.apply(op)
		}
		s.flush()
	}
	return &callStore{a: actor.NewBatch(h), ctx: context.Background(), cancel: func() {}}
}

func (s *callStore) Client() Client {
	if s.ask {
		return &askClient{a: s.a, ctx: s.ctx}
	}
	return &callClient{a: s.a, ctx: s.ctx}
}

func (s *callStore) Close() {
	must(s.a.Stop(context.Background()))
	s.cancel()
}

type callClient struct {
	a   *actor.Actor[Op, Result]
	ctx context.Context
}

func (c *callClient) Run(ops []Op, out []Result) {
	for i, op := range ops {
		r, err := c.a.Call(c.ctx, op)
		must(err)
		out[i] = r
	}
}

type askClient struct {
	a    *actor.Actor[Op, Result]
	ctx  context.Context
	ring [inFlight]*actor.Reply[Result]
}

func (c *askClient) Run(ops []Op, out []Result) {
	for i, op := range ops {
		if i >= inFlight {
			out[i-inFlight] = c.await(i - inFlight)
		}
		r, err := c.a.Ask(c.ctx, op)
		must(err)
		c.ring[i%inFlight] = r
	}
	for i := max(0, len(ops)-inFlight); i < len(ops); i++ {
		out[i] = c.await(i)
	}
}

func (c *askClient) await(i int) Result {
	r, err := c.ring[i%inFlight].Await(c.ctx)
	must(err)
	c.ring[i%inFlight] = nil
	return r
}

// kvHandle is a typed key-value handle built on actor.State and actor.Do,
// the way the library suggests writing one: each method runs a function of
// its own result type on the state.
type kvHandle struct {
	st *actor.State[*state]
}

type lookup struct {
	v  string
	ok bool
}

func (h *kvHandle) Get(ctx context.Context, key string) (string, bool, error) {
	r, err := actor.Do(ctx, h.st, func(_ context.Context, s *state) (lookup, error) {
		v, ok := s.m[key]
		return lookup{v, ok}, nil
	})
	return r.v, r.ok, err
}

func (h *kvHandle) Set(ctx context.Context, key, value string) error {
	_, err := actor.Do(ctx, h.st, func(_ context.Context, s *state) (struct{}, error) {
		s.m[key] = value
		return struct{}{}, nil
	})
	return err
}

func (h *kvHandle) Append(ctx context.Context, n uint64) (uint64, error) {
	return actor.Do(ctx, h.st, func(_ context.Context, s *state) (uint64, error) {
		return s.do(Op{Kind: Append, N: n}).N, nil
	})
}

func (h *kvHandle) Fold(ctx context.Context, n uint64) (uint64, error) {
	return actor.Do(ctx, h.st, func(_ context.Context, s *state) (uint64, error) {
		s.acc = fold(s.acc, n)
		return s.acc, nil
	})
}

type stateStore struct {
	h kvHandle
}

func newStateStore() Store {
	s := newState()
	return &stateStore{h: kvHandle{st: actor.NewState(&s)}}
}

func (s *stateStore) Client() Client { return &stateClient{h: &s.h, ctx: context.Background()} }
func (s *stateStore) Close()         { must(s.h.st.Stop(context.Background())) }

type stateClient struct {
	h   *kvHandle
	ctx context.Context
}

func (c *stateClient) Run(ops []Op, out []Result) {
	for i, op := range ops {
		var r Result
		var err error
		switch op.Kind {
		case Get:
			r.Value, r.OK, err = c.h.Get(c.ctx, op.Key())
		case Set:
			err = c.h.Set(c.ctx, op.Key(), op.Value())
		case Append:
			r.N, err = c.h.Append(c.ctx, op.N)
		default:
			r.N, err = c.h.Fold(c.ctx, op.N)
		}
		must(err)
		out[i] = r
	}
}

// must panics on an error no benchmark run should meet.
func must(err error) {
	if err != nil {
		panic("bench: " + err.Error())
	}
}
