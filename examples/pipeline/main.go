// Command pipeline sends many requests before awaiting any of them. The
// actor then finds them waiting together and serves them in batches, so a
// cost paid once per handler call is shared by many requests. With -timing
// it compares that with one Call at a time, on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/oneslot/actor"
)

const requests = 200

func main() {
	timing := flag.Bool("timing", false, "compare with one Call at a time, on stderr")
	flag.Parse()
	log.SetFlags(0)
	if err := run(context.Background(), *timing); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, timing bool) (err error) {
	calls := 0 // handler calls; touched only by the handler, then after its replies
	double := actor.NewBatch(func(ctx context.Context, reqs, resps []int, errs []error) {
		calls++
		// Simulate a cost paid once per call, like one write or round trip.
		select {
		case <-time.After(time.Millisecond):
		case <-ctx.Done():
			for i := range errs {
				errs[i] = context.Cause(ctx)
			}
			return
		}
		for i, n := range reqs {
			resps[i] = n * 2
		}
	})
	defer func() { err = errors.Join(err, double.Stop(ctx)) }()

	// Ask queues each request and returns at once (it waits only while the
	// mailbox is full); the replies are collected afterwards.
	start := time.Now()
	replies := make([]*actor.Reply[int], 0, requests)
	for i := range requests {
		r, err := double.Ask(ctx, i)
		if err != nil {
			return err
		}
		replies = append(replies, r)
	}
	sum := 0
	for _, r := range replies {
		n, err := r.Await(ctx)
		if err != nil {
			return err
		}
		sum += n
	}
	fmt.Printf("Sent %d requests before awaiting any\n", requests)
	fmt.Printf("Sum of results: %d\n", sum)
	if !timing {
		return nil
	}
	fmt.Fprintf(os.Stderr, "pipelined: %d handler calls, %v\n", calls, time.Since(start))

	// One at a time, for comparison: each Call waits for its own batch.
	start, calls = time.Now(), 0
	for i := range requests {
		if _, err := double.Call(ctx, i); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "one at a time: %d handler calls, %v\n", calls, time.Since(start))
	return nil
}
