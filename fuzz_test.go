package actor_test

import (
	"testing"

	"go.uber.org/goleak"
	"pgregory.net/rapid"
)

// FuzzActor runs the property of TestProperty on programs drawn from the
// fuzzer's bytes: the same operation sequences, the same model, the same
// checks. Its seed corpus is in testdata/fuzz/FuzzActor. Run it with
//
//	go test -run '^$' -fuzz '^FuzzActor$' -fuzzminimizetime 0 -fuzztime 5s .
//
// Without -fuzzminimizetime 0 the fuzzer spends up to a minute minimizing
// each input that reaches new code, and nearly every early input does.
// Inputs here are kilobytes of rapid's draws and a run takes milliseconds,
// so a minimization is tens of thousands of runs that seldom shrink it, and
// the fuzzer reports 0 execs/sec meanwhile. A failing input is saved in
// testdata/fuzz either way, and rapid prints the steps that failed.
func FuzzActor(f *testing.F) {
	prop := rapid.MakeFuzz(func(t *rapid.T) {
		actorProperty(goleak.IgnoreCurrent())(t)
	})
	f.Fuzz(prop)
}
