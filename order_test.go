package actor_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oneslot/actor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestsFromOneSenderKeepTheirOrder(t *testing.T) {
	const senders, perSender = 8, 200
	type req struct{ sender, seq int }
	var running atomic.Int32
	last := make(map[int]int)
	var outOfOrder, overlaps int
	a := actor.New(func(_ context.Context, r req) (struct{}, error) {
		if running.Add(1) != 1 {
			overlaps++
		}
		if prev, ok := last[r.sender]; ok && r.seq != prev+1 {
			outOfOrder++
		}
		last[r.sender] = r.seq
		running.Add(-1)
		return struct{}{}, nil
	}, actor.WithMailboxSize(4))
	ctx := context.Background()

	var wg sync.WaitGroup
	for s := range senders {
		wg.Go(func() {
			for i := range perSender {
				var err error
				switch i % 3 {
				case 0:
					err = a.Tell(ctx, req{s, i})
				case 1:
					_, err = a.Call(ctx, req{s, i})
				default:
					var r *actor.Reply[struct{}]
					if r, err = a.Ask(ctx, req{s, i}); err == nil {
						_, err = r.Await(ctx)
					}
				}
				assert.NoError(t, err, "request %d of sender %d", i, s)
			}
		})
	}
	wg.Wait()
	require.NoError(t, a.Stop(ctx))

	assert.Zero(t, outOfOrder, "requests handled out of their sender's order")
	assert.Zero(t, overlaps, "handler runs that overlapped")
	assert.Equal(t, uint64(senders*perSender), a.Stats().Processed)
}
