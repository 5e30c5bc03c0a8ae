// Command pitfalls shows three mistakes of hand-made reply channels that
// this library rules out: replying twice or never, ignoring an error, and
// reusing one reply channel for many requests.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneslot/actor"
)

func main() {
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) (err error) {
	// A handler answers by returning, so it answers exactly once: it can
	// neither forget to reply nor reply twice.
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		return n * 2, nil
	})
	defer func() { err = errors.Join(err, double.Stop(ctx)) }()

	// A Reply holds one outcome, and every Await returns that same outcome.
	r, err := double.Ask(ctx, 21)
	if err != nil {
		return err
	}
	for _, label := range []string{"Await", "Await again"} {
		n, err := r.Await(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d\n", label, n)
	}

	// Each request gets a reply slot of its own, made by the library: there
	// is no channel for the caller to create, share, or reuse by mistake.
	for i := range 3 {
		n, err := double.Call(ctx, i)
		if err != nil {
			return err
		}
		fmt.Printf("Reply %d: %d\n", i, n)
	}

	// Call returns (Resp, error): the compiler makes the caller take the
	// error, and a request the actor could not serve says why.
	if err := double.Stop(ctx); err != nil {
		return err
	}
	if _, err := double.Call(ctx, 1); errors.Is(err, actor.ErrStopped) {
		fmt.Println("Call after Stop:", err)
	} else {
		return fmt.Errorf("call after Stop: got %v, want actor.ErrStopped", err)
	}
	return nil
}
