package actor_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// batchDouble doubles each request, fails negative ones and records the
// size of each batch.
func batchDouble(sizes chan<- int) actor.BatchHandler[int, int] {
	return func(_ context.Context, reqs []int, resps []int, errs []error) {
		sizes <- len(reqs)
		for i, n := range reqs {
			if n < 0 {
				errs[i] = errNegativeInput
				continue
			}
			resps[i] = 2 * n
		}
	}
}

func TestBatchTakesEverythingQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		sizes := make(chan int, 10)
		h := batchDouble(sizes)
		a := actor.NewBatch(func(ctx context.Context, reqs []int, resps []int, errs []error) {
			if reqs[0] == -1 { // request 0: hold the first batch
				<-release
			}
			h(ctx, reqs, resps, errs)
		}, actor.WithMaxBatch(4))
		ctx := context.Background()

		replies := make([]*actor.Reply[int], 7)
		for i := range replies {
			var err error
			replies[i], err = a.Ask(ctx, i-1) // request 0 carries -1
			require.NoError(t, err, "Ask")
			if i == 0 {
				synctest.Wait() // the first batch is request 0 alone
			}
		}
		close(release)
		for i, r := range replies {
			got, err := r.Await(ctx)
			if i == 0 {
				require.ErrorIs(t, err, errNegativeInput, "Await of request -1")
				continue
			}
			require.NoError(t, err, "Await of request %d", i-1)
			assert.Equal(t, 2*(i-1), got, "Await of request %d", i-1)
		}
		require.NoError(t, a.Stop(ctx))
		close(sizes)
		var got []int
		for n := range sizes {
			got = append(got, n)
		}
		assert.Equal(t, []int{1, 4, 2}, got, "batch sizes with a limit of 4")
		assert.Equal(t, actor.Stats{Processed: 6, Failed: 1}, a.Stats())
	})
}

func TestBatchPanicFailsEveryRequestOfTheBatch(t *testing.T) {
	a := actor.NewBatch(func(context.Context, []int, []int, []error) { panic("boom") })
	stopOnCleanup(t, a)

	_, err := a.Call(context.Background(), 1)
	var pe *actor.PanicError
	require.ErrorAs(t, err, &pe, "Call into a panicking batch handler")
	assert.Equal(t, "boom", pe.Value)
	_, err = a.Call(context.Background(), 2)
	require.ErrorAs(t, err, &pe, "the actor serves on after a panic")
}

func TestBatchSkipsRequestsOfGoneCallers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var ran []int
		a := actor.NewBatch(func(_ context.Context, reqs []int, resps []int, _ []error) {
			ran = append(ran, reqs...)
			if reqs[0] == -1 { // request 0: hold the first batch
				<-release
			}
			copy(resps, reqs)
		})
		ctx := context.Background()
		first, err := a.Ask(ctx, 0)
		require.NoError(t, err)
		synctest.Wait()

		cctx, cancel := context.WithCancel(ctx)
		gone, err := a.Ask(cctx, 1)
		require.NoError(t, err)
		kept, err := a.Ask(ctx, 2)
		require.NoError(t, err)
		cancel()
		_, err = gone.Await(ctx)
		require.ErrorIs(t, err, context.Canceled, "Await of a request whose caller left")

		close(release)
		_, err = first.Await(ctx)
		require.NoError(t, err)
		got, err := kept.Await(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, got)
		require.NoError(t, a.Stop(ctx))
		assert.Equal(t, []int{0, 2}, ran, "requests the batch handler saw")
		assert.Equal(t, uint64(1), a.Stats().Canceled)
	})
}

func TestBatchContextCatchesSelfCalls(t *testing.T) {
	var a *actor.Actor[int, int]
	b := actor.NewBatch(func(ctx context.Context, reqs []int, _ []int, errs []error) {
		for i := range reqs {
			_, errs[i] = a.Call(ctx, 1)
		}
	})
	a = actor.New(func(ctx context.Context, n int) (int, error) {
		if n == 0 {
			return b.Call(ctx, 0)
		}
		return n, nil
	})
	stopOnCleanup(t, a)
	stopOnCleanup(t, b)

	_, err := a.Call(context.Background(), 0)
	require.ErrorIs(t, err, actor.ErrSelfCall, "a -> batch b -> a")
	_, err = b.Call(context.Background(), 0)
	require.NoError(t, err, "batch b -> a, which is no cycle")
}

func TestBatchTellErrorsReachTheErrorHandler(t *testing.T) {
	errs := make(chan error, 1)
	a := actor.NewBatch(batchDouble(make(chan int, 10)),
		actor.WithErrorHandler(func(err error) { errs <- err }))
	require.NoError(t, a.Tell(context.Background(), -1))
	require.NoError(t, a.Stop(context.Background()))
	require.True(t, errors.Is(<-errs, errNegativeInput), "the error of a told request in a batch")
}
