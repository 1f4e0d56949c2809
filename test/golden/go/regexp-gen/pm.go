package main

import (
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"unsafe"

	"github.com/moby/patternmatcher"
)

// cleanForMatcher normalises a pattern the way patternmatcher.New does before compiling it.
func cleanForMatcher(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	p = filepath.Clean(p)
	if p[0] == '!' && len(p) > 1 {
		p = p[1:]
	}
	return p
}

// matchesOrParentMatches calls the real matcher; old releases panic on a pattern whose regexp
// failed to compile once, so a panic is reported as an error.
func matchesOrParentMatches(pm *patternmatcher.PatternMatcher, path string) (matched bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return pm.MatchesOrParentMatches(path)
}

// compiledRegexp reads the regexp patternmatcher compiled for its last pattern (an unexported
// field, read through reflection) so that globToRegexp can be checked against it.
func compiledRegexp(pm *patternmatcher.PatternMatcher) *regexp.Regexp {
	patterns := pm.Patterns()
	v := reflect.ValueOf(patterns[len(patterns)-1]).Elem().FieldByName("regexp")
	return *(**regexp.Regexp)(unsafe.Pointer(v.UnsafeAddr()))
}

// checkAgainstPatternmatcher stops the run unless the real package compiled glob to source
// (or, when source does not compile, failed the same way).
func checkAgainstPatternmatcher(glob, source string) {
	// An exclusion (!glob) is only evaluated once an earlier pattern matched: "**" matches all.
	patterns := []string{glob}
	if p := filepath.Clean(strings.TrimSpace(glob)); strings.HasPrefix(p, "!") {
		patterns = []string{"**", glob}
	}
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return
	}
	_, matchErr := matchesOrParentMatches(pm, "x")
	re := compiledRegexp(pm)
	if _, compileErr := regexp.Compile(source); compileErr != nil {
		if matchErr == nil || re != nil {
			fail(fmt.Errorf("glob %q: %q does not compile, but patternmatcher accepted it", glob, source))
		}
		return
	}
	if re == nil || re.String() != source {
		fail(fmt.Errorf("glob %q: patternmatcher compiled %v, globToRegexp gave %q", glob, re, source))
	}
}
