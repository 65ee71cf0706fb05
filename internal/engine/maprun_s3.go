package engine

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

	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// Objects reads and writes the Amazon S3 objects of Distributed Maps
// (ItemReader, ResultWriter). awssdk.Runner implements it; without one
// (no aws: section in stepd.yaml) a run that needs S3 fails with
// States.ItemReaderFailed or States.ResultWriterFailed.
type Objects interface {
	GetObject(ctx context.Context, role, bucket, key, version string) ([]byte, error)
	ListObjects(ctx context.Context, role, bucket, prefix string, max int) ([]jsonv.Value, error)
	PutObject(ctx context.Context, role, bucket, key string, body []byte) error
}

const noObjects = "stepd reaches Amazon S3 only through the aws: section of stepd.yaml, which is not configured"

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

// readItems reads a run's items with its ItemReader.
func (e *Engine) readItems(ctx context.Context, role string, raw json.RawMessage) ([]jsonv.Value, error) {
	if e.opts.Objects == nil {
		return nil, errors.New(noObjects)
	}
	var rc readerConfig
	if err := json.Unmarshal(raw, &rc); err != nil {
		return nil, fmt.Errorf("the ItemReader is not valid: %v", err)
	}
	p, cfg := rc.Parameters, rc.ReaderConfig
	if p.Bucket == "" {
		return nil, errors.New("the ItemReader's Parameters need a Bucket")
	}
	var items []jsonv.Value
	switch strings.TrimPrefix(rc.Resource, "arn:aws:states:::") {
	case "s3:listObjectsV2":
		return e.opts.Objects.ListObjects(ctx, role, p.Bucket, p.Prefix, cfg.MaxItems)
	case "s3:getObject":
		if p.Key == "" {
			return nil, errors.New("the ItemReader's Parameters need a Key")
		}
		body, err := e.opts.Objects.GetObject(ctx, role, p.Bucket, p.Key, p.VersionId)
		if err != nil {
			return nil, err
		}
		if cfg.InputType == "MANIFEST" {
			if items, err = e.inventoryItems(ctx, role, body, cfg.MaxItems); err != nil {
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

// writeResults writes a run's results as AWS does: a file per outcome
// (SUCCEEDED_0.json, FAILED_0.json, PENDING_0.json) and manifest.json
// under PREFIX/RUN_ID/, and returns the Map state's output.
func (e *Engine) writeResults(ctx context.Context, runARN string, rec *mapRunRecord) (jsonv.Value, error) {
	if e.opts.Objects == nil {
		return nil, errors.New(noObjects)
	}
	var wc writerConfig
	if err := json.Unmarshal(rec.ResultWriter, &wc); err != nil {
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
	for i, s := range rec.Status {
		entry := jsonv.NewObject(8)
		entry.Set("ExecutionArn", rec.Children[i])
		entry.Set("Input", string(rec.Inputs[i]))
		entry.Set("InputDetails", jsonv.ObjectOf("Included", true))
		entry.Set("Name", rec.Children[i][strings.LastIndex(rec.Children[i], ":")+1:])
		var kind string
		switch s {
		case childSucceeded:
			kind = "SUCCEEDED"
			entry.Set("Output", string(rec.Outputs[i]))
			entry.Set("OutputDetails", jsonv.ObjectOf("Included", true))
		case childPending, childRunning:
			kind = "PENDING"
		default:
			kind = "FAILED"
			var fail struct{ Error, Cause string }
			_ = json.Unmarshal(rec.Outputs[i], &fail)
			entry.Set("Error", fail.Error)
			entry.Set("Cause", fail.Cause)
		}
		entry.Set("Status", map[int]string{childSucceeded: "SUCCEEDED", childFailed: "FAILED", childTimedOut: "TIMED_OUT", childAborted: "ABORTED"}[s])
		if kind == "PENDING" {
			entry.Set("Status", "PENDING")
		}
		files[kind] = append(files[kind], entry)
	}
	manifest := jsonv.NewObject(3)
	manifest.Set("DestinationBucket", wc.Parameters.Bucket)
	manifest.Set("MapRunArn", runARN)
	results := jsonv.NewObject(3)
	for _, kind := range []string{"FAILED", "PENDING", "SUCCEEDED"} {
		var list []jsonv.Value
		if entries := files[kind]; len(entries) > 0 {
			key := dir + kind + "_0.json"
			body := jsonv.Marshal(entries)
			if err := e.opts.Objects.PutObject(ctx, "", wc.Parameters.Bucket, key, body); err != nil {
				return nil, err
			}
			list = append(list, jsonv.ObjectOf("Key", key, "Size", jsonv.Int(int64(len(body)))))
		}
		if list == nil {
			list = []jsonv.Value{}
		}
		results.Set(kind, list)
	}
	manifest.Set("ResultFiles", results)
	key := dir + "manifest.json"
	if err := e.opts.Objects.PutObject(ctx, "", wc.Parameters.Bucket, key, jsonv.Marshal(manifest)); err != nil {
		return nil, err
	}
	return jsonv.ObjectOf("MapRunArn", runARN, "ResultWriterDetails", jsonv.ObjectOf("Bucket", wc.Parameters.Bucket, "Key", key)), nil
}

// loadItems fills a run's record from its ItemReader: the items as the
// Map state makes them the children's inputs (interp.MapRunInputs).
func (c *core) loadItems(ctx context.Context, l *live, runARN string, rec *mapRunRecord) error {
	items, err := c.e.readItems(ctx, "", rec.ItemReader)
	if err != nil {
		return err
	}
	inputs, counts, err := interp.MapRunInputs(l.machine, l.snap.State, runARN, items, interp.Env{Now: c.e.clock.Now()})
	if err != nil {
		return err
	}
	rec.Items = counts
	rec.Inputs = rec.Inputs[:0]
	for _, in := range inputs {
		rec.Inputs = append(rec.Inputs, jsonv.Marshal(in))
	}
	rec.Status = make([]int, len(inputs))
	rec.Outputs = make([]json.RawMessage, len(inputs))
	rec.Children = make([]string, len(inputs))
	rec.ItemReader = nil // read: a step taken again must not read again
	return nil
}

// inventoryItems reads the items an S3 Inventory manifest (manifest.json)
// lists: the rows of its CSV data files (gzip-compressed), as objects
// keyed by the manifest's fileSchema.
func (e *Engine) inventoryItems(ctx context.Context, role string, manifest []byte, max int) ([]jsonv.Value, error) {
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
		body, err := e.opts.Objects.GetObject(ctx, role, bucket, f.Key, "")
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
