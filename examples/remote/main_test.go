package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestOutput runs the example in its default mode and compares what it
// prints with output.txt.
func TestOutput(t *testing.T) {
	want, err := os.ReadFile("output.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := run(context.Background(), &got, nil); err != nil {
		t.Fatalf("run: %v", err)
	}
	if got.String() != string(want) {
		t.Errorf("run printed:\n%s\nwant (output.txt):\n%s", got.String(), want)
	}
}

// TestLocalStore runs the same calls on a store in this process.
func TestLocalStore(t *testing.T) {
	kv := NewKV()
	defer func() {
		if err := kv.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	}()
	want, err := os.ReadFile("output.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := useStore(context.Background(), Store{c: service{kv}}, &got); err != nil {
		t.Fatalf("useStore: %v", err)
	}
	if got.String() != string(want) {
		t.Errorf("useStore printed:\n%s\nwant:\n%s", got.String(), want)
	}
}
