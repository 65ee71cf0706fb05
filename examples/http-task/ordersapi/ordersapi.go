// Package ordersapi is the small HTTP API the http-task example calls: it
// stands in for a third-party service, so the example needs nothing from
// the network.
//
//	POST /orders      {"item": "...", "quantity": N} → 201 {"id": "o-1", ...}
//	GET  /orders/{id} → 200 the order; 503 on the first read of each order
//	                    (to show Retry), 404 for an unknown id
//
// Every request must carry the API key in x-api-key, and the header
// x-client, which the connection adds to each request.
package ordersapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Order is one order.
type Order struct {
	ID       string `json:"id"`
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
	Status   string `json:"status"`
}

type api struct {
	key    string
	mu     sync.Mutex
	orders map[string]*Order
	reads  map[string]int
}

// Handler serves the API; requests without apiKey in x-api-key get 401.
func Handler(apiKey string) http.Handler {
	a := &api{key: apiKey, orders: map[string]*Order{}, reads: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", a.create)
	mux.HandleFunc("GET /orders/{id}", a.get)
	return a.auth(mux)
}

func (a *api) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-api-key") != a.key {
			reply(w, http.StatusUnauthorized, map[string]string{"message": "missing or wrong x-api-key"})
			return
		}
		if r.Header.Get("x-client") == "" {
			reply(w, http.StatusBadRequest, map[string]string{"message": "x-client header required"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *api) create(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil || o.Item == "" || o.Quantity < 1 {
		reply(w, http.StatusBadRequest, map[string]string{"message": "need a JSON body with item and a positive quantity"})
		return
	}
	a.mu.Lock()
	o.ID = fmt.Sprintf("o-%d", len(a.orders)+1)
	o.Status = "accepted"
	a.orders[o.ID] = &o
	a.mu.Unlock()
	reply(w, http.StatusCreated, o)
}

func (a *api) get(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.mu.Lock()
	o, ok := a.orders[id]
	a.reads[id]++
	first := a.reads[id] == 1
	var copy Order
	if ok {
		copy = *o
	}
	a.mu.Unlock()
	switch {
	case !ok:
		reply(w, http.StatusNotFound, map[string]string{"message": "no order " + id})
	case first:
		// A busy first answer, so the workflow's Retry has work to do.
		w.Header().Set("Retry-After", "1")
		reply(w, http.StatusServiceUnavailable, map[string]string{"message": "try again"})
	default:
		copy.Status = "confirmed"
		if r.URL.Query().Get("view") == "summary" {
			reply(w, http.StatusOK, map[string]any{"id": copy.ID, "status": copy.Status})
			return
		}
		reply(w, http.StatusOK, copy)
	}
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
