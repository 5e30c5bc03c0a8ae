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

func TestStopDrainsQueuedRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGatedHandler()
		a := actor.New(g.handle)
		ctx := context.Background()

		replies := make([]*actor.Reply[int], 5)
		for i := range replies {
			var err error
			replies[i], err = a.Ask(ctx, i)
			require.NoError(t, err, "Ask(%d)", i)
		}
		<-g.started
		stopped := make(chan error, 1)
		go func() { stopped <- a.Stop(ctx) }()
		synctest.Wait() // Stop has begun and waits for the drain

		_, err := a.Call(ctx, 99)
		require.ErrorIs(t, err, actor.ErrStopped, "Call after Stop was called")
		require.ErrorIs(t, a.Tell(ctx, 99), actor.ErrStopped, "Tell after Stop was called")
		_, err = a.Ask(ctx, 99)
		require.ErrorIs(t, err, actor.ErrStopped, "Ask after Stop was called")
		_, err = a.TryCall(ctx, 99)
		require.ErrorIs(t, err, actor.ErrStopped, "TryCall after Stop was called")

		for i, r := range replies {
			if i > 0 {
				require.Equal(t, i, <-g.started, "the drain runs requests in order")
			}
			g.release <- 10 * i
			got, err := r.Await(ctx)
			require.NoError(t, err, "Await of request %d queued before Stop", i)
			assert.Equal(t, 10*i, got, "Await of request %d", i)
		}
		require.NoError(t, <-stopped, "Stop after a full drain")
		assert.Equal(t, actor.Stats{Processed: 5, Rejected: 4}, a.Stats())
		select {
		case <-a.Done():
		default:
			t.Fatal("Done is open after Stop returned nil")
		}
	})
}

func TestStopDeadlineDropsQueuedRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ran []int
		handlerErr := make(chan error, 1)
		a := actor.New(func(ctx context.Context, n int) (int, error) {
			ran = append(ran, n)
			if n == 0 {
				<-ctx.Done() // runs until Stop gives up waiting
				handlerErr <- ctx.Err()
			}
			return n, nil
		})
		ctx := context.Background()

		replies := make([]*actor.Reply[int], 4)
		for i := range replies {
			var err error
			replies[i], err = a.Ask(ctx, i)
			require.NoError(t, err, "Ask(%d)", i)
		}
		synctest.Wait()
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		err := a.Stop(sctx)
		require.ErrorIs(t, err, context.DeadlineExceeded, "Stop whose context ends before the drain")

		require.ErrorIs(t, <-handlerErr, context.Canceled, "the running handler's context")
		for i, r := range replies[1:] {
			_, err := r.Await(ctx)
			require.ErrorIs(t, err, actor.ErrStopped, "Await of queued request %d", i+1)
		}
		<-a.Done()
		assert.Equal(t, []int{0}, ran, "requests the handler ran")
		st := a.Stats()
		assert.Equal(t, uint64(3), st.Dropped, "Stats().Dropped")
		assert.Equal(t, uint64(1), st.Processed, "Stats().Processed")
	})
}

func TestNoQueuedRequestRunsAfterForcedStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var started []int
		release := make(chan struct{})
		a := actor.New(func(_ context.Context, n int) (int, error) {
			started = append(started, n)
			<-release // ignores its context
			return n, nil
		})
		ctx := context.Background()
		for i := range 3 {
			require.NoError(t, a.Tell(ctx, i), "Tell(%d)", i)
		}
		synctest.Wait()

		sctx, cancel := context.WithCancel(ctx)
		cancel()
		require.ErrorIs(t, a.Stop(sctx), context.Canceled, "Stop with a canceled context")
		close(release)
		<-a.Done()
		assert.Equal(t, []int{0}, started, "handlers started")
		assert.Equal(t, uint64(2), a.Stats().Dropped, "Stats().Dropped")
	})
}

func TestStopReleasesQueuedCallersWhileHandlerIgnoresContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		a := actor.New(func(_ context.Context, n int) (int, error) {
			<-release
			return n, nil
		})
		ctx := context.Background()
		first, err := a.Ask(ctx, 1)
		require.NoError(t, err)
		second, err := a.Ask(ctx, 2)
		require.NoError(t, err)
		synctest.Wait()

		sctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		require.ErrorIs(t, a.Stop(sctx), context.DeadlineExceeded, "Stop")
		_, err = second.Await(ctx)
		require.ErrorIs(t, err, actor.ErrStopped, "queued request while the handler still runs")

		close(release)
		got, err := first.Await(ctx)
		require.NoError(t, err, "the running request still gets its answer")
		assert.Equal(t, 1, got)
		<-a.Done()
	})
}

func TestStopIsIdempotentAndConcurrent(t *testing.T) {
	a := actor.New(handleDouble)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			assert.NoError(t, a.Stop(context.Background()), "concurrent Stop")
		})
	}
	wg.Wait()
	require.NoError(t, a.Stop(context.Background()), "Stop after Stop")
}

func TestStopFromOwnHandler(t *testing.T) {
	var a *actor.Actor[int, int]
	stopErr := make(chan error, 1)
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		stopErr <- a.Stop(ctx)
		return n, nil
	})
	ctx := context.Background()

	got, err := a.Call(ctx, 5)
	require.NoError(t, err, "Call whose handler stops its own actor")
	assert.Equal(t, 5, got)
	require.ErrorIs(t, <-stopErr, actor.ErrSelfCall, "Stop from the actor's own handler")
	<-a.Done()
	_, err = a.Call(ctx, 6)
	require.ErrorIs(t, err, actor.ErrStopped, "Call after the handler stopped the actor")
}
