package main

import (
	"math/rand"
	"path/filepath"
	"strings"
	"unicode"
)

type stringCase struct {
	In  dialect `json:"in"`
	Out dialect `json:"out"`
}

type matchCase struct {
	Pattern dialect `json:"pattern"`
	Name    dialect `json:"name"`
	Match   bool    `json:"match"`
	Error   *string `json:"error"`
}

type filepathGolden struct {
	Clean     []stringCase `json:"clean"`
	TrimSpace []stringCase `json:"trimSpace"`
	Match     []matchCase  `json:"match"`
}

const (
	filepathSeed     = 20240601
	randomCleanCases = 400
	randomTrimCases  = 300
	randomMatchCases = 2500
)

// Pieces for random paths: separators, dot elements and names with multi-byte and invalid bytes.
var cleanAlphabet = []string{"/", "/", "/", ".", ".", "..", "a", "b", "é", "\x80", "𝄞", " ", "...", ".a", "a."}

// Pieces for random globs: every filepath.Match metacharacter, and runes of every UTF-8 length,
// U+FFFD itself and bytes that are not UTF-8 (alone, and as truncated sequences).
var matchPatternAlphabet = []string{
	"*", "*", "?", "?", "[", "[", "]", "]", "^", "-", "-", `\`, `\`, "/", "a", "b", "c", "z", ".",
	"é", "☺", "𝄞", "\uFFFD", "\x80", "\xff", "\xe2\x82", "!", " ", "[a-c]", "[^a]", "[é-☺]", `[\]]`,
}

var matchNameAlphabet = []string{
	"a", "b", "c", "z", "/", ".", "-", "]", "^", `\`, "*", "?", "[", "é", "☺", "𝄞", "\uFFFD", "\x80",
	"\xff", "\xe2", "\x82", "\xac", "\xe2\x82\xac", " ",
}

func randomString(rng *rand.Rand, alphabet []string, max int) string {
	var b strings.Builder
	n := rng.Intn(max + 1)
	for i := 0; i < n; i++ {
		b.WriteString(alphabet[rng.Intn(len(alphabet))])
	}
	return b.String()
}

// nameFromGlob rewrites a glob into a name it has a fair chance to match, so that the random
// cases exercise matches and not only mismatches.
func nameFromGlob(rng *rand.Rand, glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*':
			b.WriteString(randomString(rng, matchNameAlphabet, 2))
		case '?':
			b.WriteString(matchNameAlphabet[rng.Intn(len(matchNameAlphabet))])
		case '\\':
			if i+1 < len(glob) {
				i++
				b.WriteByte(glob[i])
			}
		case '[', ']', '^', '-':
			if rng.Intn(2) == 0 {
				b.WriteString(matchNameAlphabet[rng.Intn(len(matchNameAlphabet))])
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func goMatchCase(pattern, name string) matchCase {
	ok, err := filepath.Match(pattern, name)
	c := matchCase{Pattern: dialect(pattern), Name: dialect(name), Match: ok}
	if err != nil {
		msg := err.Error()
		c.Error = &msg
	}
	return c
}

// spaceCandidates lists every rune unicode.IsSpace accepts plus near misses (U+FEFF, which
// JavaScript's trim strips; U+180E, a space in old Unicode; zero-width characters).
func spaceCandidates() []string {
	var out []string
	for r := rune(0); r <= 0x3000; r++ {
		if unicode.IsSpace(r) {
			out = append(out, string(r))
		}
	}
	return append(out, "\uFEFF", "\u180E", "\u200B", "\u200C", "\u2060", "\x85", "\xa0", "\x00", "\x1c", "\x1f")
}

func buildFilepathGolden(caseDir string) filepathGolden {
	rng := rand.New(rand.NewSource(filepathSeed))
	var g filepathGolden

	cleanInputs := []string{}
	for _, row := range readCases(caseDir+"/clean.txt", 1) {
		cleanInputs = append(cleanInputs, row[0])
	}
	for i := 0; i < randomCleanCases; i++ {
		cleanInputs = append(cleanInputs, randomString(rng, cleanAlphabet, 8))
	}
	for _, in := range cleanInputs {
		g.Clean = append(g.Clean, stringCase{In: dialect(in), Out: dialect(filepath.Clean(in))})
	}

	spaces := spaceCandidates()
	trimInputs := []string{}
	for _, sp := range spaces {
		trimInputs = append(trimInputs, sp, sp+"a"+sp, "a"+sp+"b", sp+sp+"x")
	}
	trimAlphabet := append([]string{"a", "é", "\x80", "𝄞", "/", "!"}, spaces...)
	for i := 0; i < randomTrimCases; i++ {
		trimInputs = append(trimInputs, randomString(rng, trimAlphabet, 6))
	}
	for _, in := range trimInputs {
		g.TrimSpace = append(g.TrimSpace, stringCase{In: dialect(in), Out: dialect(strings.TrimSpace(in))})
	}

	for _, row := range readCases(caseDir+"/match.txt", 2) {
		g.Match = append(g.Match, goMatchCase(row[0], row[1]), goMatchCase(row[0], "."))
	}
	for i := 0; i < randomMatchCases; i++ {
		pattern := randomString(rng, matchPatternAlphabet, 7)
		var name string
		switch rng.Intn(4) {
		case 0:
			name = randomString(rng, matchNameAlphabet, 6)
		case 1:
			name = "."
		default:
			name = nameFromGlob(rng, pattern)
		}
		g.Match = append(g.Match, goMatchCase(pattern, name))
	}
	return g
}
