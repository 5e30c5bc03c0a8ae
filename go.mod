module github.com/oneslot/actor

go 1.25.0

require go.uber.org/goleak v1.3.0

require (
	github.com/stretchr/testify v1.12.1 // indirect
	pgregory.net/rapid v1.3.0
)
