package sfnapi

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/internal/engine"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/jsonv"
)

type startExecutionRequest struct {
	StateMachineArn string  `json:"stateMachineArn"`
	Name            string  `json:"name"`
	Input           *string `json:"input"`
	TraceHeader     string  `json:"traceHeader"`
}

type startExecutionResponse struct {
	ExecutionArn string `json:"executionArn"`
	StartDate    epoch  `json:"startDate"`
}

type routeEntry struct {
	StateMachineVersionArn string `json:"stateMachineVersionArn"`
	Weight                 int    `json:"weight"`
}

// startParams resolves the machine, version or alias ARN and checks the
// name and input.
func (h *handler) startParams(ctx context.Context, req *startExecutionRequest) (*engine.StartParams, error) {
	p, err := h.checkMachineARN(req.StateMachineArn, true)
	if err != nil {
		return nil, err
	}
	if req.Name != "" && !validName(req.Name) {
		return nil, errf("InvalidName", "Invalid Name: '%s'", req.Name)
	}
	input := []byte("{}")
	if req.Input != nil {
		input = []byte(*req.Input)
		if len(input) > jsonv.PayloadLimit {
			return nil, errf("InvalidExecutionInput", "The input is larger than %d bytes", jsonv.PayloadLimit)
		}
		if _, err := jsonv.Parse(input); err != nil {
			return nil, errf("InvalidExecutionInput", "Invalid State Machine Execution Input: '%v'", err)
		}
	}
	sp := &engine.StartParams{StateMachineARN: unqualified(req.StateMachineArn), Name: req.Name, Input: input, TraceHeader: req.TraceHeader}
	switch p.Kind {
	case arnVersion:
		sp.VersionARN = req.StateMachineArn
	case arnAlias:
		var a *store.Alias
		err := h.store.ReadTx(ctx, func(tx store.Tx) error {
			a, err = tx.AliasGet(ctx, &store.AliasGetParams{ARN: req.StateMachineArn})
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			return nil, errf("ResourceNotFound", "Resource not found: '%s'", req.StateMachineArn)
		}
		if err != nil {
			return nil, err
		}
		sp.AliasARN = a.ARN
		sp.VersionARN = pickVersion(a.RoutingConfiguration)
	}
	return sp, nil
}

// pickVersion routes by weight, as an alias does.
func pickVersion(routing []byte) string {
	var routes []routeEntry
	_ = json.Unmarshal(routing, &routes)
	total := 0
	for _, r := range routes {
		total += r.Weight
	}
	if total <= 0 {
		if len(routes) > 0 {
			return routes[0].StateMachineVersionArn
		}
		return ""
	}
	n := rand.IntN(total)
	for _, r := range routes {
		if n < r.Weight {
			return r.StateMachineVersionArn
		}
		n -= r.Weight
	}
	return routes[len(routes)-1].StateMachineVersionArn
}

func (h *handler) startExecution(ctx context.Context, req *startExecutionRequest) (*startExecutionResponse, error) {
	sp, err := h.startParams(ctx, req)
	if err != nil {
		return nil, err
	}
	ex, err := h.eng.StartExecution(ctx, sp)
	if err != nil {
		return nil, err
	}
	return &startExecutionResponse{ExecutionArn: ex.ARN, StartDate: epoch(ex.StartDate)}, nil
}

type payloadDetails struct {
	Included bool `json:"included"`
}

type billingDetails struct {
	BilledMemoryUsedInMB         int64 `json:"billedMemoryUsedInMB"`
	BilledDurationInMilliseconds int64 `json:"billedDurationInMilliseconds"`
}

type startSyncExecutionResponse struct {
	ExecutionArn    string          `json:"executionArn"`
	StateMachineArn string          `json:"stateMachineArn,omitempty"`
	Name            string          `json:"name,omitempty"`
	StartDate       epoch           `json:"startDate"`
	StopDate        epoch           `json:"stopDate"`
	Status          string          `json:"status"`
	Error           string          `json:"error,omitempty"`
	Cause           string          `json:"cause,omitempty"`
	Input           *string         `json:"input,omitempty"`
	InputDetails    *payloadDetails `json:"inputDetails,omitempty"`
	Output          *string         `json:"output,omitempty"`
	OutputDetails   *payloadDetails `json:"outputDetails,omitempty"`
	TraceHeader     string          `json:"traceHeader,omitempty"`
	BillingDetails  *billingDetails `json:"billingDetails,omitempty"`
}

func strPtr(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

func (h *handler) startSyncExecution(ctx context.Context, req *startExecutionRequest) (*startSyncExecutionResponse, error) {
	p := parseARN(req.StateMachineArn)
	if p.Kind == arnVersion || p.Kind == arnAlias {
		return nil, errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", req.StateMachineArn)
	}
	sp, err := h.startParams(ctx, req)
	if err != nil {
		return nil, err
	}
	ex, err := h.eng.StartSyncExecution(ctx, sp)
	if err != nil {
		return nil, err
	}
	out := &startSyncExecutionResponse{
		ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, StartDate: epoch(ex.StartDate), StopDate: epoch(ex.StopDate),
		Status: ex.Status, Error: ex.Error, Cause: ex.Cause, Input: strPtr(ex.Input), InputDetails: &payloadDetails{Included: true},
		TraceHeader:    ex.TraceHeader,
		BillingDetails: &billingDetails{BilledMemoryUsedInMB: 64, BilledDurationInMilliseconds: max(100, (ex.StopDate.Sub(ex.StartDate).Milliseconds()+99)/100*100)},
	}
	if ex.Status == store.StatusSucceeded {
		out.Output, out.OutputDetails = strPtr(ex.Output), &payloadDetails{Included: true}
	}
	return out, nil
}

type executionRequest struct {
	ExecutionArn string `json:"executionArn"`
	Error        string `json:"error"`
	Cause        string `json:"cause"`
	IncludedData string `json:"includedData"`
	ClientToken  string `json:"clientToken"`
}

func checkExecutionARN(arn string) error {
	switch parseARN(arn).Kind {
	case arnExecution, arnExpress:
		return nil
	}
	return errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
}

type stopExecutionResponse struct {
	StopDate epoch `json:"stopDate"`
}

func (h *handler) stopExecution(ctx context.Context, req *executionRequest) (*stopExecutionResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	ex, err := h.eng.StopExecution(ctx, req.ExecutionArn, req.Error, req.Cause)
	if err != nil {
		return nil, err
	}
	return &stopExecutionResponse{StopDate: epoch(ex.StopDate)}, nil
}

type describeExecutionResponse struct {
	ExecutionArn           string          `json:"executionArn"`
	StateMachineArn        string          `json:"stateMachineArn"`
	Name                   string          `json:"name"`
	Status                 string          `json:"status"`
	StartDate              epoch           `json:"startDate"`
	StopDate               *epoch          `json:"stopDate,omitempty"`
	Input                  *string         `json:"input,omitempty"`
	InputDetails           *payloadDetails `json:"inputDetails,omitempty"`
	Output                 *string         `json:"output,omitempty"`
	OutputDetails          *payloadDetails `json:"outputDetails,omitempty"`
	TraceHeader            string          `json:"traceHeader,omitempty"`
	Error                  string          `json:"error,omitempty"`
	Cause                  string          `json:"cause,omitempty"`
	StateMachineVersionArn string          `json:"stateMachineVersionArn,omitempty"`
	StateMachineAliasArn   string          `json:"stateMachineAliasArn,omitempty"`
	RedriveCount           *int            `json:"redriveCount,omitempty"`
	RedriveDate            *epoch          `json:"redriveDate,omitempty"`
	RedriveStatus          string          `json:"redriveStatus,omitempty"`
	RedriveStatusReason    string          `json:"redriveStatusReason,omitempty"`
	MapRunArn              string          `json:"mapRunArn,omitempty"`
}

func (h *handler) describeExecution(ctx context.Context, req *executionRequest) (*describeExecutionResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	ex, err := h.eng.DescribeExecution(ctx, req.ExecutionArn)
	if err != nil {
		return nil, err
	}
	out := &describeExecutionResponse{
		ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Status: ex.Status, StartDate: epoch(ex.StartDate),
		StopDate: epochPtr(ex.StopDate), Input: strPtr(ex.Input), InputDetails: &payloadDetails{Included: true},
		TraceHeader: ex.TraceHeader, Error: ex.Error, Cause: ex.Cause,
		StateMachineVersionArn: ex.VersionARN, StateMachineAliasArn: ex.AliasARN,
		RedriveDate: epochPtr(ex.RedriveDate), MapRunArn: ex.MapRunARN,
	}
	if ex.VersionARN != "" {
		out.StateMachineArn = ex.VersionARN
	}
	if ex.AliasARN != "" {
		out.StateMachineArn = ex.AliasARN
	}
	if ex.Status == store.StatusSucceeded {
		out.Output, out.OutputDetails = strPtr(ex.Output), &payloadDetails{Included: true}
	}
	if req.IncludedData == "METADATA_ONLY" {
		// Without the payloads (AWS's includedData for KMS-encrypted data).
		out.Input, out.InputDetails, out.Output, out.OutputDetails = nil, nil, nil, nil
	}
	if ex.Type != store.TypeExpress {
		n := ex.RedriveCount
		out.RedriveCount = &n
		switch ex.Status {
		case store.StatusFailed, store.StatusTimedOut, store.StatusAborted:
			out.RedriveStatus = "REDRIVABLE"
		case store.StatusRunning:
			out.RedriveStatus = "NOT_REDRIVABLE"
			out.RedriveStatusReason = "Execution is RUNNING and cannot be redriven"
		default:
			out.RedriveStatus = "NOT_REDRIVABLE"
			out.RedriveStatusReason = "Execution is SUCCEEDED and cannot be redriven"
		}
	}
	return out, nil
}

type listExecutionsRequest struct {
	StateMachineArn string `json:"stateMachineArn"`
	StatusFilter    string `json:"statusFilter"`
	MaxResults      int    `json:"maxResults"`
	NextToken       string `json:"nextToken"`
	MapRunArn       string `json:"mapRunArn"`
	RedriveFilter   string `json:"redriveFilter"`
}

type executionListItem struct {
	ExecutionArn           string `json:"executionArn"`
	StateMachineArn        string `json:"stateMachineArn"`
	Name                   string `json:"name"`
	Status                 string `json:"status"`
	StartDate              epoch  `json:"startDate"`
	StopDate               *epoch `json:"stopDate,omitempty"`
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
	StateMachineAliasArn   string `json:"stateMachineAliasArn,omitempty"`
	RedriveCount           *int   `json:"redriveCount,omitempty"`
	RedriveDate            *epoch `json:"redriveDate,omitempty"`
	// MapRunArn and ItemCount are set only when listing a Map Run's
	// children.
	MapRunArn string `json:"mapRunArn,omitempty"`
	ItemCount *int   `json:"itemCount,omitempty"`
}

type listExecutionsResponse struct {
	Executions []executionListItem `json:"executions"`
	NextToken  *string             `json:"nextToken,omitempty"`
}

func (h *handler) listExecutions(ctx context.Context, req *listExecutionsRequest) (*listExecutionsResponse, error) {
	if req.MapRunArn != "" {
		return h.listMapRunExecutions(ctx, req)
	}
	p, err := h.checkMachineARN(req.StateMachineArn, true)
	if err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	if err := checkListFilters(req); err != nil {
		return nil, err
	}
	scope := "ListExecutions\x00" + req.StateMachineArn + "\x00" + req.StatusFilter + "\x00" + req.RedriveFilter
	return h.listExecutionsAfterChecks(ctx, req, p, scope)
}

// checkListFilters checks ListExecutions' statusFilter and redriveFilter.
func checkListFilters(req *listExecutionsRequest) error {
	switch req.StatusFilter {
	case "", store.StatusRunning, store.StatusSucceeded, store.StatusFailed, store.StatusTimedOut, store.StatusAborted, store.StatusPendingRedrive:
	default:
		return validation("", "1 validation error detected: Value '%s' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]", req.StatusFilter)
	}
	switch req.RedriveFilter {
	case "", store.RedriveRedriven, store.RedriveNotRedriven:
	default:
		return validation("", "1 validation error detected: Value '%s' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]", req.RedriveFilter)
	}
	return nil
}

func (h *handler) listExecutionsAfterChecks(ctx context.Context, req *listExecutionsRequest, p parsedARN, scope string) (*listExecutionsResponse, error) {
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	lp := &store.ExecutionListParams{StateMachineARN: unqualified(req.StateMachineArn), Status: req.StatusFilter, Redrive: req.RedriveFilter, Limit: req.MaxResults, Cursor: cursor}
	switch p.Kind {
	case arnVersion:
		lp.VersionARN = req.StateMachineArn
	case arnAlias:
		lp.AliasARN = req.StateMachineArn
	}
	var page *store.Page[store.Execution]
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: lp.StateMachineARN})
		if err != nil {
			return err
		}
		if sm.Type == store.TypeExpress {
			return errf("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine")
		}
		page, err = tx.ExecutionList(ctx, lp)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, smNotFound(req.StateMachineArn)
	}
	if err != nil {
		return nil, err
	}
	out := &listExecutionsResponse{Executions: []executionListItem{}, NextToken: h.sealToken(scope, page.Next)}
	for _, ex := range page.Items {
		n := ex.RedriveCount
		out.Executions = append(out.Executions, executionListItem{
			ExecutionArn: ex.ARN, StateMachineArn: ex.StateMachineARN, Name: ex.Name, Status: ex.Status, StartDate: epoch(ex.StartDate),
			StopDate: epochPtr(ex.StopDate), StateMachineVersionArn: ex.VersionARN, StateMachineAliasArn: ex.AliasARN,
			RedriveCount: &n, RedriveDate: epochPtr(ex.RedriveDate),
		})
	}
	return out, nil
}

