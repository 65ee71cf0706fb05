package picture

import (
	"regexp"
	"sync"
)

// Pictures are usually literals evaluated many times, and compiling the
// regular expression a date-time picture becomes dominated $toMillis, so
// compiled patterns are kept. The cache is bounded: past patternCacheSize
// entries it starts afresh, so hostile pictures cannot grow it.
const patternCacheSize = 256

var patternCache struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

// compilePattern is regexp.Compile through the cache. A *regexp.Regexp is
// safe for concurrent use.
func compilePattern(pattern string) (*regexp.Regexp, error) {
	patternCache.Lock()
	re, ok := patternCache.m[pattern]
	patternCache.Unlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	patternCache.Lock()
	if patternCache.m == nil || len(patternCache.m) >= patternCacheSize {
		patternCache.m = make(map[string]*regexp.Regexp, patternCacheSize)
	}
	patternCache.m[pattern] = re
	patternCache.Unlock()
	return re, nil
}
