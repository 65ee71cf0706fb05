package awssdk

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// service is one AWS service stepd includes a client for.
type service struct {
	// errorPrefix starts aws-sdk integration error names: AWS uses the
	// service's name in the AWS SDK for Java 2.x (DynamoDb, Sqs, S3).
	errorPrefix string
	// newClient builds the client for cfg, at endpoint when not empty.
	newClient func(cfg aws.Config, endpoint string, pathStyle bool) any
}

// rawResponse keeps the HTTP response in the output metadata: optimized
// integrations report its headers (SdkHttpMetadata).
var rawResponse = []func(*middleware.Stack) error{awsmiddleware.AddRawResponseToMetadata}

// services are the clients stepd includes, by aws-sdk service name (the
// SERVICE in arn:aws:states:::aws-sdk:SERVICE:ACTION).
var services = map[string]service{
	"dynamodb": {"DynamoDb", func(cfg aws.Config, ep string, _ bool) any {
		return dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"sqs": {"Sqs", func(cfg aws.Config, ep string, _ bool) any {
		return sqs.NewFromConfig(cfg, func(o *sqs.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"sns": {"Sns", func(cfg aws.Config, ep string, _ bool) any {
		return sns.NewFromConfig(cfg, func(o *sns.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"eventbridge": {"EventBridge", func(cfg aws.Config, ep string, _ bool) any {
		return eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"s3": {"S3", func(cfg aws.Config, ep string, pathStyle bool) any {
		return s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.BaseEndpoint = optional(ep)
			o.UsePathStyle = pathStyle
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"lambda": {"Lambda", func(cfg aws.Config, ep string, _ bool) any {
		return lambda.NewFromConfig(cfg, func(o *lambda.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
	"sts": {"Sts", func(cfg aws.Config, ep string, _ bool) any {
		return sts.NewFromConfig(cfg, func(o *sts.Options) {
			o.BaseEndpoint = optional(ep)
			o.APIOptions = append(o.APIOptions, rawResponse...)
		})
	}},
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
