package actor_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/oneslot/actor"
)

// The examples mirror the programs under examples/, which are built and run
// by examples/examples_test.go.

// exampleStop stops s and prints Stop's error, if any, so that the example's
// output shows it.
func exampleStop(s interface{ Stop(context.Context) error }) {
	if err := s.Stop(context.Background()); err != nil {
		fmt.Println("Stop:", err)
	}
}

// exampleWorker returns an actor that doubles each number once release is
// closed, and a channel that tells when it has started a request.
func exampleWorker(release <-chan struct{},
	opts ...actor.Option) (*actor.Actor[int, int], <-chan struct{}) {
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
	}, opts...)
	return w, busy
}

// One actor doubles a number for one caller.
func ExampleNew() {
	ctx := context.Background()
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		return n * 2, nil
	})
	defer exampleStop(double)

	n, err := double.Call(ctx, 21)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Result:", n)
	// Output:
	// Result: 42
}

// Five goroutines share one actor; each gets the answer to its own request.
func ExampleActor_Call_concurrent() {
	ctx := context.Background()
	worker := actor.New(func(ctx context.Context, n int) (int, error) {
		fmt.Printf("Worker processing request %d\n", n)
		return n * 20, nil
	})
	defer exampleStop(worker)

	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			n, err := worker.Call(ctx, i)
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Printf("Client %d received result: %d\n", i, n)
		})
	}
	wg.Wait()
	// Unordered output:
	// Worker processing request 0
	// Worker processing request 1
	// Worker processing request 2
	// Worker processing request 3
	// Worker processing request 4
	// Client 0 received result: 0
	// Client 1 received result: 20
	// Client 2 received result: 40
	// Client 3 received result: 60
	// Client 4 received result: 80
}

// exampleKV is a typed handle on a map owned by an actor: each method runs one
// function on the actor's goroutine, with a result type of its own.
type exampleKV struct {
	st *actor.State[map[string]string]
}

func (kv *exampleKV) Get(ctx context.Context, key string) (string, bool, error) {
	type lookup struct {
		value string
		found bool
	}
	r, err := actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (lookup, error) {
		v, ok := m[key]
		return lookup{v, ok}, nil
	})
	return r.value, r.found, err
}

func (kv *exampleKV) Set(ctx context.Context, key, value string) error {
	_, err := actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (struct{}, error) {
		m[key] = value
		return struct{}{}, nil
	})
	return err
}

func (kv *exampleKV) Delete(ctx context.Context, key string) (bool, error) {
	return actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (bool, error) {
		_, ok := m[key]
		delete(m, key)
		return ok, nil
	})
}

// A key-value store built on State, used like any other API.
func ExampleDo() {
	ctx := context.Background()
	kv := &exampleKV{st: actor.NewState(map[string]string{})}
	defer exampleStop(kv.st)

	show := func(label string) {
		v, found, err := kv.Get(ctx, "name")
		switch {
		case err != nil:
			fmt.Println(err)
		case found:
			fmt.Printf("%s: %q (found)\n", label, v)
		default:
			fmt.Printf("%s: not found\n", label)
		}
	}
	if err := kv.Set(ctx, "name", "Alice"); err != nil {
		fmt.Println(err)
		return
	}
	show("Value")
	deleted, err := kv.Delete(ctx, "name")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Deleted:", deleted)
	show("Value after delete")
	// Output:
	// Value: "Alice" (found)
	// Deleted: true
	// Value after delete: not found
}

// A handler's error reaches its caller as Call's second result.
func ExampleHandler_error() {
	ctx := context.Background()
	errNegative := errors.New("negative values not allowed")
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		if n < 0 {
			return 0, fmt.Errorf("%w (got %d)", errNegative, n)
		}
		return n * 2, nil
	})
	defer exampleStop(double)

	for _, n := range []int{21, -5} {
		v, err := double.Call(ctx, n)
		if err != nil {
			fmt.Println("Error:", err)
			continue
		}
		fmt.Println("Success:", v)
	}
	// Output:
	// Success: 42
	// Error: negative values not allowed (got -5)
}

// A caller stops waiting after 50ms for a handler that needs 100ms; the
// handler sees the caller's deadline and stops too.
func ExampleActor_Call_timeout() {
	slow := actor.New(func(ctx context.Context, n int) (int, error) {
		select {
		case <-time.After(100 * time.Millisecond):
			return n * 2, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	})
	defer exampleStop(slow)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	n, err := slow.Call(ctx, 21)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Println("Timeout waiting for response")
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println("Got result:", n)
	}
	// Output:
	// Timeout waiting for response
}