type getExecutionHistoryRequest struct {
	ExecutionArn         string `json:"executionArn"`
	MaxResults           int    `json:"maxResults"`
	ReverseOrder         bool   `json:"reverseOrder"`
	NextToken            string `json:"nextToken"`
	IncludeExecutionData *bool  `json:"includeExecutionData"`
}

type getExecutionHistoryResponse struct {
	Events    []json.RawMessage `json:"events"`
	NextToken *string           `json:"nextToken,omitempty"`
}

func (h *handler) getExecutionHistory(ctx context.Context, req *getExecutionHistoryRequest) (*getExecutionHistoryResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	scope := "GetExecutionHistory\x00" + req.ExecutionArn + "\x00" + strconv.FormatBool(req.ReverseOrder)
	cursor, err := h.openToken(scope, req.NextToken)
	if err != nil {
		return nil, err
	}
	var after int64
	if cursor != "" {
		after, _ = strconv.ParseInt(cursor, 10, 64)
	}
	limit := store.ListLimit(req.MaxResults)
	events, err := h.eng.History(ctx, &engine.HistoryParams{ExecutionARN: req.ExecutionArn, AfterID: after, Reverse: req.ReverseOrder, Limit: limit + 1})
	if err != nil {
		return nil, err
	}
	if len(events) == limit && limit == store.ListLimitMax {
		// The store returns at most ListLimitMax events, so the extra one
		// that tells whether there is a next page needs its own read.
		more, err := h.eng.History(ctx, &engine.HistoryParams{ExecutionARN: req.ExecutionArn, AfterID: events[limit-1].ID, Reverse: req.ReverseOrder, Limit: 1})
		if err != nil {
			return nil, err
		}
		events = append(events, more...)
	}
	out := &getExecutionHistoryResponse{Events: []json.RawMessage{}}
	if len(events) > limit {
		events = events[:limit]
		out.NextToken = h.sealToken(scope, strconv.FormatInt(events[limit-1].ID, 10))
	}
	include := req.IncludeExecutionData == nil || *req.IncludeExecutionData
	for _, ev := range events {
		b, err := history.AppendJSON(nil, ev)
		if err != nil {
			return nil, err
		}
		if !include {
			b = stripExecutionData(b)
		}
		out.Events = append(out.Events, b)
	}
	return out, nil
}

