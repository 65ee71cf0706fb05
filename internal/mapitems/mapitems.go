// Package mapitems reads a Distributed Map's items from Amazon S3
// (ItemReader: s3:getObject as JSON, JSONL, CSV or an S3 Inventory
// manifest; s3:listObjectsV2) and writes its results there (ResultWriter),
// for the engine (stepd serve) and for stepd run.
package mapitems

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Objects reads and writes Amazon S3 objects. awssdk.Runner implements
// it; without one (no aws: section in stepd.yaml) a run that needs S3
// fails with States.ItemReaderFailed or States.ResultWriterFailed.
type Objects interface {
	GetObject(ctx context.Context, role, bucket, key, version string) ([]byte, error)
	ListObjects(ctx context.Context, role, bucket, prefix string, max int) ([]jsonv.Value, error)
	PutObject(ctx context.Context, role, bucket, key string, body []byte) error
}

// NoObjects is the cause of a run that needs S3 without AWS access.
const NoObjects = "stepd reaches Amazon S3 only through the aws: section of stepd.yaml, which is not configured"

// readerConfig is an ItemReader as the interpreter evaluated it.
type readerConfig struct {
	Resource     string
	ReaderConfig struct {
		InputType         string
		CSVHeaderLocation string
		CSVHeaders        []string
		CSVDelimiter      string
		MaxItems          int
	}
	Parameters struct {
		Bucket, Key, VersionId, Prefix string
	}
}

// Read reads a Map Run's items with its ItemReader (as the interpreter
// evaluated it), through objs (nil: no AWS access).
func Read(ctx context.Context, objs Objects, role string, itemReader jsonv.Value) ([]jsonv.Value, error) {
	if objs == nil {
		return nil, errors.New(NoObjects)
	}
	rc, err := decodeReader(itemReader)
	if err != nil {
		return nil, err
	}
	p, cfg := rc.Parameters, rc.ReaderConfig
	if p.Bucket == "" {
		return nil, errors.New("the ItemReader's Parameters need a Bucket")
	}
	var items []jsonv.Value
	switch strings.TrimPrefix(rc.Resource, "arn:aws:states:::") {
	case "s3:listObjectsV2":
		return objs.ListObjects(ctx, role, p.Bucket, p.Prefix, cfg.MaxItems)
	case "s3:getObject":
		if p.Key == "" {
			return nil, errors.New("the ItemReader's Parameters need a Key")
		}
		body, err := objs.GetObject(ctx, role, p.Bucket, p.Key, p.VersionId)
		if err != nil {
			return nil, err
		}
		if cfg.InputType == "MANIFEST" {
			if items, err = inventoryItems(ctx, objs, role, body, cfg.MaxItems); err != nil {
				return nil, fmt.Errorf("s3://%s/%s: %v", p.Bucket, p.Key, err)
			}
			break
		}
		if items, err = parseItems(body, cfg.InputType, cfg.CSVHeaderLocation, cfg.CSVHeaders, cfg.CSVDelimiter); err != nil {
			return nil, fmt.Errorf("s3://%s/%s: %v", p.Bucket, p.Key, err)
		}
	default:
		return nil, fmt.Errorf("the ItemReader resource %s is not one stepd reads (arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2)", rc.Resource)
	}
	if cfg.MaxItems > 0 && len(items) > cfg.MaxItems {
		items = items[:cfg.MaxItems]
	}
	return items, nil
}

// decodeReader reads an ItemReader as the interpreter evaluated it.
func decodeReader(itemReader jsonv.Value) (readerConfig, error) {
	var rc readerConfig
	if err := json.Unmarshal(jsonv.Marshal(itemReader), &rc); err != nil {
		return rc, fmt.Errorf("the ItemReader is not valid: %v", err)
	}
	return rc, nil
}

