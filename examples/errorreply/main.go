// Command errorreply shows a handler's error travelling back to its caller
// as the second result of Call, next to the value it replaces.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneslot/actor"
)

// errNegative is the handler's own error; callers test for it with
// errors.Is.
var errNegative = errors.New("negative values not allowed")

func main() {
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) (err error) {
	double := actor.New(func(ctx context.Context, n int) (int, error) {
		if n < 0 {
			return 0, fmt.Errorf("%w (got %d)", errNegative, n)
		}
		return n * 2, nil
	})
	defer func() { err = errors.Join(err, double.Stop(ctx)) }()

	for _, n := range []int{21, -5} {
		v, err := double.Call(ctx, n)
		switch {
		case errors.Is(err, errNegative):
			fmt.Println("Error:", err) // the request was wrong: report it, go on
		case err != nil:
			return err // the call itself failed, for example actor.ErrStopped
		default:
			fmt.Println("Success:", v)
		}
	}
	return nil
}
