package sfnapi

import "context"

// Map Runs exist only for Distributed Map, which stepd does not run yet:
// every Map Run ARN is unknown, answered as AWS answers an unknown one.

type mapRunRequest struct {
	MapRunArn    string `json:"mapRunArn"`
	ExecutionArn string `json:"executionArn"`
}

type listMapRunsResponse struct {
	MapRuns []struct{} `json:"mapRuns"`
}

func mapRunNotFound(arn string) error {
	if parseARN(arn).Kind != arnMapRun {
		return errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
	}
	return errf("ResourceNotFound", "Resource not found: '%s'", arn)
}

func (h *handler) describeMapRun(ctx context.Context, req *mapRunRequest) (*empty, error) {
	return nil, mapRunNotFound(req.MapRunArn)
}

func (h *handler) updateMapRun(ctx context.Context, req *mapRunRequest) (*empty, error) {
	return nil, mapRunNotFound(req.MapRunArn)
}

func (h *handler) listMapRuns(ctx context.Context, req *mapRunRequest) (*listMapRunsResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	if _, err := h.eng.DescribeExecution(ctx, req.ExecutionArn); err != nil {
		return nil, err
	}
	return &listMapRunsResponse{MapRuns: []struct{}{}}, nil
}
