// Package natsactor serves actors over NATS, so that a process can call an
// actor that lives in another process or on another machine. It builds no
// transport of its own: NATS request-reply carries each call, a queue group
// shares the load among any number of serving processes, and NATS clustering
// carries calls between servers.
//
// # The model
//
// [Serve] subscribes an [actor.Caller] (an [*actor.Actor], or a small
// adapter around any other handle) to a subject in a queue group. Each
// request that reaches the subscription is decoded, passed to the Caller's
// Call with a context that carries the remote caller's deadline, and the
// result is encoded and sent back. The actor still runs one request at a
// time: requests from many processes meet in its mailbox.
//
// A [Client] is the other end. Its [Client.Call] has the shape of
// [actor.Actor.Call] and it implements [actor.Caller], so code written
// against a Caller works unchanged whether the actor is local or remote.
//
// Both ends encode messages with a [Codec], [JSON] by default; [Gob] is the
// other codec offered. Both ends of one service must use the same codec:
// a request sent with another is refused with a decode error.
//
// # Rules for callers
//
// The caller's deadline travels with the request, as the time left when it
// was sent. The remote handler's context ends at that deadline, measured on
// the serving machine's clock from the moment the request arrived, so clocks
// need not agree. A request whose context has no deadline is bounded on the
// client by [WithDefaultTimeout], 30 seconds unless set, because a reply lost
// on the way is otherwise indistinguishable from a slow one.
//
// Canceling a call's context releases the caller at once, as with a local
// actor, but it does not reach the remote handler: that goes on until the
// request's deadline. A call that fails because its context ended, its
// connection dropped or its reply was lost may or may not have run on the
// remote actor; only a call that returns a [*RemoteError] is known to have
// reached the service.
//
// # Errors across the wire
//
// An error from the remote side arrives as a [*RemoteError] that carries its
// [Kind] and message. Its Unwrap gives back the error the kind stands for, so
// errors.Is(err, actor.ErrStopped), actor.ErrMailboxFull,
// context.DeadlineExceeded and the others match as they would locally. The
// identity of any other handler error does not cross the wire, only its
// message. Failures on the client's side wrap the error of nats.go that
// caused them: errors.Is matches nats.ErrNoResponders when no service
// listens on the subject, nats.ErrMaxPayload when the request is over the
// server's size limit, and nats.ErrDisconnected or nats.ErrConnectionClosed
// when the connection drops while a call waits.
//
// # Who stops what
//
// Each piece is stopped by whoever made it. [Server.Stop] drains the
// subscription and waits for the requests in flight to be answered; it
// neither stops the actor nor closes the connection. Stop the service first,
// then the actor, then close the connection: in that order every request
// that reached the service is answered. [Client.Close] releases the client;
// it does not close the connection either.
//
// # Wire format
//
// A request is a NATS request whose payload is the encoded Req. Its
// Content-Type header names the codec, and its Actor-Timeout header, if the
// caller has a deadline, holds the time left as a Go duration ("1.5s"). A
// reply carries the encoded Resp and the same Content-Type; an error reply
// carries the [Kind] in its Actor-Error header and the error's message as
// its payload. A client in another language can call a service, and be
// served, by following these rules with the JSON codec.
//
// # Cost
//
// A remote call costs a NATS round trip, an encode and a decode on each
// side, a goroutine on the serving side and about 60 allocations. On
// loopback it takes roughly half as long again as a bare NATS request, and
// a couple of hundred times as long as a local call: see BenchmarkCall. Keep
// remote calls coarse, and keep a chatty conversation inside one process.
package natsactor
