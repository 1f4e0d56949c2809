// Command regexp-gen writes the golden data that test/go-semantics replays: what Go 1.19's
// path/filepath (Clean, Match), strings.TrimSpace and regexp (RE2, syntax.Perl) return for
// hand-written and seeded random inputs, and what moby/patternmatcher does with glob-shaped
// patterns end to end. Inputs are byte strings; the JSON carries them in the project's path
// dialect (src/paths.ts): valid UTF-8 as is, every other byte as U+DC80+byte.
//
// Run (see README.md): GO111MODULE=off GOPATH=/usr/share/gocode go run .
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// dialect is a byte string that marshals to a JSON string in the project's path dialect.
type dialect string

func (d dialect) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('"')
	s := string(d)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\u%04x`, 0xdc00+int(s[0]))
		} else if r == '"' || r == '\\' {
			b.WriteByte('\\')
			b.WriteRune(r)
		} else if r >= 0x20 && r < 0x7f || r >= 0xa0 && r != 0x2028 && r != 0x2029 && r != 0xfeff && r != 0xfffd {
			// Printable runes stay readable; controls, line separators, the BOM and U+FFFD
			// (easily confused with an escaped byte) are written as escapes.
			b.WriteRune(r)
		} else if r > 0xffff {
			hi, lo := utf16Pair(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, hi, lo)
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		s = s[n:]
	}
	b.WriteByte('"')
	return b.Bytes(), nil
}

func utf16Pair(r rune) (int, int) {
	r -= 0x10000
	return 0xd800 + int(r>>10), 0xdc00 + int(r&0x3ff)
}

// readCases reads a case file: one or more Go-quoted strings per line; '#' starts a comment line.
// fields < 0 accepts any number of strings (at least one) per line.
func readCases(path string, fields int) [][]string {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var row []string
		for text != "" {
			q, err := strconv.QuotedPrefix(text)
			if err != nil {
				fail(fmt.Errorf("%s:%d: %v", path, line, err))
			}
			s, _ := strconv.Unquote(q)
			row = append(row, s)
			text = strings.TrimSpace(text[len(q):])
		}
		if fields >= 0 && len(row) != fields || len(row) == 0 {
			fail(fmt.Errorf("%s:%d: want %d quoted strings, got %d", path, line, fields, len(row)))
		}
		out = append(out, row)
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	return out
}

// writeJSON writes a struct of slices as a JSON object with one slice element per line, which
// keeps diffs of the golden files readable.
func writeJSON(path string, v interface{}) {
	var b bytes.Buffer
	rv := reflect.ValueOf(v)
	b.WriteString("{")
	for i := 0; i < rv.NumField(); i++ {
		if i > 0 {
			b.WriteString(",")
		}
		name := strings.Split(rv.Type().Field(i).Tag.Get("json"), ",")[0]
		fmt.Fprintf(&b, "%q:[", name)
		field := rv.Field(i)
		for j := 0; j < field.Len(); j++ {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n")
			data, err := json.Marshal(field.Index(j).Interface())
			if err != nil {
				fail(err)
			}
			b.Write(data)
		}
		b.WriteString("]")
	}
	b.WriteString("}\n")
	if !json.Valid(b.Bytes()) {
		fail(fmt.Errorf("%s: invalid JSON", path))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes)\n", path, b.Len())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "regexp-gen:", err)
	os.Exit(1)
}

func main() {
	out := flag.String("out", "../../../go-semantics/golden", "directory for the golden JSON files")
	cases := flag.String("cases", "cases", "directory holding the hand-written case files")
	tables := flag.String("tables", "../../../../src/context/go-unicode-tables.ts", "TypeScript file for Go's Unicode tables")
	flag.Parse()
	writeUnicodeTables(*tables)
	writeJSON(filepath.Join(*out, "go-filepath.json"), buildFilepathGolden(*cases))
	writeJSON(filepath.Join(*out, "go-regexp.json"), buildRegexpGolden(*cases))
}
