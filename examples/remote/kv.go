package main

import (
	"context"
	"fmt"

	"github.com/oneslot/actor"
)

// KV is a key-value store owned by an actor, as in the kvstore example: its
// map is touched only on the actor's goroutine, so it needs no lock.
type KV struct {
	st *actor.State[map[string]string]
}

// NewKV starts the actor that owns an empty map.
func NewKV() *KV {
	return &KV{st: actor.NewState(map[string]string{})}
}

// Get returns the value stored under key, and whether there was one.
func (kv *KV) Get(ctx context.Context, key string) (string, bool, error) {
	r, err := actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (Response, error) {
		v, ok := m[key]
		return Response{Value: v, Found: ok}, nil
	})
	return r.Value, r.Found, err
}

// Set stores value under key.
func (kv *KV) Set(ctx context.Context, key, value string) error {
	_, err := actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (struct{}, error) {
		m[key] = value
		return struct{}{}, nil
	})
	return err
}

// Delete removes key, and reports whether it was there.
func (kv *KV) Delete(ctx context.Context, key string) (bool, error) {
	return actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (bool, error) {
		_, ok := m[key]
		delete(m, key)
		return ok, nil
	})
}

// Stop stops the actor once the requests already sent are answered.
func (kv *KV) Stop(ctx context.Context) error { return kv.st.Stop(ctx) }

// Request is one operation on the store, as it travels over the wire.
type Request struct {
	Op    string // "set", "get" or "delete"
	Key   string
	Value string // for "set"
}

// Response is the outcome of a Request.
type Response struct {
	Value   string // for "get"
	Found   bool   // for "get": whether the key was there
	Deleted bool   // for "delete": whether the key was there
}

// service adapts a KV, whose methods each have their own result, to the
// single actor.Caller that natsactor.Serve puts on the network.
type service struct{ kv *KV }

// Call runs req on the store.
func (s service) Call(ctx context.Context, req Request) (Response, error) {
	switch req.Op {
	case "set":
		return Response{}, s.kv.Set(ctx, req.Key, req.Value)
	case "get":
		v, ok, err := s.kv.Get(ctx, req.Key)
		return Response{Value: v, Found: ok}, err
	case "delete":
		ok, err := s.kv.Delete(ctx, req.Key)
		return Response{Deleted: ok}, err
	}
	return Response{}, fmt.Errorf("kv: unknown operation %q", req.Op)
}

// Store is the typed handle of the calling side. It reaches the store
// through any Caller: a natsactor.Client here, or service{kv} in the same
// process.
type Store struct {
	c actor.Caller[Request, Response]
}

// Set stores value under key.
func (s Store) Set(ctx context.Context, key, value string) error {
	_, err := s.c.Call(ctx, Request{Op: "set", Key: key, Value: value})
	return err
}

// Get returns the value under key and whether there is one.
func (s Store) Get(ctx context.Context, key string) (string, bool, error) {
	r, err := s.c.Call(ctx, Request{Op: "get", Key: key})
	return r.Value, r.Found, err
}

// Delete removes key and reports whether it was there.
func (s Store) Delete(ctx context.Context, key string) (bool, error) {
	r, err := s.c.Call(ctx, Request{Op: "delete", Key: key})
	return r.Deleted, err
}
