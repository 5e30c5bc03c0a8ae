package actor_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errNegativeInput = errors.New("negative")

// handleDouble is the handler of most tests: it doubles n, fails for negative n
// and panics for 13.
func handleDouble(_ context.Context, n int) (int, error) {
	switch {
	case n == 13:
		panic("unlucky")
	case n < 0:
		return 0, errNegativeInput
	}
	return 2 * n, nil
}

// stopOnCleanup stops a when the test ends and checks that the stop was clean.
func stopOnCleanup[Req, Resp any](t *testing.T, a *actor.Actor[Req, Resp]) {
	t.Helper()
	t.Cleanup(func() {
		require.NoError(t, a.Stop(context.Background()), "Stop at cleanup")
	})
}

// gatedHandler is a handler that reports each request on started and then waits for
// a value on release before it answers with that value.
type gatedHandler struct {
	started chan int
	release chan int
}

func newGatedHandler() *gatedHandler {
	return &gatedHandler{started: make(chan int, 100), release: make(chan int)}
}

func (g *gatedHandler) handle(ctx context.Context, n int) (int, error) {
	g.started <- n
	select {
	case v := <-g.release:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func TestCallOutcomes(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	ctx := context.Background()

	tests := []struct {
		name    string
		req     int
		want    int
		wantErr error
	}{
		{"value", 21, 42, nil},
		{"handler error", -1, 0, errNegativeInput},
		{"zero", 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.Call(ctx, tt.req)
			require.ErrorIs(t, err, tt.wantErr, "Call(%d)", tt.req)
			assert.Equal(t, tt.want, got, "Call(%d)", tt.req)
		})
	}
}

func TestPanicFailsOnlyItsRequest(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	ctx := context.Background()

	_, err := a.Call(ctx, 13)
	var pe *actor.PanicError
	require.ErrorAs(t, err, &pe, "Call(13)")
	assert.Equal(t, "unlucky", pe.Value)
	assert.Contains(t, string(pe.Stack), "handleDouble", "PanicError.Stack should show the handler")
	assert.EqualError(t, err, "actor: handler panicked: unlucky")

	got, err := a.Call(ctx, 4)
	require.NoError(t, err, "Call after a panic")
	assert.Equal(t, 8, got)
	assert.Equal(t, uint64(1), a.Stats().Panicked)
}

func TestPanicErrorUnwrapsErrorValues(t *testing.T) {
	a := actor.New(func(context.Context, int) (int, error) { panic(errNegativeInput) })
	stopOnCleanup(t, a)

	_, err := a.Call(context.Background(), 1)
	require.ErrorIs(t, err, errNegativeInput, "Call of a handler that panics with an error")
}

func TestGoexitFailsOnlyItsRequest(t *testing.T) {
	a := actor.New(func(_ context.Context, n int) (int, error) {
		if n == 0 {
			runtime.Goexit()
		}
		return n, nil
	})
	stopOnCleanup(t, a)
	ctx := context.Background()

	_, err := a.Call(ctx, 0)
	var pe *actor.PanicError
	require.ErrorAs(t, err, &pe, "Call of a handler that calls runtime.Goexit")
	assert.Contains(t, pe.Error(), "Goexit")

	got, err := a.Call(ctx, 7)
	require.NoError(t, err, "Call after runtime.Goexit")
	assert.Equal(t, 7, got)
	assert.Equal(t, uint64(1), a.Stats().Panicked)
}

func TestTryCallRefusesWhenFull(t *testing.T) {
	g := newGatedHandler()
	a := actor.New(g.handle, actor.WithMailboxSize(1))
	stopOnCleanup(t, a)
	ctx := context.Background()

	first := make(chan error, 1)
	go func() { _, err := a.Call(ctx, 1); first <- err }()
	<-g.started // the handler holds request 1, the mailbox is empty
	queued, err := a.Ask(ctx, 2)
	require.NoError(t, err, "Ask(2) into an empty mailbox")

	_, err = a.TryCall(ctx, 3)
	require.ErrorIs(t, err, actor.ErrMailboxFull, "TryCall into a full mailbox")
	assert.Equal(t, uint64(1), a.Stats().Rejected)
	assert.Equal(t, 1, a.Stats().Queued)

	g.release <- 10
	require.NoError(t, <-first)
	<-g.started
	g.release <- 20
	got, err := queued.Await(ctx)
	require.NoError(t, err)
	assert.Equal(t, 20, got, "the queued request's reply")
}

func TestMailboxSizeZero(t *testing.T) {
	a := actor.New(handleDouble, actor.WithMailboxSize(0))
	stopOnCleanup(t, a)

	var wg sync.WaitGroup
	for i := range 12 { // below 13, which panics
		wg.Go(func() {
			got, err := a.Call(context.Background(), i)
			assert.NoError(t, err, "Call(%d)", i)
			assert.Equal(t, 2*i, got, "Call(%d)", i)
		})
	}
	wg.Wait()
}

func TestQueuedRequestOfGoneCallerIsSkipped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := newGatedHandler()
		var ran []int
		a := actor.New(func(ctx context.Context, n int) (int, error) {
			ran = append(ran, n)
			return g.handle(ctx, n)
		})
		ctx := context.Background()

		first := make(chan error, 1)
		go func() { _, err := a.Call(ctx, 1); first <- err }()
		<-g.started
		cctx, cancel := context.WithCancel(ctx)
		queued := make(chan error, 1)
		go func() { _, err := a.Call(cctx, 2); queued <- err }()
		synctest.Wait()
		require.Equal(t, 1, a.Stats().Queued, "requests queued behind the busy handler")

		cancel()
		// The caller is released while the handler is still busy with 1.
		require.ErrorIs(t, <-queued, context.Canceled, "Call whose context ended while queued")
		g.release <- 1
		require.NoError(t, <-first, "Call(1)")
		require.NoError(t, a.Stop(ctx), "Stop")

		assert.Equal(t, []int{1}, ran, "requests the handler ran")
		assert.Equal(t, uint64(1), a.Stats().Canceled, "Stats().Canceled")
	})
}
