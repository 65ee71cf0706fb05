package sfnapi

import (
	"github.com/stepd/stepd/internal/mapitems"
	"github.com/stepd/stepd/interp"
	"github.com/stepd/stepd/jsonv"
)

// checkMapConfiguration checks stateConfiguration's Map fields against
// the state under test: they describe a Map's iterations (how many failed)
// and what its ItemReader reads, so they need a Map state, and the reader
// data a Map with an ItemReader. TestState does not reach Amazon S3: a
// Map with an ItemReader is tested on the data the request gives.
func (t *testRun) checkMapConfiguration(state *jsonv.Object) error {
	var count bool
	var data string
	if sc := t.req.StateConfiguration; sc != nil {
		count, data = sc.MapIterationFailureCount != nil, sc.MapItemReaderData
	}
	_, reader := state.Get("ItemReader")
	switch {
	case t.stateType != "Map" && count:
		return validation("", "stateConfiguration.mapIterationFailureCount can only be specified when testing a Map state, not a %s state", t.stateType)
	case t.stateType != "Map" && data != "":
		return validation("", "stateConfiguration.mapItemReaderData can only be specified when testing a Map state, not a %s state", t.stateType)
	case t.stateType != "Map":
		return nil
	case data != "" && !reader:
		return validation("", "stateConfiguration.mapItemReaderData can only be specified when the Map state has an ItemReader")
	case data == "" && reader && t.req.Mock != nil:
		return validation("", "stateConfiguration.mapItemReaderData must be specified to test a Map state with an ItemReader: TestState does not read the items from their source")
	}
	return nil
}

// mapRunEnd answers the Map Run a mocked Map asks for (its iterations):
// with the ItemReader's items read from mapItemReaderData and made into
// the children's inputs (which the inspector sees), then the mock's
// result or error, or States.ExceedToleratedFailureThreshold when
// mapIterationFailureCount iterations failing is more than the state
// tolerates. A Map that sets no tolerance ignores the count, as AWS does.
func (t *testRun) mapRunEnd(run interp.StartMapRun, s *interp.State, env interp.Env) (interp.MapRunEnded, error) {
	end := interp.MapRunEnded{MapRunARN: run.MapRunARN, Status: interp.StatusFailed}
	sc := t.req.StateConfiguration
	if sc == nil {
		sc = &testStateConfiguration{}
	}
	iterations := len(run.Inputs)
	if run.ItemReader != nil {
		items, err := mapitems.Given([]byte(sc.MapItemReaderData), run.ItemReader)
		if err != nil {
			end.Error, end.Cause = interp.ErrorItemReaderFailed, "stateConfiguration.mapItemReaderData: "+err.Error()
			return end, nil
		}
		inputs, _, err := interp.MapRunInputs(t.machine, s, run.MapRunARN, items, env)
		if err != nil {
			end.Error, end.Cause = interp.ErrorItemReaderFailed, err.Error()
			return end, nil
		}
		iterations = len(inputs)
	}
	var failed int64
	if sc.MapIterationFailureCount != nil {
		failed = *sc.MapIterationFailureCount
	}
	if failed > int64(iterations) {
		return end, validation("", "stateConfiguration.mapIterationFailureCount (%d) is more than the Map state's %d iterations", failed, iterations)
	}
	m := t.req.Mock
	tolerates := run.ToleratedFailureCountSet || run.ToleratedFailurePercentageSet
	switch {
	case m.ErrorOutput != nil:
		end.Error, end.Cause = *m.ErrorOutput.Error, m.ErrorOutput.Cause
	case tolerates && interp.ToleranceExceeded(run.ToleratedFailureCount, run.ToleratedFailureCountSet,
		run.ToleratedFailurePercentage, run.ToleratedFailurePercentageSet, int(failed), iterations):
		end.Error, end.Cause = interp.ErrorExceedToleratedFailureThreshold, interp.CauseExceedToleratedFailureThreshold
	default:
		end.Status, end.Output = interp.StatusSucceeded, t.mock
	}
	return end, nil
}
