package natsactor_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
	natsactor "github.com/oneslot/actor/remote/nats"
)

type point struct {
	X, Y int
	Tag  string
}

// sum is a Caller-agnostic function: it works the same with a local actor
// and a remote one.
func sum(ctx context.Context, c actor.Caller[point, int], p point) (int, error) {
	return c.Call(ctx, p)
}

func TestCallLocalAndRemote(t *testing.T) {
	srv := startServer(t, server.Options{})
	for _, codec := range []natsactor.Codec{natsactor.JSON, natsactor.Gob} {
		t.Run(codec.Name(), func(t *testing.T) {
			nc := connect(t, srv.ClientURL())
			a := newActor(t, func(_ context.Context, p point) (int, error) { return p.X + p.Y, nil })
			serve(t, nc, "sum", a, natsactor.WithCodec(codec))
			c := newClient[point, int](t, nc, "sum", natsactor.WithCodec(codec))

			for _, caller := range []actor.Caller[point, int]{a, c} {
				got, err := sum(testCtx(t), caller, point{X: 2, Y: 3, Tag: "a"})
				if err != nil || got != 5 {
					t.Errorf("Call(%T) = %d, %v; want 5, nil", caller, got, err)
				}
			}
		})
	}
}

func TestRemoteErrorKinds(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	a := newActor(t, echo)
	serve(t, nc, "echo", a)
	c := newClient[string, string](t, nc, "echo")

	tests := []struct {
		req     string
		kind    natsactor.Kind
		is      error
		message string
	}{
		{"panic", natsactor.KindPanic, nil, "boom"},
		{"fail", natsactor.KindHandler, nil, "no such key"},
		{"deadline", natsactor.KindDeadline, context.DeadlineExceeded, "lookup"},
		{"stopped", natsactor.KindStopped, actor.ErrStopped, "downstream"},
	}
	for _, tt := range tests {
		got, err := c.Call(testCtx(t), tt.req)
		var re *natsactor.RemoteError
		if !errors.As(err, &re) {
			t.Errorf("Call(%q) = %q, %v; want a *RemoteError", tt.req, got, err)
			continue
		}
		if re.Kind != tt.kind || !strings.Contains(re.Message, tt.message) {
			t.Errorf("Call(%q) error = %+v; want kind %q with message containing %q", tt.req, re, tt.kind, tt.message)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("Call(%q) error %v does not match %v", tt.req, err, tt.is)
		}
	}
	if got, err := c.Call(testCtx(t), "after the panic"); err != nil || got != "echo after the panic" {
		t.Errorf("Call after a remote panic = %q, %v; want the echo", got, err)
	}
}

func TestStoppedActor(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	a := actor.New(echo)
	if err := a.Stop(context.Background()); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	serve(t, nc, "echo", a)
	c := newClient[string, string](t, nc, "echo")

	if _, err := c.Call(testCtx(t), "hello"); !errors.Is(err, actor.ErrStopped) {
		t.Errorf("Call to a stopped actor: %v; want actor.ErrStopped", err)
	}
}

// tryCaller adapts an actor to Caller with TryCall, so that a full mailbox
// is refused instead of waited for.
type tryCaller[Req, Resp any] struct{ a *actor.Actor[Req, Resp] }

func (tc tryCaller[Req, Resp]) Call(ctx context.Context, req Req) (Resp, error) {
	return tc.a.TryCall(ctx, req)
}

