package awssdk

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/stepd/stepd/jsonv"
)

// The codec's conversions on shapes of each kind, both ways.
func TestDecodeShapes(t *testing.T) {
	v, err := decodeInput(jsonv.MustParse(`{
		"QueueUrl": "q", "MessageBody": "m", "DelaySeconds": 5,
		"MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": "AAEC"}}}`), reflect.TypeFor[*sqs.SendMessageInput]())
	if err != nil {
		t.Fatal(err)
	}
	in := v.Interface().(*sqs.SendMessageInput)
	if *in.QueueUrl != "q" || in.DelaySeconds != 5 || !bytes.Equal(in.MessageAttributes["bin"].BinaryValue, []byte{0, 1, 2}) {
		t.Fatalf("%+v", in)
	}

	v, err = decodeInput(jsonv.MustParse(`{"Bucket": "b", "Key": "k", "Body": "text", "Expires": "2030-01-02T03:04:05Z",
		"StorageClass": "GLACIER", "Metadata": {"a": "1"}}`), reflect.TypeFor[*s3.PutObjectInput]())
	if err != nil {
		t.Fatal(err)
	}
	put := v.Interface().(*s3.PutObjectInput)
	body, _ := io.ReadAll(put.Body)
	if string(body) != "text" || !put.Expires.Equal(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) ||
		put.StorageClass != s3types.StorageClassGlacier || put.Metadata["a"] != "1" {
		t.Fatalf("%+v", put)
	}

	for _, c := range []struct{ in, want string }{
		{`{"Bucket": "b", "Key": "k", "Expires": "tomorrow"}`, "$.Expires must be an ISO 8601 timestamp"},
		{`{"Bucket": "b", "Key": "k", "ContentLength": 1.5}`, "$.ContentLength must be an integer in range, not 1.5"},
		{`{"Bucket": ["b"]}`, "$.Bucket must be a string, not array"},
	} {
		_, err := decodeInput(jsonv.MustParse(c.in), reflect.TypeFor[*s3.PutObjectInput]())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.in, err, c.want)
		}
	}
}

func TestEncodeShapes(t *testing.T) {
	when := time.Date(2030, 1, 2, 3, 4, 5, 600_000_000, time.UTC)
	out := &dynamodb.GetItemOutput{Item: map[string]ddbtypes.AttributeValue{
		"b":  &ddbtypes.AttributeValueMemberB{Value: []byte("hi")},
		"l":  &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{&ddbtypes.AttributeValueMemberN{Value: "1"}}},
		"ns": &ddbtypes.AttributeValueMemberNS{Value: []string{"1", "2"}},
	}}
	j, err := encodeOutput(reflect.ValueOf(out))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON(t, j, `{"Item": {"b": {"B": "aGk="}, "l": {"L": [{"N": "1"}]}, "ns": {"NS": ["1", "2"]}}}`)

	obj := &s3.GetObjectOutput{Body: io.NopCloser(strings.NewReader("body")), LastModified: &when, ContentLength: new(int64)}
	j, err = encodeOutput(reflect.ValueOf(obj))
	if err != nil {
		t.Fatal(err)
	}
	wantJSON(t, j, `{"Body": "body", "ContentLength": 0, "LastModified": "2030-01-02T03:04:05.6Z"}`)
}
