package bench

import (
	"context"
	"sync"
)

// A Store is one way of serving the operations of a workload to many
// goroutines. Each goroutine uses a [Client] of its own.
type Store interface {
	// Client returns a handle for one goroutine.
	Client() Client
	// Close releases the store; no Client may be used after it.
	Close()
}

// A Client performs operations on its [Store] for one goroutine.
type Client interface {
	// Run performs ops in order and sets out[i] to the result of ops[i].
	// out is at least as long as ops.
	Run(ops []Op, out []Result)
}

// An Impl names a way of making a [Store].
type Impl struct {
	Name string
	New  func() Store
}

// Impls returns the implementations of the suite, the library's first.
func Impls() []Impl {
	return []Impl{
		{"call", newCallStore},
		{"callctx", newCallCtxStore},
		{"ask16", newAskStore},
		{"state", newStateStore},
		{"batch", newBatchStore},
		{"chan", newChanStore},
		{"chanctx", newChanCtxStore},
		{"mutex", newMutexStore},
		{"rwmutex", newRWMutexStore},
		{"syncmap", newSyncMapStore},
	}
}

// state is what every store but the sync.Map one serves operations from,
// behind its own means of mutual exclusion.
type state struct {
	m   map[string]string
	acc uint64

	records uint64 // appended to the log
	flushed uint64 // of them, covered by a flush
	sum     uint64 // what the last flush wrote
}

func newState() state { return state{m: Preload()} }

// do performs op, flushing the log if op appended to it.
func (s *state) do(op Op) Result {
	r := s.apply(op)
	s.flush()
	return r
}

// apply performs op but leaves an appended record unflushed.
func (s *state) apply(op Op) Result {
	switch op.Kind {
	case Get:
		v, ok := s.m[op.Key()]
		return Result{Value: v, OK: ok}
	case Set:
		s.m[op.Key()] = op.Value()
		return Result{}
	case Append:
		s.records++
		s.sum ^= op.N
		return Result{N: s.records}
	default:
		s.acc = fold(s.acc, op.N)
		return Result{N: s.acc}
	}
}

// flush writes out every record appended since the last flush, at a cost
// that does not depend on their number.
func (s *state) flush() {
	if s.flushed == s.records {
		return
	}
	s.sum = fold(s.sum, s.records)
	s.flushed = s.records
}

// mutexStore guards the state with a sync.Mutex.
type mutexStore struct {
	mu sync.Mutex
	s  state
}

func newMutexStore() Store { return &mutexStore{s: newState()} }

func (m *mutexStore) Client() Client { return m }
func (m *mutexStore) Close()         {}

func (m *mutexStore) Run(ops []Op, out []Result) {
	for i, op := range ops {
		m.mu.Lock()
		out[i] = m.s.do(op)
		m.mu.Unlock()
	}
}

// rwMutexStore guards the state with a sync.RWMutex, reading under RLock.
type rwMutexStore struct {
	mu sync.RWMutex
	s  state
}

func newRWMutexStore() Store { return &rwMutexStore{s: newState()} }

func (m *rwMutexStore) Client() Client { return m }
func (m *rwMutexStore) Close()         {}

func (m *rwMutexStore) Run(ops []Op, out []Result) {
	for i, op := range ops {
		if op.Kind == Get {
			m.mu.RLock()
			v, ok := m.s.m[op.Key()]
			m.mu.RUnlock()
			out[i] = Result{Value: v, OK: ok}
			continue
		}
		m.mu.Lock()
		out[i] = m.s.do(op)
		m.mu.Unlock()
	}
}

// syncMapStore keeps the keys in a sync.Map, and the accumulator and the
// log under two more keys, updated by compare-and-swap as a lock-free
// program would.
type syncMapStore struct {
	m sync.Map
}

const accKey = "\x00acc"

func newSyncMapStore() Store {
	s := &syncMapStore{}
	for k, v := range Preload() {
		s.m.Store(k, v)
	}
	s.m.Store(accKey, uint64(0))
	s.m.Store(logKey, &logState{})
	return s
}

func (s *syncMapStore) Client() Client { return s }
func (s *syncMapStore) Close()         {}

func (s *syncMapStore) Run(ops []Op, out []Result) {
	for i, op := range ops {
		switch op.Kind {
		case Get:
			v, ok := s.m.Load(op.Key())
			if ok {
				out[i] = Result{Value: v.(string), OK: true}
			} else {
				out[i] = Result{}
			}
		case Set:
			s.m.Store(op.Key(), op.Value())
			out[i] = Result{}
		case Append:
			out[i] = Result{N: s.append(op.N)}
		default:
			out[i] = Result{N: s.fold(op.N)}
		}
	}
}

// logState is the log of a syncMapStore, replaced whole by each append.
type logState struct{ records, sum uint64 }

const logKey = "\x00log"

func (s *syncMapStore) append(n uint64) uint64 {
	for {
		old, _ := s.m.Load(logKey)
		l := old.(*logState)
		next := &logState{records: l.records + 1}
		next.sum = fold(l.sum^n, next.records)
		if s.m.CompareAndSwap(logKey, old, next) {
			return next.records
		}
	}
}

func (s *syncMapStore) fold(n uint64) uint64 {
	for {
		old, _ := s.m.Load(accKey)
		acc := fold(old.(uint64), n)
		if s.m.CompareAndSwap(accKey, old, acc) {
			return acc
		}
	}
}

// chanStore is a channel actor as users write one by hand: one goroutine
// owns the state and answers each request on a reply channel made for it.
type chanStore struct {
	reqs chan chanReq
	done chan struct{}
}

type chanReq struct {
	op    Op
	reply chan Result
}

func newChanStore() Store {
	c := &chanStore{reqs: make(chan chanReq, 64), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		s := newState()
		for r := range c.reqs {
			r.reply <- s.do(r.op)
		}
	}()
	return c
}

func (c *chanStore) Client() Client { return c }

func (c *chanStore) Close() {
	close(c.reqs)
	<-c.done
}

func (c *chanStore) Run(ops []Op, out []Result) {
	for i, op := range ops {
		reply := make(chan Result, 1)
		c.reqs <- chanReq{op: op, reply: reply}
		out[i] = <-reply
	}
}

// chanCtxStore is the hand-written actor of chanStore as a careful user
// writes it: the caller's context, here one that can be canceled as a
// server's request context can, bounds both the send and the wait, so that
// a caller that gives up does not hang. It still runs requests whose caller
// has left, and it has no answer for a stopped owner.
type chanCtxStore struct {
	*chanStore
	ctx    context.Context
	cancel context.CancelFunc
}

func newChanCtxStore() Store {
	ctx, cancel := context.WithCancel(context.Background())
	return &chanCtxStore{chanStore: newChanStore().(*chanStore), ctx: ctx, cancel: cancel}
}

func (c *chanCtxStore) Client() Client { return c }

func (c *chanCtxStore) Close() {
	c.cancel()
	c.chanStore.Close()
}

func (c *chanCtxStore) Run(ops []Op, out []Result) {
	for i, op := range ops {
		reply := make(chan Result, 1)
		select {
		case c.reqs <- chanReq{op: op, reply: reply}:
		case <-c.ctx.Done():
			must(c.ctx.Err())
		}
		select {
		case out[i] = <-reply:
		case <-c.ctx.Done():
			must(c.ctx.Err())
		}
	}
}
