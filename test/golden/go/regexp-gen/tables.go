package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Go's regexp resolves \pL, \p{Greek} and (?i) folding with the unicode package of the Go
// release that built the binary (Unicode 13.0.0 in Go 1.19). JavaScript engines ship newer
// Unicode data, so src/context/go-unicode-tables.ts carries Go's own tables.

// tableRanges expands a RangeTable (which may use strides) into sorted, merged [lo, hi] pairs.
func tableRanges(t *unicode.RangeTable) [][2]rune {
	var out [][2]rune
	add := func(lo, hi rune) {
		if n := len(out); n > 0 && out[n-1][1]+1 >= lo {
			if hi > out[n-1][1] {
				out[n-1][1] = hi
			}
			return
		}
		out = append(out, [2]rune{lo, hi})
	}
	for _, r := range t.R16 {
		if r.Stride == 1 {
			add(rune(r.Lo), rune(r.Hi))
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			add(c, c)
		}
	}
	for _, r := range t.R32 {
		if r.Stride == 1 {
			add(rune(r.Lo), rune(r.Hi))
			continue
		}
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			add(c, c)
		}
	}
	return out
}

// encodeRanges writes ranges as base-36 numbers: for each range the gap after the previous
// range's end, then hi-lo.
func encodeRanges(ranges [][2]rune) string {
	var parts []string
	next := rune(0)
	for _, r := range ranges {
		parts = append(parts, strconv.FormatInt(int64(r[0]-next), 36), strconv.FormatInt(int64(r[1]-r[0]), 36))
		next = r[1] + 1
	}
	return strings.Join(parts, ",")
}

// caseOrbits lists every simple-folding orbit (unicode.SimpleFold cycles) with two or more
// runes, each as its sorted members.
func caseOrbits() [][]rune {
	seen := map[rune]bool{}
	var out [][]rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if seen[r] || unicode.SimpleFold(r) == r {
			continue
		}
		orbit := []rune{r}
		seen[r] = true
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
			seen[f] = true
		}
		sort.Slice(orbit, func(i, j int) bool { return orbit[i] < orbit[j] })
		out = append(out, orbit)
	}
	return out
}

// checkFoldTables confirms that unicode.FoldCategory / FoldScript hold exactly what closing a
// table under SimpleFold adds, so the TypeScript side may fold with the orbits alone.
func checkFoldTables(name string, table, fold *unicode.RangeTable) {
	in := map[rune]bool{}
	for _, r := range tableRanges(table) {
		for c := r[0]; c <= r[1]; c++ {
			in[c] = true
		}
	}
	added := map[rune]bool{}
	for c := range in {
		for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
			if !in[f] {
				added[f] = true
			}
		}
	}
	var want int
	if fold != nil {
		for _, r := range tableRanges(fold) {
			for c := r[0]; c <= r[1]; c++ {
				want++
				if !added[c] {
					fail(fmt.Errorf("fold table of %s holds U+%04X, which folding does not add", name, c))
				}
			}
		}
	}
	if want != len(added) {
		fail(fmt.Errorf("folding %s adds %d runes, its fold table %d", name, len(added), want))
	}
}

// wrapLiteral renders s as a single-quoted string, split after sep into lines of about 100
// characters joined with +.
func wrapLiteral(s, sep, indent string) string {
	var lines []string
	for len(s) > 96 {
		cut := strings.LastIndex(s[:96], sep)
		if cut < 0 {
			cut = 95
		}
		lines = append(lines, s[:cut+1])
		s = s[cut+1:]
	}
	lines = append(lines, s)
	if len(lines) == 1 {
		return " '" + s + "'"
	}
	return "\n" + indent + "'" + strings.Join(lines, "' +\n"+indent+"'") + "'"
}

func writeTable(b *strings.Builder, name string, tables map[string]*unicode.RangeTable) {
	var keys []string
	for k := range tables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(b, "export const %s: Readonly<Record<string, string>> = {\n", name)
	for _, k := range keys {
		fmt.Fprintf(b, "  %s:%s,\n", k, wrapLiteral(encodeRanges(tableRanges(tables[k])), ",", "    "))
	}
	b.WriteString("};\n")
}

func writeUnicodeTables(path string) {
	for k, t := range unicode.Categories {
		checkFoldTables(k, t, unicode.FoldCategory[k])
	}
	for k, t := range unicode.Scripts {
		checkFoldTables(k, t, unicode.FoldScript[k])
	}
	var b strings.Builder
	fmt.Fprintf(&b, `// Unicode %s tables of Go 1.19's unicode package, as its regexp uses them for \p{…} classes and
// (?i) folding. Written by test/golden/go/regexp-gen (-tables); do not edit by hand.
// Ranges: base-36 numbers, per range the gap after the previous range's end and then hi-lo.
// Orbits: ';'-separated sets of runes that fold to one another (unicode.SimpleFold cycles),
// each the first rune's distance from the previous orbit's first rune, then member-to-member steps.

export const GO_UNICODE_VERSION = '%s';

`, unicode.Version, unicode.Version)
	writeTable(&b, "GO_CATEGORY_TABLES", unicode.Categories)
	b.WriteString("\n")
	writeTable(&b, "GO_SCRIPT_TABLES", unicode.Scripts)
	b.WriteString("\n")
	var orbits []string
	prevFirst := rune(0)
	for _, orbit := range caseOrbits() {
		parts := []string{strconv.FormatInt(int64(orbit[0]-prevFirst), 36)}
		for i := 1; i < len(orbit); i++ {
			parts = append(parts, strconv.FormatInt(int64(orbit[i]-orbit[i-1]), 36))
		}
		prevFirst = orbit[0]
		orbits = append(orbits, strings.Join(parts, ","))
	}
	fmt.Fprintf(&b, "export const GO_CASE_ORBITS =%s;\n", wrapLiteral(strings.Join(orbits, ";"), ";", "  "))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", path, b.Len())
}
