package actor_test

import (
	"context"
	"sync"
	"testing"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kv is a typed key-value handle over a State, as a user would write one.
type kv struct {
	st *actor.State[map[string]string]
}

func (s kv) get(ctx context.Context, key string) (string, bool, error) {
	type found struct {
		v  string
		ok bool
	}
	r, err := actor.Do(ctx, s.st, func(_ context.Context, m map[string]string) (found, error) {
		v, ok := m[key]
		return found{v, ok}, nil
	})
	return r.v, r.ok, err
}

func (s kv) set(ctx context.Context, key, value string) error {
	_, err := actor.Do(ctx, s.st, func(_ context.Context, m map[string]string) (struct{}, error) {
		m[key] = value
		return struct{}{}, nil
	})
	return err
}

func (s kv) delete(ctx context.Context, key string) (bool, error) {
	return actor.Do(ctx, s.st, func(_ context.Context, m map[string]string) (bool, error) {
		_, ok := m[key]
		delete(m, key)
		return ok, nil
	})
}

func TestStateTypedHandle(t *testing.T) {
	s := kv{actor.NewState(map[string]string{})}
	ctx := context.Background()

	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			assert.NoError(t, s.set(ctx, string(rune('a'+i)), "x"), "set")
		})
	}
	wg.Wait()
	v, ok, err := s.get(ctx, "c")
	require.NoError(t, err)
	assert.True(t, ok, "get(c) after set")
	assert.Equal(t, "x", v)
	deleted, err := s.delete(ctx, "c")
	require.NoError(t, err)
	assert.True(t, deleted, "delete(c)")
	_, ok, err = s.get(ctx, "c")
	require.NoError(t, err)
	assert.False(t, ok, "get(c) after delete")

	require.NoError(t, s.st.Stop(ctx))
	<-s.st.Done()
	_, _, err = s.get(ctx, "a")
	require.ErrorIs(t, err, actor.ErrStopped, "get after Stop")
	assert.Equal(t, uint64(11), s.st.Stats().Processed)
}

func TestDoReturnsZeroWithAnError(t *testing.T) {
	st := actor.NewState(new(int))
	t.Cleanup(func() { require.NoError(t, st.Stop(context.Background())) })
	ctx := context.Background()

	got, err := actor.Do(ctx, st, func(_ context.Context, n *int) (int, error) {
		*n++
		return *n, errNegativeInput
	})
	require.ErrorIs(t, err, errNegativeInput, "Do of a failing function")
	assert.Zero(t, got, "Do's result with an error")

	_, err = actor.Do(ctx, st, func(context.Context, *int) (int, error) { panic("boom") })
	var pe *actor.PanicError
	require.ErrorAs(t, err, &pe, "Do of a panicking function")

	got, err = actor.Do(ctx, st, func(_ context.Context, n *int) (int, error) { return *n, nil })
	require.NoError(t, err)
	assert.Equal(t, 1, got, "the state after a failure and a panic")
}
