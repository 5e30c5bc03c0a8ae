package natsactor_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
	natsactor "github.com/oneslot/actor/remote/nats"
)

// startServer starts a NATS server on 127.0.0.1 with the given options (a
// random port unless opts sets one) and shuts it down when the test ends.
func startServer(t testing.TB, opts server.Options) *server.Server {
	t.Helper()
	s := newServer(t, opts)
	t.Cleanup(func() { shutdown(s) })
	return s
}

// newServer starts a NATS server that the caller shuts down.
func newServer(t testing.TB, opts server.Options) *server.Server {
	t.Helper()
	opts.Host = "127.0.0.1"
	if opts.Port == 0 {
		opts.Port = -1
	}
	opts.NoLog, opts.NoSigs = true, true
	s, err := server.NewServer(&opts)
	if err != nil {
		t.Fatalf("server.NewServer: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		shutdown(s)
		t.Fatal("NATS server not ready for connections within 10s")
	}
	return s
}

func shutdown(s *server.Server) {
	s.Shutdown()
	s.WaitForShutdown()
}

// connect connects to url and closes the connection when the test ends.
func connect(t testing.TB, url string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		t.Fatalf("nats.Connect(%s): %v", url, err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// flush waits until the NATS server has processed everything nc sent,
// such as a subscription made by Serve.
func flush(t testing.TB, nc *nats.Conn) {
	t.Helper()
	if err := nc.Flush(); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

// newActor starts an actor serving h and stops it when the test ends.
func newActor[Req, Resp any](t testing.TB, h actor.Handler[Req, Resp], opts ...actor.Option) *actor.Actor[Req, Resp] {
	t.Helper()
	a := actor.New(h, opts...)
	t.Cleanup(func() {
		if err := a.Stop(context.Background()); err != nil {
			t.Errorf("actor Stop: %v", err)
		}
	})
	return a
}

// serve serves c on subject through nc, flushes nc so that the server has
// the subscription, and stops the service when the test ends.
func serve[Req, Resp any](t testing.TB, nc *nats.Conn, subject string, c actor.Caller[Req, Resp],
	opts ...natsactor.Option,
) *natsactor.Server {
	t.Helper()
	s, err := natsactor.Serve(nc, subject, c, opts...)
	if err != nil {
		t.Fatalf("Serve(%q): %v", subject, err)
	}
	t.Cleanup(func() {
		if err := s.Stop(context.Background()); err != nil {
			t.Errorf("Server.Stop: %v", err)
		}
	})
	flush(t, nc)
	return s
}

// newClient returns a client that is closed when the test ends.
func newClient[Req, Resp any](t testing.TB, nc *nats.Conn, subject string,
	opts ...natsactor.Option,
) *natsactor.Client[Req, Resp] {
	t.Helper()
	c := natsactor.NewClient[Req, Resp](nc, subject, opts...)
	t.Cleanup(c.Close)
	return c
}

// errorLog collects the errors a service reports.
type errorLog chan error

func newErrorLog() errorLog { return make(errorLog, 100) }

func (l errorLog) handle(err error) {
	select {
	case l <- err:
	default:
	}
}

// next waits for the next reported error.
func (l errorLog) next(t testing.TB) error {
	t.Helper()
	select {
	case err := <-l:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("no error reported within 10s")
		return nil
	}
}

// testCtx returns a context that ends with the test or after 20 seconds, a
// bound that only a hung test reaches.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// echo answers each request with its own text, and fails on the requests
// named after the errors they provoke.
func echo(ctx context.Context, req string) (string, error) {
	switch req {
	case "panic":
		panic("boom")
	case "fail":
		return "", errors.New("no such key")
	case "deadline":
		return "", fmt.Errorf("lookup: %w", context.DeadlineExceeded)
	case "stopped":
		return "", fmt.Errorf("downstream: %w", actor.ErrStopped)
	}
	return "echo " + req, nil
}
