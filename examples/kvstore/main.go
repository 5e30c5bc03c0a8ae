// Command kvstore builds a typed handle on a key-value map owned by an
// actor. Each method has its own result type, and none needs a lock: the
// map is touched only on the actor's goroutine.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/oneslot/actor"
)

// KV is a key-value store safe for use by many goroutines at once.
type KV struct {
	st *actor.State[map[string]string]
}

// NewKV starts the actor that owns the map.
func NewKV() *KV {
	return &KV{st: actor.NewState(map[string]string{})}
}

// Get returns the value stored under key, and whether there was one.
func (kv *KV) Get(ctx context.Context, key string) (string, bool, error) {
	type lookup struct {
		value string
		found bool
	}
	r, err := actor.Do(ctx, kv.st, func(_ context.Context, m map[string]string) (lookup, error) {
		v, ok := m[key]
		return lookup{v, ok}, nil
	})
	return r.value, r.found, err
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

func main() {
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) (err error) {
	kv := NewKV()
	defer func() { err = errors.Join(err, kv.Stop(ctx)) }()

	if err := kv.Set(ctx, "name", "Alice"); err != nil {
		return err
	}
	if err := show(ctx, kv, "Value"); err != nil {
		return err
	}
	deleted, err := kv.Delete(ctx, "name")
	if err != nil {
		return err
	}
	fmt.Println("Deleted:", deleted)
	return show(ctx, kv, "Value after delete")
}

// show prints what kv holds under "name".
func show(ctx context.Context, kv *KV, label string) error {
	v, found, err := kv.Get(ctx, "name")
	switch {
	case err != nil:
		return err
	case found:
		fmt.Printf("%s: %q (found)\n", label, v)
	default:
		fmt.Printf("%s: not found\n", label)
	}
	return nil
}
