package interp

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stepd/stepd"
	"github.com/stepd/stepd/asl"
	"github.com/stepd/stepd/history"
	"github.com/stepd/stepd/jsonv"
	"github.com/stepd/stepd/machine"
	"github.com/stepd/stepd/query/jsonpath"
)

// A Distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED) does
// not run its iterations inside the execution: it starts a Map Run, whose
// items run as child executions of their own. The interpreter works out
// everything that depends on the state's input — the items, ItemSelector,
// batches, MaxConcurrency, the tolerated failures, the ARN — and asks the
// shell for the run (StartMapRun). The shell reports the run's end
// (MapRunEnded); the state then succeeds with the children's outputs or
// fails, through Retry and Catch like any state.

// MapRunConcurrencyDefault is how many child executions a Map Run keeps
// running when MaxConcurrency is 0 or absent (AWS: up to 10,000).
const MapRunConcurrencyDefault = 10000

// StartMapRun asks the shell to run a Distributed Map's children.
type StartMapRun struct {
	MapRunARN string
	StateName string
	// StateMachineARN is the labelled ARN the children run under
	// (arn:...:stateMachine:NAME/LABEL).
	StateMachineARN string
	// ExecutionType is STANDARD or EXPRESS.
	ExecutionType string
	// Definition is the ItemProcessor as a state machine definition.
	Definition []byte
	// Inputs are the children's inputs in item order (one per batch with
	// an ItemBatcher); Items counts the items each child carries.
	Inputs []jsonv.Value
	Items  []int
	// MaxConcurrency is as the state says; 0 runs up to
	// MapRunConcurrencyDefault children at once.
	MaxConcurrency int
	// ToleratedFailureCount and ToleratedFailurePercentage apply when set
	// (…Set); when neither is, no failure is tolerated.
	ToleratedFailureCount         int64
	ToleratedFailureCountSet      bool
	ToleratedFailurePercentage    float64
	ToleratedFailurePercentageSet bool
	// ItemReader and ResultWriter are the state's fields as evaluated
	// (nil when absent): the shell reads and writes the items.
	ItemReader   jsonv.Value
	ResultWriter jsonv.Value
}

// CancelMapRun tells the shell a Map Run is no longer wanted (the
// execution stopped or timed out, a sibling branch failed): its running
// children are stopped.
type CancelMapRun struct{ MapRunARN string }

// MapRunEnded reports the end of a Map Run: Status SUCCEEDED with Output
// (the Map state's result), or FAILED with Error and Cause.
type MapRunEnded struct {
	MapRunARN    string
	Status       string
	Output       jsonv.Value
	Error, Cause string
}

// RedriveMapRun asks the shell to redrive a failed or aborted Map Run
// (the parent execution was redriven): its unsuccessful children run
// again, and the run ends again with MapRunEnded.
type RedriveMapRun struct {
	MapRunARN    string
	RedriveCount int64
}

func (StartMapRun) isEffect()   {}
func (CancelMapRun) isEffect()  {}
func (RedriveMapRun) isEffect() {}
func (MapRunEnded) isInput()    {}

// Map Run failure names and causes, as AWS reports them.
const (
	ErrorExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold"
	CauseExceedToleratedFailureThreshold = "The specified tolerated failure threshold was exceeded"
)

// distributed reports whether st is a Distributed Map.
func distributed(st *machine.State) bool {
	m, ok := st.AST.(*asl.Map)
	return ok && m.ItemProcessor != nil && m.ItemProcessor.Mode == asl.ModeDistributed
}

// readsItems reports whether st is a Distributed Map with an ItemReader.
func readsItems(st *machine.State) bool {
	m, ok := st.AST.(*asl.Map)
	return ok && distributed(st) && m.ItemReader.Set
}

