package natsactor_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests if any goroutine outlives them: every
// test shuts down the NATS servers, connections, services and actors it
// starts.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
