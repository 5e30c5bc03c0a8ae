// Command kvserver is an HTTP key-value server whose map is owned by an
// actor, so that no HTTP handler takes a lock:
//
//	PUT    /kv/{key}  stores the request body under key: 204
//	GET    /kv/{key}  returns the value: 200, or 404
//	DELETE /kv/{key}  removes the key: 204, or 404
//
// With -data it loads the map from a JSON file at start and saves it there
// at stop. On SIGINT or SIGTERM it stops taking requests, lets those in
// flight finish, and saves: every write it acknowledged is in the file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	path := flag.String("data", "", "JSON file to load at start and save at stop")
	flag.Parse()
	log.SetFlags(0)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	if err := run(ctx, ln, *path, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run serves HTTP on ln until ctx is done, then shuts down in order: the
// HTTP server first, so that no write is in flight, then the store.
func run(ctx context.Context, ln net.Listener, path string, out io.Writer) error {
	m, err := load(path)
	if err != nil {
		return errors.Join(err, ln.Close())
	}
	s := newStore(m)
	srv := &http.Server{Handler: newHandler(s), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintln(out, "listening on", ln.Addr())

	select {
	case err = <-served: // Serve failed; it never returns nil
	case <-ctx.Done():
		fmt.Fprintln(out, "shutting down")
		timeout, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err = srv.Shutdown(timeout); err != nil {
			err = errors.Join(err, srv.Close()) // handlers still running get errClosed
		}
		<-served
	}

	// The store is closed and stopped even after a failure, and the map saved.
	timeout, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	final, cerr := s.close(timeout)
	err = errors.Join(err, cerr, s.stop(timeout))
	if cerr == nil {
		err = errors.Join(err, save(path, final))
		fmt.Fprintf(out, "stopped; keys: %d\n", len(final))
	}
	return err
}

// newHandler returns the HTTP routes of the server, served from s.
func newHandler(s *store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /kv/{key}", func(w http.ResponseWriter, r *http.Request) {
		v, err := s.get(r.Context(), r.PathValue("key"))
		if reply(w, err, http.StatusOK) {
			io.WriteString(w, v) // an error means the client has gone: no one to tell
		}
	})
	mux.HandleFunc("PUT /kv/{key}", func(w http.ResponseWriter, r *http.Request) {
		v, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, s.set(r.Context(), r.PathValue("key"), string(v)), http.StatusNoContent)
	})
	mux.HandleFunc("DELETE /kv/{key}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, s.delete(r.Context(), r.PathValue("key")), http.StatusNoContent)
	})
	return mux
}

// reply writes the status for err, or ok if err is nil, and reports whether
// err was nil.
func reply(w http.ResponseWriter, err error, ok int) bool {
	switch {
	case err == nil:
		w.WriteHeader(ok)
		return true
	case errors.Is(err, errNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	default: // the store is closed or stopped, or the client has gone
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	}
	return false
}