// stripExecutionData drops input and output payloads from an event's
// details, as includeExecutionData=false does, keeping the *Details flags.
func stripExecutionData(b []byte) []byte {
	v, err := jsonv.Parse(b)
	if err != nil {
		return b
	}
	o, ok := v.(*jsonv.Object)
	if !ok {
		return b
	}
	o = o.Clone()
	for _, m := range o.Members() {
		d, ok := m.Value.(*jsonv.Object)
		if !ok {
			continue
		}
		d = d.Clone()
		for _, k := range []string{"input", "output"} {
			if d.Has(k) {
				d.Delete(k)
				d.Set(k+"Details", jsonv.ObjectOf("truncated", false))
			}
		}
		o.Set(m.Key, d)
	}
	return jsonv.Append(nil, o)
}

type describeStateMachineForExecutionResponse struct {
	StateMachineArn         string          `json:"stateMachineArn"`
	Name                    string          `json:"name"`
	Definition              string          `json:"definition"`
	RoleArn                 string          `json:"roleArn"`
	UpdateDate              epoch           `json:"updateDate"`
	LoggingConfiguration    json.RawMessage `json:"loggingConfiguration,omitempty"`
	TracingConfiguration    json.RawMessage `json:"tracingConfiguration,omitempty"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration,omitempty"`
	RevisionId              string          `json:"revisionId,omitempty"`
	// A Map Run's child: its run and the run's label.
	MapRunArn string `json:"mapRunArn,omitempty"`
	Label     string `json:"label,omitempty"`
}