// startMapRun starts a Distributed Map over list (empty with an
// ItemReader: the shell reads the items).
func (d *decider) startMapRun(path []*Thread, st *machine.State, eff jsonv.Value, list []jsonv.Value, conc int64) {
	t := path[len(path)-1]
	a := st.AST.(*asl.Map)
	t.Effective = Data{eff}
	run := StartMapRun{StateName: st.Name, MaxConcurrency: int(conc), ExecutionType: a.ItemProcessor.ExecutionType}
	if err := d.tolerances(t, st, a, eff, &run); err != nil {
		d.fail(path, err)
		return
	}
	if a.ItemReader.Set {
		reader, err := d.itemReader(t, st, a, eff)
		if err != nil {
			d.fail(path, err)
			return
		}
		run.ItemReader = reader
	} else {
		inputs := make([]jsonv.Value, len(list))
		for i := range list {
			v, err := d.itemInput(t, st, list, i)
			if err != nil {
				d.fail(path, err)
				return
			}
			inputs[i] = v
		}
		if selects(st) {
			d.observe(st, StageAfterItemSelector, inputs)
		}
		var err error
		if run.Inputs, run.Items, err = d.batches(t, st, a, eff, inputs); err != nil {
			d.fail(path, err)
			return
		}
	}
	if a.ResultWriter.Set {
		writer, err := d.evalConfig(t, st, "ResultWriter", a.ResultWriter.Value, eff)
		if err != nil {
			d.fail(path, err)
			return
		}
		run.ResultWriter = writer
	}
	def, err := processorDefinition(d.m, a)
	if err != nil {
		d.fail(path, err)
		return
	}
	run.Definition = def
	started := d.emit(t, history.MapStateStarted, &history.MapStateStartedEventDetails{Length: int64(len(list))})
	run.MapRunARN, run.StateMachineARN = d.mapRunARNs(a, started)
	d.emit(t, history.MapRunStarted, &history.MapRunStartedEventDetails{MapRunArn: run.MapRunARN})
	t.Phase = PhaseMapRun
	t.MapRun = run.MapRunARN
	t.FailedRun, t.MapRunRedrives = "", 0
	d.effects = append(d.effects, run)
}

// mapRunARNs names a run and the state machine its children run under:
// arn:…:mapRun:MACHINE/LABEL:UUID and arn:…:stateMachine:MACHINE/LABEL,
// the label being a UUID when the state has none. The UUIDs derive from
// the execution and the run's MapStateStarted event, so replay agrees.
func (d *decider) mapRunARNs(a *asl.Map, eventID int64) (run, sm string) {
	ex := d.s.Execution
	uuid := func(purpose string) string {
		sum := sha256.Sum256([]byte(ex.ExecutionArn + "\x00" + strconv.FormatInt(eventID, 10) + "\x00" + purpose))
		var b [16]byte
		copy(b[:], sum[:16])
		return stepd.UUID(b)
	}
	label := a.Label
	if label == "" {
		label = uuid("label")
	}
	prefix := "arn:aws:states:us-east-1:123456789012"
	if parts := strings.Split(ex.ExecutionArn, ":"); len(parts) >= 5 {
		prefix = strings.Join(parts[:5], ":")
	}
	name := ex.StateMachineName + "/" + label
	return prefix + ":mapRun:" + name + ":" + uuid("run"), prefix + ":stateMachine:" + name
}

// processorDefinition is the ItemProcessor as the children's definition:
// StartAt, States (and Comment) with the machine's QueryLanguage, which
// the processor inherits.
func processorDefinition(m *machine.Machine, a *asl.Map) ([]byte, error) {
	var src *asl.Source
	lang := ""
	if m.Definition != nil {
		src, lang = m.Definition.Source, m.Definition.QueryLanguage
	}
	v, ok := src.Value(a.ItemProcessor.Pointer)
	o, isObj := v.(*jsonv.Object)
	if !ok || !isObj {
		return nil, &stateError{"States.Runtime", "The ItemProcessor of the state '" + a.Name + "' is not available to start child executions"}
	}
	def := jsonv.NewObject(4)
	if lang == asl.JSONata {
		def.Set("QueryLanguage", lang)
	}
	for _, mem := range o.Members() {
		if mem.Key != "ProcessorConfig" {
			def.Set(mem.Key, mem.Value)
		}
	}
	return jsonv.Marshal(def), nil
}

