// Command fn is the example's payment function: a plain aws-lambda-go
// handler, run by stepd through the Lambda Runtime API.
package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type order struct {
	OrderID string `json:"orderId"`
	Amount  int    `json:"amount"`
}

type receipt struct {
	OrderID   string `json:"orderId"`
	Charged   int    `json:"charged"`
	Attempt   int    `json:"attempt"`
	RequestID string `json:"requestId"`
}

// PaymentDeclined is a business error: the workflow catches it by name.
type PaymentDeclined struct{ Reason string }

func (e *PaymentDeclined) Error() string { return e.Reason }

// GatewayBusy is a transient error: the workflow retries it.
type GatewayBusy struct{ OrderID string }

func (e *GatewayBusy) Error() string {
	return "the payment gateway is busy, try " + e.OrderID + " again"
}

// attempts lives as long as the (warm) process: the first call for each
// order fails as busy, to show Retry at work.
var (
	mu       sync.Mutex
	attempts = map[string]int{}
)

func charge(ctx context.Context, o order) (receipt, error) {
	lc, _ := lambdacontext.FromContext(ctx)
	mu.Lock()
	attempts[o.OrderID]++
	n := attempts[o.OrderID]
	mu.Unlock()
	fmt.Printf("charging order %s: %d (attempt %d)\n", o.OrderID, o.Amount, n)
	switch {
	case o.Amount > 1000:
		return receipt{}, &PaymentDeclined{Reason: fmt.Sprintf("%d is over the card limit", o.Amount)}
	case n == 1:
		return receipt{}, &GatewayBusy{OrderID: o.OrderID}
	}
	return receipt{OrderID: o.OrderID, Charged: o.Amount, Attempt: n, RequestID: lc.AwsRequestID}, nil
}

func main() { lambda.Start(charge) }
