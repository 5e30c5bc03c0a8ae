// Command clients shows one actor shared by five concurrent callers. Each
// caller gets the answer to its own request, in whatever order they run.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"

	"github.com/oneslot/actor"
)

// request is what a client sends: who it is, and the value to double.
type request struct {
	id    int
	value int
}

func main() {
	log.SetFlags(0)
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() (err error) {
	worker := actor.New(func(ctx context.Context, req request) (int, error) {
		fmt.Printf("Worker processing request %d\n", req.id)
		return req.value * 2, nil
	})
	defer func() { err = errors.Join(err, worker.Stop(context.Background())) }()

	// Any number of goroutines may call the same actor; no channel is
	// cloned or shared by hand.
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range 5 {
		wg.Go(func() {
			n, err := worker.Call(context.Background(), request{id: i, value: i * 10})
			if err != nil {
				errs[i] = fmt.Errorf("client %d: %w", i, err)
				return
			}
			fmt.Printf("Client %d received result: %d\n", i, n)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