// tolerances evaluates ToleratedFailureCount(Path) and
// ToleratedFailurePercentage(Path).
func (d *decider) tolerances(t *Thread, st *machine.State, a *asl.Map, eff jsonv.Value, run *StartMapRun) error {
	count, set, err := d.mapNumber(t, st, eff, "ToleratedFailureCount", a.ToleratedFailureCount, a.ToleratedFailureCountPath)
	if err != nil {
		return err
	}
	if set {
		c, isInt := count.Int64()
		if !isInt || c < 0 {
			return &stateError{"States.Runtime", "The ToleratedFailureCount of the state '" + st.Name + "' must be a non-negative integer, not " + string(count)}
		}
		run.ToleratedFailureCount, run.ToleratedFailureCountSet = c, true
		d.observe(st, StageToleratedFailureCount, count)
	}
	pct, set, err := d.mapNumber(t, st, eff, "ToleratedFailurePercentage", a.ToleratedFailurePercentage, a.ToleratedFailurePercentagePath)
	if err != nil {
		return err
	}
	if set {
		p := pct.Float64()
		if p < 0 || p > 100 {
			return &stateError{"States.Runtime", "The ToleratedFailurePercentage of the state '" + st.Name + "' must be a number from 0 to 100, not " + string(pct)}
		}
		run.ToleratedFailurePercentage, run.ToleratedFailurePercentageSet = p, true
		d.observe(st, StageToleratedFailurePercentage, pct)
	}
	return nil
}

// mapNumber reads a numeric Map Run field: a literal, a JSONata
// expression, or its …Path twin (a reference path into the effective
// input).
func (d *decider) mapNumber(t *Thread, st *machine.State, eff jsonv.Value, field string, n asl.NumberOrExpr, p asl.OptionalPath) (jsonv.Number, bool, error) {
	var v jsonv.Value
	switch {
	case n.Set && n.IsExpr():
		var err error
		if v, err = d.mapQuery(t, st, field, n.Expr); err != nil {
			return "", false, err
		}
	case n.Set:
		return n.Number, true, nil
	case p.Set && !p.Null:
		var err error
		if v, err = d.mapPath(t, st, eff, field+"Path", p.Path); err != nil {
			return "", false, err
		}
	default:
		return "", false, nil
	}
	num, ok := v.(jsonv.Number)
	if !ok {
		return "", false, &stateError{"States.Runtime", "The " + field + " of the state '" + st.Name + "' must be a number, not " + jsonv.String(v)}
	}
	return num, true, nil
}

// mapQuery evaluates a JSONata-mode field Compile keeps raw.
func (d *decider) mapQuery(t *Thread, st *machine.State, field string, v jsonv.Value) (jsonv.Value, error) {
	q, err := machine.CompileQueryValue(field, v)
	if err != nil {
		return nil, &stateError{errQueryEvaluation, err.Error()}
	}
	return q.Eval(d.queryEnv(t, d.statesVar(t, st, t.Input.V, nil)))
}

// mapPath evaluates a reference path of a Map Run field.
func (d *decider) mapPath(t *Thread, st *machine.State, eff jsonv.Value, field, src string) (jsonv.Value, error) {
	p, err := jsonpath.CompileReference(src)
	if err != nil {
		return nil, &stateError{"States.Runtime", "The " + field + " of the state '" + st.Name + "' is not a valid reference path: " + err.Error()}
	}
	return p.Eval(eff, d.envFor(t, st))
}

