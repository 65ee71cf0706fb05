package awssdk

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/stepd/stepd/jsonv"
)

// The Amazon S3 calls a Distributed Map makes for itself, outside any
// Task state: reading its items (ItemReader) and writing its results
// (ResultWriter). role is the execution's role ("" for stepd's own
// credentials); errors read like AWS's causes.

// MaxObjectBytes bounds an object read as Map Run items.
const MaxObjectBytes = 64 << 20

func (r *Runner) s3(role string) (*s3.Client, error) {
	c, err := r.client(role, "s3")
	if err != nil {
		return nil, err
	}
	return c.(*s3.Client), nil
}

// GetObject reads an object (at version when not empty).
func (r *Runner) GetObject(ctx context.Context, role, bucket, key, version string) ([]byte, error) {
	c, err := r.s3(role)
	if err != nil {
		return nil, err
	}
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if version != "" {
		in.VersionId = aws.String(version)
	}
	out, err := c.GetObject(ctx, in)
	if err != nil {
		return nil, s3Failure("GetObject", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, MaxObjectBytes+1))
	if err != nil {
		return nil, s3Failure("GetObject", bucket, key, err)
	}
	if len(b) > MaxObjectBytes {
		return nil, fmt.Errorf("the object s3://%s/%s is larger than stepd reads as Map Run items (%d bytes)", bucket, key, MaxObjectBytes)
	}
	return b, nil
}

// ListObjects lists the objects under prefix, at most max of them (all
// when max is 0), as a Distributed Map's items: Etag, Key, LastModified
// (epoch seconds), Size and StorageClass.
func (r *Runner) ListObjects(ctx context.Context, role, bucket, prefix string, max int) ([]jsonv.Value, error) {
	c, err := r.s3(role)
	if err != nil {
		return nil, err
	}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	if prefix != "" {
		in.Prefix = aws.String(prefix)
	}
	var items []jsonv.Value
	for p := s3.NewListObjectsV2Paginator(c, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, s3Failure("ListObjectsV2", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			item := jsonv.NewObject(5)
			item.Set("Etag", aws.ToString(o.ETag))
			item.Set("Key", aws.ToString(o.Key))
			if o.LastModified != nil {
				item.Set("LastModified", jsonv.Int(o.LastModified.Unix()))
			}
			item.Set("Size", jsonv.Int(aws.ToInt64(o.Size)))
			item.Set("StorageClass", string(o.StorageClass))
			items = append(items, item)
			if max > 0 && len(items) == max {
				return items, nil
			}
		}
	}
	return items, nil
}

// PutObject writes an object.
func (r *Runner) PutObject(ctx context.Context, role, bucket, key string, body []byte) error {
	c, err := r.s3(role)
	if err != nil {
		return err
	}
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String("application/json")})
	if err != nil {
		return s3Failure("PutObject", bucket, key, err)
	}
	return nil
}

func s3Failure(op, bucket, key string, err error) error {
	if e, ok := inspect(err); ok {
		return fmt.Errorf("S3 %s of s3://%s/%s failed: %s (Service: S3, Status Code: %d, Error Code: %s)", op, bucket, key, e.message, e.status, e.code)
	}
	return fmt.Errorf("S3 %s of s3://%s/%s failed: %v", op, bucket, key, err)
}
