package natsactor_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
	natsactor "github.com/oneslot/actor/remote/nats"
)

// counting wraps a Caller and sends on arrived each time a request reaches
// it, so that a test knows which service instance holds which requests.
type counting[Req, Resp any] struct {
	c       actor.Caller[Req, Resp]
	arrived chan<- struct{}
}

func (c counting[Req, Resp]) Call(ctx context.Context, req Req) (Resp, error) {
	c.arrived <- struct{}{}
	return c.c.Call(ctx, req)
}

// named returns a handler that answers with name, after waiting for gate to
// close if gate is not nil.
func named(name string, gate <-chan struct{}) actor.Handler[int, string] {
	return func(ctx context.Context, _ int) (string, error) {
		if gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		return name, nil
	}
}

// TestQueueGroupInstanceDies serves one subject from three processes in a
// queue group and kills one of them, by disconnecting it at the NATS
// server, while it holds requests. Its requests fail at their deadline,
// every other call succeeds, and calls made afterwards all go to the two
// survivors.
func TestQueueGroupInstanceDies(t *testing.T) {
	srv := startServer(t, server.Options{})
	gate := make(chan struct{})
	defer close(gate)
	arrivedA := make(chan struct{}, 100)

	ncA := connect(t, srv.ClientURL(), nats.NoReconnect())
	serve(t, ncA, "svc", counting[int, string]{newActor(t, named("A", gate)), arrivedA})
	for _, name := range []string{"B", "C"} {
		nc := connect(t, srv.ClientURL())
		serve(t, nc, "svc", newActor(t, named(name, nil)))
	}
	c := newClient[int, string](t, connect(t, srv.ClientURL()), "svc")

	const calls = 30
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	results := make(chan error, calls)
	var wg sync.WaitGroup
	for i := range calls {
		wg.Go(func() {
			got, err := c.Call(ctx, i)
			if err == nil && got == "A" {
				err = errors.New("answered by the dead instance A")
			}
			results <- err
		})
	}
	// Wait until every call is either answered or held by A.
	held, answered := 0, 0
	for held+answered < calls {
		select {
		case <-arrivedA:
			held++
		case err := <-results:
			if err != nil {
				t.Errorf("call answered by B or C: %v", err)
			}
			answered++
		}
	}
	cid, err := ncA.GetClientID()
	if err != nil {
		t.Fatalf("GetClientID: %v", err)
	}
	if err := srv.DisconnectClientByID(cid); err != nil {
		t.Fatalf("DisconnectClientByID: %v", err)
	}
	wg.Wait()
	for range held {
		if err := <-results; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("call held by the dead instance: %v; want context.DeadlineExceeded", err)
		}
	}

	for i := range calls {
		got, err := c.Call(testCtx(t), i)
		if err != nil || (got != "B" && got != "C") {
			t.Errorf("Call after A died = %q, %v; want B or C", got, err)
		}
	}
	t.Logf("%d calls held by A, %d answered by B and C", held, answered)
}

// TestQueueGroupGracefulStop stops one of two services while it runs a
// request: Stop waits for that request, which succeeds, and later calls go
// to the other service.
func TestQueueGroupGracefulStop(t *testing.T) {
	srv := startServer(t, server.Options{})
	gate, arrivedA := make(chan struct{}), make(chan struct{}, 100)
	a := serve(t, connect(t, srv.ClientURL()), "svc",
		counting[int, string]{newActor(t, named("A", gate)), arrivedA})
	serve(t, connect(t, srv.ClientURL()), "svc", newActor(t, named("B", nil)))
	c := newClient[int, string](t, connect(t, srv.ClientURL()), "svc")

	// Call until one request is held by A.
	inFlight := make(chan error, 1)
	for i := 0; ; i++ {
		go func() {
			got, err := c.Call(testCtx(t), i)
			if err == nil && got != "A" {
				err = fmt.Errorf("answered by %s", got)
			}
			inFlight <- err
		}()
		select {
		case <-arrivedA:
		case err := <-inFlight:
			if err == nil || err.Error() != "answered by B" {
				t.Fatalf("call answered by B: %v", err)
			}
			continue
		}
		break
	}
	stopped := make(chan error, 1)
	go func() { stopped <- a.Stop(testCtx(t)) }()
	close(gate)
	if err := <-inFlight; err != nil {
		t.Errorf("call in flight during Stop: %v", err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Stop: %v", err)
	}
	for i := range 10 {
		if got, err := c.Call(testCtx(t), i); err != nil || got != "B" {
			t.Errorf("Call after A stopped = %q, %v; want B", got, err)
		}
	}
}

// TestStopGivesUp stops a service whose request will not finish: when the
// context given to Stop ends, the request's caller gets KindStopped and Stop
// returns the context's error.
func TestStopGivesUp(t *testing.T) {
	srv := startServer(t, server.Options{})
	nc := connect(t, srv.ClientURL())
	arrived := make(chan struct{}, 1)
	never := make(chan struct{})
	s := serve(t, nc, "svc", counting[int, string]{newActor(t, named("A", never)), arrived})
	c := newClient[int, string](t, nc, "svc")

	done := make(chan error, 1)
	go func() {
		_, err := c.Call(testCtx(t), 1)
		done <- err
	}()
	<-arrived
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Stop with a canceled context = %v; want context.Canceled", err)
	}
	err := <-done
	var re *natsactor.RemoteError
	if !errors.As(err, &re) || re.Kind != natsactor.KindStopped || !errors.Is(err, actor.ErrStopped) {
		t.Errorf("call in flight when Stop gave up: %v; want a *RemoteError of kind %q", err, natsactor.KindStopped)
	}
}

