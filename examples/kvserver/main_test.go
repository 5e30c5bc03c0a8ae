package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestHandler walks one key through every route, then closes the store.
func TestHandler(t *testing.T) {
	ctx := context.Background()
	s := newStore(map[string]string{})
	h := newHandler(s)
	steps := []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"GET", "/kv/name", "", http.StatusNotFound, ""},
		{"DELETE", "/kv/name", "", http.StatusNotFound, ""},
		{"PUT", "/kv/name", "Alice", http.StatusNoContent, ""},
		{"GET", "/kv/name", "", http.StatusOK, "Alice"},
		{"PUT", "/kv/name", "Bob", http.StatusNoContent, ""},
		{"GET", "/kv/name", "", http.StatusOK, "Bob"},
		{"DELETE", "/kv/name", "", http.StatusNoContent, ""},
		{"GET", "/kv/name", "", http.StatusNotFound, ""},
		{"POST", "/kv/name", "x", http.StatusMethodNotAllowed, ""},
		{"GET", "/kv/", "", http.StatusNotFound, ""},
		{"PUT", "/kv/kept", "yes", http.StatusNoContent, ""},
	}
	for _, st := range steps {
		code, body := serve(h, st.method, st.path, st.body)
		assert.Equal(t, st.code, code, "%s %s: status", st.method, st.path)
		if st.code == http.StatusOK {
			assert.Equal(t, st.want, body, "%s %s: body", st.method, st.path)
		}
	}

	final, err := s.close(ctx)
	require.NoError(t, err, "close")
	assert.Equal(t, map[string]string{"kept": "yes"}, final, "close: the map")
	code, _ := serve(h, "PUT", "/kv/late", "no")
	assert.Equal(t, http.StatusServiceUnavailable, code, "PUT after close: status")
	code, _ = serve(h, "GET", "/kv/kept", "")
	assert.Equal(t, http.StatusOK, code, "GET after close: status")

	require.NoError(t, s.stop(ctx), "stop")
	code, _ = serve(h, "GET", "/kv/kept", "")
	assert.Equal(t, http.StatusServiceUnavailable, code, "GET after stop: status")
}

func serve(h http.Handler, method, path, body string) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec.Code, rec.Body.String()
}

// TestRunUnderLoad runs the server under many concurrent clients, stops it
// halfway through their work, and checks that the saved map holds every
// write the server acknowledged.
func TestRunUnderLoad(t *testing.T) {
	const clients, ops = 32, 200
	path := filepath.Join(t.TempDir(), "kv.json")
	require.NoError(t, save(path, map[string]string{"seed": "kept"}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var out bytes.Buffer
	ran := make(chan error, 1)
	go func() { ran <- run(ctx, ln, path, &out) }()

	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	base := "http://" + ln.Addr().String() + "/kv/"
	var done atomic.Int64
	tick := func() {
		if done.Add(1) == clients*ops/2 {
			stop() // the other half of the work meets the shutdown
		}
	}
	histories := make([]map[string]*history, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() { histories[i] = drive(t, c, base, i, ops, tick) })
	}
	wg.Wait()
	require.NoError(t, <-ran, "run")

	final, err := load(path)
	require.NoError(t, err, "load the saved map")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{"listening on " + ln.Addr().String(), "shutting down",
		fmt.Sprintf("stopped; keys: %d", len(final))}
	assert.Equal(t, want, lines, "run's output")
	assert.Equal(t, "kept", final["seed"], "a key loaded at start")
	delete(final, "seed")
	acks := 0
	for _, hs := range histories {
		for key, h := range hs {
			v := final[key]
			h.check(t, "saved "+key, v)
			delete(final, key)
			acks += h.acks
		}
	}
	assert.Empty(t, final, "keys no client wrote")
	assert.Greater(t, acks, clients*ops/8, "acknowledged writes")
}

// history is what one client knows of one key: the value its last
// acknowledged write left ("" for none: no client writes ""), and the values
// of writes whose outcome it never learned, which may land at any time.
type history struct {
	acked   string
	unknown []string
	acks    int
}

func (h *history) allows(v string) bool {
	return v == h.acked || slices.Contains(h.unknown, v)
}

// check fails t if the key may not hold v, as what (a request) says it does.
func (h *history) check(t *testing.T, what, v string) {
	t.Helper()
	assert.True(t, h.allows(v), "%s: %q, want %q or one of %q", what, v, h.acked, h.unknown)
}

// drive has client id do ops requests on keys of its own, and returns what
// it learned of each key. Every tenth request gives up after 1ms.
func drive(t *testing.T, c *http.Client, base string, id, ops int,
	tick func()) map[string]*history {
	hs := map[string]*history{}
	for i := range ops {
		key := fmt.Sprintf("c%d-k%d", id, i%8)
		h := hs[key]
		if h == nil {
			h = &history{}
			hs[key] = h
		}
		timeout := 10 * time.Second
		if i%10 == 9 {
			timeout = time.Millisecond
		}
		switch i % 4 {
		case 0, 1:
			v := fmt.Sprintf("c%d-v%d", id, i)
			if code, _ := request(t, c, "PUT", base+key, v, timeout); code == http.StatusNoContent {
				h.acked, h.acks = v, h.acks+1
			} else {
				h.unknown = append(h.unknown, v)
			}
		case 2:
			switch code, body := request(t, c, "GET", base+key, "", timeout); code {
			case http.StatusOK:
				h.check(t, "GET "+key, body)
			case http.StatusNotFound:
				h.check(t, "GET "+key+" (not found)", "")
			}
		case 3:
			switch code, _ := request(t, c, "DELETE", base+key, "", timeout); code {
			case http.StatusNotFound:
				h.check(t, "DELETE "+key+" (not found)", "")
				h.acked, h.acks = "", h.acks+1
			case http.StatusNoContent:
				h.acked, h.acks = "", h.acks+1
			default:
				h.unknown = append(h.unknown, "")
			}
		}
		tick()
	}
	return hs
}

// request sends one request and returns its status and body, or 0 if the
// client never got a whole answer (a timeout, or the server has gone).
func request(t *testing.T, c *http.Client, method, url, body string,
	timeout time.Duration) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if !assert.NoError(t, err, "NewRequest") {
		return 0, ""
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, ""
	}
	return resp.StatusCode, string(b)
}
