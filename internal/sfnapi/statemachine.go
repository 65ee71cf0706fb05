package sfnapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/internal/store"
	"github.com/stepd/stepd/machine"
)

type createStateMachineRequest struct {
	Name                    string          `json:"name"`
	Definition              string          `json:"definition"`
	RoleArn                 string          `json:"roleArn"`
	Type                    string          `json:"type"`
	LoggingConfiguration    json.RawMessage `json:"loggingConfiguration"`
	TracingConfiguration    json.RawMessage `json:"tracingConfiguration"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration"`
	Tags                    []tag           `json:"tags"`
	Publish                 bool            `json:"publish"`
	VersionDescription      string          `json:"versionDescription"`
}

type createStateMachineResponse struct {
	StateMachineArn        string `json:"stateMachineArn"`
	CreationDate           epoch  `json:"creationDate"`
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// checkDefinition parses, compiles and applies the type rules, returning
// every diagnostic.
func checkDefinition(definition, typ string) asl.Diagnostics {
	sm, ds := asl.Parse([]byte(definition))
	if ds.HasErrors() {
		return ds
	}
	if _, cds := machine.Load([]byte(definition)); cds.HasErrors() {
		return cds
	}
	return append(ds, asl.CheckType(sm, typ)...)
}

func invalidDefinition(ds asl.Diagnostics) error {
	var parts []string
	for _, d := range ds.Errors() {
		loc := d.Location
		if loc == "" {
			loc = d.Path
		}
		parts = append(parts, d.Code+": "+d.Message+" at "+loc)
	}
	return errf("InvalidDefinition", "Invalid State Machine Definition: '%s'", strings.Join(parts, ", "))
}

func newRevision() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

const (
	defaultLogging    = `{"level":"OFF","includeExecutionData":false}`
	defaultTracing    = `{"enabled":false}`
	defaultEncryption = `{"type":"AWS_OWNED_KEY"}`
)

func orDefault(b []byte, def string) json.RawMessage {
	if len(b) == 0 || string(b) == "null" {
		return json.RawMessage(def)
	}
	return json.RawMessage(b)
}

func checkRole(role string) error {
	if role == "" {
		return validation("", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
	}
	if !strings.HasPrefix(role, "arn:") || strings.Count(role, ":") < 5 {
		return errf("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: %s'", role)
	}
	return nil
}

func (h *handler) createStateMachine(ctx context.Context, req *createStateMachineRequest) (*createStateMachineResponse, error) {
	if !validName(req.Name) {
		return nil, errf("InvalidName", "Invalid Name: '%s'", req.Name)
	}
	if req.Type == "" {
		req.Type = store.TypeStandard
	}
	if req.Type != store.TypeStandard && req.Type != store.TypeExpress {
		return nil, validation("", "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", req.Type)
	}
	if err := checkRole(req.RoleArn); err != nil {
		return nil, err
	}
	if req.VersionDescription != "" && !req.Publish {
		return nil, validation("CANNOT_SET_VERSION_DESCRIPTION", "Version description can only be set when publish is true")
	}
	if ds := checkDefinition(req.Definition, req.Type); ds.HasErrors() {
		return nil, invalidDefinition(ds)
	}
	arn := h.stateMachineARN(req.Name)
	now := h.clock.Now()
	var out createStateMachineResponse
	err := h.store.Tx(ctx, func(tx store.Tx) error {
		sm, err := tx.StateMachineCreate(ctx, &store.StateMachineCreateParams{
			ARN: arn, Name: req.Name, Type: req.Type, Definition: req.Definition, RoleARN: req.RoleArn,
			LoggingConfiguration: req.LoggingConfiguration, TracingConfiguration: req.TracingConfiguration,
			EncryptionConfiguration: req.EncryptionConfiguration, RevisionID: newRevision(), Now: now,
		})
		if errors.Is(err, store.ErrAlreadyExists) {
			old, gerr := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: arn})
			if gerr == nil && old.Deleting {
				return smDeleting(arn)
			}
			if gerr == nil && old.Definition == req.Definition && old.RoleARN == req.RoleArn && old.Type == req.Type {
				// AWS answers an identical create idempotently.
				out = createStateMachineResponse{StateMachineArn: arn, CreationDate: epoch(old.CreationDate)}
				return nil
			}
			return errf("StateMachineAlreadyExists", "State Machine Already Exists: '%s'", arn)
		}
		if err != nil {
			return err
		}
		out = createStateMachineResponse{StateMachineArn: sm.ARN, CreationDate: epoch(sm.CreationDate)}
		if len(req.Tags) > 0 {
			if err := tx.TagSet(ctx, &store.TagSetParams{ResourceARN: arn, Tags: storeTags(req.Tags)}); err != nil {
				return err
			}
		}
		if req.Publish {
			v, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: arn, Description: req.VersionDescription, Now: now})
			if err != nil {
				return err
			}
			out.StateMachineVersionArn = v.ARN
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func storeTags(ts []tag) []store.Tag {
	out := make([]store.Tag, len(ts))
	for i, t := range ts {
		out[i] = store.Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

type describeStateMachineRequest struct {
	StateMachineArn string `json:"stateMachineArn"`
	IncludedData    string `json:"includedData"`
}

type describeStateMachineResponse struct {
	StateMachineArn         string          `json:"stateMachineArn"`
	Name                    string          `json:"name"`
	Status                  string          `json:"status,omitempty"`
	Definition              string          `json:"definition"`
	RoleArn                 string          `json:"roleArn"`
	Type                    string          `json:"type"`
	CreationDate            epoch           `json:"creationDate"`
	LoggingConfiguration    json.RawMessage `json:"loggingConfiguration,omitempty"`
	TracingConfiguration    json.RawMessage `json:"tracingConfiguration,omitempty"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration,omitempty"`
	Description             string          `json:"description,omitempty"`
	RevisionId              string          `json:"revisionId,omitempty"`
	Label                   string          `json:"label,omitempty"`
}

func smNotFound(arn string) error {
	return errf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", arn)
}

func (h *handler) checkMachineARN(arn string, allowQualified bool) (parsedARN, error) {
	p := parseARN(arn)
	switch {
	case p.Kind == arnStateMachine, allowQualified && (p.Kind == arnVersion || p.Kind == arnAlias):
		return p, nil
	}
	return p, errf("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: %s'", arn)
}

func (h *handler) describeStateMachine(ctx context.Context, req *describeStateMachineRequest) (*describeStateMachineResponse, error) {
	p, err := h.checkMachineARN(req.StateMachineArn, true)
	if err != nil {
		return nil, err
	}
	var out *describeStateMachineResponse
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		switch p.Kind {
		case arnVersion:
			v, err := tx.StateMachineVersionGet(ctx, &store.StateMachineVersionGetParams{ARN: req.StateMachineArn})
			if err != nil {
				return err
			}
			out = &describeStateMachineResponse{
				StateMachineArn: v.ARN, Name: p.Machine, Status: "ACTIVE", Definition: v.Definition, RoleArn: v.RoleARN, Type: v.Type,
				CreationDate: epoch(v.CreationDate), LoggingConfiguration: orDefault(v.LoggingConfiguration, defaultLogging),
				TracingConfiguration: orDefault(v.TracingConfiguration, defaultTracing), EncryptionConfiguration: orDefault(v.EncryptionConfiguration, defaultEncryption),
				Description: v.Description, RevisionId: v.RevisionID,
			}
			return nil
		case arnAlias:
			return store.ErrNotFound
		}
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: req.StateMachineArn})
		if err != nil {
			return err
		}
		out = describeMachine(sm)
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, smNotFound(req.StateMachineArn)
	}
	if err == nil && req.IncludedData == "METADATA_ONLY" {
		out.Definition = ""
	}
	return out, err
}

// smDeleting is AWS's answer to changing or starting a state machine that
// is being deleted.
func smDeleting(arn string) error {
	return errf("StateMachineDeleting", "State Machine is being deleted: '%s'", arn)
}

func describeMachine(sm *store.StateMachine) *describeStateMachineResponse {
	status := "ACTIVE"
	if sm.Deleting {
		status = "DELETING"
	}
	return &describeStateMachineResponse{
		StateMachineArn: sm.ARN, Name: sm.Name, Status: status, Definition: sm.Definition, RoleArn: sm.RoleARN, Type: sm.Type,
		CreationDate: epoch(sm.CreationDate), LoggingConfiguration: orDefault(sm.LoggingConfiguration, defaultLogging),
		TracingConfiguration: orDefault(sm.TracingConfiguration, defaultTracing), EncryptionConfiguration: orDefault(sm.EncryptionConfiguration, defaultEncryption),
		Description: sm.Description, RevisionId: sm.RevisionID,
	}
}

type listStateMachinesRequest struct {
	MaxResults int    `json:"maxResults"`
	NextToken  string `json:"nextToken"`
}

type stateMachineListItem struct {
	StateMachineArn string `json:"stateMachineArn"`
	Name            string `json:"name"`
	Type            string `json:"type"`
	CreationDate    epoch  `json:"creationDate"`
}

type listStateMachinesResponse struct {
	StateMachines []stateMachineListItem `json:"stateMachines"`
	NextToken     *string                `json:"nextToken,omitempty"`
}

func (h *handler) listStateMachines(ctx context.Context, req *listStateMachinesRequest) (*listStateMachinesResponse, error) {
	if err := checkMaxResults(req.MaxResults); err != nil {
		return nil, err
	}
	cursor, err := h.openToken("ListStateMachines", req.NextToken)
	if err != nil {
		return nil, err
	}
	var page *store.Page[store.StateMachine]
	err = h.store.ReadTx(ctx, func(tx store.Tx) error {
		page, err = tx.StateMachineList(ctx, &store.StateMachineListParams{Limit: req.MaxResults, Cursor: cursor})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &listStateMachinesResponse{StateMachines: []stateMachineListItem{}, NextToken: h.sealToken("ListStateMachines", page.Next)}
	for _, sm := range page.Items {
		out.StateMachines = append(out.StateMachines, stateMachineListItem{StateMachineArn: sm.ARN, Name: sm.Name, Type: sm.Type, CreationDate: epoch(sm.CreationDate)})
	}
	return out, nil
}

type deleteStateMachineRequest struct {
	StateMachineArn string `json:"stateMachineArn"`
}

type empty struct{}

func (h *handler) deleteStateMachine(ctx context.Context, req *deleteStateMachineRequest) (*empty, error) {
	p, err := h.checkMachineARN(req.StateMachineArn, true)
	if err != nil {
		return nil, err
	}
	if p.Kind != arnStateMachine {
		return nil, validation("", "Qualified state machine ARNs cannot be deleted with DeleteStateMachine: '%s'", req.StateMachineArn)
	}
	// AWS's DeleteStateMachine succeeds on a machine that is gone.
	if err := h.eng.DeleteStateMachine(ctx, req.StateMachineArn); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type updateStateMachineRequest struct {
	StateMachineArn         string          `json:"stateMachineArn"`
	Definition              *string         `json:"definition"`
	RoleArn                 *string         `json:"roleArn"`
	LoggingConfiguration    json.RawMessage `json:"loggingConfiguration"`
	TracingConfiguration    json.RawMessage `json:"tracingConfiguration"`
	EncryptionConfiguration json.RawMessage `json:"encryptionConfiguration"`
	Publish                 bool            `json:"publish"`
	VersionDescription      string          `json:"versionDescription"`
}

type updateStateMachineResponse struct {
	UpdateDate             epoch  `json:"updateDate"`
	RevisionId             string `json:"revisionId,omitempty"`
	StateMachineVersionArn string `json:"stateMachineVersionArn,omitempty"`
}

func (h *handler) updateStateMachine(ctx context.Context, req *updateStateMachineRequest) (*updateStateMachineResponse, error) {
	if _, err := h.checkMachineARN(req.StateMachineArn, false); err != nil {
		return nil, err
	}
	if req.Definition == nil && req.RoleArn == nil && req.LoggingConfiguration == nil && req.TracingConfiguration == nil && req.EncryptionConfiguration == nil && !req.Publish {
		return nil, errf("MissingRequiredParameter", "Either the definition, roleArn, loggingConfiguration, tracingConfiguration or encryptionConfiguration must be specified")
	}
	if req.VersionDescription != "" && !req.Publish {
		return nil, validation("CANNOT_SET_VERSION_DESCRIPTION", "Version description can only be set when publish is true")
	}
	if req.RoleArn != nil {
		if err := checkRole(*req.RoleArn); err != nil {
			return nil, err
		}
	}
	now := h.clock.Now()
	var out updateStateMachineResponse
	update := func(tx store.Tx) error {
		sm, err := tx.StateMachineGet(ctx, &store.StateMachineGetParams{ARN: req.StateMachineArn})
		if err != nil {
			return err
		}
		if sm.Deleting {
			return smDeleting(sm.ARN)
		}
		p := store.StateMachineUpdateParams{
			ARN: sm.ARN, ExpectedRevisionID: sm.RevisionID, Definition: sm.Definition, RoleARN: sm.RoleARN, Description: sm.Description,
			LoggingConfiguration: sm.LoggingConfiguration, TracingConfiguration: sm.TracingConfiguration,
			EncryptionConfiguration: sm.EncryptionConfiguration, RevisionID: sm.RevisionID, Now: now,
		}
		changed := false
		if req.Definition != nil && *req.Definition != sm.Definition {
			if ds := checkDefinition(*req.Definition, sm.Type); ds.HasErrors() {
				return invalidDefinition(ds)
			}
			p.Definition, changed = *req.Definition, true
		}
		if req.RoleArn != nil && *req.RoleArn != sm.RoleARN {
			p.RoleARN, changed = *req.RoleArn, true
		}
		if req.LoggingConfiguration != nil {
			p.LoggingConfiguration, changed = req.LoggingConfiguration, true
		}
		if req.TracingConfiguration != nil {
			p.TracingConfiguration, changed = req.TracingConfiguration, true
		}
		if req.EncryptionConfiguration != nil {
			p.EncryptionConfiguration, changed = req.EncryptionConfiguration, true
		}
		if changed {
			p.RevisionID = newRevision()
		}
		upd, err := tx.StateMachineUpdate(ctx, &p)
		if err != nil {
			return err
		}
		out = updateStateMachineResponse{UpdateDate: epoch(upd.UpdateDate), RevisionId: upd.RevisionID}
		if req.Publish {
			v, err := tx.StateMachineVersionCreate(ctx, &store.StateMachineVersionCreateParams{StateMachineARN: sm.ARN, Description: req.VersionDescription, Now: now})
			if err != nil {
				return err
			}
			out.StateMachineVersionArn = v.ARN
		}
		return nil
	}
	// Another node's update between the read and the write is a conflict:
	// read again and apply this request on top of it, as if it came later.
	var err error
	for range 5 {
		if err = h.store.Tx(ctx, update); !errors.Is(err, store.ErrConflict) {
			break
		}
	}
	// After the commit, so a concurrent start cannot cache the old row again.
	h.eng.ForgetStateMachine(req.StateMachineArn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, smNotFound(req.StateMachineArn)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

type validateRequest struct {
	Definition string `json:"definition"`
	Type       string `json:"type"`
	Severity   string `json:"severity"`
	MaxResults int    `json:"maxResults"`
}

type validateDiagnostic struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Location string `json:"location,omitempty"`
}

type validateResponse struct {
	Result      string               `json:"result"`
	Diagnostics []validateDiagnostic `json:"diagnostics"`
	Truncated   bool                 `json:"truncated"`
}

func (h *handler) validateStateMachineDefinition(ctx context.Context, req *validateRequest) (*validateResponse, error) {
	if req.Type == "" {
		req.Type = store.TypeStandard
	}
	if req.MaxResults < 0 || req.MaxResults > 100 {
		return nil, validation("", "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100", req.MaxResults)
	}
	limit := req.MaxResults
	if limit == 0 {
		limit = 100
	}
	ds := checkDefinition(req.Definition, req.Type)
	out := &validateResponse{Result: "OK", Diagnostics: []validateDiagnostic{}}
	if ds.HasErrors() {
		out.Result = "FAIL"
	}
	for _, d := range ds {
		if req.Severity == "ERROR" && d.Severity == asl.SeverityWarning {
			continue
		}
		if len(out.Diagnostics) == limit {
			out.Truncated = true
			break
		}
		out.Diagnostics = append(out.Diagnostics, validateDiagnostic{Severity: string(d.Severity), Code: d.Code, Message: d.Message, Location: d.Location})
	}
	return out, nil
}
