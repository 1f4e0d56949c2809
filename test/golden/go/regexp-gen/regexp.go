package main

import (
	"errors"
	"fmt"
	"math/rand"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/patternmatcher"
)

type subjectCase struct {
	S     dialect `json:"s"`
	Match bool    `json:"match"`
	// PM is what patternmatcher's MatchesOrParentMatches says for the glob (glob cases only).
	PM *bool `json:"pm,omitempty"`
}

type regexpCase struct {
	Glob *dialect `json:"glob,omitempty"`
	// NewError is patternmatcher.New's error for the glob (glob cases only).
	NewError *string       `json:"newError,omitempty"`
	Source   dialect       `json:"source"`
	Error    *dialect      `json:"error"`
	Code     *string       `json:"code,omitempty"`
	Subjects []subjectCase `json:"subjects"`
}

type regexpGolden struct {
	Handwritten []regexpCase `json:"handwritten"`
	Random      []regexpCase `json:"random"`
	Glob        []regexpCase `json:"glob"`
	Tables      []regexpCase `json:"tables"`
	Limits      []regexpCase `json:"limits"`
}

const (
	regexpSeed          = 19991231
	randomRegexpCases   = 1000
	grammarRegexpCases  = 1000
	globRegexpCases     = 1500
	subjectsPerCase     = 6
	maxSubjectGenDepth  = 40
	maxGeneratedRepeats = 3
)

