package natsactor

import (
	"context"
	"errors"

	"github.com/nats-io/nats.go"
	"github.com/oneslot/actor"
)

// ErrDecode is what a [*RemoteError] of kind [KindDecode] unwraps to: the
// service could not decode a request. The client returns it too, wrapped,
// when it cannot decode a reply.
var ErrDecode = errors.New("natsactor: cannot decode message")

// ErrEncode is what a [*RemoteError] of kind [KindEncode] unwraps to: the
// service could not encode the handler's reply. The client returns it too,
// wrapped, when it cannot encode a request; the request was then not sent.
var ErrEncode = errors.New("natsactor: cannot encode message")

// ErrClientClosed is returned by [Client.Call] after [Client.Close].
var ErrClientClosed = errors.New("natsactor: client closed")

// A Kind names what went wrong on the remote side of a call. It travels in
// the reply's Actor-Error header. A Kind this version does not know is kept
// as it came.
type Kind string

// The kinds of [RemoteError].
const (
	// KindHandler is an error returned by the remote handler.
	KindHandler Kind = "handler"
	// KindPanic is a remote handler that panicked; the message holds the
	// panic value. The stack stays on the serving side.
	KindPanic Kind = "panic"
	// KindStopped unwraps to [actor.ErrStopped]: the remote actor or the
	// service is stopping or has stopped.
	KindStopped Kind = "stopped"
	// KindMailboxFull unwraps to [actor.ErrMailboxFull]: the remote actor,
	// or the service, had no room for the request.
	KindMailboxFull Kind = "mailbox-full"
	// KindSelfCall unwraps to [actor.ErrSelfCall].
	KindSelfCall Kind = "self-call"
	// KindDeadline unwraps to [context.DeadlineExceeded]: the request's
	// deadline passed on the serving side.
	KindDeadline Kind = "deadline"
	// KindCanceled unwraps to [context.Canceled].
	KindCanceled Kind = "canceled"
	// KindDecode unwraps to [ErrDecode]: the service could not decode the
	// request, or it came with another codec or a malformed header.
	KindDecode Kind = "decode"
	// KindEncode unwraps to [ErrEncode]: the service could not encode the
	// reply.
	KindEncode Kind = "encode"
	// KindPayloadTooLarge unwraps to nats.ErrMaxPayload: the reply was over
	// the NATS server's size limit.
	KindPayloadTooLarge Kind = "payload-too-large"
)

// RemoteError is an error that happened on the serving side of a call and
// came back in its reply. The request reached the service.
type RemoteError struct {
	// Kind says what went wrong.
	Kind Kind
	// Message is the text of the remote error.
	Message string
}

// Error returns the kind and the remote message.
func (e *RemoteError) Error() string {
	return "natsactor: remote " + string(e.Kind) + ": " + e.Message
}

// Unwrap returns the error that e's Kind stands for, such as
// [actor.ErrStopped] for [KindStopped], so that errors.Is matches it as it
// would for a local call. It returns nil for [KindHandler], [KindPanic] and
// kinds it does not know.
func (e *RemoteError) Unwrap() error {
	switch e.Kind {
	case KindStopped:
		return actor.ErrStopped
	case KindMailboxFull:
		return actor.ErrMailboxFull
	case KindSelfCall:
		return actor.ErrSelfCall
	case KindDeadline:
		return context.DeadlineExceeded
	case KindCanceled:
		return context.Canceled
	case KindDecode:
		return ErrDecode
	case KindEncode:
		return ErrEncode
	case KindPayloadTooLarge:
		return nats.ErrMaxPayload
	}
	return nil
}

// kindOf returns the kind of err, an error from a served Caller. A
// [*RemoteError] from a Caller that is itself remote keeps its kind.
func kindOf(err error) Kind {
	var pe *actor.PanicError
	var re *RemoteError
	switch {
	case errors.As(err, &pe):
		return KindPanic
	case errors.As(err, &re):
		return re.Kind
	case errors.Is(err, actor.ErrStopped):
		return KindStopped
	case errors.Is(err, actor.ErrMailboxFull):
		return KindMailboxFull
	case errors.Is(err, actor.ErrSelfCall):
		return KindSelfCall
	case errors.Is(err, context.DeadlineExceeded):
		return KindDeadline
	case errors.Is(err, context.Canceled):
		return KindCanceled
	}
	return KindHandler
}
