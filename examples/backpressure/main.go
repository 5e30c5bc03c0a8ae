// Command backpressure shows what callers see when the actor falls behind:
// TryCall is refused at once by a full mailbox, Call waits for room, and a
// deadline bounds that wait. A channel, not a sleep, keeps the worker busy.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

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
	release := make(chan struct{}) // closed to let the worker go on
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
	}, actor.WithMailboxSize(1))
	defer func() { letGo(); err = errors.Join(err, worker.Stop(ctx)) }()

	// One request keeps the worker busy, a second fills the mailbox.
	var replies []*actor.Reply[int]
	for n := range 2 {
		r, err := worker.Ask(ctx, n+1)
		if err != nil {
			return err
		}
		replies = append(replies, r)
		if n == 0 {
			<-busy
		}
	}

	// TryCall does not wait: the caller learns at once and may shed load.
	if _, err := worker.TryCall(ctx, 3); !errors.Is(err, actor.ErrMailboxFull) {
		return fmt.Errorf("try call: got %v, want actor.ErrMailboxFull", err)
	}
	fmt.Println("TryCall: mailbox full")

	// Call waits for room, but no longer than its context allows.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := worker.Call(short, 4); !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("call with a deadline: got %v, want context.DeadlineExceeded", err)
	}
	fmt.Println("Call with a 20ms deadline: gave up waiting for room")

	// A caller with time to spare waits for room, and gets in once the
	// worker moves on.
	long, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	type result struct {
		n   int
		err error
	}
	late := make(chan result, 1)
	go func() {
		n, err := worker.Call(long, 5)
		late <- result{n, err}
	}()
	letGo()
	for _, reply := range replies {
		n, err := reply.Await(ctx)
		if err != nil {
			return err
		}
		fmt.Println("Queued earlier:", n)
	}
	r := <-late
	if r.err != nil {
		return r.err
	}
	fmt.Println("Call with a 10s deadline:", r.n)
	fmt.Println("Rejected:", worker.Stats().Rejected)
	return nil
}
