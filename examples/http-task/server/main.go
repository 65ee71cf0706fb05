// Command server runs the http-task example's orders API on -listen. The
// API key is the ORDERS_API_KEY environment variable, the same one the
// connection in stepd.yaml reads.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"

	"github.com/stepd/stepd/examples/http-task/ordersapi"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "address to serve on")
	flag.Parse()
	key := os.Getenv("ORDERS_API_KEY")
	if key == "" {
		log.Fatal("set ORDERS_API_KEY")
	}
	log.Printf("orders API on http://%s", *listen)
	log.Fatal(http.ListenAndServe(*listen, ordersapi.Handler(key)))
}