// batches groups the children's inputs as the ItemBatcher says (each
// child gets {"BatchInput": …, "Items": […]}); without one, every item
// is a child of its own.
func (d *decider) batches(t *Thread, st *machine.State, a *asl.Map, eff jsonv.Value, inputs []jsonv.Value) ([]jsonv.Value, []int, error) {
	cfg, ok := a.ItemBatcher.Value.(*jsonv.Object)
	if !a.ItemBatcher.Set || !ok {
		items := make([]int, len(inputs))
		for i := range items {
			items[i] = 1
		}
		return inputs, items, nil
	}
	limit := func(key string) (int64, error) {
		var n asl.NumberOrExpr
		var p asl.OptionalPath
		if v, ok := cfg.Get(key); ok {
			n.Set = true
			switch x := v.(type) {
			case jsonv.Number:
				n.Number = x
			case string:
				n.Expr = x
			}
		}
		if v, ok := cfg.Get(key + "Path"); ok {
			s, _ := v.(string)
			p = asl.OptionalPath{Set: true, Path: s}
		}
		num, set, err := d.mapNumber(t, st, eff, key, n, p)
		if err != nil || !set {
			return 0, err
		}
		i, isInt := num.Int64()
		if !isInt || i < 0 {
			return 0, &stateError{"States.Runtime", "The " + key + " of the state '" + st.Name + "' must be a non-negative integer, not " + string(num)}
		}
		return i, nil
	}
	maxItems, err := limit("MaxItemsPerBatch")
	if err != nil {
		return nil, nil, err
	}
	maxBytes, err := limit("MaxInputBytesPerBatch")
	if err != nil {
		return nil, nil, err
	}
	if maxBytes == 0 || maxBytes > jsonv.PayloadLimit {
		maxBytes = jsonv.PayloadLimit
	}
	var batchInput jsonv.Value
	if v, ok := cfg.Get("BatchInput"); ok {
		if st.JSONata {
			batchInput, err = d.mapQuery(t, st, "ItemBatcher/BatchInput", v)
		} else {
			var tmpl *jsonpath.Template
			if tmpl, err = jsonpath.CompileTemplate(v); err == nil {
				batchInput, err = tmpl.Eval(eff, d.envFor(t, st))
			}
		}
		if err != nil {
			return nil, nil, err
		}
	}
	child := func(items []jsonv.Value) jsonv.Value {
		o := jsonv.NewObject(2)
		if batchInput != nil {
			o.Set("BatchInput", batchInput)
		}
		o.Set("Items", items)
		return o
	}
	var out []jsonv.Value
	var counts []int
	var cur []jsonv.Value
	size := 0
	for _, in := range inputs {
		n := jsonv.Size(in) + 1
		if len(cur) > 0 && ((maxItems > 0 && int64(len(cur)) >= maxItems) || int64(size+n) > maxBytes) {
			out, counts = append(out, child(cur)), append(counts, len(cur))
			cur, size = nil, 0
		}
		cur = append(cur, in)
		size += n
	}
	if len(cur) > 0 {
		out, counts = append(out, child(cur)), append(counts, len(cur))
	}
	d.observe(st, StageAfterItemBatcher, out)
	return out, counts, nil
}

// findMapRun returns the path to the thread waiting for Map Run arn.
func (d *decider) findMapRun(arn string) []*Thread {
	if arn == "" || d.s.Closed() {
		return nil
	}
	path := find(d.s.Root, nil, func(t *Thread) bool { return t.MapRun == arn && t.Phase == PhaseMapRun })
	if path == nil {
		return nil
	}
	return d.own(path)
}

// mapRunEnded leaves a Distributed Map whose run ended.
func (d *decider) mapRunEnded(path []*Thread, in MapRunEnded) {
	t := path[len(path)-1]
	st := d.state(t)
	t.MapRun = ""
	t.Phase = PhaseIdle
	if in.Status == StatusSucceeded {
		d.emit(t, history.MapRunSucceeded, nil)
		d.emit(t, history.MapStateSucceeded, nil)
		d.afterResult(path, st, in.Output)
	} else {
		t.FailedRun = in.MapRunARN
		d.emit(t, history.MapRunFailed, errorDetails(in.Error, in.Cause))
		d.emit(t, history.MapStateFailed, nil)
		d.raise(path, in.Error, in.Cause)
	}
	d.resume(path)
}

// Why RunSequentially fails a run with an ItemReader or a ResultWriter:
// its caller did not read the items or takes no results (the conformance
// corpus; local.Options without ReadItems or WriteResults).
const (
	ErrorItemReaderFailed   = "States.ItemReaderFailed"
	CauseItemReaderFailed   = "this run cannot read Distributed Map items through an ItemReader (Amazon S3); pass the items in the state input (ItemsPath or Items)"
	ErrorResultWriterFailed = "States.ResultWriterFailed"
	CauseResultWriterFailed = "this run cannot write Distributed Map results through a ResultWriter (Amazon S3); remove ResultWriter to get the results as the state output"
)

// ToleranceExceeded reports whether failed items out of total are more
// than a run tolerates. A tolerance applies only when set; with neither
// set, any failure is too many.
func ToleranceExceeded(count int64, countSet bool, pct float64, pctSet bool, failed, total int) bool {
	if failed == 0 {
		return false
	}
	if !countSet && !pctSet {
		return true
	}
	if countSet && int64(failed) > count {
		return true
	}
	return pctSet && float64(failed)*100 > pct*float64(total)
}

