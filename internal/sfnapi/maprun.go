package sfnapi

import (
	"context"

	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/store"
)

// Map Runs: DescribeMapRun, ListMapRuns, UpdateMapRun, and the mapRunArn
// of ListExecutions (the run's children).

type mapRunRequest struct {
	MapRunArn string `json:"mapRunArn"`
}

func checkMapRunARN(arn string) error {
	if parseARN(arn).Kind != arnMapRun {
		return errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
	}
	return nil
}

// mapRunCounts is DescribeMapRun's itemCounts and executionCounts.
type mapRunCounts struct {
	Pending               int64 `json:"pending"`
	Running               int64 `json:"running"`
	Succeeded             int64 `json:"succeeded"`
	Failed                int64 `json:"failed"`
	TimedOut              int64 `json:"timedOut"`
	Aborted               int64 `json:"aborted"`
	Total                 int64 `json:"total"`
	ResultsWritten        int64 `json:"resultsWritten"`
	FailuresNotRedrivable int64 `json:"failuresNotRedrivable"`
	PendingRedrive        int64 `json:"pendingRedrive"`
}

func wireCounts(c engine.MapRunCounts) mapRunCounts {
	return mapRunCounts{Pending: c.Pending, Running: c.Running, Succeeded: c.Succeeded, Failed: c.Failed,
		TimedOut: c.TimedOut, Aborted: c.Aborted, Total: c.Total, PendingRedrive: c.PendingRedrive, ResultsWritten: c.ResultsWritten}
}

type describeMapRunResponse struct {
	MapRunArn                  string       `json:"mapRunArn"`
	ExecutionArn               string       `json:"executionArn"`
	Status                     string       `json:"status"`
	StartDate                  epoch        `json:"startDate"`
	StopDate                   *epoch       `json:"stopDate,omitempty"`
	MaxConcurrency             int          `json:"maxConcurrency"`
	ToleratedFailurePercentage float64      `json:"toleratedFailurePercentage"`
	ToleratedFailureCount      int64        `json:"toleratedFailureCount"`
	ItemCounts                 mapRunCounts `json:"itemCounts"`
	ExecutionCounts            mapRunCounts `json:"executionCounts"`
	RedriveCount               int          `json:"redriveCount"`
	RedriveDate                *epoch       `json:"redriveDate,omitempty"`
}

func (h *handler) describeMapRun(ctx context.Context, req *mapRunRequest) (*describeMapRunResponse, error) {
	if err := checkMapRunARN(req.MapRunArn); err != nil {
		return nil, err
	}
	info, err := h.eng.DescribeMapRun(ctx, req.MapRunArn)
	if err != nil {
		return nil, err
	}
	return &describeMapRunResponse{
		MapRunArn: info.Run.ARN, ExecutionArn: info.Run.ExecutionARN, Status: info.Run.Status,
		StartDate: epoch(info.Run.StartDate), StopDate: epochPtr(info.Run.StopDate), MaxConcurrency: info.MaxConcurrency,
		ToleratedFailurePercentage: info.ToleratedFailurePercentage, ToleratedFailureCount: info.ToleratedFailureCount,
		ItemCounts: wireCounts(info.ItemCounts), ExecutionCounts: wireCounts(info.ExecutionCounts),
		RedriveCount: info.RedriveCount, RedriveDate: epochPtr(info.RedriveDate),
	}, nil
}

// updateMapRunRequest leaves a field out (nil) to keep its value.
type updateMapRunRequest struct {
	MapRunArn                  string   `json:"mapRunArn"`
	MaxConcurrency             *int     `json:"maxConcurrency"`
	ToleratedFailurePercentage *float64 `json:"toleratedFailurePercentage"`
	ToleratedFailureCount      *int64   `json:"toleratedFailureCount"`
}

