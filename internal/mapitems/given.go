package mapitems

import (
	"errors"
	"fmt"
	"strings"

	"github.com/stepd/stepd/jsonv"
)

// Given reads the items an ItemReader (as the interpreter evaluated it)
// would have read from data, the source's content as it is in Amazon S3:
// TestState's stateConfiguration.mapItemReaderData. An s3:getObject object
// is parsed as its ReaderConfig.InputType says; an s3:listObjectsV2
// listing is a JSON array of the objects it lists. ReaderConfig.MaxItems
// applies as in a run.
func Given(data []byte, itemReader jsonv.Value) ([]jsonv.Value, error) {
	rc, err := decodeReader(itemReader)
	if err != nil {
		return nil, err
	}
	cfg := rc.ReaderConfig
	var items []jsonv.Value
	switch strings.TrimPrefix(rc.Resource, "arn:aws:states:::") {
	case "s3:listObjectsV2":
		v, err := jsonv.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("an s3:listObjectsV2 listing must be a JSON array of objects: %v", err)
		}
		list, ok := v.([]jsonv.Value)
		if !ok {
			return nil, errors.New("an s3:listObjectsV2 listing must be a JSON array of objects")
		}
		items = list
	case "s3:getObject":
		if cfg.InputType == "MANIFEST" {
			// The manifest names other objects, which hold the items.
			return nil, errors.New("an S3 Inventory manifest (InputType MANIFEST) lists other objects; give the items of a JSON, JSONL or CSV object instead")
		}
		if items, err = parseItems(data, cfg.InputType, cfg.CSVHeaderLocation, cfg.CSVHeaders, cfg.CSVDelimiter); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("the ItemReader resource %s is not one stepd reads (arn:aws:states:::s3:getObject, arn:aws:states:::s3:listObjectsV2)", rc.Resource)
	}
	if cfg.MaxItems > 0 && len(items) > cfg.MaxItems {
		items = items[:cfg.MaxItems]
	}
	return items, nil
}
