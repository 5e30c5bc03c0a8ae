package natsactor

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
)

// A Codec turns requests and replies into bytes and back. Both ends of a
// service must use the same Codec; its Name travels in each message's
// Content-Type header so that a mismatch is reported instead of misread.
//
// A Codec's methods may be called from many goroutines at once.
type Codec interface {
	// Name returns the codec's media type, such as "application/json".
	Name() string
	// Marshal encodes v.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into v, which is a pointer.
	Unmarshal(data []byte, v any) error
}

// JSON is the default [Codec]: encoding/json, with its rules for which
// fields are encoded. It suits services called from other languages too.
var JSON Codec = jsonCodec{}

// Gob is a [Codec] using encoding/gob. Each message carries its own type
// description, so no state is kept between messages; that makes Gob larger
// and slower than [JSON] for small messages. Gob encodes only exported
// fields: a struct with none, such as struct{}, cannot be sent, nor can a
// nil pointer. Values held in interfaces must be registered with
// [gob.Register] on both ends.
var Gob Codec = gobCodec{}

type jsonCodec struct{}

func (jsonCodec) Name() string                       { return "application/json" }
func (jsonCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (jsonCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

type gobCodec struct{}

func (gobCodec) Name() string { return "application/x-gob" }

func (gobCodec) Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (gobCodec) Unmarshal(data []byte, v any) error {
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}
