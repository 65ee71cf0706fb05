package jsonata

import (
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/query/jsonata/picture"
)

func pictureError(err error) error {
	if pe, ok := err.(*picture.Error); ok {
		if s, isStr := pe.Value.(string); isStr {
			if _, known := picture.Template(pe.Code); known {
				// rendered here so the value is JSON-quoted as jsonata-js does
				return &Error{Code: pe.Code, Position: -1, Value: s}
			}
		}
		return &Error{Code: pe.Code, Message: pe.Message, Position: -1, Value: pe.Value}
	}
	return err
}

func formatDateTime(millis int64, pic, tz string) (any, error) {
	s, err := picture.FormatDateTime(millis, pic, tz)
	if err != nil {
		return nil, pictureError(err)
	}
	return s, nil
}

func (ev *evaluator) toMillis(s, pic string) (any, error) {
	ms, ok, err := picture.ParseDateTimeAt(s, pic, ev.now)
	if err != nil {
		return nil, pictureError(err)
	}
	if !ok {
		return nil, nil
	}
	return float64(ms), nil
}

func pictureFormatInteger(x float64, pic string) (string, error) {
	s, err := picture.FormatInteger(x, pic)
	if err != nil {
		return "", pictureError(err)
	}
	return s, nil
}

func pictureParseInteger(s, pic string) (any, error) {
	f, err := picture.ParseInteger(s, pic)
	if err != nil {
		return nil, pictureError(err)
	}
	return f, nil
}

func fnFormatNumber(ev *evaluator, args []any, _ any, _ *frame) (any, error) {
	x, ok := args[0].(float64)
	if !ok {
		return nil, nil
	}
	pic, _ := arg(args, 1).(string)
	var opts *picture.DecimalFormat
	if o, ok := arg(args, 2).(*jsonv.Object); ok {
		opts = &picture.DecimalFormat{}
		get := func(k string) string {
			s, _ := lift(field(o, k)).(string)
			return s
		}
		opts.DecimalSeparator = get("decimal-separator")
		opts.GroupingSeparator = get("grouping-separator")
		opts.ExponentSeparator = get("exponent-separator")
		opts.MinusSign = get("minus-sign")
		opts.Infinity = get("infinity")
		opts.NaN = get("NaN")
		opts.Percent = get("percent")
		opts.PerMille = get("per-mille")
		opts.ZeroDigit = get("zero-digit")
		opts.Digit = get("digit")
		opts.PatternSeparator = get("pattern-separator")
	}
	s, err := picture.FormatNumber(x, pic, opts)
	if err != nil {
		return nil, pictureError(err)
	}
	return s, nil
}
