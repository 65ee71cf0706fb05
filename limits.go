package stepd

// Service quotas of AWS Step Functions that change behaviour, not just
// capacity. Each one is enforced where AWS enforces it. The 256 KiB payload
// limit lives with the size accounting, as jsonv.PayloadLimit.
const (
	// HistoryLimit is the most events one execution may record; the next
	// one fails the execution.
	HistoryLimit = 25000
	// StateNameLimit is the longest state name, in characters.
	StateNameLimit = 80
	// InlineMapConcurrency is how many iterations an inline Map runs at once
	// when MaxConcurrency is 0 (unbounded).
	InlineMapConcurrency = 40
	// VariablesLimit bounds the total size of all workflow variables.
	VariablesLimit = 10 * 1024 * 1024
)
