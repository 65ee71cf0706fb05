package sfnapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// TestHistoryFullPages pages through a history of more than 1000 events
// with maxResults 1000 (the most the store returns at once), forward and
// in reverse: a full page must still say there is a next one.
func TestHistoryFullPages(t *testing.T) {
	h := newHarness(t)
	c := h.client
	sm := h.createMachine("Wide", `{"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
		"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`, "")
	items := "["
	for i := range 300 {
		if i > 0 {
			items += ","
		}
		items += "1"
	}
	start := must(c.StartExecution(h.ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(sm), Input: aws.String(`{"items":` + items + `]}`)}))
	h.waitDone(*start.ExecutionArn)
	const want = 6 + 4*300 // execution and Map events, then four per iteration
	for _, reverse := range []bool{false, true} {
		var ids []int64
		var token *string
		pages := 0
		for {
			page := must(c.GetExecutionHistory(h.ctx, &sfn.GetExecutionHistoryInput{ExecutionArn: start.ExecutionArn, MaxResults: 1000, ReverseOrder: reverse, NextToken: token}))
			pages++
			for _, e := range page.Events {
				ids = append(ids, e.Id)
			}
			if token = page.NextToken; token == nil {
				break
			}
		}
		if len(ids) != want || pages != 2 {
			t.Fatalf("reverse=%v: %d events in %d pages, want %d in 2", reverse, len(ids), pages, want)
		}
		for i, id := range ids {
			wantID := int64(i + 1)
			if reverse {
				wantID = int64(want - i)
			}
			if id != wantID {
				t.Fatalf("reverse=%v: event %d has id %d, want %d", reverse, i, id, wantID)
			}
		}
	}
}
