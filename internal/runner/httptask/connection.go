package httptask

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/jsonv"
)

// field is one header, query parameter or body member, in order.
type field struct{ name, value string }

// conn is a Connection with its ${VAR} references resolved, ready for
// requests.
type conn struct {
	name string
	// authName/authValue is the header the API key or basic authorization
	// sets ("" for OAuth, whose header carries the current token).
	authName, authValue string
	oauth               *oauthClient
	headers, query      []field
	body                []field
	// secrets are the values scrubbed from every cause: credentials and
	// whatever came from the environment.
	secrets []string
}

// resolve expands the connection's ${VAR} references.
func resolve(name string, c Connection, lookup func(string) (string, bool)) (*conn, error) {
	key := "connections." + name
	cn := &conn{name: name}
	var errs []error
	// get expands one value; secret marks credentials, which are scrubbed
	// even when written in the file.
	get := func(path, v string, secret bool) string {
		out, fromEnv, err := expand(v, lookup)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s.%s: %w", key, path, err))
		}
		if (secret || fromEnv) && len(out) >= minSecret {
			cn.secrets = append(cn.secrets, out)
		}
		return out
	}
	params := func(path string, m map[string]string) []field {
		out := make([]field, 0, len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			out = append(out, field{k, get(path+"."+k, m[k], false)})
		}
		return out
	}
	switch {
	case c.APIKey != nil:
		cn.authName = get("api_key.name", c.APIKey.Name, false)
		cn.authValue = get("api_key.value", c.APIKey.Value, true)
	case c.Basic != nil:
		user := get("basic.username", c.Basic.Username, false)
		pass := get("basic.password", c.Basic.Password, true)
		cn.authName = "Authorization"
		cn.authValue = "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
		cn.secrets = append(cn.secrets, cn.authValue[len("Basic "):])
	case c.OAuth != nil:
		o := c.OAuth
		method := strings.ToUpper(o.Method)
		if method == "" {
			method = http.MethodPost
		}
		cn.oauth = &oauthClient{
			connection:   name,
			tokenURL:     get("oauth.token_url", o.TokenURL, false),
			method:       method,
			clientID:     get("oauth.client_id", o.ClientID, false),
			clientSecret: get("oauth.client_secret", o.ClientSecret, true),
			scope:        strings.Join(o.Scopes, " "),
			headers:      params("oauth.headers", o.Headers),
			query:        params("oauth.query", o.Query),
			body:         params("oauth.body", o.Body),
		}
	}
	if p := c.InvocationHTTPParameters; p != nil {
		cn.headers = params("invocation_http_parameters.headers", p.Headers)
		cn.query = params("invocation_http_parameters.query", p.Query)
		cn.body = params("invocation_http_parameters.body", p.Body)
	}
	return cn, errors.Join(errs...)
}

// Shorter values are not scrubbed: replacing every "a" in a cause would
// garble it without hiding anything worth hiding.
const minSecret = 4

// scrub hides the connection's secrets, and the token in use, in s.
func (c *conn) scrub(s, token string) string {
	for _, v := range c.secrets {
		s = strings.ReplaceAll(s, v, "****")
	}
	if len(token) >= minSecret {
		s = strings.ReplaceAll(s, token, "****")
	}
	return s
}

// oauthClient gets and caches a connection's client-credentials token.
type oauthClient struct {
	connection             string
	tokenURL, method       string
	clientID, clientSecret string
	scope                  string
	headers, query, body   []field

	// mu is held while a token is fetched, so concurrent tasks wait for
	// one request instead of each making their own.
	mu      sync.Mutex
	token   string
	expires time.Time // zero: until the API refuses it
}

// errTokenTimeout is the cause of a token request's own deadline.
var errTokenTimeout = errors.New("httptask: token request timed out")

// get returns a valid token, fetching one when none is cached or it
// expired. A failed fetch is the task's result; err is the caller's
// cancellation.
func (o *oauthClient) get(ctx context.Context, r *Runner) (string, *runner.Result, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.token != "" && (o.expires.IsZero() || r.now().Before(o.expires)) {
		return o.token, nil, nil
	}
	tok, ttl, fail, err := o.fetch(ctx, r)
	if fail != nil || err != nil {
		return "", fail, err
	}
	o.token, o.expires = tok, time.Time{}
	if ttl > 0 {
		// A tenth of the lifetime as margin, so a token is not sent at the
		// very edge of its life.
		o.expires = r.now().Add(ttl - ttl/10)
	}
	return tok, nil, nil
}