func TestMailboxFull(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	entered, release := make(chan struct{}), make(chan struct{})
	a := newActor(t, func(ctx context.Context, req string) (string, error) {
		if req == "block" {
			close(entered)
			<-release
		}
		return req, nil
	}, actor.WithMailboxSize(0))
	serve(t, nc, "try", tryCaller[string, string]{a})
	c := newClient[string, string](t, nc, "try")

	done := make(chan error, 1)
	go func() {
		_, err := c.Call(testCtx(t), "block")
		done <- err
	}()
	<-entered
	if _, err := c.Call(testCtx(t), "more"); !errors.Is(err, actor.ErrMailboxFull) {
		t.Errorf("Call while the actor is busy: %v; want actor.ErrMailboxFull", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("blocked Call: %v", err)
	}
}

func TestMaxInFlight(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	entered, release := make(chan struct{}), make(chan struct{})
	a := newActor(t, func(ctx context.Context, req string) (string, error) {
		close(entered)
		<-release
		return req, nil
	})
	serve(t, nc, "busy", a, natsactor.WithMaxInFlight(1))
	c := newClient[string, string](t, nc, "busy")

	done := make(chan error, 1)
	go func() {
		_, err := c.Call(testCtx(t), "first")
		done <- err
	}()
	<-entered
	_, err := c.Call(testCtx(t), "second")
	var re *natsactor.RemoteError
	if !errors.As(err, &re) || re.Kind != natsactor.KindMailboxFull || !errors.Is(err, actor.ErrMailboxFull) {
		t.Errorf("Call over the in-flight limit: %v; want a *RemoteError of kind %q", err, natsactor.KindMailboxFull)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("first Call: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	errs := newErrorLog()
	serve(t, nc, "sum", newActor(t, func(_ context.Context, p point) (int, error) { return p.X + p.Y, nil }),
		natsactor.WithErrorHandler(errs.handle))

	t.Run("garbage", func(t *testing.T) {
		m, err := nc.RequestWithContext(testCtx(t), "sum", []byte("{not json"))
		if err != nil {
			t.Fatalf("raw request: %v", err)
		}
		if kind := m.Header.Get("Actor-Error"); kind != string(natsactor.KindDecode) {
			t.Errorf("reply to garbage has Actor-Error %q, data %q; want %q", kind, m.Data, natsactor.KindDecode)
		}
		if err := errs.next(t); !strings.Contains(err.Error(), "decode request") {
			t.Errorf("reported error %v; want a decode error", err)
		}
	})
	t.Run("wrong type", func(t *testing.T) {
		c := newClient[string, int](t, nc, "sum")
		_, err := c.Call(testCtx(t), "a string")
		var re *natsactor.RemoteError
		if !errors.As(err, &re) || re.Kind != natsactor.KindDecode || !errors.Is(err, natsactor.ErrDecode) {
			t.Errorf("Call with the wrong request type: %v; want a *RemoteError of kind %q", err, natsactor.KindDecode)
		}
		errs.next(t)
	})
	t.Run("wrong codec", func(t *testing.T) {
		c := newClient[point, int](t, nc, "sum", natsactor.WithCodec(natsactor.Gob))
		_, err := c.Call(testCtx(t), point{X: 1})
		if !errors.Is(err, natsactor.ErrDecode) || !strings.Contains(err.Error(), "application/x-gob") {
			t.Errorf("Call with the wrong codec: %v; want ErrDecode naming the codec", err)
		}
		errs.next(t)
	})
	t.Run("bad reply", func(t *testing.T) {
		c := newClient[point, string](t, nc, "sum")
		if _, err := c.Call(testCtx(t), point{X: 1}); !errors.Is(err, natsactor.ErrDecode) {
			t.Errorf("Call decoding an int as a string: %v; want ErrDecode", err)
		}
	})
}

func TestNoResponders(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	c := newClient[string, string](t, nc, "nobody")

	_, err := c.Call(testCtx(t), "hello")
	if !errors.Is(err, nats.ErrNoResponders) || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("Call with no service: %v; want nats.ErrNoResponders naming the subject", err)
	}
}

func TestPayloadTooLarge(t *testing.T) {
	srv := startServer(t, server.Options{MaxPayload: 1024})
	nc := connect(t, srv.ClientURL())
	errs := newErrorLog()
	a := newActor(t, func(_ context.Context, n int) (string, error) { return strings.Repeat("x", n), nil })
	serve(t, nc, "big", a, natsactor.WithErrorHandler(errs.handle))
	c := newClient[int, string](t, nc, "big")
	big := newClient[string, string](t, nc, "big")

	if _, err := big.Call(testCtx(t), strings.Repeat("y", 2048)); !errors.Is(err, nats.ErrMaxPayload) {
		t.Errorf("Call with a large request: %v; want nats.ErrMaxPayload", err)
	}
	_, err := c.Call(testCtx(t), 2048)
	var re *natsactor.RemoteError
	if !errors.As(err, &re) || re.Kind != natsactor.KindPayloadTooLarge || !errors.Is(err, nats.ErrMaxPayload) {
		t.Errorf("Call with a large reply: %v; want a *RemoteError of kind %q", err, natsactor.KindPayloadTooLarge)
	}
	if err := errs.next(t); !errors.Is(err, nats.ErrMaxPayload) {
		t.Errorf("reported error %v; want nats.ErrMaxPayload", err)
	}
	if got, err := c.Call(testCtx(t), 3); err != nil || got != "xxx" {
		t.Errorf("Call(3) = %q, %v; want \"xxx\"", got, err)
	}
}

func TestDeadlineReachesHandler(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	type seen struct {
		Deadline time.Time
		OK       bool
	}
	a := newActor(t, func(ctx context.Context, _ string) (seen, error) {
		d, ok := ctx.Deadline()
		return seen{d, ok}, nil
	})
	serve(t, nc, "deadline", a, natsactor.WithCodec(natsactor.Gob))
	const tolerance = 2 * time.Second

	tests := []struct {
		name    string
		timeout time.Duration // of the call's context; 0 for none
		opts    []natsactor.Option
		want    time.Duration // the deadline the handler should see; 0 for none
	}{
		{"caller's deadline", 8 * time.Second, nil, 8 * time.Second},
		{"default timeout", 0, []natsactor.Option{natsactor.WithDefaultTimeout(6 * time.Second)}, 6 * time.Second},
		{"no deadline", 0, []natsactor.Option{natsactor.WithDefaultTimeout(0)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient[string, seen](t, nc, "deadline", append(tt.opts, natsactor.WithCodec(natsactor.Gob))...)
			ctx := context.Background()
			start := time.Now()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			got, err := c.Call(ctx, "when?")
			if err != nil {
				t.Fatalf("Call: %v", err)
			}
			if tt.want == 0 {
				if got.OK {
					t.Errorf("handler saw deadline %v; want none", got.Deadline)
				}
				return
			}
			want := start.Add(tt.want)
			if !got.OK || got.Deadline.Before(want.Add(-tolerance)) || got.Deadline.After(want.Add(tolerance)) {
				t.Errorf("handler saw deadline %v (set: %v); want %v within %v", got.Deadline, got.OK, want, tolerance)
			}
		})
	}
}

func TestClientClose(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	serve(t, nc, "echo", newActor(t, echo))
	c := natsactor.NewClient[string, string](nc, "echo")
	if got, err := c.Call(testCtx(t), "hi"); err != nil || got != "echo hi" {
		t.Errorf("Call = %q, %v; want \"echo hi\"", got, err)
	}
	c.Close()
	c.Close()
	if _, err := c.Call(testCtx(t), "hi"); !errors.Is(err, natsactor.ErrClientClosed) {
		t.Errorf("Call after Close: %v; want ErrClientClosed", err)
	}
}

func TestClosedConnection(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	c := newClient[string, string](t, nc, "echo")
	nc.Close()
	if _, err := c.Call(testCtx(t), "hi"); !errors.Is(err, nats.ErrConnectionClosed) {
		t.Errorf("Call on a closed connection: %v; want nats.ErrConnectionClosed", err)
	}
	if _, err := natsactor.Serve(nc, "echo", newActor(t, echo)); err == nil {
		t.Error("Serve on a closed connection succeeded")
	}
}

// panicky is a Caller that panics, as an adapter with a bug might.
type panicky struct{}

func (panicky) Call(context.Context, string) (string, error) { panic("adapter bug") }

func TestCallerPanics(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	serve(t, nc, "panicky", panicky{})
	c := newClient[string, string](t, nc, "panicky")

	for range 2 {
		_, err := c.Call(testCtx(t), "x")
		var re *natsactor.RemoteError
		if !errors.As(err, &re) || re.Kind != natsactor.KindPanic || !strings.Contains(re.Message, "adapter bug") {
			t.Errorf("Call to a panicking Caller: %v; want a *RemoteError of kind %q", err, natsactor.KindPanic)
		}
	}
}