// Tokens for random sources: RE2 metacharacters, escapes valid and invalid, flags, classes,
// Unicode groups, multi-byte runes, U+FFFD and (rarely) a byte that is not UTF-8.
var regexpTokens = []string{
	"a", "a", "b", "b", "x", "k", "K", "s", "é", "☺", "𝄞", "\uFFFD", "/", "/", "\n", " ", "\r", "\u2028",
	".", ".", "*", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{0,}", "{,2}", "{2,1}", "{1001}", "{0}",
	"(", "(", ")", ")", "(?:", "(?i)", "(?s)", "(?m)", "(?U)", "(?-i)", "(?i:", "(?P<n>", "(?P<", "(?<n>", "(?",
	"|", "|", "^", "^", "$", "$", "[", "[", "]", "]", "[^", "-", "a-z", "z-a", ",", ":", "=",
	`\`, `\d`, `\D`, `\s`, `\S`, `\w`, `\W`, `\b`, `\B`, `\A`, `\z`, `\Q`, `\E`, `\pL`, `\p{Greek}`, `\p{^Lu}`,
	`\PN`, `\pZ`, `\p{Any}`, `\p{Foo}`, `\p{`, `\pé`, `\x41`, `\x{263a}`, `\x{fffd}`, `\x{110000}`, `\x{}`, `\x4`,
	`\0`, `\012`, `\1`, `\18`, `\8`, `\q`, `\Z`, `\C`, `\.`, `\*`, `\[`, `\]`, `\-`, `\^`, `\$`, `\/`, `\é`,
	"[:alpha:]", "[:^digit:]", "[:foo:]", "[:", ":]", `\a`, `\f`, `\t`, `\v`, `\r`, `\n`, `\_`, `\ `, "{", "}",
	`\x`, `\p`, "[[:word:]]", "[^\n]", "[\\d-z]", "[a-\\d]", "[]a]", "[^]a]", "\x80",
}

// Pieces for dockerignore-like globs, turned into regexps the way patternmatcher compiles them.
var globTokens = []string{
	"a", "a", "b", "b", "/", "/", "/", "*", "*", "**", "?", "[", "]", "^", "!", "-", `\`, `\`, ".", "+", "(", ")",
	"{", "}", "|", "$", "d", "q", "Q", "E", "p", "x", "0", "1", "é", "☺", "𝄞", "\n", "\uFFFD", "\x80", " ",
	"w", "s", "b", "B", "A", "z", "P", "L", ":", "[:alpha:]", "a-z", "z-a", "{2}", ",", "_", "#", "~",
}

// Pieces for subjects: newline kinds, spaces, astral and case-folding runes, invalid bytes.
var subjectTokens = []string{
	"a", "b", "x", "k", "K", "\u212a", "s", "\u017f", "S", "_", "0", "9", "/", "/", ".", "-", "]", "[", "^", "$",
	"*", "?", "\\", "\n", "\r", "\u2028", "\u2029", "\u0085", "\t", "\v", "\f", " ", "\u00a0", "\u3000", "\x00",
	"é", "☺", "𝄞", "\uFFFD", "\x80", "\xff", "\xe2\x82", "\xed\xa0\x80", "Σ", "σ", "ς", "α", "{", "}", "(", ")",
}

// Subjects every hand-written source is matched against, besides those derived from it: an
// invalid byte, U+FFFD, newline kinds, astral runes between word characters (no rune boundary
// inside them), runes that case-fold to ASCII, and every rune unicode.IsSpace accepts.
var handwrittenSubjects = []string{
	"", "\n", "\x80", "\uFFFD", "x𝄞y", "𝄞", "a", "ab", "k", "\u212a", "\r\n", "\u2028",
	"\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u180e\u200b",
}

// globToRegexp is the glob-to-regexp translation moby/patternmatcher's Pattern.compile performs
// on Unix (dockerignore spec §4). It is re-implemented here, not copied, and every result is
// cross-checked against the real package in checkAgainstPatternmatcher.
func globToRegexp(pattern string) (source string, isRegexp bool) {
	// text/scanner skips a leading BOM and reads an invalid byte as U+FFFD.
	var runes []rune
	for i, s := 0, pattern; len(s) > 0; i++ {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if i == 0 && r == '\uFEFF' {
			i--
			continue
		}
		runes = append(runes, r)
	}
	var b strings.Builder
	b.WriteString("^")
	kind := "exact"
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r == '*' && i+1 < len(runes) && runes[i+1] == '*':
			start := i
			i++
			if i+1 < len(runes) && runes[i+1] == '/' {
				i++
			}
			if i+1 == len(runes) {
				if kind == "exact" {
					kind = "prefix"
				} else {
					b.WriteString(".*")
					kind = "regexp"
				}
			} else {
				b.WriteString("(.*/)?")
				kind = "regexp"
			}
			if start == 0 {
				kind = "suffix"
			}
		case r == '*':
			b.WriteString("[^/]*")
			kind = "regexp"
		case r == '?':
			b.WriteString("[^/]")
			kind = "regexp"
		case strings.ContainsRune(".+()$", r):
			// patternmatcher means to escape .+()|{}$, but its bitmap ([8]byte, bit b/8)
			// loses every byte >= 64, so | { } reach the regexp unescaped.
			b.WriteString(`\` + string(r))
		case r == '\\':
			if i+1 < len(runes) {
				i++
				b.WriteString(`\` + string(runes[i]))
				kind = "regexp"
			} else {
				b.WriteString(`\`)
			}
		case r == '[' || r == ']':
			b.WriteRune(r)
			kind = "regexp"
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("$")
	return b.String(), kind == "regexp"
}

func goRegexpCase(rng *rand.Rand, source string, extra []string) regexpCase {
	c := regexpCase{Source: dialect(source), Subjects: []subjectCase{}}
	re, err := regexp.Compile(source)
	if err != nil {
		msg := dialect(err.Error())
		c.Error = &msg
		var serr *syntax.Error
		if errors.As(err, &serr) {
			code := string(serr.Code)
			c.Code = &code
		} else {
			fail(fmt.Errorf("%q: unexpected error type %T", source, err))
		}
		return c
	}
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			c.Subjects = append(c.Subjects, subjectCase{S: dialect(s), Match: re.MatchString(s)})
		}
	}
	tree, _ := syntax.Parse(source, syntax.Perl)
	for _, s := range extra {
		add(s)
	}
	for tries := 0; len(c.Subjects) < subjectsPerCase+len(extra) && tries < 4*subjectsPerCase; tries++ {
		s := generateSubject(rng, tree, 0)
		switch rng.Intn(4) {
		case 0:
			s = mutate(rng, s)
		case 1:
			s = subjectTokens[rng.Intn(len(subjectTokens))] + s + subjectTokens[rng.Intn(len(subjectTokens))]
		}
		add(s)
	}
	return c
}

// generateSubject produces a string the regexp has a good chance to match by walking its tree.
func generateSubject(rng *rand.Rand, re *syntax.Regexp, depth int) string {
	if depth > maxSubjectGenDepth {
		return ""
	}
	var b strings.Builder
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if re.Flags&syntax.FoldCase != 0 && rng.Intn(2) == 0 {
				for n := rng.Intn(3); n > 0; n-- {
					r = unicode.SimpleFold(r)
				}
			}
			b.WriteString(runeText(rng, r))
		}
	case syntax.OpCharClass:
		if len(re.Rune) > 0 {
			i := rng.Intn(len(re.Rune)/2) * 2
			lo, hi := re.Rune[i], re.Rune[i+1]
			var r rune
			switch rng.Intn(3) {
			case 0:
				r = lo
			case 1:
				r = hi
			default:
				r = lo + rune(rng.Int63n(int64(hi-lo)+1))
			}
			b.WriteString(runeText(rng, r))
		}
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteString(subjectTokens[rng.Intn(len(subjectTokens))])
	case syntax.OpBeginLine, syntax.OpEndLine:
		if rng.Intn(3) == 0 {
			b.WriteString("\n")
		}
	case syntax.OpCapture:
		b.WriteString(generateSubject(rng, re.Sub[0], depth+1))
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		min, max := 0, maxGeneratedRepeats
		switch re.Op {
		case syntax.OpPlus:
			min = 1
		case syntax.OpQuest:
			max = 1
		case syntax.OpRepeat:
			min, max = re.Min, re.Max
			if max < 0 || max > min+maxGeneratedRepeats {
				max = min + maxGeneratedRepeats
			}
		}
		for n := min + rng.Intn(max-min+1); n > 0; n-- {
			b.WriteString(generateSubject(rng, re.Sub[0], depth+1))
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			b.WriteString(generateSubject(rng, sub, depth+1))
		}
	case syntax.OpAlternate:
		b.WriteString(generateSubject(rng, re.Sub[rng.Intn(len(re.Sub))], depth+1))
	}
	return b.String()
}

// runeText writes r as UTF-8; U+FFFD is sometimes written as a byte that is not UTF-8, which
// Go reads as U+FFFD too, and runes UTF-8 cannot carry become such bytes.
func runeText(rng *rand.Rand, r rune) string {
	if r == utf8.RuneError && rng.Intn(2) == 0 || !utf8.ValidRune(r) {
		return string([]byte{byte(0x80 + rng.Intn(0x80))})
	}
	return string(r)
}

func mutate(rng *rand.Rand, s string) string {
	piece := subjectTokens[rng.Intn(len(subjectTokens))]
	if s == "" {
		return piece
	}
	i := rng.Intn(len(s) + 1)
	switch rng.Intn(3) {
	case 0:
		return s[:i] + piece + s[i:]
	case 1:
		if i < len(s) {
			return s[:i] + s[i+1:]
		}
		return s[:i]
	default:
		if i < len(s) {
			return s[:i] + piece + s[i+1:]
		}
		return s + piece
	}
}

func randomTokens(rng *rand.Rand, tokens []string, min, max int) string {
	var b strings.Builder
	for n := min + rng.Intn(max-min+1); n > 0; n-- {
		b.WriteString(tokens[rng.Intn(len(tokens))])
	}
	return b.String()
}

// Atoms and operators for grammarRegexp, which builds mostly valid, nested sources.
var (
	grammarAtoms = []string{
		"a", "b", "k", "é", "𝄞", "\uFFFD", "/", "\n", ".", "^", "$", `\b`, `\B`, `\A`, `\z`, `\d`, `\W`, `\s`,
		`\pL`, `\PN`, `\p{Greek}`, `[^/]`, `[a-c]`, `[^a\n]`, `[[:alpha:]]`, `[\x{fff0}-\x{ffff}]`, `\x{212a}`,
		`\Qa.\E`, `[]a]`, `[^]/]`, `\.`, `\*`, `\x41`, `\0`, "(?:)",
	}
	grammarRepeats = []string{"*", "+", "?", "*?", "{2}", "{1,2}", "{0,}", "{0,1}", "{3,}"}
	grammarGroups  = []string{"(", "(?:", "(?i:", "(?s:", "(?m:", "(?U:", "(?P<g>", "(?-m:"}
)

// grammarRegexp builds a random source that usually compiles: atoms, concatenation,
// alternation, groups with flags, and (never stacked) repetition.
func grammarRegexp(rng *rand.Rand, depth int) string {
	var b strings.Builder
	for n := 1 + rng.Intn(3); n > 0; n-- {
		var piece string
		if depth < 3 && rng.Intn(4) == 0 {
			piece = grammarGroups[rng.Intn(len(grammarGroups))] + grammarRegexp(rng, depth+1) + ")"
		} else {
			piece = grammarAtoms[rng.Intn(len(grammarAtoms))]
		}
		if rng.Intn(3) == 0 {
			piece += grammarRepeats[rng.Intn(len(grammarRepeats))]
		}
		b.WriteString(piece)
	}
	if depth < 3 && rng.Intn(4) == 0 {
		return b.String() + "|" + grammarRegexp(rng, depth+1)
	}
	return b.String()
}

// pathFromGlob rewrites a glob into a path it may well match: wildcards become path pieces.
func pathFromGlob(rng *rand.Rand, glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; {
		case strings.HasPrefix(glob[i:], "**"):
			for n := rng.Intn(3); n > 0; n-- {
				b.WriteString(randomTokens(rng, subjectTokens, 0, 2) + "/")
			}
			i++
		case c == '*':
			b.WriteString(strings.ReplaceAll(randomTokens(rng, subjectTokens, 0, 2), "/", ""))
		case c == '?':
			b.WriteString(subjectTokens[rng.Intn(len(subjectTokens))])
		case c == '\\' && i+1 < len(glob):
			i++
			b.WriteByte(glob[i])
		case c == '[' || c == ']' || c == '^':
			if rng.Intn(2) == 0 {
				b.WriteString(subjectTokens[rng.Intn(len(subjectTokens))])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func buildRegexpGolden(caseDir string) regexpGolden {
	rng := rand.New(rand.NewSource(regexpSeed))
	var g regexpGolden
	for _, row := range readCases(caseDir+"/regexp.txt", -1) {
		extra := append(append([]string{}, handwrittenSubjects...), row[1:]...)
		g.Handwritten = append(g.Handwritten, goRegexpCase(rng, row[0], extra))
	}
	for i := 0; i < randomRegexpCases; i++ {
		g.Random = append(g.Random, goRegexpCase(rng, randomTokens(rng, regexpTokens, 1, 6), nil))
	}
	for i := 0; i < grammarRegexpCases; i++ {
		g.Random = append(g.Random, goRegexpCase(rng, grammarRegexp(rng, 0), nil))
	}
	seen := map[string]bool{}
	for len(g.Glob) < globRegexpCases {
		glob := randomTokens(rng, globTokens, 1, 8)
		source, isRegexp := globToRegexp(cleanForMatcher(glob))
		if !isRegexp || seen[source] {
			continue
		}
		seen[source] = true
		var paths []string
		for n := 0; n < 2; n++ {
			p := pathFromGlob(rng, glob)
			paths = append(paths, p, p+"/"+subjectTokens[rng.Intn(len(subjectTokens))])
		}
		c := goRegexpCase(rng, source, paths)
		c.Subjects = c.Subjects[:min(len(c.Subjects), subjectsPerCase+1)]
		g.Glob = append(g.Glob, withMatcherResults(c, glob))
		checkAgainstPatternmatcher(glob, source)
	}
	g.Tables = buildTableCases(rng)
	for _, source := range limitSources() {
		g.Limits = append(g.Limits, limitCase(source))
	}
	return g
}

// withMatcherResults records the glob and what the real patternmatcher answers for each subject.
func withMatcherResults(c regexpCase, glob string) regexpCase {
	d := dialect(glob)
	c.Glob = &d
	pm, err := patternmatcher.New([]string{glob})
	if err != nil {
		msg := err.Error()
		c.NewError = &msg
		return c
	}
	for i := range c.Subjects {
		matched, err := matchesOrParentMatches(pm, string(c.Subjects[i].S))
		if err != nil {
			fail(fmt.Errorf("glob %q compiles, but matching %q failed: %v", glob, c.Subjects[i].S, err))
		}
		c.Subjects[i].PM = &matched
	}
	return c
}

// buildTableCases checks every \p{Name} Go knows, plain and case-folded, on runes at and next to
// the edges of its ranges.
func buildTableCases(rng *rand.Rand) []regexpCase {
	var out []regexpCase
	for _, group := range []map[string]*unicode.RangeTable{unicode.Categories, unicode.Scripts} {
		var names []string
		for name := range group {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			ranges := tableRanges(group[name])
			var subjects []string
			for n := 0; n < 3; n++ {
				r := ranges[rng.Intn(len(ranges))]
				for _, c := range []rune{r[0], r[1], r[0] - 1, r[1] + 1} {
					if c >= 0 && c <= unicode.MaxRune {
						subjects = append(subjects, runeText(rng, c))
					}
				}
			}
			source := `\p{` + name + `}`
			if unicode.FoldCategory[name] != nil || unicode.FoldScript[name] != nil {
				var folded []string
				foldRanges := tableRanges(foldTableOf(name))
				for n := 0; n < 4; n++ {
					r := foldRanges[rng.Intn(len(foldRanges))]
					folded = append(folded, string(r[0]), string(r[1]))
				}
				out = append(out, goRegexpCase(rng, `(?i)`+source, append(subjects, folded...)))
			}
			out = append(out, goRegexpCase(rng, source, subjects))
			out = append(out, goRegexpCase(rng, `^\P{`+name+`}$`, subjects))
		}
	}
	return out
}

func foldTableOf(name string) *unicode.RangeTable {
	if t := unicode.FoldCategory[name]; t != nil {
		return t
	}
	return unicode.FoldScript[name]
}

// limitSources probes the parser's limits: nesting depth (1000), repeat counts and their
// nested product (1000), and the compiled-size limit.
func limitSources() []string {
	nest := func(open, inner, close string, n int) string {
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	var out []string
	for _, n := range []int{999, 1000} {
		out = append(out,
			nest("(", "a", ")", n),
			nest("(", "a", ")*", n/2),
			nest("(?:", "a", ")*", n),
			nest("(?:", "a", "){1}", n),
			nest("(a|", "b", ")", n),
			nest("(?:ab|", "c", ")", n/2),
		)
	}
	out = append(out, strings.Repeat("a{1000}", 3355), strings.Repeat(".{1000}", 3356))
	out = append(out, strings.Repeat("(?:", 2000)+strings.Repeat(")", 2000), "(?:a{10}){100}", "(?:a{10}){101}",
		"(?:(?:a{10}){10}){10}", "(?:(?:a{10}){10}){10}{2}", "(?:a{0}){1000}", "(?:a{1000}){0}", "(?:a*){1000}")
	return out
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// limitCase records whether a (long) source compiles and its answers on a few short subjects.
func limitCase(source string) regexpCase {
	c := regexpCase{Source: dialect(source), Subjects: []subjectCase{}}
	re, err := regexp.Compile(source)
	if err != nil {
		msg := dialect(err.Error())
		code := string(err.(*syntax.Error).Code)
		c.Error, c.Code = &msg, &code
		return c
	}
	for _, s := range []string{"", "a", "aa", "ab", "b", "c"} {
		c.Subjects = append(c.Subjects, subjectCase{S: dialect(s), Match: re.MatchString(s)})
	}
	return c
}
