package sfnapi

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/stepd/stepd/internal/store"
)

// activityPollLimit is how long GetActivityTask waits for work, as AWS.
const activityPollLimit = 60 * time.Second

type createActivityRequest struct {
	Name                    string          `json:"name"`
	Tags                    []tag           `json:"tags"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration"`
}

type activityResponse struct {
	ActivityArn             string          `json:"activityArn"`
	Name                    string          `json:"name,omitempty"`
	CreationDate            epoch           `json:"creationDate"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration,omitempty"`
}

func (h *handler) createActivity(ctx context.Context, req *createActivityRequest) (*activityResponse, error) {
	if !validName(req.Name) {
		return nil, errf("InvalidName", "Invalid Name: '%s'", req.Name)
	}
	arn := h.activityARN(req.Name)
	var out *activityResponse
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		a, err := tx.ActivityCreate(ctx, &store.ActivityCreateParams{ARN: arn, Name: req.Name, EncryptionConfiguration: req.EncryptionConfiguration, Now: h.clock.Now()})
		if errors.Is(err, store.ErrAlreadyExists) {
			// CreateActivity is idempotent.
			a, err = tx.ActivityGet(ctx, &store.ActivityGetParams{ARN: arn})
		}
		if err != nil {
			return err
		}
		if len(req.Tags) > 0 {
			if err := tx.TagSet(ctx, &store.TagSetParams{ResourceARN: arn, Tags: storeTags(req.Tags)}); err != nil {
				return err
			}
		}
		out = &activityResponse{ActivityArn: a.ARN, CreationDate: epoch(a.CreationDate)}
		return nil
	})
	return out, err
}

type activityRequest struct {
	ActivityArn string `json:"activityArn"`
	WorkerName  string `json:"workerName"`
}

func checkActivityARN(arn string) error {
	if parseARN(arn).Kind != arnActivity {
		return errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
	}
	return nil
}

func activityNotFound(arn string) error {
	return errf("ActivityDoesNotExist", "Activity Does Not Exist: '%s'", arn)
}

func (h *handler) describeActivity(ctx context.Context, req *activityRequest) (*activityResponse, error) {
	if err := checkActivityARN(req.ActivityArn); err != nil {
		return nil, err
	}
	var a *store.Activity
	err := h.store.ReadTx(ctx, func(tx store.Tx) error {
		var err error
		a, err = tx.ActivityGet(ctx, &store.ActivityGetParams{ARN: req.ActivityArn})
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, activityNotFound(req.ActivityArn)
	}
	if err != nil {
		return nil, err
	}
	return &activityResponse{ActivityArn: a.ARN, Name: a.Name, CreationDate: epoch(a.CreationDate), EncryptionConfiguration: orDefault(a.EncryptionConfiguration, defaultEncryption)}, nil
}

func (h *handler) deleteActivity(ctx context.Context, req *activityRequest) (*empty, error) {
	if err := checkActivityARN(req.ActivityArn); err != nil {
		return nil, err
	}
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		return tx.ActivityDelete(ctx, &store.ActivityDeleteParams{ARN: req.ActivityArn})
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return &empty{}, nil
}

type listActivitiesResponse struct {
	Activities []activityResponse `json:"activities"`
	NextToken  *string            `json:"nextToken,omitempty"`
}

func (h *handler) listActivities(ctx context.Context, req *listStateMachinesRequest) (*listActivitiesResponse, error) {
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	cursor, err := h.openToken("ListActivities", req.NextToken)
	if err != nil {
		return nil, err
	}
	var page *store.Page[store.Activity]
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		page, err = tx.ActivityList(ctx, &store.ActivityListParams{Limit: req.MaxResults, Cursor: cursor})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &listActivitiesResponse{Activities: []activityResponse{}, NextToken: h.sealToken("ListActivities", page.Next)}
	for _, a := range page.Items {
		out.Activities = append(out.Activities, activityResponse{ActivityArn: a.ARN, Name: a.Name, CreationDate: epoch(a.CreationDate)})
	}
	return out, nil
}

type getActivityTaskResponse struct {
	TaskToken *string `json:"taskToken,omitempty"`
	Input     *string `json:"input,omitempty"`
}

func (h *handler) getActivityTask(ctx context.Context, req *activityRequest) (*getActivityTaskResponse, error) {
	if err := checkActivityARN(req.ActivityArn); err != nil {
		return nil, err
	}
	if _, err := h.describeActivity(ctx, req); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, activityPollLimit)
	defer cancel()
	t, err := h.eng.PollActivityTask(ctx, req.ActivityArn, req.WorkerName)
	if err != nil {
		if ctx.Err() != nil {
			return &getActivityTaskResponse{}, nil
		}
		return nil, err
	}
	if t == nil {
		return &getActivityTaskResponse{}, nil
	}
	return &getActivityTaskResponse{TaskToken: &t.TaskToken, Input: strPtr(t.Input)}, nil
}

type sendTaskRequest struct {
	TaskToken string  `json:"taskToken"`
	Output    *string `json:"output"`
	Error     string  `json:"error"`
	Cause     string  `json:"cause"`
}

func checkTaskToken(token string) error {
	if token == "" || len(token) > 2048 {
		return errf("InvalidToken", "Invalid Token: '%s'", token)
	}
	return nil
}

func (h *handler) sendTaskSuccess(ctx context.Context, req *sendTaskRequest) (*empty, error) {
	if err := checkTaskToken(req.TaskToken); err != nil {
		return nil, err
	}
	if req.Output == nil {
		return nil, validation("", "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null")
	}
	if err := h.eng.SendTaskSuccess(ctx, req.TaskToken, []byte(*req.Output)); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (h *handler) sendTaskFailure(ctx context.Context, req *sendTaskRequest) (*empty, error) {
	if err := checkTaskToken(req.TaskToken); err != nil {
		return nil, err
	}
	if err := h.eng.SendTaskFailure(ctx, req.TaskToken, req.Error, req.Cause); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (h *handler) sendTaskHeartbeat(ctx context.Context, req *sendTaskRequest) (*empty, error) {
	if err := checkTaskToken(req.TaskToken); err != nil {
		return nil, err
	}
	if err := h.eng.SendTaskHeartbeat(ctx, req.TaskToken); err != nil {
		return nil, err
	}
	return &empty{}, nil
}
