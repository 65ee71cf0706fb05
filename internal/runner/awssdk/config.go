package awssdk

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Config is stepd.yaml's aws: section, for example:
//
//	aws:
//	  region: us-east-1
//	  credentials: {access_key_id: test, secret_access_key: test}
//	  endpoints:
//	    dynamodb: http://127.0.0.1:8000
//	    "*": http://127.0.0.1:4566
type Config struct {
	// Region is the region clients sign for; the standard AWS chain
	// (AWS_REGION, shared config) when empty, us-east-1 when that has none.
	Region string `yaml:"region"`
	// Credentials, when set, are used for every call; otherwise the
	// standard AWS chain (environment, shared config and credentials files,
	// container and instance roles).
	Credentials *Credentials `yaml:"credentials"`
	// Endpoints maps a service key (dynamodb, sqs, sns, events, s3, lambda,
	// sts) to the URL its calls go to; "*" is the default for services not
	// named. A service with no endpoint calls real AWS.
	Endpoints map[string]string `yaml:"endpoints"`
	// S3PathStyle addresses buckets as http://host/BUCKET/KEY rather than
	// http://BUCKET.host/KEY. Nil means true when an s3 (or "*") endpoint
	// is set, since local S3 servers rarely resolve bucket subdomains.
	S3PathStyle *bool `yaml:"s3_path_style"`
}

// Credentials are static AWS credentials.
type Credentials struct {
	AccessKeyID     string `yaml:"access_key_id"`
	SecretAccessKey string `yaml:"secret_access_key"`
	SessionToken    string `yaml:"session_token"`
}

// endpointKeys are the keys aws.endpoints accepts.
var endpointKeys = []string{"*", "dynamodb", "events", "lambda", "s3", "sns", "sqs", "sts"}

// Validate checks the section; errors name the key (aws.endpoints.sqs).
func (c Config) Validate() error {
	var errs []error
	if c.Credentials != nil {
		if c.Credentials.AccessKeyID == "" {
			errs = append(errs, errors.New("aws.credentials.access_key_id: required when aws.credentials is set"))
		}
		if c.Credentials.SecretAccessKey == "" {
			errs = append(errs, errors.New("aws.credentials.secret_access_key: required when aws.credentials is set"))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.Endpoints)) {
		if !slices.Contains(endpointKeys, serviceKey(k)) {
			errs = append(errs, fmt.Errorf("aws.endpoints.%s: unknown service (want one of %s)", k, strings.Join(endpointKeys, ", ")))
			continue
		}
		u, err := url.Parse(c.Endpoints[k])
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("aws.endpoints.%s: not a URL: %q (want http://HOST[:PORT] or https://…)", k, c.Endpoints[k]))
		}
	}
	return errors.Join(errs...)
}

// serviceKey maps an aws-sdk service name to its aws.endpoints key.
func serviceKey(service string) string {
	if service == "eventbridge" {
		return "events"
	}
	return service
}

// endpoint is the URL configured for service ("" for real AWS).
func (c Config) endpoint(service string) string {
	if u, ok := c.Endpoints[serviceKey(service)]; ok {
		return u
	}
	if serviceKey(service) == "events" {
		if u, ok := c.Endpoints["eventbridge"]; ok {
			return u
		}
	}
	return c.Endpoints["*"]
}

func (c Config) s3PathStyle() bool {
	if c.S3PathStyle != nil {
		return *c.S3PathStyle
	}
	return c.endpoint("s3") != ""
}
