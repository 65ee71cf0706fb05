package runner

import "strings"

// Resource is a Task state's resource ARN, parsed into what serves it.
type Resource struct {
	// Kind says which runner serves the resource.
	Kind Kind
	// Service and Action name an integration: "lambda" "invoke",
	// "states" "startExecution", "dynamodb" "putItem", and for the
	// AWS SDK integrations "aws-sdk:s3" "getObject". For a Lambda
	// function ARN, Action is the function name with its qualifier
	// (NAME or NAME:QUALIFIER); for an activity, its name.
	Service, Action string
	// Pattern is the integration pattern: "" (request-response),
	// "sync", "sync:2" or "waitForTaskToken".
	Pattern string
}

// Kind is the family of a resource.
type Kind int

// Kinds of resources.
const (
	KindUnknown     Kind = iota
	KindActivity         // arn:aws:states:REGION:ACCOUNT:activity:NAME
	KindFunction         // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
	KindIntegration      // arn:aws:states:::SERVICE:ACTION[.PATTERN]
)

// ParseResource parses a Task state's resource ARN. A resource stepd does
// not recognise has KindUnknown.
func ParseResource(arn string) Resource {
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) < 6 || parts[0] != "arn" {
		return Resource{}
	}
	switch {
	case parts[2] == "states" && parts[3] == "" && parts[4] == "":
		// arn:aws:states:::SERVICE:ACTION or arn:aws:states:::aws-sdk:SERVICE:ACTION
		rest := strings.Join(parts[5:], ":")
		service, action, ok := strings.Cut(rest, ":")
		if !ok {
			return Resource{}
		}
		if service == "aws-sdk" {
			var sdkService string
			sdkService, action, ok = strings.Cut(action, ":")
			if !ok {
				return Resource{}
			}
			service = "aws-sdk:" + sdkService
		}
		action, pattern, _ := strings.Cut(action, ".")
		if service == "" || action == "" {
			return Resource{}
		}
		return Resource{Kind: KindIntegration, Service: service, Action: action, Pattern: pattern}
	case parts[2] == "states" && len(parts) == 7 && parts[5] == "activity":
		return Resource{Kind: KindActivity, Action: parts[6]}
	case parts[2] == "lambda" && len(parts) == 7 && parts[5] == "function":
		return Resource{Kind: KindFunction, Service: "lambda", Action: parts[6]}
	}
	return Resource{}
}

// IsActivity reports whether resource is an activity ARN.
func IsActivity(resource string) bool { return ParseResource(resource).Kind == KindActivity }

// IsCallback reports whether resource waits for a task token
// (.waitForTaskToken), or is an activity: both complete through SendTask*.
func IsCallback(resource string) bool {
	r := ParseResource(resource)
	return r.Kind == KindActivity || r.Pattern == "waitForTaskToken" || strings.HasSuffix(resource, ".waitForTaskToken")
}