// A request given up while it waits in the mailbox is skipped, never run,
// and counted in Stats.Canceled.
func ExampleStats() {
	ctx := context.Background()
	release := make(chan struct{})
	worker, busy := exampleWorker(release)

	first, err := worker.Ask(ctx, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	<-busy
	cctx, cancel := context.WithCancel(ctx)
	second, err := worker.Ask(cctx, 21)
	cancel()
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := second.Await(ctx); errors.Is(err, context.Canceled) {
		fmt.Println("Request cancelled by client")
	} else {
		fmt.Println("Second request:", err)
	}
	close(release)
	n, err := first.Await(ctx)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println("Result:", n)
	exampleStop(worker) // after Stop, the counts are final
	s := worker.Stats()
	fmt.Printf("Stats: processed=%d, cancelled=%d\n", s.Processed, s.Canceled)
	// Output:
	// Request cancelled by client
	// Result: 84
	// Stats: processed=1, cancelled=1
}

// What hand-made reply channels get wrong cannot happen here: a request has
// one outcome however often it is awaited, each request has a reply slot of
// its own, and a failed call says so in its error.
func ExampleReply_Await() {
	ctx := context.Background()
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		return n * 2, nil
	})

	r, err := double.Ask(ctx, 21)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, label := range []string{"Await", "Await again"} {
		n, err := r.Await(ctx)
		fmt.Printf("%s: %d %v\n", label, n, err)
	}
	for i := range 3 {
		n, err := double.Call(ctx, i)
		fmt.Printf("Reply %d: %d %v\n", i, n, err)
	}
	exampleStop(double)
	_, err = double.Call(ctx, 1)
	fmt.Println("Call after Stop:", err)
	// Output:
	// Await: 42 <nil>
	// Await again: 42 <nil>
	// Reply 0: 0 <nil>
	// Reply 1: 2 <nil>
	// Reply 2: 4 <nil>
	// Call after Stop: actor: stopped
}

// A caller sends many requests before awaiting any, so it pays no round
// trip per request.
func ExampleActor_Ask() {
	ctx := context.Background()
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		return n * 2, nil
	})
	defer exampleStop(double)

	var replies []*actor.Reply[int]
	for i := range 200 {
		r, err := double.Ask(ctx, i)
		if err != nil {
			fmt.Println(err)
			return
		}
		replies = append(replies, r)
	}
	sum := 0
	for _, r := range replies {
		n, err := r.Await(ctx)
		if err != nil {
			fmt.Println(err)
			return
		}
		sum += n
	}
	fmt.Printf("Sent %d requests before awaiting any\n", len(replies))
	fmt.Println("Sum of results:", sum)
	// Output:
	// Sent 200 requests before awaiting any
	// Sum of results: 39800
}

// A full mailbox refuses TryCall at once; Call waits for room, as long as
// its context allows.
func ExampleActor_TryCall() {
	ctx := context.Background()
	release := make(chan struct{})
	worker, busy := exampleWorker(release, actor.WithMailboxSize(1))
	defer exampleStop(worker)
	defer close(release)

	if _, err := worker.Ask(ctx, 1); err != nil { // keeps the worker busy
		fmt.Println(err)
		return
	}
	<-busy
	if _, err := worker.Ask(ctx, 2); err != nil { // fills the mailbox
		fmt.Println(err)
		return
	}
	_, err := worker.TryCall(ctx, 3)
	fmt.Println("TryCall:", err)

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = worker.Call(short, 4)
	fmt.Println("Call with a 20ms deadline:", err)
	fmt.Println("Rejected:", worker.Stats().Rejected)
	// Output:
	// TryCall: actor: mailbox full
	// Call with a 20ms deadline: context deadline exceeded
	// Rejected: 1
}

// Stop drains the mailbox when it has time; when its deadline ends first,
// the running handler's context is canceled and queued requests are
// answered with ErrStopped.
func ExampleActor_Stop() {
	ctx := context.Background()
	release := make(chan struct{})
	w, busy := exampleWorker(release)
	var replies []*actor.Reply[int]
	for i := range 3 {
		r, err := w.Ask(ctx, i+1)
		if err != nil {
			fmt.Println(err)
			return
		}
		replies = append(replies, r)
		if i == 0 {
			<-busy
		}
	}
	close(release)
	exampleStop(w)
	var got []int
	for _, r := range replies {
		n, err := r.Await(ctx)
		if err != nil {
			fmt.Println(err)
		}
		got = append(got, n)
	}
	fmt.Println("Answered before Stop returned:", got)

	w, busy = exampleWorker(make(chan struct{})) // never released
	running, err := w.Ask(ctx, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	<-busy
	queued, err := w.Ask(ctx, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	deadline, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	fmt.Println("Stop:", w.Stop(deadline))
	<-w.Done()
	_, err = running.Await(ctx)
	fmt.Println("Running request:", err)
	_, err = queued.Await(ctx)
	fmt.Println("Queued request:", err)
	// Output:
	// Answered before Stop returned: [2 4 6]
	// Stop: context deadline exceeded
	// Running request: actor: stopped
	// Queued request: actor: stopped
}
