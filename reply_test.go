package actor_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAskPipelines(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	ctx := context.Background()

	replies := make([]*actor.Reply[int], 12)
	for i := range replies {
		var err error
		replies[i], err = a.Ask(ctx, i)
		require.NoError(t, err, "Ask(%d)", i)
	}
	for i, r := range replies {
		got, err := r.Await(ctx)
		require.NoError(t, err, "Await of Ask(%d)", i)
		assert.Equal(t, 2*i, got, "Await of Ask(%d)", i)
	}
}

func TestAwaitReturnsTheSameOutcomeToEveryCall(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	ctx := context.Background()

	r, err := a.Ask(ctx, 21)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := r.Await(ctx)
			assert.NoError(t, err, "concurrent Await")
			assert.Equal(t, 42, got, "concurrent Await")
		})
	}
	wg.Wait()
	got, err := r.Await(ctx)
	require.NoError(t, err, "Await after Await")
	assert.Equal(t, 42, got, "Await after Await")
}

func TestAwaitContextBoundsOnlyTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGatedHandler()
		a := actor.New(g.handle)
		ctx := context.Background()

		r, err := a.Ask(ctx, 1)
		require.NoError(t, err)
		<-g.started
		wctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		_, err = r.Await(wctx)
		require.ErrorIs(t, err, context.DeadlineExceeded, "Await whose own context ends")

		g.release <- 5
		got, err := r.Await(ctx)
		require.NoError(t, err, "Await after an earlier Await gave up")
		assert.Equal(t, 5, got)
		require.NoError(t, a.Stop(ctx))
	})
}

func TestAskContextGovernsTheRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGatedHandler()
		a := actor.New(g.handle)
		ctx := context.Background()

		first, err := a.Ask(ctx, 1)
		require.NoError(t, err)
		<-g.started
		actx, cancel := context.WithCancel(ctx)
		queued, err := a.Ask(actx, 2)
		require.NoError(t, err)
		cancel()

		// Await is released at once, while the handler is still busy.
		_, err = queued.Await(ctx)
		require.ErrorIs(t, err, context.Canceled, "Await of a request whose Ask context ended")
		_, err = queued.Await(ctx)
		require.ErrorIs(t, err, context.Canceled, "a second Await of that request")

		g.release <- 1
		_, err = first.Await(ctx)
		require.NoError(t, err)
		require.NoError(t, a.Stop(ctx))
		assert.Equal(t, uint64(1), a.Stats().Canceled, "Stats().Canceled")
	})
}

// TestAskContextEndedWhileRunning: a request whose Ask context ends while
// its handler runs gets that context's error, whether or not an Await was
// watching when it ended, even if the handler ignores its context and
// returns a value.
func TestAskContextEndedWhileRunning(t *testing.T) {
	for _, watched := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			started, release := make(chan struct{}), make(chan struct{})
			a := actor.New(func(context.Context, int) (int, error) {
				close(started)
				<-release // ignores its context
				return 7, nil
			})
			ctx := context.Background()
			actx, cancel := context.WithCancel(ctx)
			r, err := a.Ask(actx, 1)
			require.NoError(t, err)
			<-started

			awaited := make(chan error, 1)
			if watched {
				go func() { _, err := r.Await(ctx); awaited <- err }()
				synctest.Wait() // the Await is waiting
			}
			cancel()
			close(release)
			require.NoError(t, a.Stop(ctx)) // the handler has returned 7
			if watched {
				require.ErrorIs(t, <-awaited, context.Canceled, "watched=%v: the watching Await", watched)
			}
			got, err := r.Await(ctx)
			require.ErrorIs(t, err, context.Canceled, "watched=%v: Await after the handler returned", watched)
			assert.Zero(t, got, "watched=%v: value with the error", watched)
			assert.Equal(t, actor.Stats{Processed: 1}, a.Stats(), "watched=%v", watched)
		})
	}
}

func TestTellErrorsReachTheErrorHandler(t *testing.T) {
	errs := make(chan error, 2)
	a := actor.New(handleDouble, actor.WithErrorHandler(func(err error) { errs <- err }))
	ctx := context.Background()

	require.NoError(t, a.Tell(ctx, -1))
	require.NoError(t, a.Tell(ctx, 13))
	require.NoError(t, a.Tell(ctx, 2))
	require.NoError(t, a.Stop(ctx))

	require.ErrorIs(t, <-errs, errNegativeInput, "the error of a told request")
	var pe *actor.PanicError
	require.ErrorAs(t, <-errs, &pe, "the panic of a told request")
	assert.Equal(t, actor.Stats{Processed: 1, Failed: 1, Panicked: 1}, a.Stats())
}

func TestTellDroppedByForcedStopReachesTheErrorHandler(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errs := make(chan error, 1)
		release := make(chan struct{})
		a := actor.New(func(context.Context, int) (int, error) {
			<-release
			return 0, nil
		}, actor.WithErrorHandler(func(err error) { errs <- err }))
		ctx := context.Background()
		require.NoError(t, a.Tell(ctx, 1))
		require.NoError(t, a.Tell(ctx, 2))
		synctest.Wait()

		sctx, cancel := context.WithCancel(ctx)
		cancel()
		require.ErrorIs(t, a.Stop(sctx), context.Canceled)
		require.ErrorIs(t, <-errs, actor.ErrStopped, "a dropped told request")
		close(release)
		<-a.Done()
	})
}
