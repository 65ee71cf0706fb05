package awssdk

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/stepd/stepd/jsonv"
)

// BenchmarkDecodePutItem measures the reflection codec on a DynamoDB item
// of 8 attributes (JSON → PutItemInput).
func BenchmarkDecodePutItem(b *testing.B) {
	params := jsonv.MustParse(`{"TableName": "Orders", "Item": {
		"id": {"S": "o-1"}, "qty": {"N": "2"}, "price": {"N": "9.99"}, "tags": {"SS": ["a", "b"]},
		"paid": {"BOOL": true}, "note": {"NULL": true}, "lines": {"L": [{"S": "x"}, {"N": "1"}]},
		"meta": {"M": {"k": {"S": "v"}}}}, "ConditionExpression": "attribute_not_exists(id)"}`)
	in := reflect.TypeFor[*dynamodb.PutItemInput]()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeInput(params, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSQSSendMessage measures one optimized call end to end against
// the local SQS fake: codec, SDK (serialisation, SigV4), local HTTP and
// the fake's signature check.
func BenchmarkSQSSendMessage(b *testing.B) {
	sqsFake := newSQS(b)
	r, err := New(testConfig(map[string]string{"sqs": sqsFake.url}), Options{})
	if err != nil {
		b.Fatal(err)
	}
	task := newTask("arn:aws:states:::sqs:sendMessage", `{"QueueUrl": "`+sqsFake.url+`/123456789012/jobs", "MessageBody": {"order": 7}}`)
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Run(context.Background(), task)
		if err != nil || res.Failed() {
			b.Fatalf("%+v %v", res, err)
		}
	}
}
