package sfnapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Pagination tokens wrap the store's cursor with the action and an HMAC so
// a client can neither forge nor move a token to another listing.

func (h *handler) sealToken(scope, cursor string) *string {
	if cursor == "" {
		return nil
	}
	body := base64.RawURLEncoding.EncodeToString([]byte(scope + "\x00" + cursor))
	mac := hmac.New(sha256.New, h.key)
	mac.Write([]byte(body))
	s := body + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
	return &s
}

func (h *handler) openToken(scope, token string) (string, error) {
	if token == "" {
		return "", nil
	}
	body, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 1024 {
		return "", errf("InvalidToken", "Invalid Token: '%s'", token)
	}
	mac := hmac.New(sha256.New, h.key)
	mac.Write([]byte(body))
	want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return "", errf("InvalidToken", "Invalid Token: '%s'", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", errf("InvalidToken", "Invalid Token: '%s'", token)
	}
	c, ok := strings.CutPrefix(string(raw), scope+"\x00")
	if !ok {
		return "", errf("InvalidToken", "Invalid Token: '%s'", token)
	}
	return c, nil
}

func checkMaxResults(n int) error {
	if n < 0 || n > 1000 {
		return validation("", "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000", n)
	}
	return nil
}
