package bench

import "sync"

// PingPong sends n values to another goroutine over an unbuffered channel
// and waits for each to come back over another: the least a round trip
// between two goroutines costs.
func PingPong(n int) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
		close(pong)
	}()
	for i := range n {
		ping <- i
		<-pong
	}
	close(ping)
	<-pong
}

// LockUnlock locks and unlocks a sync.Mutex n times with no contention.
func LockUnlock(n int) {
	var mu sync.Mutex
	for range n {
		mu.Lock()
		//lint:ignore SA2001 the empty critical section is what is measured
		mu.Unlock()
	}
}
