// Package picture formats and parses numbers, integers and timestamps with
// picture strings, exactly as jsonata-js 2.0.6 does for its $formatNumber,
// $formatInteger, $parseInteger, $fromMillis and $toMillis built-ins.
//
// jsonata follows the XPath/XQuery 3.1 rules for fn:format-number,
// fn:format-integer and fn:format-dateTime, with its own extensions (the X and
// x week-numbering components, English words for integers, parsing of
// timestamps) and its own quirks; this package reproduces the quirks too,
// because a Step Functions definition that runs on AWS must produce the same
// strings here. Where jsonata-js would hang, overflow its stack or produce a
// JavaScript TypeError on hostile input, this package instead returns an
// *Error with code CodeLimit (see limits.go).
//
// Errors carry jsonata's codes (D3080–D3093 for number pictures, D3130–D3136
// for integer and date-time pictures, D3110 for $toMillis, D3100 for
// $formatBase) and jsonata's wording.
//
// The package is pure: it never reads the clock. Parsing a timestamp whose
// picture leaves out the date (for example "[H]:[m]") needs "now"; callers
// pass it to ParseDateTimeAt.
package picture
