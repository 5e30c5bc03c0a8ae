// Command timeout shows a caller that stops waiting after 50 ms for a
// worker that needs 100 ms. The worker watches its context, so it stops
// as soon as the caller gives up, and nothing is left running.
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
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() (err error) {
	slow := actor.New(func(ctx context.Context, n int) (int, error) {
		// Simulate 100 ms of work that can be abandoned part way: the
		// caller's deadline reaches the handler through ctx.
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
		}
		// A result finished past the caller's deadline is of no use to it.
		if ctx.Err() != nil {
			return 0, context.Cause(ctx)
		}
		return n * 2, nil
	})
	// Stop returns once the handler has returned and the goroutine is gone.
	defer func() { err = errors.Join(err, slow.Stop(context.Background())) }()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	n, err := slow.Call(ctx, 21)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Println("Timeout waiting for response")
	case err != nil:
		return err
	default:
		fmt.Println("Got result:", n)
	}
	return nil
}
