//go:build race

package actor_test

// raceEnabled reports whether the race detector is on; allocation counts
// mean nothing under it.
const raceEnabled = true
