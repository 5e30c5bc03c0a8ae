package actor_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ctxKey struct{}

func TestHandlerContextFollowsCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type seen struct {
			deadline time.Time
			ok       bool
			value    any
			err      error
		}
		seenc := make(chan seen, 1)
		a := actor.New(func(ctx context.Context, _ int) (int, error) {
			d, ok := ctx.Deadline()
			v := ctx.Value(ctxKey{})
			<-ctx.Done()
			seenc <- seen{d, ok, v, ctx.Err()}
			return 0, ctx.Err()
		})
		stopOnCleanup(t, a)

		ctx := context.WithValue(context.Background(), ctxKey{}, "v")
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		deadline, _ := ctx.Deadline()
		_, err := a.Call(ctx, 1)
		require.ErrorIs(t, err, context.DeadlineExceeded, "Call whose context ends while running")

		s := <-seenc
		assert.True(t, s.ok, "the handler's context has a deadline")
		assert.Equal(t, deadline, s.deadline, "the handler's deadline")
		assert.Equal(t, "v", s.value, "the handler's context value")
		assert.ErrorIs(t, s.err, context.DeadlineExceeded, "the handler's context error")
	})
}

func TestHandlerContextDoneWhenCallerCancels(t *testing.T) {
	handlerErr := make(chan error, 1)
	started := make(chan struct{})
	a := actor.New(func(ctx context.Context, _ int) (int, error) {
		close(started)
		<-ctx.Done()
		handlerErr <- ctx.Err()
		return 0, ctx.Err()
	})
	stopOnCleanup(t, a)

	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	_, err := a.Call(ctx, 1)
	require.ErrorIs(t, err, context.Canceled, "Call canceled while running")
	require.ErrorIs(t, <-handlerErr, context.Canceled, "the running handler's context")
	require.NoError(t, a.Stop(context.Background()))
	assert.Equal(t, uint64(1), a.Stats().Failed, "a run handler's result is counted")
}

// TestHandlerContextEndsWhenHandlerReturns: a handler's context kept past
// its return is done if the handler watched it, and no longer answers for
// the actor's call chain, since no call made with it can deadlock the actor
// any more.
func TestHandlerContextEndsWhenHandlerReturns(t *testing.T) {
	kept := make(chan context.Context, 1)
	a := actor.New(func(ctx context.Context, n int) (int, error) {
		if n == 0 {
			_ = ctx.Done() // a handler that watches its context
			kept <- ctx
		}
		return n, nil
	})
	stopOnCleanup(t, a)
	callerCtx, cancel := context.WithCancel(context.Background())
	defer cancel()

	_, err := a.Call(callerCtx, 0)
	require.NoError(t, err)
	ctx := <-kept
	assert.ErrorIs(t, ctx.Err(), context.Canceled, "Err after the handler returned")
	select {
	case <-ctx.Done():
	default:
		t.Error("Done is not closed after the handler returned")
	}
	assert.NoError(t, callerCtx.Err(), "the caller's own context")

	got, err := a.Call(context.WithoutCancel(ctx), 1)
	require.NoError(t, err, "Call with the returned handler's context: no self-call")
	assert.Equal(t, 1, got)
}

func TestSharedBackgroundContextIsDoneOnForcedStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		handlerErr := make(chan error, 1)
		a := actor.New(func(ctx context.Context, _ int) (int, error) {
			_, hasDeadline := ctx.Deadline()
			assert.False(t, hasDeadline, "a Background call's handler has a deadline")
			<-ctx.Done()
			handlerErr <- ctx.Err()
			return 0, nil
		})
		require.NoError(t, a.Tell(context.Background(), 1))
		synctest.Wait()

		sctx, cancel := context.WithCancel(context.Background())
		cancel()
		require.ErrorIs(t, a.Stop(sctx), context.Canceled, "Stop with a canceled context")
		require.ErrorIs(t, <-handlerErr, context.Canceled, "the handler's context after a forced stop")
		<-a.Done()
	})
}

func TestTellOutlivesItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		type seen struct {
			value       any
			hasDeadline bool
			err         error
		}
		release := make(chan struct{})
		seenc := make(chan seen, 1)
		a := actor.New(func(ctx context.Context, n int) (int, error) {
			if n == 0 {
				<-release
				return 0, nil
			}
			_, ok := ctx.Deadline()
			seenc <- seen{ctx.Value(ctxKey{}), ok, ctx.Err()}
			return n, nil
		})
		ctx := context.Background()
		require.NoError(t, a.Tell(ctx, 0))

		tctx := context.WithValue(ctx, ctxKey{}, "v")
		tctx, cancel := context.WithTimeout(tctx, time.Second)
		require.NoError(t, a.Tell(tctx, 1), "Tell")
		cancel() // the told request is queued and must still run
		close(release)

		s := <-seenc
		assert.Equal(t, "v", s.value, "the told handler's context value")
		assert.False(t, s.hasDeadline, "the told handler's context has a deadline")
		assert.NoError(t, s.err, "the told handler's context error")
		require.NoError(t, a.Stop(ctx))
		assert.Equal(t, uint64(2), a.Stats().Processed)
	})
}