// parseItems reads an object's items: a JSON array (JSON, the default),
// one JSON value per line (JSONL), or CSV rows as objects keyed by the
// header (the first row, or the given CSVHeaders), every value a string.
func parseItems(body []byte, inputType, headerLocation string, headers []string, delimiter string) ([]jsonv.Value, error) {
	switch inputType {
	case "", "JSON":
		v, err := jsonv.Parse(body)
		if err != nil {
			return nil, fmt.Errorf("the object is not JSON: %v", err)
		}
		list, ok := v.([]jsonv.Value)
		if !ok {
			return nil, errors.New("the object is JSON but not an array")
		}
		return list, nil
	case "JSONL":
		var out []jsonv.Value
		for i, line := range bytes.Split(body, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			v, err := jsonv.Parse(line)
			if err != nil {
				return nil, fmt.Errorf("line %d is not JSON: %v", i+1, err)
			}
			out = append(out, v)
		}
		return out, nil
	case "CSV":
		r := csv.NewReader(bytes.NewReader(body))
		switch delimiter {
		case "", "COMMA":
		case "PIPE":
			r.Comma = '|'
		case "SEMICOLON":
			r.Comma = ';'
		case "SPACE":
			r.Comma = ' '
		case "TAB":
			r.Comma = '\t'
		default:
			return nil, fmt.Errorf("CSVDelimiter %s is not one of COMMA, PIPE, SEMICOLON, SPACE, TAB", delimiter)
		}
		r.FieldsPerRecord = -1
		switch headerLocation {
		case "", "FIRST_ROW":
			row, err := r.Read()
			if err == io.EOF {
				return nil, nil
			}
			if err != nil {
				return nil, fmt.Errorf("the CSV header: %v", err)
			}
			headers = row
		case "GIVEN":
			if len(headers) == 0 {
				return nil, errors.New("CSVHeaderLocation GIVEN needs CSVHeaders")
			}
		default:
			return nil, fmt.Errorf("CSVHeaderLocation %s is not FIRST_ROW or GIVEN", headerLocation)
		}
		var out []jsonv.Value
		for {
			row, err := r.Read()
			if err == io.EOF {
				return out, nil
			}
			if err != nil {
				return nil, fmt.Errorf("CSV: %v", err)
			}
			o := jsonv.NewObject(len(headers))
			for i, h := range headers {
				v := ""
				if i < len(row) {
					v = row[i]
				}
				o.Set(h, v)
			}
			out = append(out, o)
		}
	}
	return nil, fmt.Errorf("InputType %s is not one stepd reads (JSON, JSONL, CSV, MANIFEST)", inputType)
}

// writerConfig is a ResultWriter as the interpreter evaluated it.
type writerConfig struct {
	Parameters struct{ Bucket, Prefix string }
}

// Child is one child execution of a run, as ResultWriter records it.
type Child struct {
	ExecutionARN string
	// Status is SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING (never
	// started, or still running).
	Status       string
	Input        string
	Output       string
	Error, Cause string
}

