package natsactor_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
	natsactor "github.com/oneslot/actor/remote/nats"
)

// BenchmarkCall compares one call to a local actor with one round trip to
// the same actor served over a NATS server on loopback, in this process.
// The remote figures are those of a call between processes on one machine
// less the scheduling between them. nats-request is the floor: a bare NATS
// request whose subscriber, on a connection of its own as the service's is,
// echoes the payload, with no codec and no actor.
func BenchmarkCall(b *testing.B) {
	srv := startServer(b, server.Options{})
	a := newActor(b, func(_ context.Context, p point) (int, error) { return p.X + p.Y, nil })
	req := point{X: 1, Y: 2, Tag: "bench"}

	run := func(b *testing.B, c actor.Caller[point, int]) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Call(ctx, req); err != nil {
				b.Fatalf("Call: %v", err)
			}
		}
	}
	b.Run("local", func(b *testing.B) { run(b, a) })
	b.Run("nats-request", func(b *testing.B) {
		svc, nc := connect(b, srv.ClientURL()), connect(b, srv.ClientURL())
		sub, err := svc.Subscribe("bench.raw", func(m *nats.Msg) { _ = m.Respond(m.Data) })
		if err != nil {
			b.Fatalf("Subscribe: %v", err)
		}
		defer sub.Unsubscribe()
		flush(b, svc)
		data := []byte(`{"X":1,"Y":2,"Tag":"bench"}`)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := nc.Request("bench.raw", data, 10*time.Second); err != nil {
				b.Fatalf("Request: %v", err)
			}
		}
	})
	for _, codec := range []natsactor.Codec{natsactor.JSON, natsactor.Gob} {
		subject := "bench." + codec.Name()
		serve(b, connect(b, srv.ClientURL()), subject, a, natsactor.WithCodec(codec))
		c := newClient[point, int](b, connect(b, srv.ClientURL()), subject, natsactor.WithCodec(codec))
		b.Run("remote-"+strings.TrimPrefix(strings.TrimPrefix(codec.Name(), "application/"), "x-"), func(b *testing.B) { run(b, c) })
	}
}