// invalidate drops token if it is still the cached one (another task may
// already have replaced it).
func (o *oauthClient) invalidate(token string) {
	o.mu.Lock()
	if o.token == token {
		o.token = ""
	}
	o.mu.Unlock()
}

func (o *oauthClient) fetch(ctx context.Context, r *Runner) (token string, ttl time.Duration, fail *runner.Result, err error) {
	bad := func(format string, args ...any) (string, time.Duration, *runner.Result, error) {
		res := failure(ErrorInvalidConnectionState, fmt.Sprintf("connection %s: ", o.connection)+fmt.Sprintf(format, args...))
		res.Cause = strings.ReplaceAll(res.Cause, o.clientSecret, "****")
		return "", 0, &res, nil
	}
	form := []field{{"grant_type", "client_credentials"}}
	if o.scope != "" {
		form = append(form, field{"scope", o.scope})
	}
	form = override(form, o.body)
	target := o.tokenURL
	query := encodeFields(nil, o.query)
	var body io.Reader
	if o.method == http.MethodGet {
		query = encodeFields(query, form)
	} else {
		body = strings.NewReader(string(encodeFields(nil, form)))
	}
	if len(query) > 0 {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + string(query)
	}
	shown := displayURL(o.tokenURL)
	tctx, cancel := context.WithTimeoutCause(ctx, r.timeout, errTokenTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, o.method, target, body)
	if err != nil {
		return bad("cannot build the token request to %s: %v", shown, err)
	}
	for _, h := range o.headers {
		req.Header.Set(h.name, h.value)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(o.clientID, o.clientSecret)
	resp, err := r.client.Do(req)
	if err == nil {
		defer resp.Body.Close()
		var data []byte
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxTokenResponse))
		if err == nil {
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return bad("the OAuth token endpoint %s answered %s", shown, statusLine(resp))
			}
			return o.parseToken(data, shown, bad)
		}
	}
	if ctx.Err() != nil {
		return "", 0, nil, context.Cause(ctx)
	}
	if errors.Is(context.Cause(tctx), errTokenTimeout) {
		return bad("the OAuth token endpoint %s did not answer within %s", shown, r.timeout)
	}
	return bad("could not reach the OAuth token endpoint %s: %s", shown, transportReason(err))
}

// The token answer is small; this bounds what a broken endpoint can make
// stepd read.
const maxTokenResponse = 1 << 20

func (o *oauthClient) parseToken(data []byte, shown string, bad func(string, ...any) (string, time.Duration, *runner.Result, error)) (string, time.Duration, *runner.Result, error) {
	v, err := jsonv.Parse(data)
	obj, ok := v.(*jsonv.Object)
	if err != nil || !ok {
		return bad("the OAuth token endpoint %s did not answer a JSON object", shown)
	}
	tok, _ := obj.Get("access_token")
	s, _ := tok.(string)
	if s == "" {
		return bad("the OAuth token endpoint %s answered no access_token", shown)
	}
	var ttl time.Duration
	switch e, _ := obj.Get("expires_in"); e := e.(type) {
	case jsonv.Number:
		ttl = time.Duration(e.Float64() * float64(time.Second))
	case string:
		if n, err := strconv.ParseFloat(e, 64); err == nil {
			ttl = time.Duration(n * float64(time.Second))
		}
	}
	return s, ttl, nil, nil
}

// override returns base with the members of over replacing those of the
// same name (over's values win, as a connection's do over a Task's).
func override(base, over []field) []field {
	if len(over) == 0 {
		return base
	}
	out := make([]field, 0, len(base)+len(over))
	for _, f := range base {
		if !hasField(over, f.name) {
			out = append(out, f)
		}
	}
	return append(out, over...)
}

func hasField(fs []field, name string) bool {
	for _, f := range fs {
		if f.name == name {
			return true
		}
	}
	return false
}
