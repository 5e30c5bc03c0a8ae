// Command remote serves the key-value actor over NATS and calls it from a
// client, as two processes on two machines would.
//
// By default it starts a NATS server of its own on 127.0.0.1, on a random
// port, and both serves and calls the store through it. With -server it
// uses the NATS server at that URL instead, and -mode chooses its part:
//
//	remote -server nats://host:4222 -mode serve   # on one machine
//	remote -server nats://host:4222 -mode call    # on another
//
// In serve mode it runs until interrupted, then stops the service, the
// actor and the connection, in that order.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsactor "github.com/oneslot/actor/remote/nats"
)

// subject is where the store is served.
const subject = "example.kv"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "remote:", err)
		os.Exit(1)
	}
}

// run parses args and plays the part they choose, writing what a user sees
// to w. ctx ends a serve-only run.
func run(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("remote", flag.ContinueOnError)
	url := fs.String("server", "", "URL of the NATS server; empty starts one on 127.0.0.1")
	mode := fs.String("mode", "both", "serve, call, or both")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *mode != "serve" && *mode != "call" && *mode != "both" {
		return fmt.Errorf("-mode %q: want serve, call or both", *mode)
	}

	if *url == "" {
		ns, err := startNATS()
		if err != nil {
			return err
		}
		defer func() {
			ns.Shutdown()
			ns.WaitForShutdown()
		}()
		*url = ns.ClientURL()
		if *mode == "serve" {
			fmt.Fprintln(os.Stderr, "NATS server at", *url)
		}
	}
	nc, err := nats.Connect(*url, nats.Name("actor remote example"))
	if err != nil {
		return fmt.Errorf("connect to %s: %w", *url, err)
	}
	defer nc.Close()

	switch *mode {
	case "serve":
		return serveUntil(ctx, nc)
	case "call":
		return call(nc, w)
	}
	return both(nc, w)
}

// startNATS starts a NATS server on 127.0.0.1, on a random port.
func startNATS() (*server.Server, error) {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	if err != nil {
		return nil, fmt.Errorf("start NATS server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, errors.New("NATS server not ready within 10s")
	}
	return ns, nil
}

// serving is a store served on nc.
type serving struct {
	kv  *KV
	srv *natsactor.Server
}

// startServing serves a new store on nc, and returns once the NATS server
// has the subscription.
func startServing(nc *nats.Conn) (*serving, error) {
	kv := NewKV()
	srv, err := natsactor.Serve(nc, subject, service{kv})
	if err == nil {
		err = nc.Flush()
	}
	if err != nil {
		return nil, errors.Join(err, kv.Stop(context.Background()))
	}
	return &serving{kv: kv, srv: srv}, nil
}

// stop stops the service first, so that every request it took is answered,
// then the actor.
func (s *serving) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return errors.Join(s.srv.Stop(ctx), s.kv.Stop(ctx))
}

// serveUntil serves a store on nc until ctx ends.
func serveUntil(ctx context.Context, nc *nats.Conn) error {
	s, err := startServing(nc)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "serving the store on %q; interrupt to stop\n", subject)
	<-ctx.Done()
	return s.stop()
}

// both serves a store on nc and calls it through nc.
func both(nc *nats.Conn, w io.Writer) error {
	s, err := startServing(nc)
	if err != nil {
		return err
	}
	return errors.Join(call(nc, w), s.stop())
}

// call uses the store served on subject, through a client on nc.
func call(nc *nats.Conn, w io.Writer) error {
	c := natsactor.NewClient[Request, Response](nc, subject)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return useStore(ctx, Store{c: c}, w)
}

// useStore sets, reads and deletes a key, and prints what it finds. It runs
// the same on a store in this process: Store{c: service{NewKV()}}.
func useStore(ctx context.Context, s Store, w io.Writer) error {
	if err := s.Set(ctx, "name", "Alice"); err != nil {
		return err
	}
	if err := show(ctx, s, w, "Value"); err != nil {
		return err
	}
	deleted, err := s.Delete(ctx, "name")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Deleted:", deleted)
	return show(ctx, s, w, "Value after delete")
}

// show prints what s holds under "name".
func show(ctx context.Context, s Store, w io.Writer, label string) error {
	v, found, err := s.Get(ctx, "name")
	switch {
	case err != nil:
		return err
	case found:
		fmt.Fprintf(w, "%s: %q (found)\n", label, v)
	default:
		fmt.Fprintf(w, "%s: none\n", label)
	}
	return nil
}
