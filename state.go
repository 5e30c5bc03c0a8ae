package actor

import "context"

// State is an actor that owns a value of type S, usually a pointer or a map.
// The value is reached only through [Do], which runs a function on it on the
// actor's goroutine, so what it refers to needs no lock. Each function may
// return a result of its own type, which makes State the way to build a
// typed handle whose methods each have their own result: see the key-value
// example.
//
// All methods may be called from any number of goroutines at once. A State
// must not be copied after first use.
type State[S any] struct {
	a *Actor[stateOp[S], struct{}]
}

// stateOp is a function of some result type, run by Do on a State's value.
type stateOp[S any] interface {
	apply(ctx context.Context, s S) error
}

// NewState starts an actor that owns s, and returns it. Options are listed
// under [Option].
func NewState[S any](s S, opts ...Option) *State[S] {
	h := func(ctx context.Context, op stateOp[S]) (struct{}, error) {
		return struct{}{}, op.apply(ctx, s)
	}
	return &State[S]{a: New(h, opts...)}
}

// Do runs f on the value st owns, on st's goroutine, and returns f's
// results. It has the semantics of [Actor.Call]: ctx bounds every wait and
// is the context f sees. If f panics, Do returns a [*PanicError] and st goes
// on. If f or the call fails, Do returns the zero T with the error.
//
// f must not keep the value it is given beyond its return, nor hand it to
// another goroutine: what it refers to is st's alone. Each Do costs one allocation,
// besides what f's closure costs.
//
// Do panics if f is nil or st was not made by [NewState].
func Do[S, T any](ctx context.Context, st *State[S], f func(ctx context.Context, s S) (T, error)) (T, error) {
	if f == nil {
		panic("actor: Do called with a nil function")
	}
	op := &doOp[S, T]{f: f}
	if _, err := st.actor().Call(ctx, op); err != nil {
		var zero T
		return zero, err
	}
	return op.v, nil
}

type doOp[S, T any] struct {
	f func(ctx context.Context, s S) (T, error)
	v T
}

func (op *doOp[S, T]) apply(ctx context.Context, s S) error {
	v, err := op.f(ctx, s)
	op.v = v
	return err
}

// Stop stops st as [Actor.Stop] does.
func (st *State[S]) Stop(ctx context.Context) error { return st.actor().Stop(ctx) }

// Done returns a channel that is closed once st's goroutine has exited, as
// [Actor.Done] does.
func (st *State[S]) Done() <-chan struct{} { return st.actor().Done() }

// Stats returns a snapshot of st's counters, as [Actor.Stats] does.
func (st *State[S]) Stats() Stats { return st.actor().Stats() }

// actor returns the actor behind st, and panics if st was not made by
// NewState.
func (st *State[S]) actor() *Actor[stateOp[S], struct{}] {
	if st == nil || st.a == nil {
		panic("actor: State used without NewState")
	}
	return st.a
}
