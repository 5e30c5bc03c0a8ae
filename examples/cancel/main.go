// Command cancel shows a request whose caller gives up while it waits in
// the mailbox: the actor skips it, never runs it, and counts it. Channels,
// not sleeps, put the events in order.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"

	"github.com/oneslot/actor"
)

func main() {
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) (err error) {
	busy := make(chan struct{}, 1) // the worker has started a request
	release := make(chan struct{}) // closed to let the worker finish
	letGo := sync.OnceFunc(func() { close(release) })
	worker := actor.New(func(ctx context.Context, n int) (int, error) {
		select {
		case busy <- struct{}{}:
		default:
		}
		select {
		case <-release:
			return n * 2, nil
		case <-ctx.Done():
			return 0, context.Cause(ctx) // ErrStopped if Stop gave up waiting
		}
	})
	// On every path out, let the worker go and stop it (Stop is idempotent).
	defer func() { letGo(); err = errors.Join(err, worker.Stop(ctx)) }()

	// Keep the worker busy, so that the next request has to wait its turn.
	first, err := worker.Ask(ctx, 42)
	if err != nil {
		return err
	}
	<-busy

	// Queue a request, then give up on it before the worker gets to it.
	cctx, cancel := context.WithCancel(ctx)
	second, err := worker.Ask(cctx, 21)
	if err != nil {
		cancel()
		return err
	}
	cancel()
	if _, err := second.Await(ctx); !errors.Is(err, context.Canceled) {
		return fmt.Errorf("canceled request: got %v, want context.Canceled", err)
	}
	fmt.Println("Request cancelled by client")

	letGo()
	n, err := first.Await(ctx)
	if err != nil {
		return err
	}
	fmt.Println("Result:", n)

	// Once stopped, the counts are final: the skipped request never ran.
	if err := worker.Stop(ctx); err != nil {
		return err
	}
	s := worker.Stats()
	fmt.Printf("Stats: processed=%d, cancelled=%d\n", s.Processed, s.Canceled)
	return nil
}
