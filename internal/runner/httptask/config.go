package httptask

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Connection is one named connection, as declared under connections: in
// stepd.yaml: the local stand-in for an EventBridge connection. A Task picks
// it with Authentication.ConnectionArn (or InvocationConfig.ConnectionArn)
// arn:aws:events:REGION:ACCOUNT:connection/NAME[/UUID], by NAME.
//
// Exactly one of APIKey, Basic and OAuth is set, as EventBridge requires an
// authorization type. Every string value may reference environment
// variables as ${VAR}, so secrets stay out of the file; such values are
// treated as secrets and never appear in results or logs.
type Connection struct {
	APIKey *APIKey `yaml:"api_key"`
	Basic  *Basic  `yaml:"basic"`
	OAuth  *OAuth  `yaml:"oauth"`
	// InvocationHTTPParameters are added to every request made through the
	// connection; on a clash they win over the Task's own.
	InvocationHTTPParameters *HTTPParameters `yaml:"invocation_http_parameters"`
}

// APIKey sends Value in the header Name.
type APIKey struct {
	Name  string `yaml:"name"`
	Value string `yaml:"value"`
}

// Basic sends HTTP basic authorization.
type Basic struct {
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

// OAuth gets a bearer token with the client credentials grant from
// TokenURL (EventBridge's AuthorizationEndpoint), keeps it until it expires
// and fetches a new one when the API answers 401 or 407.
type OAuth struct {
	TokenURL string `yaml:"token_url"`
	// Method is GET or POST (the default).
	Method       string   `yaml:"method"`
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scopes       []string `yaml:"scopes"`
	// Headers, Query and Body are added to the token request (EventBridge's
	// OAuthHttpParameters); Body may override grant_type.
	Headers map[string]string `yaml:"headers"`
	Query   map[string]string `yaml:"query"`
	Body    map[string]string `yaml:"body"`
}

// HTTPParameters are a connection's extra headers, query parameters and
// body members (EventBridge's InvocationHttpParameters).
type HTTPParameters struct {
	Headers map[string]string `yaml:"headers"`
	Query   map[string]string `yaml:"query"`
	Body    map[string]string `yaml:"body"`
}

// EventBridge's connection name rule.
var connectionNameRE = regexp.MustCompile(`^[.\-_A-Za-z0-9]{1,64}$`)

// Validate checks every connection, in name order. Errors name the key, as
// connections.NAME.FIELD.
func Validate(connections map[string]Connection) error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(connections)) {
		if err := connections[name].validate(name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (c Connection) validate(name string) error {
	key := "connections." + name
	var errs []error
	bad := func(field, format string, args ...any) {
		k := key
		if field != "" {
			k += "." + field
		}
		errs = append(errs, fmt.Errorf("%s: %s", k, fmt.Sprintf(format, args...)))
	}
	// checkValue reports a required value that is empty and a malformed
	// ${VAR} reference.
	checkValue := func(field, v string, required bool) {
		if required && v == "" {
			bad(field, "required")
			return
		}
		if err := checkRefs(v); err != nil {
			bad(field, "%v", err)
		}
	}
	checkParams := func(field string, p map[string]string, headers bool) {
		for _, k := range slices.Sorted(maps.Keys(p)) {
			if headers && !validHeaderName(k) {
				bad(field, "%q is not a valid header name", k)
			}
			if k == "" {
				bad(field, "a parameter name must not be empty")
			}
			checkValue(field+"."+k, p[k], false)
		}
	}
	if !connectionNameRE.MatchString(name) {
		bad("", "a connection name is 1 to 64 letters, digits, dots (.), hyphens (-) or underscores (_)")
	}
	kinds := 0
	for _, set := range []bool{c.APIKey != nil, c.Basic != nil, c.OAuth != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		bad("", "set exactly one of api_key, basic or oauth (the connection's authorization)")
	}
	if a := c.APIKey; a != nil {
		checkValue("api_key.name", a.Name, true)
		if a.Name != "" && !validHeaderName(a.Name) {
			bad("api_key.name", "%q is not a valid header name", a.Name)
		}
		checkValue("api_key.value", a.Value, true)
	}
	if b := c.Basic; b != nil {
		checkValue("basic.username", b.Username, true)
		checkValue("basic.password", b.Password, true)
		if strings.Contains(b.Username, ":") {
			bad("basic.username", "must not contain a colon (:)")
		}
	}
	if o := c.OAuth; o != nil {
		checkValue("oauth.token_url", o.TokenURL, true)
		if o.TokenURL != "" && !strings.Contains(o.TokenURL, "${") {
			if u, err := url.Parse(o.TokenURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("oauth.token_url", "%q is not an http or https URL", o.TokenURL)
			}
		}
		switch strings.ToUpper(o.Method) {
		case "", "GET", "POST":
		default:
			bad("oauth.method", "must be GET or POST, got %q", o.Method)
		}
		checkValue("oauth.client_id", o.ClientID, true)
		checkValue("oauth.client_secret", o.ClientSecret, true)
		for i, s := range o.Scopes {
			if s == "" || strings.ContainsAny(s, " \t") {
				bad(fmt.Sprintf("oauth.scopes[%d]", i), "a scope is one non-empty word, got %q", s)
			}
		}
		checkParams("oauth.headers", o.Headers, true)
		checkParams("oauth.query", o.Query, false)
		checkParams("oauth.body", o.Body, false)
	}
	if p := c.InvocationHTTPParameters; p != nil {
		checkParams("invocation_http_parameters.headers", p.Headers, true)
		for _, h := range slices.Sorted(maps.Keys(p.Headers)) {
			if forbiddenHeader(h) {
				bad("invocation_http_parameters.headers."+h, "stepd sets this header itself (or HTTP Tasks may not send it)")
			}
		}
		checkParams("invocation_http_parameters.query", p.Query, false)
		checkParams("invocation_http_parameters.body", p.Body, false)
	}
	return errors.Join(errs...)
}

// checkRefs reports a malformed ${VAR} reference.
func checkRefs(s string) error {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return nil
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return fmt.Errorf("unterminated ${ (write ${VAR} to use the environment variable VAR)")
		}
		if name := s[i+2 : i+end]; !envNameRE.MatchString(name) {
			return fmt.Errorf("${%s} does not name an environment variable", name)
		}
		s = s[i+end+1:]
	}
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expand replaces every ${VAR} in s by the variable's value. It reports
// whether s referenced any variable (such values are secrets) and names
// the first unset one.
func expand(s string, lookup func(string) (string, bool)) (out string, referenced bool, err error) {
	if !strings.Contains(s, "${") {
		return s, false, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), referenced, nil
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return "", referenced, fmt.Errorf("unterminated ${")
		}
		name := s[i+2 : i+end]
		v, ok := lookup(name)
		if !ok {
			return "", referenced, fmt.Errorf("the environment variable %s is not set", name)
		}
		referenced = true
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+end+1:]
	}
}

// validHeaderName reports whether s is an HTTP token (RFC 9110).
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
