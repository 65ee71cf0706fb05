package httptask

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// call is an HTTP Task's resolved Parameters (or Arguments), checked.
type call struct {
	endpoint   *url.URL
	method     string
	connection string // the connection's name, from its ARN
	headers    []field
	query      []field
	body       jsonv.Value // nil when there is none
	urlEncoded bool
	arrays     string // ArrayFormat
}

// Array formats of Transform.RequestEncodingOptions.ArrayFormat.
const (
	arrayIndices  = "INDICES"
	arrayRepeat   = "REPEAT"
	arrayCommas   = "COMMAS"
	arrayBrackets = "BRACKETS"
)

var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions, http.MethodHead}

// parseCall reads the task input. A malformed one is States.Runtime, the
// cause naming the field.
func parseCall(input jsonv.Value) (*call, *runner.Result) {
	fail := func(format string, args ...any) (*call, *runner.Result) {
		r := runtimeFailure("HTTP Task: " + fmt.Sprintf(format, args...))
		return nil, &r
	}
	obj, ok := input.(*jsonv.Object)
	if !ok {
		return fail("the parameters must be a JSON object, got %s", jsonv.KindOf(input))
	}
	c := &call{arrays: arrayIndices}
	var connARN, connField string
	for _, m := range obj.Members() {
		switch m.Key {
		case "ApiEndpoint":
			s, ok := m.Value.(string)
			if !ok {
				return fail("ApiEndpoint must be a string, got %s", jsonv.KindOf(m.Value))
			}
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return fail("ApiEndpoint %q is not an https (or, locally, http) URL", s)
			}
			c.endpoint = u
		case "Method":
			s, _ := m.Value.(string)
			if !slices.Contains(methods, s) {
				return fail("Method must be one of %s, got %s", strings.Join(methods, ", "), jsonv.String(m.Value))
			}
			c.method = s
		case "Authentication", "InvocationConfig":
			o, ok := m.Value.(*jsonv.Object)
			if !ok {
				return fail("%s must be an object with a ConnectionArn", m.Key)
			}
			a, _ := o.Get("ConnectionArn")
			s, ok := a.(string)
			if !ok {
				return fail("%s.ConnectionArn must be a string naming an EventBridge connection", m.Key)
			}
			connARN, connField = s, m.Key+".ConnectionArn"
		case "Headers":
			h, fail2 := parseHeaders(m.Value)
			if fail2 != "" {
				return fail("%s", fail2)
			}
			c.headers = h
		case "QueryParameters":
			q, fail2 := parseQuery(m.Value, nil)
			if fail2 != "" {
				return fail("%s", fail2)
			}
			c.query = q
		case "RequestBody":
			c.body = m.Value
		case "Transform":
			if fail2 := c.parseTransform(m.Value); fail2 != "" {
				return fail("%s", fail2)
			}
		default:
			return fail("unknown field %s (an HTTP Task takes ApiEndpoint, Method, Authentication or InvocationConfig, Headers, QueryParameters, RequestBody and Transform)", m.Key)
		}
	}
	switch {
	case c.endpoint == nil:
		return fail("ApiEndpoint is required")
	case c.method == "":
		return fail("Method is required")
	case connField == "":
		return fail("Authentication.ConnectionArn is required: AWS calls an HTTPS API only through an EventBridge connection (declare one under connections: in stepd.yaml)")
	}
	name, ok := connectionName(connARN)
	if !ok {
		return fail("%s %q is not a connection ARN (arn:aws:events:REGION:ACCOUNT:connection/NAME/ID)", connField, connARN)
	}
	c.connection = name
	return c, nil
}

// connectionName takes NAME from
// arn:aws:events:REGION:ACCOUNT:connection/NAME[/ID].
func connectionName(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "events" {
		return "", false
	}
	rest, ok := strings.CutPrefix(parts[5], "connection/")
	if !ok {
		return "", false
	}
	name, _, _ := strings.Cut(rest, "/")
	return name, name != ""
}

func parseHeaders(v jsonv.Value) ([]field, string) {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		return nil, fmt.Sprintf("Headers must be an object of header names and values, got %s", jsonv.KindOf(v))
	}
	out := make([]field, 0, obj.Len())
	for _, m := range obj.Members() {
		if !validHeaderName(m.Key) {
			return nil, fmt.Sprintf("Headers: %q is not a valid header name", m.Key)
		}
		if forbiddenHeader(m.Key) {
			return nil, fmt.Sprintf("Headers: the header %s is not allowed in an HTTP Task", m.Key)
		}
		vals, ok := scalars(m.Value)
		if !ok {
			return nil, fmt.Sprintf("Headers.%s must be a string, number, boolean or an array of them, got %s", m.Key, jsonv.KindOf(m.Value))
		}
		for _, s := range vals {
			if strings.ContainsAny(s, "\r\n\x00") {
				return nil, fmt.Sprintf("Headers.%s: a header value must not contain line breaks", m.Key)
			}
			out = append(out, field{m.Key, s})
		}
	}
	return out, ""
}