// MapRunChild is how one child execution ended.
type MapRunChild struct {
	Status       string
	Output       jsonv.Value
	Error, Cause string
}

// MapRunResult is a successful run's output: the children's outputs in
// item order, a failed child (within the tolerance) giving its Error and
// Cause.
func MapRunResult(children []MapRunChild) jsonv.Value {
	out := make([]jsonv.Value, len(children))
	for i, c := range children {
		if c.Status == StatusSucceeded {
			out[i] = c.Output
		} else {
			out[i] = jsonv.ObjectOf("Cause", c.Cause, "Error", c.Error)
		}
	}
	return out
}

// RunSequentially runs the run's children one after the other with run
// (an in-memory driver's way: stepd run, the conformance corpus) and
// returns the run's end with every child's outcome. It stops at the first
// failure the tolerance does not allow. prev, when not nil, is a failed
// run's outcomes: its succeeded children are kept (a redrive).
func (r StartMapRun) RunSequentially(prev []MapRunChild, run func(i int, input jsonv.Value) (MapRunChild, error)) (MapRunEnded, []MapRunChild, error) {
	end := MapRunEnded{MapRunARN: r.MapRunARN, Status: StatusFailed}
	switch {
	case r.ItemReader != nil:
		end.Error, end.Cause = ErrorItemReaderFailed, CauseItemReaderFailed
		return end, prev, nil
	case r.ResultWriter != nil:
		end.Error, end.Cause = ErrorResultWriterFailed, CauseResultWriterFailed
		return end, prev, nil
	}
	total := 0
	for _, n := range r.Items {
		total += n
	}
	children := make([]MapRunChild, len(r.Inputs))
	copy(children, prev)
	failed := 0
	for i, in := range r.Inputs {
		if children[i].Status != StatusSucceeded {
			c, err := run(i, in)
			if err != nil {
				return end, children, err
			}
			children[i] = c
		}
		if children[i].Status != StatusSucceeded {
			failed += r.Items[i]
			if ToleranceExceeded(r.ToleratedFailureCount, r.ToleratedFailureCountSet, r.ToleratedFailurePercentage, r.ToleratedFailurePercentageSet, failed, total) {
				for j := i + 1; j < len(children); j++ {
					children[j] = MapRunChild{} // not started
				}
				end.Error, end.Cause = ErrorExceedToleratedFailureThreshold, CauseExceedToleratedFailureThreshold
				return end, children, nil
			}
		}
	}
	return MapRunEnded{MapRunARN: r.MapRunARN, Status: StatusSucceeded, Output: MapRunResult(children)}, children, nil
}

// itemReader evaluates an ItemReader for the shell: its Parameters
// (JSONPath, ".$" fields from the effective input) or Arguments (JSONata),
// and ReaderConfig with MaxItemsPath resolved into MaxItems.
func (d *decider) itemReader(t *Thread, st *machine.State, a *asl.Map, eff jsonv.Value) (jsonv.Value, error) {
	v, err := d.evalConfig(t, st, "ItemReader", a.ItemReader.Value, eff)
	if err != nil {
		return nil, err
	}
	o, ok := v.(*jsonv.Object)
	if !ok {
		return v, nil
	}
	cfg, ok := o.Get("ReaderConfig")
	co, isObj := cfg.(*jsonv.Object)
	if !ok || !isObj {
		return o, nil
	}
	var n asl.NumberOrExpr
	if m, ok := co.Get("MaxItems"); ok {
		n.Set = true
		switch x := m.(type) {
		case jsonv.Number:
			n.Number = x
		case string:
			n.Expr = x
		}
	}
	var p asl.OptionalPath
	if m, ok := co.Get("MaxItemsPath"); ok {
		s, _ := m.(string)
		p = asl.OptionalPath{Set: true, Path: s}
	}
	max, set, err := d.mapNumber(t, st, eff, "MaxItems", n, p)
	if err != nil || !set {
		return o, err
	}
	if i, isInt := max.Int64(); !isInt || i < 0 || i > asl.MaxReaderItems {
		return nil, &stateError{"States.Runtime", "The ReaderConfig.MaxItems of the state '" + st.Name + "' must be an integer from 0 to " + strconv.Itoa(asl.MaxReaderItems) + ", not " + string(max)}
	}
	co = co.Clone()
	co.Delete("MaxItemsPath")
	co.Set("MaxItems", max)
	o = o.Clone()
	o.Set("ReaderConfig", co)
	return o, nil
}

