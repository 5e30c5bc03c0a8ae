package natsactor

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
)

// The headers of the wire format. A request carries its codec and, if its
// context has a deadline, the time left when it was sent. A reply carries
// its codec; an error reply carries the error's kind in hdrError and its
// message as the payload.
const (
	hdrContentType = "Content-Type"
	hdrTimeout     = "Actor-Timeout"
	hdrError       = "Actor-Error"
)

// maxErrorMessage bounds the message of an error reply, so that a huge
// panic value cannot make the reply itself too large to send.
const maxErrorMessage = 16 << 10

// setTimeout records in h the time left before deadline.
func setTimeout(h nats.Header, deadline time.Time) {
	h.Set(hdrTimeout, time.Until(deadline).String())
}

// requestContext returns the context for a request with header h: base,
// bounded by the time left that the caller sent, if any.
func requestContext(base context.Context, h nats.Header) (context.Context, context.CancelFunc, error) {
	v := h.Get(hdrTimeout)
	if v == "" {
		return base, func() {}, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return nil, nil, fmt.Errorf("natsactor: bad %s header %q: %w", hdrTimeout, v, err)
	}
	ctx, cancel := context.WithTimeout(base, d)
	return ctx, cancel, nil
}

// checkCodec reports an error if h names a codec other than c.
func checkCodec(h nats.Header, c Codec) error {
	if name := h.Get(hdrContentType); name != "" && name != c.Name() {
		return fmt.Errorf("natsactor: message encoded as %s, expected %s", name, c.Name())
	}
	return nil
}

// truncate shortens s to at most maxErrorMessage bytes.
func truncate(s string) string {
	if len(s) <= maxErrorMessage {
		return s
	}
	return s[:maxErrorMessage] + "..."
}
