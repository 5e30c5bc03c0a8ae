package natsactor_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
	natsactor "github.com/oneslot/actor/remote/nats"
)

// This example serves an actor over a NATS server embedded in the process
// and calls it through a Client, which has the same Call as the actor. It
// stops the pieces in the order the package recommends: the service, the
// actor, then the connection.
func Example() {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	go ns.Start()
	defer ns.WaitForShutdown()
	defer ns.Shutdown()
	if !ns.ReadyForConnections(10 * time.Second) {
		fmt.Println("NATS server not ready")
		return
	}
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer nc.Close()

	// The serving side: an actor, and the service in front of it.
	greeter := actor.New(func(ctx context.Context, name string) (string, error) {
		return "Hello, " + name + "!", nil
	})
	srv, err := natsactor.Serve(nc, "greeter", greeter)
	if err == nil {
		err = nc.Flush() // the NATS server now has the subscription
	}
	if err == nil {
		err = greet(natsactor.NewClient[string, string](nc, "greeter"))
	}
	if srv != nil {
		err = errors.Join(err, srv.Stop(context.Background()))
	}
	if err := errors.Join(err, greeter.Stop(context.Background())); err != nil {
		fmt.Println(err)
	}
	// Output: Hello, Alice!
}

// greet is the calling side, usually in another process. It would work the
// same with the local actor, since both are actor.Callers.
func greet(c *natsactor.Client[string, string]) error {
	defer c.Close()
	var caller actor.Caller[string, string] = c
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	greeting, err := caller.Call(ctx, "Alice")
	if err != nil {
		return err
	}
	fmt.Println(greeting)
	return nil
}