// Write writes a run's results as AWS lays them out under
// PREFIX/RUN_ID/: SUCCEEDED_0.json, FAILED_0.json and PENDING_0.json
// (those with entries) and manifest.json, and returns the Map state's
// output ({"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}).
func Write(ctx context.Context, objs Objects, role string, resultWriter jsonv.Value, runARN string, children []Child) (jsonv.Value, error) {
	if objs == nil {
		return nil, errors.New(NoObjects)
	}
	var wc struct {
		Parameters struct{ Bucket, Prefix string }
	}
	if err := json.Unmarshal(jsonv.Marshal(resultWriter), &wc); err != nil {
		return nil, fmt.Errorf("the ResultWriter is not valid: %v", err)
	}
	if wc.Parameters.Bucket == "" {
		return nil, errors.New("the ResultWriter's Parameters need a Bucket")
	}
	dir := runARN[strings.LastIndex(runARN, ":")+1:] + "/"
	if p := strings.TrimSuffix(wc.Parameters.Prefix, "/"); p != "" {
		dir = p + "/" + dir
	}
	files := map[string][]jsonv.Value{}
	for _, c := range children {
		entry := jsonv.NewObject(8)
		entry.Set("ExecutionArn", c.ExecutionARN)
		entry.Set("Input", c.Input)
		entry.Set("InputDetails", jsonv.ObjectOf("Included", true))
		entry.Set("Name", c.ExecutionARN[strings.LastIndex(c.ExecutionARN, ":")+1:])
		kind := "FAILED"
		switch c.Status {
		case "SUCCEEDED":
			kind = "SUCCEEDED"
			entry.Set("Output", c.Output)
			entry.Set("OutputDetails", jsonv.ObjectOf("Included", true))
		case "PENDING":
			kind = "PENDING"
		default:
			entry.Set("Error", c.Error)
			entry.Set("Cause", c.Cause)
		}
		entry.Set("Status", c.Status)
		files[kind] = append(files[kind], entry)
	}
	results := jsonv.NewObject(3)
	for _, kind := range []string{"FAILED", "PENDING", "SUCCEEDED"} {
		list := []jsonv.Value{}
		if entries := files[kind]; len(entries) > 0 {
			key := dir + kind + "_0.json"
			body := jsonv.Marshal(entries)
			if err := objs.PutObject(ctx, role, wc.Parameters.Bucket, key, body); err != nil {
				return nil, err
			}
			list = append(list, jsonv.ObjectOf("Key", key, "Size", jsonv.Int(int64(len(body)))))
		}
		results.Set(kind, list)
	}
	manifest := jsonv.ObjectOf("DestinationBucket", wc.Parameters.Bucket, "MapRunArn", runARN, "ResultFiles", results)
	key := dir + "manifest.json"
	if err := objs.PutObject(ctx, role, wc.Parameters.Bucket, key, jsonv.Marshal(manifest)); err != nil {
		return nil, err
	}
	return jsonv.ObjectOf("MapRunArn", runARN, "ResultWriterDetails", jsonv.ObjectOf("Bucket", wc.Parameters.Bucket, "Key", key)), nil
}

// inventoryItems reads the items an S3 Inventory manifest (manifest.json)
// lists: the rows of its CSV data files (gzip-compressed), as objects
// keyed by the manifest's fileSchema.
func inventoryItems(ctx context.Context, objs Objects, role string, manifest []byte, max int) ([]jsonv.Value, error) {
	var m struct {
		DestinationBucket string `json:"destinationBucket"`
		FileFormat        string `json:"fileFormat"`
		FileSchema        string `json:"fileSchema"`
		Files             []struct {
			Key string `json:"key"`
		} `json:"files"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("the manifest is not an S3 Inventory manifest: %v", err)
	}
	if m.FileFormat != "CSV" {
		return nil, fmt.Errorf("the inventory's fileFormat is %q; stepd reads CSV inventories", m.FileFormat)
	}
	// destinationBucket is an ARN (arn:aws:s3:::NAME).
	bucket := m.DestinationBucket[strings.LastIndex(m.DestinationBucket, ":")+1:]
	var headers []string
	for _, h := range strings.Split(m.FileSchema, ",") {
		headers = append(headers, strings.TrimSpace(h))
	}
	var items []jsonv.Value
	for _, f := range m.Files {
		body, err := objs.GetObject(ctx, role, bucket, f.Key, "")
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(f.Key, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, fmt.Errorf("s3://%s/%s: %v", bucket, f.Key, err)
			}
			if body, err = io.ReadAll(io.LimitReader(zr, MaxObjectBytes+1)); err != nil {
				return nil, fmt.Errorf("s3://%s/%s: %v", bucket, f.Key, err)
			}
		}
		rows, err := parseItems(body, "CSV", "GIVEN", headers, "")
		if err != nil {
			return nil, fmt.Errorf("s3://%s/%s: %v", bucket, f.Key, err)
		}
		items = append(items, rows...)
		if max > 0 && len(items) >= max {
			return items[:max], nil
		}
	}
	return items, nil
}

// MaxObjectBytes bounds a decompressed inventory file.
const MaxObjectBytes = 64 << 20