func (h *handler) describeStateMachineForExecution(ctx context.Context, req *executionRequest) (*describeStateMachineForExecutionResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	ex, err := h.eng.DescribeExecution(ctx, req.ExecutionArn)
	if err != nil {
		return nil, err
	}
	var out *describeStateMachineForExecutionResponse
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		if ex.MapRunARN != "" {
			// A Map Run's child runs the ItemProcessor, under the labelled
			// ARN of the parent's state machine.
			_, label := mapRunLabel(ex.StateMachineARN)
			sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: strings.TrimSuffix(ex.StateMachineARN, "/"+label)})
			if err != nil {
				return err
			}
			out = &describeStateMachineForExecutionResponse{StateMachineArn: ex.StateMachineARN, Name: parseARN(ex.StateMachineARN).Machine,
				Definition: string(ex.Definition), RoleArn: sm.RoleARN, UpdateDate: epoch(sm.UpdateDate),
				LoggingConfiguration: orDefault(sm.LoggingConfiguration, defaultLogging), TracingConfiguration: orDefault(sm.TracingConfiguration, defaultTracing),
				EncryptionConfiguration: orDefault(sm.EncryptionConfiguration, defaultEncryption), MapRunArn: ex.MapRunARN, Label: label}
			return nil
		}
		if ex.VersionARN != "" {
			v, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: ex.VersionARN})
			if err != nil {
				return err
			}
			out = &describeStateMachineForExecutionResponse{StateMachineArn: v.ARN, Name: parseARN(v.ARN).Machine, Definition: v.Definition, RoleArn: v.RoleARN,
				UpdateDate: epoch(v.CreationDate), LoggingConfiguration: orDefault(v.LoggingConfiguration, defaultLogging),
				TracingConfiguration: orDefault(v.TracingConfiguration, defaultTracing), EncryptionConfiguration: orDefault(v.EncryptionConfiguration, defaultEncryption), RevisionId: v.RevisionID}
			return nil
		}
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: ex.StateMachineARN})
		if err != nil {
			return err
		}
		out = &describeStateMachineForExecutionResponse{StateMachineArn: sm.ARN, Name: sm.Name, Definition: sm.Definition, RoleArn: sm.RoleARN,
			UpdateDate: epoch(sm.UpdateDate), LoggingConfiguration: orDefault(sm.LoggingConfiguration, defaultLogging),
			TracingConfiguration: orDefault(sm.TracingConfiguration, defaultTracing), EncryptionConfiguration: orDefault(sm.EncryptionConfiguration, defaultEncryption), RevisionId: sm.RevisionID}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf("ExecutionDoesNotExist", "Execution Does Not Exist: '%s'", req.ExecutionArn)
	}
	return out, err
}

type redriveExecutionResponse struct {
	RedriveDate epoch `json:"redriveDate"`
}

func (h *handler) redriveExecution(ctx context.Context, req *executionRequest) (*redriveExecutionResponse, error) {
	if err := checkExecutionARN(req.ExecutionArn); err != nil {
		return nil, err
	}
	ex, err := h.eng.RedriveExecution(ctx, req.ExecutionArn)
	if err != nil {
		return nil, err
	}
	d := ex.RedriveDate
	if d.IsZero() {
		d = h.clock.Now()
	}
	return &redriveExecutionResponse{RedriveDate: epoch(d)}, nil
}
