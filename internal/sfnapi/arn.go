package sfnapi

import (
	"strconv"
	"strings"
)

// arnKind names the resource an ARN addresses.
type arnKind int

const (
	arnInvalid arnKind = iota
	arnStateMachine
	arnVersion
	arnAlias
	arnExecution
	arnExpress
	arnActivity
	arnMapRun
)

// parsedARN is arn:aws:states:REGION:ACCOUNT:TYPE:NAME[:QUALIFIER[:...]].
type parsedARN struct {
	Kind      arnKind
	Machine   string // state machine name (or activity name)
	Qualifier string // version number, alias name or execution name
	Version   int64
}

func parseARN(arn string) parsedARN {
	parts := strings.Split(arn, ":")
	if len(parts) < 7 || parts[0] != "arn" || parts[1] == "" || parts[2] != "states" || len(arn) > 2048 {
		return parsedARN{}
	}
	rest := parts[6:]
	switch parts[5] {
	case "stateMachine":
		switch len(rest) {
		case 1:
			return parsedARN{Kind: arnStateMachine, Machine: rest[0]}
		case 2:
			if n, err := strconv.ParseInt(rest[1], 10, 64); err == nil && n > 0 && rest[1][0] != '0' {
				return parsedARN{Kind: arnVersion, Machine: rest[0], Qualifier: rest[1], Version: n}
			}
			return parsedARN{Kind: arnAlias, Machine: rest[0], Qualifier: rest[1]}
		}
	case "execution":
		if len(rest) == 2 {
			return parsedARN{Kind: arnExecution, Machine: rest[0], Qualifier: rest[1]}
		}
	case "express":
		if len(rest) == 3 {
			return parsedARN{Kind: arnExpress, Machine: rest[0], Qualifier: rest[1]}
		}
	case "activity":
		if len(rest) == 1 {
			return parsedARN{Kind: arnActivity, Machine: rest[0]}
		}
	case "mapRun":
		if len(rest) >= 2 {
			return parsedARN{Kind: arnMapRun, Machine: rest[0]}
		}
	}
	return parsedARN{}
}

// unqualified strips a version or alias suffix from a state machine ARN.
func unqualified(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) > 7 {
		return strings.Join(parts[:7], ":")
	}
	return arn
}

func (h *handler) prefix() string { return "arn:aws:states:" + h.region + ":" + h.account + ":" }

func (h *handler) stateMachineARN(name string) string { return h.prefix() + "stateMachine:" + name }
func (h *handler) activityARN(name string) string     { return h.prefix() + "activity:" + name }
