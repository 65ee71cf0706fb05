package asl

import "github.com/stepd/stepd/jsonv"

// Fields of a Distributed Map's ItemReader, ItemBatcher and ResultWriter.
// ReaderConfig and WriterConfig keep growing on AWS's side, so their unknown
// fields are left alone; only their number fields are checked.
var (
	itemReaderFields   = set("Resource", "ReaderConfig", "Parameters", "Arguments")
	itemBatcherFields  = set("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput")
	resultWriterFields = set("Resource", "WriterConfig", "Parameters", "Arguments")
)

// MaxReaderItems is the largest ReaderConfig.MaxItems AWS accepts.
const MaxReaderItems = 100000000

// mapConfig validates ItemReader, ItemBatcher and ResultWriter.
func (p *parser) mapConfig(s *Map, lang string) {
	if o, ok := s.ItemReader.Value.(*jsonv.Object); ok && s.ItemReader.Set {
		ptr := s.ItemReader.Pointer
		p.subFields(o, ptr, itemReaderFields, lang)
		p.resource(o, ptr)
		if cfg, ok := o.Get("ReaderConfig"); ok {
			cp := Pointer(ptr, "ReaderConfig")
			if co, ok := cfg.(*jsonv.Object); !ok {
				p.typeError(cp, "Object")
			} else {
				p.countPair(co, cp, "MaxItems", lang, MaxReaderItems)
				if co.Has("MaxItemsPath") {
					p.languageField(cp, "MaxItemsPath", lang)
				}
			}
		}
	}
	if o, ok := s.ItemBatcher.Value.(*jsonv.Object); ok && s.ItemBatcher.Set {
		ptr := s.ItemBatcher.Pointer
		p.subFields(o, ptr, itemBatcherFields, lang)
		p.countPair(o, ptr, "MaxItemsPerBatch", lang, 0)
		p.countPair(o, ptr, "MaxInputBytesPerBatch", lang, 0)
	}
	if o, ok := s.ResultWriter.Value.(*jsonv.Object); ok && s.ResultWriter.Set {
		ptr := s.ResultWriter.Pointer
		p.subFields(o, ptr, resultWriterFields, lang)
		if o.Has("Resource") {
			p.resource(o, ptr)
		}
	}
}

// subFields reports unknown fields and fields of the other language inside
// a Map configuration object.
func (p *parser) subFields(o *jsonv.Object, ptr string, allowed map[string]bool, lang string) {
	for _, m := range o.Members() {
		if !allowed[m.Key] {
			p.notSupported(ptr, m.Key)
			continue
		}
		p.languageField(ptr, m.Key, lang)
	}
}

// resource checks a required Resource ARN inside a Map configuration.
func (p *parser) resource(o *jsonv.Object, ptr string) {
	if !o.Has("Resource") {
		p.required(ptr, "Resource")
		return
	}
	if r, ok := p.str(o, ptr, "Resource"); ok && !validResourceARN(r) {
		p.add(CodeInvalidResource, Pointer(ptr, "Resource"), "Resource is not a valid ARN: "+r)
	}
}

// countPair checks a non-negative integer field (at most max when max > 0),
// which JSONata may write as an expression, and its exclusive ...Path twin.
func (p *parser) countPair(o *jsonv.Object, ptr, key, lang string, max int64) {
	n := p.numOrExpr(o, ptr, key, lang, true)
	if v, ok := n.Int64(); ok {
		if v < 0 {
			p.schema(n.Pointer, "Minimum value is 0")
		} else if max > 0 && v > max {
			p.schema(n.Pointer, "Maximum value is %d", max)
		}
	}
	if o.Has(key+"Path") && lang == JSONPath {
		p.refPath(o, ptr, key+"Path")
	}
	if o.Has(key) && o.Has(key+"Path") {
		p.onlyOne(ptr, key, key+"Path")
	}
}