// parseQuery reads QueryParameters: an object (an array value repeats the
// key), a query string, or an array of those.
func parseQuery(v jsonv.Value, out []field) ([]field, string) {
	switch v := v.(type) {
	case nil:
		return out, ""
	case string:
		for _, part := range strings.Split(strings.TrimPrefix(v, "?"), "&") {
			if part == "" {
				continue
			}
			k, val, _ := strings.Cut(part, "=")
			// Already-encoded text is decoded so it is encoded once.
			if dk, err := url.QueryUnescape(k); err == nil {
				k = dk
			}
			if dv, err := url.QueryUnescape(val); err == nil {
				val = dv
			}
			out = append(out, field{k, val})
		}
		return out, ""
	case *jsonv.Object:
		for _, m := range v.Members() {
			vals, ok := scalars(m.Value)
			if !ok {
				return nil, fmt.Sprintf("QueryParameters.%s must be a string, number, boolean or an array of them, got %s", m.Key, jsonv.KindOf(m.Value))
			}
			for _, s := range vals {
				out = append(out, field{m.Key, s})
			}
		}
		return out, ""
	case []jsonv.Value:
		for _, e := range v {
			if _, ok := e.([]jsonv.Value); ok {
				return nil, "QueryParameters: an array holds objects or query strings, not arrays"
			}
			var fail string
			if out, fail = parseQuery(e, out); fail != "" {
				return nil, fail
			}
		}
		return out, ""
	}
	return nil, fmt.Sprintf("QueryParameters must be an object, a string or an array, got %s", jsonv.KindOf(v))
}

func (c *call) parseTransform(v jsonv.Value) string {
	obj, ok := v.(*jsonv.Object)
	if !ok {
		return fmt.Sprintf("Transform must be an object, got %s", jsonv.KindOf(v))
	}
	for _, m := range obj.Members() {
		switch m.Key {
		case "RequestBodyEncoding":
			switch m.Value {
			case "NONE":
				c.urlEncoded = false
			case "URL_ENCODED":
				c.urlEncoded = true
			default:
				return fmt.Sprintf("Transform.RequestBodyEncoding must be NONE or URL_ENCODED, got %s", jsonv.String(m.Value))
			}
		case "RequestEncodingOptions":
			o, ok := m.Value.(*jsonv.Object)
			if !ok {
				return "Transform.RequestEncodingOptions must be an object with an ArrayFormat"
			}
			for _, om := range o.Members() {
				if om.Key != "ArrayFormat" {
					return fmt.Sprintf("Transform.RequestEncodingOptions: unknown field %s", om.Key)
				}
				switch om.Value {
				case arrayIndices, arrayRepeat, arrayCommas, arrayBrackets:
					c.arrays = om.Value.(string)
				default:
					return fmt.Sprintf("Transform.RequestEncodingOptions.ArrayFormat must be INDICES, REPEAT, COMMAS or BRACKETS, got %s", jsonv.String(om.Value))
				}
			}
		default:
			return fmt.Sprintf("Transform: unknown field %s (it takes RequestBodyEncoding and RequestEncodingOptions)", m.Key)
		}
	}
	return ""
}

// forbiddenHeader reports the headers AWS refuses in an HTTP Task
// definition (States.Runtime), compared without case.
func forbiddenHeader(name string) bool {
	l := strings.ToLower(name)
	if strings.HasPrefix(l, "x-forwarded-") || strings.HasPrefix(l, "x-amz-") || strings.HasPrefix(l, "x-amzn-") {
		return true
	}
	_, ok := forbiddenHeaders[l]
	return ok
}

var forbiddenHeaders = map[string]struct{}{
	"a-im": {}, "accept-charset": {}, "accept-datetime": {}, "accept-encoding": {}, "authorization": {},
	"cache-control": {}, "connection": {}, "content-encoding": {}, "content-md5": {}, "date": {},
	"expect": {}, "forwarded": {}, "from": {}, "host": {}, "http2-settings": {}, "if-match": {},
	"if-modified-since": {}, "if-none-match": {}, "if-range": {}, "if-unmodified-since": {},
	"max-forwards": {}, "origin": {}, "pragma": {}, "proxy-authorization": {}, "referer": {},
	"server": {}, "te": {}, "trailer": {}, "transfer-encoding": {}, "upgrade": {}, "via": {}, "warning": {},
}

// prepared is what every attempt of one call sends.
type prepared struct {
	url         string
	shown       string // the URL without query or user info, for causes and logs
	header      http.Header
	body        []byte
	hasBody     bool
	contentType string
}

