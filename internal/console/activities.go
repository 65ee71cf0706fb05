package console

import (
	"encoding/json"
	"net/http"
	"sort"

	"github.com/stepd/stepd/internal/runner"
	"github.com/stepd/stepd/internal/store"
)

// Activities answers GET /console/activities: for each activity, the tasks
// no worker has taken yet and the workers that polled it since this
// process started. AWS has no API for either; the Activities page shows
// them beside ListActivities.
func Activities(st store.Store, acts *runner.Activities) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var pending map[string]int
		err := st.ReadTx(r.Context(), func(tx store.Tx) error {
			var err error
			pending, err = tx.ActivityTaskCountPending(r.Context(), &store.ActivityTaskCountPendingParams{})
			return err
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		type worker struct {
			Name     string       `json:"name"`
			LastSeen epochSeconds `json:"lastSeen"`
		}
		type activity struct {
			ActivityArn  string   `json:"activityArn"`
			PendingTasks int      `json:"pendingTasks"`
			Workers      []worker `json:"workers"`
		}
		arns := map[string]bool{}
		for arn := range pending {
			arns[arn] = true
		}
		for _, arn := range acts.Polled() {
			arns[arn] = true
		}
		out := struct {
			Activities []activity `json:"activities"`
		}{Activities: []activity{}}
		for arn := range arns {
			a := activity{ActivityArn: arn, PendingTasks: pending[arn], Workers: []worker{}}
			for _, wk := range acts.Workers(arn) {
				a.Workers = append(a.Workers, worker{Name: wk.Name, LastSeen: epochSeconds(wk.LastSeen)})
			}
			out.Activities = append(out.Activities, a)
		}
		sort.Slice(out.Activities, func(i, j int) bool { return out.Activities[i].ActivityArn < out.Activities[j].ActivityArn })
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(out)
	})
}
