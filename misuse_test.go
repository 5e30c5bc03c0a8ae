package actor_test

import (
	"context"
	"testing"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
)

func TestMisusePanicsWithAMessage(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	st := actor.NewState(new(int))
	t.Cleanup(func() { assert.NoError(t, st.Stop(context.Background()), "State Stop at cleanup") })
	var zero actor.Actor[int, int]
	var nilActor *actor.Actor[int, int]
	var zeroState actor.State[int]
	var nilState *actor.State[int]
	var nilCtx context.Context
	get := func(_ context.Context, n int) (int, error) { return n, nil }

	tests := []struct {
		name string
		want string
		f    func()
	}{
		{"New(nil)", "actor: New called with a nil Handler", func() {
			actor.New[int, int](nil)
		}},
		{"NewBatch(nil)", "actor: NewBatch called with a nil BatchHandler", func() {
			actor.NewBatch[int, int](nil)
		}},
		{"WithMailboxSize(-1)", "actor: WithMailboxSize(-1): size must not be negative", func() {
			actor.WithMailboxSize(-1)
		}},
		{"WithMaxBatch(0)", "actor: WithMaxBatch(0): limit must be at least 1", func() {
			actor.WithMaxBatch(0)
		}},
		{"Call(nil)", "actor: nil Context", func() { _, _ = a.Call(nilCtx, 1) }},
		{"Tell(nil)", "actor: nil Context", func() { _ = a.Tell(nilCtx, 1) }},
		{"Stop(nil)", "actor: nil Context", func() { _ = a.Stop(nilCtx) }},
		{"Await(nil)", "actor: nil Context", func() {
			r, err := a.Ask(context.Background(), 1)
			if err == nil {
				_, _ = r.Await(nilCtx)
			}
		}},
		{"zero Actor Call", "actor: Actor used without New", func() {
			_, _ = zero.Call(context.Background(), 1)
		}},
		{"zero Actor Stop", "actor: Actor used without New", func() {
			_ = zero.Stop(context.Background())
		}},
		{"zero Actor Done", "actor: Actor used without New", func() { zero.Done() }},
		{"zero Actor Stats", "actor: Actor used without New", func() { zero.Stats() }},
		{"nil Actor Call", "actor: Actor used without New", func() {
			_, _ = nilActor.Call(context.Background(), 1)
		}},
		{"nil Option", "actor: nil Option", func() { actor.New(handleDouble, nil) }},
		{"Do(nil)", "actor: Do called with a nil function", func() {
			_, _ = actor.Do[*int, int](context.Background(), st, nil)
		}},
		{"zero State Do", "actor: State used without NewState", func() {
			_, _ = actor.Do(context.Background(), &zeroState, get)
		}},
		{"nil State Do", "actor: State used without NewState", func() {
			_, _ = actor.Do(context.Background(), nilState, get)
		}},
		{"zero State Stop", "actor: State used without NewState", func() {
			_ = zeroState.Stop(context.Background())
		}},
		{"zero State Done", "actor: State used without NewState", func() { zeroState.Done() }},
		{"zero State Stats", "actor: State used without NewState", func() { zeroState.Stats() }},
		{"zero Reply", "actor: Await called on a Reply not returned by Ask", func() {
			var r actor.Reply[int]
			_, _ = r.Await(context.Background())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.want, tt.f)
		})
	}
}

func TestCallWithEndedContextIsNotAccepted(t *testing.T) {
	a := actor.New(handleDouble)
	stopOnCleanup(t, a)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := a.Call(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled, "Call")
	_, err = a.Ask(ctx, 1)
	assert.ErrorIs(t, err, context.Canceled, "Ask")
	assert.ErrorIs(t, a.Tell(ctx, 1), context.Canceled, "Tell")
	assert.Equal(t, actor.Stats{}, a.Stats(), "nothing was accepted or counted")
}