// prepare merges the call with its connection's parameters (the
// connection wins on a clash) and serializes the body.
func (r *Runner) prepare(c *call, cn *conn, region string) (*prepared, *runner.Result) {
	p := &prepared{header: make(http.Header, len(c.headers)+len(cn.headers)+4)}
	for _, h := range c.headers {
		p.header.Add(h.name, h.value)
	}
	for _, h := range cn.headers {
		p.header.Set(h.name, h.value)
	}
	// Go computes the length from the body; a stale one would be ignored.
	p.header.Del("Content-Length")

	u := *c.endpoint
	q := []byte(u.RawQuery)
	q = encodeFields(q, override(c.query, cn.query))
	u.RawQuery = string(q)
	u.Fragment, u.RawFragment = "", ""
	p.url = u.String()
	p.shown = displayURL(c.endpoint.String())

	body := c.body
	if len(cn.body) > 0 {
		var obj *jsonv.Object
		switch b := body.(type) {
		case nil:
			obj = jsonv.NewObject(len(cn.body))
		case *jsonv.Object:
			obj = b.Clone()
		default:
			fail := runtimeFailure(fmt.Sprintf("HTTP Task: RequestBody is %s and cannot be merged with the body parameters of connection %s (only an object can)", describeKind(body), cn.name))
			return nil, &fail
		}
		for _, f := range cn.body {
			obj.Set(f.name, f.value)
		}
		body = obj
	}
	switch b := body.(type) {
	case nil:
	case string:
		p.body, p.hasBody = []byte(b), true
	default:
		p.hasBody = true
		if c.urlEncoded {
			obj, ok := b.(*jsonv.Object)
			if !ok {
				fail := runtimeFailure(fmt.Sprintf("HTTP Task: RequestBody must be an object to be URL-encoded (Transform.RequestBodyEncoding URL_ENCODED), got %s", jsonv.KindOf(b)))
				return nil, &fail
			}
			p.body = encodeForm(nil, obj, c.arrays)
		} else {
			p.body = jsonv.Marshal(b)
		}
	}
	if p.hasBody && p.header.Get("Content-Type") == "" {
		if c.urlEncoded {
			p.header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			p.header.Set("Content-Type", "application/json; charset=UTF-8")
		}
	}
	// Step Functions sets these itself, whatever the definition says.
	p.header.Set("User-Agent", "Amazon|StepFunctions|HttpInvoke|"+region)
	p.header.Set("Range", "bytes=0-262144")
	if cn.authName != "" {
		p.header.Set(cn.authName, cn.authValue)
	}
	return p, nil
}

func describeKind(v jsonv.Value) string {
	if _, ok := v.(string); ok {
		return "a string"
	}
	return "of type " + jsonv.KindOf(v).String()
}

// scalars is the text of a scalar, or of each scalar in an array.
func scalars(v jsonv.Value) ([]string, bool) {
	if a, ok := v.([]jsonv.Value); ok {
		out := make([]string, 0, len(a))
		for _, e := range a {
			s, ok := scalarText(e)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	s, ok := scalarText(v)
	return []string{s}, ok
}

func scalarText(v jsonv.Value) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case jsonv.Number:
		return string(v), true
	case bool:
		return strconv.FormatBool(v), true
	case nil:
		return "", true
	}
	return "", false
}

// encodeForm URL-encodes a body object: nested objects as key[member],
// arrays as the array format says (INDICES key[0]=a, REPEAT key=a,
// COMMAS key=a,b, BRACKETS key[]=a). COMMAS joins scalars only; an array
// holding objects or arrays falls back to indices.
func encodeForm(dst []byte, obj *jsonv.Object, arrays string) []byte {
	for _, m := range obj.Members() {
		dst = encodeValue(dst, m.Key, m.Value, arrays)
	}
	return dst
}

func encodeValue(dst []byte, key string, v jsonv.Value, arrays string) []byte {
	switch v := v.(type) {
	case *jsonv.Object:
		for _, m := range v.Members() {
			dst = encodeValue(dst, key+"["+m.Key+"]", m.Value, arrays)
		}
		return dst
	case []jsonv.Value:
		if arrays == arrayCommas {
			if texts, ok := scalars(v); ok {
				if len(texts) == 0 {
					return dst
				}
				dst = pairStart(dst, key)
				for i, s := range texts {
					if i > 0 {
						dst = append(dst, ',')
					}
					dst = appendEscaped(dst, s)
				}
				return dst
			}
		}
		for i, e := range v {
			k := key
			switch arrays {
			case arrayRepeat:
			case arrayBrackets:
				k += "[]"
			default:
				k += "[" + strconv.Itoa(i) + "]"
			}
			dst = encodeValue(dst, k, e, arrays)
		}
		return dst
	}
	s, _ := scalarText(v)
	return appendEscaped(pairStart(dst, key), s)
}

func pairStart(dst []byte, key string) []byte {
	if len(dst) > 0 {
		dst = append(dst, '&')
	}
	return append(appendEscaped(dst, key), '=')
}

// encodeFields appends name=value pairs to dst (after dst's own).
func encodeFields(dst []byte, fs []field) []byte {
	for _, f := range fs {
		dst = appendEscaped(pairStart(dst, f.name), f.value)
	}
	return dst
}

// appendEscaped percent-encodes s as JavaScript's encodeURIComponent does
// (a space is %20), the form AWS's own examples show.
func appendEscaped(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', hex[c>>4], hex[c&15])
	}
	return dst
}

func unreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}

// displayURL is u without user info, query or fragment: what causes and
// logs may show (a query may carry a connection's secret parameters).
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an unparsable URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}).String()
}
