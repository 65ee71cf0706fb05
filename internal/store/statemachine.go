package store

import "time"

// State machine types.
const (
	TypeStandard = "STANDARD"
	TypeExpress  = "EXPRESS"
)

// StateMachine is a state machine's current revision. The configuration
// blobs are the API's JSON objects, stored as given.
type StateMachine struct {
	ARN                     string
	Name                    string
	Type                    string // TypeStandard or TypeExpress
	Definition              string // the ASL text exactly as submitted
	RoleARN                 string
	Description             string
	LoggingConfiguration    []byte
	TracingConfiguration    []byte
	EncryptionConfiguration []byte
	RevisionID              string // changes on every update
	CreationDate            time.Time
	UpdateDate              time.Time // equals CreationDate until the first update
	// LastVersion is the number of the last version published, 0 if none.
	// Version numbers are never reused, even after a version is deleted.
	LastVersion int64
	// Deleting: DeleteStateMachine was called while executions ran; the
	// machine goes once none runs (AWS's DELETING status).
	Deleting bool
}

// StateMachineCreateParams creates a state machine; ARN is unique
// (ErrAlreadyExists).
type StateMachineCreateParams struct {
	ARN                     string
	Name                    string
	Type                    string
	Definition              string
	RoleARN                 string
	Description             string
	LoggingConfiguration    []byte
	TracingConfiguration    []byte
	EncryptionConfiguration []byte
	RevisionID              string
	Now                     time.Time // becomes CreationDate and UpdateDate
}

// StateMachineGetParams names a state machine.
type StateMachineGetParams struct{ ARN string }

// StateMachineUpdateParams replaces every mutable field of a state machine
// (read it first to keep a field). ErrNotFound if it does not exist;
// ErrConflict if ExpectedRevisionID is set and the stored RevisionID differs
// (someone updated it since it was read).
type StateMachineUpdateParams struct {
	ARN                     string
	ExpectedRevisionID      string
	Definition              string
	RoleARN                 string
	Description             string
	LoggingConfiguration    []byte
	TracingConfiguration    []byte
	EncryptionConfiguration []byte
	RevisionID              string
	Now                     time.Time // becomes UpdateDate
}

// StateMachineSetDeletingParams marks a state machine as being deleted.
// ErrNotFound if absent.
type StateMachineSetDeletingParams struct{ ARN string }

// StateMachineDeleteParams deletes a state machine with its versions and
// aliases. Executions, tags and history stay. ErrNotFound if absent.
type StateMachineDeleteParams struct{ ARN string }

// StateMachineListParams lists state machines in ARN order.
type StateMachineListParams struct {
	Limit  int
	Cursor string
}

// StateMachineVersion is an immutable published revision of a state
// machine. Its ARN is the state machine ARN + ":" + Version.
type StateMachineVersion struct {
	ARN                     string
	StateMachineARN         string
	Version                 int64
	Type                    string
	Definition              string
	RoleARN                 string
	Description             string // the version's own description
	LoggingConfiguration    []byte
	TracingConfiguration    []byte
	EncryptionConfiguration []byte
	RevisionID              string // the state machine revision it froze
	CreationDate            time.Time
}

// StateMachineVersionCreateParams publishes the state machine's current
// revision as version LastVersion+1, copying its definition and
// configuration. If ExpectedRevisionID is set and differs from the state
// machine's RevisionID, it fails with ErrConflict. ErrNotFound if the state
// machine does not exist.
type StateMachineVersionCreateParams struct {
	StateMachineARN    string
	Description        string
	ExpectedRevisionID string
	Now                time.Time
}

// StateMachineVersionGetParams names a version by its ARN.
type StateMachineVersionGetParams struct{ ARN string }

// StateMachineVersionListParams lists one state machine's versions, newest
// (highest number) first, as AWS does.
type StateMachineVersionListParams struct {
	StateMachineARN string
	Limit           int
	Cursor          string
}

// StateMachineVersionDeleteParams deletes a version. ErrNotFound if absent.
type StateMachineVersionDeleteParams struct{ ARN string }

// Alias points at one or two versions of a state machine. Its ARN is the
// state machine ARN + ":" + Name.
type Alias struct {
	ARN             string
	StateMachineARN string
	Name            string
	Description     string
	// RoutingConfiguration is the API's JSON array of {stateMachineVersionArn, weight}.
	RoutingConfiguration []byte
	CreationDate         time.Time
	UpdateDate           time.Time
}

// AliasCreateParams creates an alias; ARN is unique (ErrAlreadyExists).
// The store does not check the state machine or the versions it routes to.
type AliasCreateParams struct {
	ARN                  string
	StateMachineARN      string
	Name                 string
	Description          string
	RoutingConfiguration []byte
	Now                  time.Time
}

// AliasGetParams names an alias.
type AliasGetParams struct{ ARN string }

// AliasUpdateParams replaces an alias's description and routing.
type AliasUpdateParams struct {
	ARN                  string
	Description          string
	RoutingConfiguration []byte
	Now                  time.Time // becomes UpdateDate
}

// AliasDeleteParams deletes an alias. ErrNotFound if absent.
type AliasDeleteParams struct{ ARN string }

// AliasListParams lists one state machine's aliases in ARN order.
type AliasListParams struct {
	StateMachineARN string
	Limit           int
	Cursor          string
}
