//go:build race

package examples_test

// raceEnabled is set when the test runs under the race detector, so that
// the programs it builds run under it too.
const raceEnabled = true
