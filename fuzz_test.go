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
//	go test -run '^$' -fuzz '^FuzzActor$' -fuzztime 5s .
func FuzzActor(f *testing.F) {
	prop := rapid.MakeFuzz(func(t *rapid.T) {
		actorProperty(goleak.IgnoreCurrent())(t)
	})
	f.Fuzz(prop)
}