// evalConfig evaluates the Parameters (JSONPath) or Arguments (JSONata)
// of an ItemReader or ResultWriter; the other fields stay as written.
func (d *decider) evalConfig(t *Thread, st *machine.State, field string, v jsonv.Value, eff jsonv.Value) (jsonv.Value, error) {
	o, ok := v.(*jsonv.Object)
	if !ok {
		return v, nil
	}
	out := o.Clone()
	if p, ok := o.Get("Parameters"); ok && !st.JSONata {
		tmpl, err := jsonpath.CompileTemplate(p)
		if err != nil {
			return nil, &stateError{"States.Runtime", "The " + field + ".Parameters of the state '" + st.Name + "' is not a valid template: " + err.Error()}
		}
		val, err := tmpl.Eval(eff, d.envFor(t, st))
		if err != nil {
			return nil, err
		}
		out.Set("Parameters", val)
	}
	if args, ok := o.Get("Arguments"); ok && st.JSONata {
		val, err := d.mapQuery(t, st, field+"/Arguments", args)
		if err != nil {
			return nil, err
		}
		out.Delete("Arguments")
		out.Set("Parameters", val)
	}
	return out, nil
}

// MapRunInputs turns the items a shell read for a run (ItemReader) into
// the children's inputs, as the Map state would have: ItemSelector (with
// $$.Map.Item) and ItemBatcher, evaluated in the state that waits for the
// run. s is not modified.
func MapRunInputs(m *machine.Machine, s *State, mapRunARN string, items []jsonv.Value, env Env) (inputs []jsonv.Value, counts []int, err error) {
	d := &decider{m: m, s: s.clone(), now: env.Now.Truncate(time.Millisecond).UTC(), obs: env.Observer, preset: env.Preset}
	d.env.Rand = &d.rng
	path := find(d.s.Root, nil, func(t *Thread) bool { return t.MapRun == mapRunARN && t.Phase == PhaseMapRun })
	if path == nil {
		return nil, nil, fmt.Errorf("interp: no state waits for the Map Run %s", mapRunARN)
	}
	t := path[len(path)-1]
	st := d.state(t)
	a, ok := st.AST.(*asl.Map)
	if !ok {
		return nil, nil, fmt.Errorf("interp: the state waiting for %s is not a Map", mapRunARN)
	}
	d.reseed(t.EnteredID)
	sel := make([]jsonv.Value, len(items))
	for i := range items {
		if sel[i], err = d.itemInput(t, st, items, i); err != nil {
			return nil, nil, asError(err)
		}
	}
	if selects(st) {
		d.observe(st, StageAfterItemSelector, sel)
	}
	inputs, counts, err = d.batches(t, st, a, t.Effective.V, sel)
	return inputs, counts, asError(err)
}

// asError gives a state error its AWS name in the message.
func asError(err error) error {
	if se, ok := err.(*stateError); ok {
		return fmt.Errorf("%s: %s", se.Name, se.Cause)
	}
	return err
}

// redriveMapRun redrives the run a Distributed Map's thread failed with,
// as AWS does when the parent is redriven: MapRunRedriven, and the state
// waits for the same run again (no new MapStateEntered).
func (d *decider) redriveMapRun(t *Thread) {
	t.MapRunRedrives++
	t.MapRun, t.FailedRun = t.FailedRun, ""
	t.Phase = PhaseMapRun
	t.TaskID, t.Timer, t.Timeout, t.Heartbeat = "", "", "", ""
	d.emit(t, history.MapRunRedriven, &history.MapRunRedrivenEventDetails{MapRunArn: t.MapRun, RedriveCount: t.MapRunRedrives})
	d.effects = append(d.effects, RedriveMapRun{MapRunARN: t.MapRun, RedriveCount: t.MapRunRedrives})
}
