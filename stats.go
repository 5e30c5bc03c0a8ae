package actor

import "sync/atomic"

// Stats is a snapshot of an actor's counters, returned by [Actor.Stats].
// Each field is read atomically, but not all at one instant, so while the
// actor is busy the fields may be a few requests apart.
//
// Every accepted request is eventually counted exactly once in Processed,
// Failed, Panicked, Canceled or Dropped; until then it is queued or running.
// A handler run is counted by how it ended, even if its caller had given up
// and the result went nowhere.
// Requests refused with [ErrMailboxFull] or [ErrStopped] are counted in
// Rejected. Requests refused before that point, with [ErrSelfCall] or
// because the caller's context had already ended, and requests whose
// caller's context ended while they waited for room, are counted nowhere.
type Stats struct {
	// Processed counts handler runs that returned a nil error.
	Processed uint64
	// Failed counts handler runs that returned an error.
	Failed uint64
	// Panicked counts handler runs that panicked or called
	// [runtime.Goexit] (see [PanicError]).
	Panicked uint64
	// Canceled counts requests skipped, never run, because their caller had
	// already given up.
	Canceled uint64
	// Rejected counts requests refused with [ErrMailboxFull] or [ErrStopped]
	// before they got into the mailbox.
	Rejected uint64
	// Dropped counts accepted requests answered with [ErrStopped], never run,
	// because the context given to [Actor.Stop] ended before their turn.
	Dropped uint64
	// Queued is the number of requests in the mailbox.
	Queued int
}

// counters are written by the actor's goroutine, except rejected, which
// senders write, and dropped and canceled, which a Stop that drops queued
// requests may write too.
type counters struct {
	processed atomic.Uint64
	failed    atomic.Uint64
	panicked  atomic.Uint64
	canceled  atomic.Uint64
	rejected  atomic.Uint64
	dropped   atomic.Uint64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Processed: c.processed.Load(),
		Failed:    c.failed.Load(),
		Panicked:  c.panicked.Load(),
		Canceled:  c.canceled.Load(),
		Rejected:  c.rejected.Load(),
		Dropped:   c.dropped.Load(),
	}
}
