// Command double is the smallest use of the library: one actor that doubles
// a number, and one caller that waits for the answer.
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
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() (err error) {
	// The handler runs on the actor's own goroutine, one request at a time.
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		return n * 2, nil
	})
	// Stop answers what is still queued, then ends the actor's goroutine.
	defer func() { err = errors.Join(err, double.Stop(context.Background())) }()

	// Call sends the request and waits for its own reply.
	n, err := double.Call(context.Background(), 21)
	if err != nil {
		return err
	}
	fmt.Println("Result:", n)
	return nil
}
