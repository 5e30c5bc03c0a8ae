// Command shutdown shows the two ends of Stop. Given time, Stop refuses new
// requests, answers every queued one, then returns. When its deadline ends
// first, the running handler's context is canceled with actor.ErrStopped as
// its cause, and the requests still queued are answered with ErrStopped,
// never run.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/oneslot/actor"
)

func main() {
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

// newWorker returns an actor that doubles numbers once release is closed,
// and a channel that tells when it has started a request.
func newWorker(release <-chan struct{}) (*actor.Actor[int, int], <-chan struct{}) {
	busy := make(chan struct{}, 1)
	w := actor.New(func(ctx context.Context, n int) (int, error) {
		select {
		case busy <- struct{}{}:
		default:
		}
		select {
		case <-release:
			return n * 2, nil
		case <-ctx.Done():
			// The caller gave up, or Stop did: the cause says which.
			return 0, context.Cause(ctx)
		}
	})
	return w, busy
}

// send asks w to double each of ns, waiting until w is busy with the first.
func send(ctx context.Context, w *actor.Actor[int, int], busy <-chan struct{},
	ns ...int) ([]*actor.Reply[int], error) {
	var replies []*actor.Reply[int]
	for i, n := range ns {
		r, err := w.Ask(ctx, n)
		if err != nil {
			return nil, err
		}
		replies = append(replies, r)
		if i == 0 {
			<-busy
		}
	}
	return replies, nil
}

func run(ctx context.Context) error {
	// A graceful stop: what was queued before Stop is still answered.
	release := make(chan struct{})
	w, busy := newWorker(release)
	replies, err := send(ctx, w, busy, 1, 2, 3)
	close(release)
	if err != nil {
		return errors.Join(err, w.Stop(ctx))
	}
	if err := w.Stop(ctx); err != nil {
		return err
	}
	for _, r := range replies {
		n, err := r.Await(ctx)
		if err != nil {
			return err
		}
		fmt.Println("Answered before Stop returned:", n)
	}
	if _, err := w.Call(ctx, 4); !errors.Is(err, actor.ErrStopped) {
		return fmt.Errorf("call after Stop: got %v, want actor.ErrStopped", err)
	}
	fmt.Println("Call after Stop:", actor.ErrStopped)

	// A stop whose deadline ends first: this worker is never released.
	w, busy = newWorker(make(chan struct{}))
	deadline, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	replies, err = send(ctx, w, busy, 1, 2)
	stopErr := w.Stop(deadline) // cuts the drain short after 50ms
	if err != nil {
		return err
	}
	if !errors.Is(stopErr, context.DeadlineExceeded) {
		return fmt.Errorf("stop with a deadline: got %v, want context.DeadlineExceeded", stopErr)
	}
	fmt.Println("Stop:", stopErr)
	<-w.Done() // the goroutine is gone once the running handler has returned
	for i, label := range []string{"Running request", "Queued request"} {
		_, err := replies[i].Await(ctx)
		fmt.Printf("%s: %v\n", label, err)
	}
	s := w.Stats()
	fmt.Printf("Stats: processed=%d, failed=%d, dropped=%d\n", s.Processed, s.Failed, s.Dropped)
	return nil
}
