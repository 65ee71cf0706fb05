package awssdk

import (
	"strings"
	"testing"

	"github.com/stepd/stepd/jsonv"
)

// DynamoDB against dynalite, a real DynamoDB protocol server (AWS JSON 1.0;
// it checks the SigV4 header's form, not the signature): the four optimized item actions, their errors, and the
// aws-sdk path (createTable, query, a missing table).
func TestDynamoDB(t *testing.T) {
	r := newTestRunner(t, testConfig(map[string]string{"dynamodb": startDynalite(t)}))

	created := succeed(t, r, "arn:aws:states:::aws-sdk:dynamodb:createTable", `{
		"TableName": "Orders",
		"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
		"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
		"BillingMode": "PAY_PER_REQUEST"}`)
	if got := at(t, created, "TableDescription", "TableName"); got != "Orders" {
		t.Fatalf("createTable: TableName %v", got)
	}
	if _, ok := created.Get("SdkHttpMetadata"); ok {
		t.Fatal("aws-sdk integrations do not add SdkHttpMetadata")
	}

	put := succeed(t, r, "arn:aws:states:::dynamodb:putItem", `{
		"TableName": "Orders",
		"Item": {"id": {"S": "o-1"}, "qty": {"N": "2"}, "tags": {"SS": ["a", "b"]},
		         "meta": {"M": {"ok": {"BOOL": true}, "none": {"NULL": true}, "list": {"L": [{"S": "x"}, {"N": "1.50"}]}}}}}`)
	if got := at(t, put, "SdkHttpMetadata", "HttpStatusCode"); !jsonv.Equal(got, jsonv.Number("200")) {
		t.Fatalf("putItem: HttpStatusCode %v", got)
	}
	if id := at(t, put, "SdkResponseMetadata", "RequestId"); id == "" {
		t.Fatal("putItem: no RequestId")
	}
	if ct := at(t, put, "SdkHttpMetadata", "HttpHeaders", "Content-Type"); ct != "application/x-amz-json-1.0" {
		t.Fatalf("putItem: Content-Type %v", ct)
	}

	// DynamoDB keeps numbers in canonical form: 1.50 comes back as 1.5.
	got := succeed(t, r, "arn:aws:states:::dynamodb:getItem", `{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "ConsistentRead": true}`)
	wantJSON(t, at(t, got, "Item"), `{"id": {"S": "o-1"}, "meta": {"M": {"list": {"L": [{"S": "x"}, {"N": "1.5"}]}, "none": {"NULL": true}, "ok": {"BOOL": true}}}, "qty": {"N": "2"}, "tags": {"SS": ["a", "b"]}}`)

	updated := succeed(t, r, "arn:aws:states:::dynamodb:updateItem", `{
		"TableName": "Orders", "Key": {"id": {"S": "o-1"}},
		"UpdateExpression": "SET qty = qty + :n", "ExpressionAttributeValues": {":n": {"N": "3"}},
		"ReturnValues": "UPDATED_NEW"}`)
	wantJSON(t, at(t, updated, "Attributes"), `{"qty": {"N": "5"}}`)

	cause := fail(t, r, "arn:aws:states:::dynamodb:putItem", `{
		"TableName": "Orders", "Item": {"id": {"S": "o-1"}}, "ConditionExpression": "attribute_not_exists(id)"}`,
		"DynamoDB.ConditionalCheckFailedException")
	if !strings.HasPrefix(cause, "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: ") ||
		!strings.HasSuffix(cause, "; Proxy: null)") {
		t.Fatalf("cause %q", cause)
	}

	deleted := succeed(t, r, "arn:aws:states:::dynamodb:deleteItem", `{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}, "ReturnValues": "ALL_OLD"}`)
	if got := at(t, deleted, "Attributes", "qty"); !jsonv.Equal(got, jsonv.MustParse(`{"N": "5"}`)) {
		t.Fatalf("deleteItem: old qty %s", jsonv.String(got))
	}
	gone := succeed(t, r, "arn:aws:states:::dynamodb:getItem", `{"TableName": "Orders", "Key": {"id": {"S": "o-1"}}}`)
	if gone.Has("Item") {
		t.Fatalf("getItem after deleteItem: %s", jsonv.String(gone))
	}

	// The aws-sdk path: query, and the error naming of aws-sdk integrations.
	for _, id := range []string{"o-2", "o-3"} {
		succeed(t, r, "arn:aws:states:::aws-sdk:dynamodb:putItem", `{"TableName": "Orders", "Item": {"id": {"S": "`+id+`"}}}`)
	}
	q := succeed(t, r, "arn:aws:states:::aws-sdk:dynamodb:query", `{
		"TableName": "Orders", "KeyConditionExpression": "id = :id", "ExpressionAttributeValues": {":id": {"S": "o-3"}}}`)
	wantJSON(t, at(t, q, "Items"), `[{"id": {"S": "o-3"}}]`)
	if c := at(t, q, "Count"); !jsonv.Equal(c, jsonv.Number("1")) {
		t.Fatalf("query: Count %v", c)
	}
	cause = fail(t, r, "arn:aws:states:::aws-sdk:dynamodb:getItem", `{"TableName": "Missing", "Key": {"id": {"S": "x"}}}`,
		"DynamoDb.ResourceNotFoundException")
	if !strings.Contains(cause, " (Service: DynamoDb, Status Code: 400, Request ID: ") {
		t.Fatalf("cause %q", cause)
	}
	fail(t, r, "arn:aws:states:::dynamodb:getItem", `{"TableName": "Missing", "Key": {"id": {"S": "x"}}}`,
		"DynamoDB.ResourceNotFoundException")
}

// Parameters that do not fit the API fail with States.Runtime naming the
// field, before any call.
func TestDynamoDBBadParameters(t *testing.T) {
	r := newTestRunner(t, testConfig(map[string]string{"dynamodb": "http://127.0.0.1:1"}))
	for _, c := range []struct{ input, want string }{
		{`{"TableName": "T", "Item": {"id": {"X": "a"}}}`, `$.Item.id has an unknown member "X"`},
		{`{"TableName": "T", "Item": {"id": {"S": "a", "N": "1"}}}`, `$.Item.id must be an object with exactly one member`},
		{`{"TableName": "T", "Bogus": 1}`, `$.Bogus is not a member of PutItem`},
		{`{"TableName": 5}`, `$.TableName must be a string, not number`},
		{`{"TableName": "T", "Item": {"n": {"N": 5}}}`, `$.Item.n.N must be a string, not number`},
	} {
		cause := fail(t, r, "arn:aws:states:::dynamodb:putItem", c.input, "States.Runtime")
		if !strings.Contains(cause, c.want) {
			t.Errorf("%s: cause %q, want it to contain %q", c.input, cause, c.want)
		}
	}
	cause := fail(t, r, "arn:aws:states:::aws-sdk:dynamodb:noSuchAction", `{}`, "States.Runtime")
	if !strings.Contains(cause, "no action noSuchAction") {
		t.Errorf("cause %q", cause)
	}
}
