package history

import (
	"encoding/binary"
	"strconv"
	"time"
)

// Storage format, version 1 (all integers varints as encoding/binary):
//
//	version   byte    1
//	type      byte    the type's storage code (type table)
//	id        uvarint
//	previous  uvarint
//	timestamp varint  Unix milliseconds
//	details   byte    0 none, 1 present, then the members in visitFields order:
//	  string            uvarint length, bytes
//	  DataDetails       byte 0 absent, 1 {"truncated":false}, 2 {"truncated":true}
//	  optional integer  byte 0 absent, 1 then varint
//	  integer           varint
//	  Variables         uvarint count, then name and value strings
//	  TaskCredentials   byte 0 absent, 1 then roleArn string
//
// A new format gets a new version byte; Decode keeps reading the old ones.
const (
	encodingV1 = 1
	// EncodingVersion is the version Encode writes.
	EncodingVersion = encodingV1
)

// Encode returns the storage form of e.
func Encode(e Event) ([]byte, error) {
	c := fieldCodec{mode: modeSize}
	if e.Details != nil {
		visitFields(e.Details, &c)
	}
	return AppendEncode(make([]byte, 0, 1+1+3*binary.MaxVarintLen64+1+c.size.n), e)
}

// AppendEncode appends the storage form of e to dst.
func AppendEncode(dst []byte, e Event) ([]byte, error) {
	info, err := e.check()
	if err != nil {
		return dst, err
	}
	if e.ID < 0 || e.PreviousEventID < 0 {
		return dst, newError(CodeCorrupt, e.ID, "event ids cannot be negative")
	}
	dst = append(dst, EncodingVersion, info.code)
	dst = binary.AppendUvarint(dst, uint64(e.ID))
	dst = binary.AppendUvarint(dst, uint64(e.PreviousEventID))
	dst = binary.AppendVarint(dst, e.Timestamp.UnixMilli())
	if e.Details == nil {
		return append(dst, 0), nil
	}
	c := fieldCodec{mode: modeWrite, w: binWriter{b: append(dst, 1)}}
	visitFields(e.Details, &c)
	return c.w.b, nil
}

// Decode reads the storage form. Unknown versions and malformed records
// return an *Error (CodeUnknownVersion, CodeCorrupt); Decode never panics.
// The strings of the result never alias data.
func Decode(data []byte) (Event, error) {
	if len(data) == 0 {
		return Event{}, newError(CodeCorrupt, 0, "empty record")
	}
	if data[0] != encodingV1 {
		return Event{}, newError(CodeUnknownVersion, 0, "unknown encoding version "+strconv.Itoa(int(data[0])))
	}
	// One copy holds every string of the event.
	c := fieldCodec{mode: modeRead, r: binReader{s: string(data), off: 1}}
	r := &c.r
	info := infoByCode(r.byte())
	if info == nil {
		return Event{}, r.fail("unknown event type code")
	}
	var e Event
	e.Type = info.typ
	e.ID = r.id()
	e.PreviousEventID = r.id()
	ms := r.varint()
	e.Timestamp = time.UnixMilli(ms).UTC()
	switch r.byte() {
	case 0:
	case 1:
		if info.shape == shapeNone {
			return Event{}, r.fail(string(info.typ) + " carries no details")
		}
		e.Details = newDetails(info.shape)
		visitFields(e.Details, &c)
	default:
		return Event{}, r.fail("bad details marker")
	}
	if r.err == nil && r.off != len(r.s) {
		return Event{}, r.fail("trailing bytes")
	}
	if r.err != nil {
		r.err.EventID = e.ID
		return Event{}, r.err
	}
	return e, nil
}

type binWriter struct{ b []byte }

func (w *binWriter) str(p *string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(*p)))
	w.b = append(w.b, *p...)
}

func (w *binWriter) flag(present, truncated bool) {
	switch {
	case !present:
		w.b = append(w.b, 0)
	case truncated:
		w.b = append(w.b, 2)
	default:
		w.b = append(w.b, 1)
	}
}

func (w *binWriter) data(p **DataDetails) {
	w.flag(*p != nil, *p != nil && (*p).Truncated)
}

func (w *binWriter) assigned(p **AssignedVariablesDetails) {
	w.flag(*p != nil, *p != nil && (*p).Truncated)
}

func (w *binWriter) optInt(p **int64) {
	if *p == nil {
		w.b = append(w.b, 0)
		return
	}
	w.b = append(w.b, 1)
	w.b = binary.AppendVarint(w.b, **p)
}

