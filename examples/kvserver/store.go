package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"

	"github.com/oneslot/actor"
)

var (
	errNotFound = errors.New("not found")
	errClosed   = errors.New("store closed")
)

// store is a typed handle on a map owned by an actor: each method runs one
// function on the actor's goroutine, so the map needs no lock.
type store struct {
	st *actor.State[*data]
}

type data struct {
	m      map[string]string
	closed bool // set by close: from then on, writes are refused
}

func newStore(m map[string]string) *store {
	return &store{st: actor.NewState(&data{m: m})}
}

func (s *store) get(ctx context.Context, key string) (string, error) {
	return actor.Do(ctx, s.st, func(_ context.Context, d *data) (string, error) {
		v, ok := d.m[key]
		if !ok {
			return "", errNotFound
		}
		return v, nil
	})
}

func (s *store) set(ctx context.Context, key, value string) error {
	_, err := actor.Do(ctx, s.st, func(_ context.Context, d *data) (struct{}, error) {
		if d.closed {
			return struct{}{}, errClosed
		}
		d.m[key] = value
		return struct{}{}, nil
	})
	return err
}

func (s *store) delete(ctx context.Context, key string) error {
	_, err := actor.Do(ctx, s.st, func(_ context.Context, d *data) (struct{}, error) {
		if d.closed {
			return struct{}{}, errClosed
		}
		if _, ok := d.m[key]; !ok {
			return struct{}{}, errNotFound
		}
		delete(d.m, key)
		return struct{}{}, nil
	})
	return err
}

// close refuses all later writes and returns a copy of the map. The actor
// runs one function at a time, so the copy holds every write acknowledged
// before, and none can be acknowledged after.
func (s *store) close(ctx context.Context) (map[string]string, error) {
	return actor.Do(ctx, s.st, func(_ context.Context, d *data) (map[string]string, error) {
		d.closed = true
		return maps.Clone(d.m), nil
	})
}

func (s *store) stop(ctx context.Context) error { return s.st.Stop(ctx) }

// load reads a map saved by save; a missing file, or no path, is an empty
// map.
func load(path string) (map[string]string, error) {
	m := map[string]string{}
	if path == "" {
		return m, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	return m, json.Unmarshal(b, &m)
}

// save writes m to path as JSON, through a temporary file so that a crash
// leaves the old file whole.
func save(path string, m map[string]string) error {
	if path == "" {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
