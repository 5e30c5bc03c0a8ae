package actor_test

import (
	"context"
	"testing"

	"github.com/oneslot/actor"
)

// TestAllocs pins the allocation promises of the request paths.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	a := actor.New(func(_ context.Context, n int) (int, error) { return n + 1, nil })
	defer allocStop(t, a)
	watching := actor.New(func(ctx context.Context, n int) (int, error) {
		select {
		case <-ctx.Done():
			return 0, context.Cause(ctx)
		default:
			return n + 1, nil
		}
	})
	defer allocStop(t, watching)
	bg := context.Background()
	ctx, cancel := context.WithCancel(bg)
	defer cancel()

	tests := []struct {
		name string
		max  float64
		f    func()
	}{
		{"Call(context.Background())", 0, func() { allocMustNil(t, "Call", allocErr(a.Call(bg, 1))) }},
		{"Call(cancelable context)", 1, func() { allocMustNil(t, "Call", allocErr(a.Call(ctx, 1))) }},
		{"Call(cancelable context), handler asks for Done", 7, func() {
			allocMustNil(t, "Call", allocErr(watching.Call(ctx, 1)))
		}},
		{"TryCall(context.Background())", 0, func() { allocMustNil(t, "TryCall", allocErr(a.TryCall(bg, 1))) }},
		{"Tell(context.Background())", 0, func() { allocMustNil(t, "Tell", a.Tell(bg, 1)) }},
		{"Ask and Await", 2, func() { allocMustNil(t, "Await", allocErr(allocAsk(t, a, bg).Await(bg))) }},
		{"Ask, Call, then Await the answered reply", 1, func() {
			r := allocAsk(t, a, bg)
			allocMustNil(t, "Call", allocErr(a.Call(bg, 1))) // requests are handled in order
			allocMustNil(t, "Await", allocErr(r.Await(bg)))
		}},
	}
	for _, tt := range tests {
		tt.f() // fill the envelope pool
		got := testing.AllocsPerRun(1000, tt.f)
		t.Logf("%s: %v allocations per run", tt.name, got)
		if got > tt.max {
			t.Errorf("%s: %v allocations per run, want at most %v", tt.name, got, tt.max)
		}
	}
}

func allocErr(_ int, err error) error { return err }

func allocAsk(t *testing.T, a *actor.Actor[int, int], ctx context.Context) *actor.Reply[int] {
	r, err := a.Ask(ctx, 1)
	allocMustNil(t, "Ask", err)
	return r
}

func allocMustNil(t *testing.T, call string, err error) {
	if err != nil {
		t.Fatalf("%s returned %v, want nil", call, err)
	}
}

func allocStop[Req, Resp any](t *testing.T, a *actor.Actor[Req, Resp]) {
	if err := a.Stop(context.Background()); err != nil {
		t.Errorf("Stop returned %v, want nil", err)
	}
}