func (w *binWriter) int(p *int64) { w.b = binary.AppendVarint(w.b, *p) }

func (w *binWriter) vars(p *Variables) {
	// 0 means absent; n+1 means n variables, so an empty non-nil map
	// survives the round trip.
	if *p == nil {
		w.b = append(w.b, 0)
		return
	}
	w.b = binary.AppendUvarint(w.b, uint64(len(*p))+1)
	for i := range *p {
		w.str(&(*p)[i].Name)
		w.str(&(*p)[i].Value)
	}
}

func (w *binWriter) creds(p **TaskCredentials) {
	if *p == nil {
		w.b = append(w.b, 0)
		return
	}
	w.b = append(w.b, 1)
	w.str(&(*p).RoleArn)
}

// binSizer computes how many bytes binWriter will write for the members.
type binSizer struct{ n int }

func uvarintLen(u uint64) int {
	n := 1
	for u >= 0x80 {
		u >>= 7
		n++
	}
	return n
}

func (s *binSizer) str(p *string) { s.n += uvarintLen(uint64(len(*p))) + len(*p) }

func (s *binSizer) vars(p *Variables) {
	s.n += binary.MaxVarintLen64
	for _, v := range *p {
		s.n += 2*binary.MaxVarintLen64 + len(v.Name) + len(v.Value)
	}
}

func (s *binSizer) creds(p **TaskCredentials) {
	s.n++
	if *p != nil {
		s.n += binary.MaxVarintLen64 + len((*p).RoleArn)
	}
}

// binReader reads members; the first problem sticks in err and every later
// read returns zero values, so decoding code needs no error checks between
// reads.
type binReader struct {
	s   string
	off int
	err *Error
}

func (r *binReader) fail(msg string) *Error {
	if r.err == nil {
		r.err = newError(CodeCorrupt, 0, msg+" at byte "+strconv.Itoa(r.off))
	}
	return r.err
}

func (r *binReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.s) {
		r.fail("unexpected end of record")
		return 0
	}
	b := r.s[r.off]
	r.off++
	return b
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	var x uint64
	var shift uint
	for i := 0; i < binary.MaxVarintLen64; i++ {
		if r.off >= len(r.s) {
			r.fail("unexpected end of record")
			return 0
		}
		b := r.s[r.off]
		r.off++
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				break
			}
			return x | uint64(b)<<shift
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	r.fail("varint overflows 64 bits")
	return 0
}

func (r *binReader) varint() int64 {
	u := r.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (r *binReader) id() int64 {
	u := r.uvarint()
	if u > 1<<62 {
		r.fail("event id out of range")
		return 0
	}
	return int64(u)
}

func (r *binReader) string() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.s)-r.off) {
		r.fail("string runs past the end of record")
		return ""
	}
	s := r.s[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

func (r *binReader) flag() (present, truncated bool) {
	switch r.byte() {
	case 0:
		return false, false
	case 1:
		return true, false
	case 2:
		return true, true
	}
	r.fail("bad truncation flag")
	return false, false
}

func (r *binReader) data(p **DataDetails) {
	if present, t := r.flag(); present {
		*p = &DataDetails{Truncated: t}
	}
}

func (r *binReader) assigned(p **AssignedVariablesDetails) {
	if present, t := r.flag(); present {
		*p = &AssignedVariablesDetails{Truncated: t}
	}
}

func (r *binReader) optInt(p **int64) {
	switch r.byte() {
	case 0:
	case 1:
		v := r.varint()
		*p = &v
	default:
		r.fail("bad integer marker")
	}
}

func (r *binReader) vars(p *Variables) {
	n := r.uvarint()
	if n == 0 || r.err != nil {
		return
	}
	n--
	// Each variable takes at least two bytes: a hostile count cannot make
	// us allocate more than the record could hold.
	if n > uint64(len(r.s)-r.off)/2 {
		r.fail("variable count runs past the end of record")
		return
	}
	vs := make(Variables, n)
	for i := range vs {
		vs[i].Name = r.string()
		vs[i].Value = r.string()
	}
	*p = vs
}

func (r *binReader) creds(p **TaskCredentials) {
	switch r.byte() {
	case 0:
	case 1:
		*p = &TaskCredentials{RoleArn: r.string()}
	default:
		r.fail("bad credentials marker")
	}
}