// TestCluster serves on one server of a three-server cluster and calls from
// another, so that every call crosses the cluster's routes.
func TestCluster(t *testing.T) {
	cluster := func(routes ...*server.Server) server.Options {
		o := server.Options{Cluster: server.ClusterOpts{Name: "actors", Host: "127.0.0.1", Port: -1}}
		for _, r := range routes {
			o.Routes = append(o.Routes, server.RoutesFromStr(fmt.Sprintf("nats://%s", r.ClusterAddr()))...)
		}
		return o
	}
	s1 := startServer(t, cluster())
	s2 := startServer(t, cluster(s1))
	s3 := startServer(t, cluster(s1, s2))

	serve(t, connect(t, s1.ClientURL()), "svc", newActor(t, named("on s1", nil)))
	c := newClient[int, string](t, connect(t, s3.ClientURL()), "svc")

	// Until the routes carry the subscription to s3, calls find no responder.
	retry := time.NewTicker(10 * time.Millisecond)
	defer retry.Stop()
	for {
		got, err := c.Call(testCtx(t), 0)
		if err == nil {
			if got != "on s1" {
				t.Fatalf("Call across the cluster = %q; want \"on s1\"", got)
			}
			break
		}
		if !errors.Is(err, nats.ErrNoResponders) {
			t.Fatalf("Call across the cluster: %v", err)
		}
		select {
		case <-retry.C:
		case <-testCtx(t).Done():
			t.Fatal("the service never became reachable from s3")
		}
	}
	for i := range 20 {
		if got, err := c.Call(testCtx(t), i); err != nil || got != "on s1" {
			t.Errorf("Call across the cluster = %q, %v; want \"on s1\"", got, err)
		}
	}
	if n := s3.NumRoutes(); n == 0 {
		t.Errorf("s3 has no routes")
	}
}

// reconnects returns an option that reports a connection's reconnections
// on the channel it returns.
func reconnects() (nats.Option, <-chan struct{}) {
	ch := make(chan struct{}, 10)
	return nats.ReconnectHandler(func(*nats.Conn) { ch <- struct{}{} }), ch
}

// TestServerRestart stops the NATS server while a call waits, and starts it
// again on the same port. The waiting call fails at once with
// nats.ErrDisconnected; both connections reconnect and later calls succeed.
func TestServerRestart(t *testing.T) {
	srv := newServer(t, server.Options{})
	t.Cleanup(func() { shutdown(srv) }) // the server running when the test ends
	addr := srv.ClientURL()
	port := srv.Addr().(*net.TCPAddr).Port
	onS, svcBack := reconnects()
	onC, cliBack := reconnects()
	fast := nats.ReconnectWait(20 * time.Millisecond)
	ncS := connect(t, addr, onS, fast, nats.MaxReconnects(-1))
	ncC := connect(t, addr, onC, fast, nats.MaxReconnects(-1))

	arrived, gate := make(chan struct{}, 10), make(chan struct{})
	serve(t, ncS, "svc", counting[string, string]{newActor(t, func(ctx context.Context, req string) (string, error) {
		if req == "wait" {
			<-gate
		}
		return "echo " + req, nil
	}), arrived})
	c := newClient[string, string](t, ncC, "svc")

	if got, err := c.Call(testCtx(t), "before"); err != nil || got != "echo before" {
		t.Fatalf("Call before the restart = %q, %v", got, err)
	}
	<-arrived
	waiting := make(chan error, 1)
	go func() {
		_, err := c.Call(testCtx(t), "wait")
		waiting <- err
	}()
	<-arrived
	shutdown(srv)
	if err := <-waiting; !errors.Is(err, nats.ErrDisconnected) {
		t.Errorf("call waiting when the server stopped: %v; want nats.ErrDisconnected", err)
	}
	close(gate)

	srv = newServer(t, server.Options{Port: port})
	<-svcBack
	<-cliBack
	flush(t, ncS)
	for i := range 10 {
		req := fmt.Sprint("after ", i)
		if got, err := c.Call(testCtx(t), req); err != nil || got != "echo "+req {
			t.Errorf("Call after the restart = %q, %v; want %q", got, err, "echo "+req)
		}
		<-arrived
	}
}