func TestSelfCallIsRefused(t *testing.T) {
	type result struct {
		name string
		err  error
	}
	var a *actor.Actor[int, int]
	results := make(chan result, 4)
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		if n != 0 {
			return n, nil
		}
		_, err := a.Call(ctx, 1)
		results <- result{"Call", err}
		_, err = a.TryCall(ctx, 1)
		results <- result{"TryCall", err}
		_, err = a.Ask(ctx, 1)
		results <- result{"Ask", err}
		results <- result{"Tell", a.Tell(ctx, 1)}
		return 0, nil
	}, actor.WithMailboxSize(1))
	stopOnCleanup(t, a)

	_, err := a.Call(context.Background(), 0)
	require.NoError(t, err)
	for _, name := range []string{"Call", "TryCall", "Ask"} {
		r := <-results
		require.Equal(t, name, r.name)
		assert.ErrorIs(t, r.err, actor.ErrSelfCall, "%s from the actor's own handler", name)
	}
	r := <-results
	assert.NoError(t, r.err, "Tell from the actor's own handler, with room")
}

func TestSelfTellIntoFullMailboxDoesNotWait(t *testing.T) {
	var a *actor.Actor[int, int]
	tellErr := make(chan error, 1)
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		if n == 0 {
			require.NoError(t, a.Tell(ctx, 1), "the first Tell fills the mailbox")
			tellErr <- a.Tell(ctx, 2)
		}
		return n, nil
	}, actor.WithMailboxSize(1))
	stopOnCleanup(t, a)

	_, err := a.Call(context.Background(), 0)
	require.NoError(t, err)
	require.ErrorIs(t, <-tellErr, actor.ErrMailboxFull, "Tell into the own full mailbox")
}

func TestSelfCallThroughAnotherActorIsRefused(t *testing.T) {
	var a, b *actor.Actor[int, int]
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		if n == 0 {
			return b.Call(ctx, 1) // b calls back into a
		}
		return n, nil
	})
	b = actor.New(func(ctx context.Context, n int) (int, error) {
		return a.Call(ctx, n)
	})
	stopOnCleanup(t, a)
	stopOnCleanup(t, b)

	_, err := a.Call(context.Background(), 0)
	require.ErrorIs(t, err, actor.ErrSelfCall, "a -> b -> a")
	got, err := b.Call(context.Background(), 7)
	require.NoError(t, err, "b -> a, which is no cycle")
	assert.Equal(t, 7, got)
}

func TestToldRequestDoesNotCarryTheTellersChain(t *testing.T) {
	var a, b *actor.Actor[int, int]
	got := make(chan error, 1)
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		if n == 0 {
			return 0, b.Tell(ctx, 1) // b's handler runs after a's returns
		}
		return n, nil
	})
	b = actor.New(func(ctx context.Context, n int) (int, error) {
		_, err := a.Call(ctx, n)
		got <- err
		return 0, err
	})
	stopOnCleanup(t, a)
	stopOnCleanup(t, b)

	_, err := a.Call(context.Background(), 0)
	require.NoError(t, err)
	require.NoError(t, <-got, "a call from a told request's handler back to its teller")
}

func TestForcedStopCancelsHandlerWithErrStoppedCause(t *testing.T) {
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"background", func() (context.Context, context.CancelFunc) {
			return context.Background(), func() {}
		}},
		{"cancelable", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a := actor.New(func(ctx context.Context, _ int) (int, error) {
					<-ctx.Done()
					return 0, context.Cause(ctx)
				})
				ctx, cancel := tt.ctx()
				defer cancel()
				r, err := a.Ask(ctx, 1)
				require.NoError(t, err)
				synctest.Wait()

				sctx, scancel := context.WithCancel(context.Background())
				scancel()
				require.ErrorIs(t, a.Stop(sctx), context.Canceled, "Stop")
				_, err = r.Await(context.Background())
				require.ErrorIs(t, err, actor.ErrStopped, "the cause a killed handler returns")
				<-a.Done()
			})
		})
	}
}