func (h *handler) updateMapRun(ctx context.Context, req *updateMapRunRequest) (*empty, error) {
	if err := checkMapRunARN(req.MapRunArn); err != nil {
		return nil, err
	}
	switch {
	case req.MaxConcurrency != nil && *req.MaxConcurrency < 0:
		return nil, validation("", "1 validation error detected: Value '%d' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0", *req.MaxConcurrency)
	case req.ToleratedFailurePercentage != nil && (*req.ToleratedFailurePercentage < 0 || *req.ToleratedFailurePercentage > 100):
		return nil, validation("", "1 validation error detected: Value '%v' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value between 0 and 100", *req.ToleratedFailurePercentage)
	case req.ToleratedFailureCount != nil && *req.ToleratedFailureCount < 0:
		return nil, validation("", "1 validation error detected: Value '%d' at 'toleratedFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0", *req.ToleratedFailureCount)
	case req.MaxConcurrency == nil && req.ToleratedFailurePercentage == nil && req.ToleratedFailureCount == nil:
		return nil, validation("", "At least one of the parameters maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified")
	}
	err := h.eng.UpdateMapRun(ctx, req.MapRunArn, engine.MapRunUpdate{
		MaxConcurrency: req.MaxConcurrency, ToleratedFailurePercentage: req.ToleratedFailurePercentage, ToleratedFailureCount: req.ToleratedFailureCount,
	})
	if err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type listMapRunsRequest struct {
	ExecutionArn string `json:"executionArn"`
	MaxResults   int    `json:"maxResults"`
	NextToken    string `json:"nextToken"`
}

type mapRunListItem struct {
	ExecutionArn    string `json:"executionArn"`
	MapRunArn       string `json:"mapRunArn"`
	StateMachineArn string `json:"stateMachineArn"`
	StartDate       epoch  `json:"startDate"`
	StopDate        *epoch `json:"stopDate,omitempty"`
}

type listMapRunsResponse struct {
	MapRuns   []mapRunListItem `json:"mapRuns"`
	NextToken *string          `json:"nextToken,omitempty"`
}

func (h *handler) listMapRuns(ctx context.Context, req *listMapRunsRequest) (*listMapRunsResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	scope := "ListMapRuns\x00" + req.ExecutionArn
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	page, err := h.eng.ListMapRuns(ctx, req.ExecutionArn, req.MaxResults, cursor)
	if err != nil {
		return nil, err
	}
	out := &listMapRunsResponse{MapRuns: []mapRunListItem{}, NextToken: h.sealToken(scope, page.Next)}
	for _, r := range page.Items {
		out.MapRuns = append(out.MapRuns, mapRunListItem{ExecutionArn: r.ExecutionARN, MapRunArn: r.ARN,
			StateMachineArn: r.StateMachineARN, StartDate: epoch(r.StartDate), StopDate: epochPtr(r.StopDate)})
	}
	return out, nil
}

// listMapRunExecutions is ListExecutions with mapRunArn: the run's
// children, each item naming the run.
func (h *handler) listMapRunExecutions(ctx context.Context, req *listExecutionsRequest) (*listExecutionsResponse, error) {
	if req.StateMachineArn != "" {
		return nil, validation("", "You can specify either a mapRunArn or a stateMachineArn, but not both")
	}
	if err := checkMapRunARN(req.MapRunArn); err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	if err := checkListFilters(req); err != nil {
		return nil, err
	}
	scope := "ListExecutions\x00" + req.MapRunArn + "\x00" + req.StatusFilter + "\x00" + req.RedriveFilter
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	page, items, err := h.eng.ListMapRunExecutions(ctx, &store.ExecutionListParams{MapRunARN: req.MapRunArn, Status: req.StatusFilter,
		Redrive: req.RedriveFilter, Limit: req.MaxResults, Cursor: cursor})
	if err != nil {
		return nil, err
	}
	out := &listExecutionsResponse{Executions: []executionListItem{}, NextToken: h.sealToken(scope, page.Next)}
	for _, ex := range page.Items {
		n := ex.RedriveCount
		out.Executions = append(out.Executions, executionListItem{
			ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Status: ex.Status, StartDate: epoch(ex.StartDate),
			StopDate: epochPtr(ex.StopDate), MapRunArn: ex.MapRunARN, ItemCount: intPtr(items[ex.ARN]), RedriveCount: &n, RedriveDate: epochPtr(ex.RedriveDate),
		})
	}
	return out, nil
}

// mapRunLabel is the label of a child's labelled state machine ARN
// (…:stateMachine:MACHINE/LABEL).
func mapRunLabel(stateMachineARN string) (machine, label string) {
	name := parseARN(stateMachineARN).Machine
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			return name[:i], name[i+1:]
		}
	}
	return name, ""
}

func intPtr(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}
