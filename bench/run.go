package bench

import "sync"

// chunk is the most operations a client hands its Client.Run at once.
const chunk = 256

// A run is a prepared run of a workload on a store: clients goroutines,
// each with its Client and its share of the operations, waiting to start.
type run struct {
	start chan struct{}
	wg    sync.WaitGroup
}

// prepare starts the clients of a run of n operations in all and returns
// once each is waiting; start the run with begin and wait for it with wait.
// sink, if not nil, receives each client's results in order.
func prepare(s Store, w Workload, clients, n int, sink func(c int, rs []Result)) *run {
	r := &run{start: make(chan struct{})}
	var ready sync.WaitGroup
	for c := range clients {
		share := n / clients
		if c < n%clients {
			share++
		}
		cl := s.Client()
		r.wg.Add(1)
		ready.Add(1)
		go func() {
			defer r.wg.Done()
			out := make([]Result, min(chunk, share))
			ready.Done()
			<-r.start
			w.chunks(c, share, chunk, func(ops []Op) {
				cl.Run(ops, out)
				if sink != nil {
					sink(c, out[:len(ops)])
				}
			})
		}()
	}
	ready.Wait()
	return r
}

func (r *run) begin() { close(r.start) }

func (r *run) wait() { r.wg.Wait() }
