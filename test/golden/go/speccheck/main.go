// speccheck answers the questions the spec vectors ask, using Docker's own Go packages as
// Debian ships them (moby/patternmatcher 0.5.0, buildkit's dockerignore.ReadAll, Docker
// 20.10.24 pkg/archive). Build (see test/spec/build-spec-vectors.mjs):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o speccheck main.go
//
// Verbs (JSON on stdin, JSON on stdout):
//
//	match      [{"patterns":[..],"path":".."}]  -> [{"mopm":R,"matches":R,"fullValidationError":".."}]
//	           R = "excluded" | "included" | {"error":"..","at":"new"|"match"}
//	           mopm    = New + (*PatternMatcher).MatchesOrParentMatches (as upstream TestMatches)
//	           matches = package-level deprecated Matches (as upstream TestMatch/TestPattern*)
//	filematch  [{"ignore":"<base64>","paths":[..]}] -> [{"results":[{"mopm":R},..],"fullValidationError":".."} | {"error":".."}]
//	           ReadAll + New once per file, then MatchesOrParentMatches per path (fresh matcher
//	           per path, so one failing path does not disturb the next). fullValidationError:
//	           see fullValidation.
//	readall    ["<base64 file bytes>", ..]        -> [{"patterns":["<base64>",..],"newError":"..","fullValidationError":".."} | {"error":".."}]
//	classic    CONTEXT DOCKERFILE (no stdin)     -> {"current":{"entries":[..],"tarBytes":N}|{"error":".."},
//	                                                 "docker2010":{"entries":[..],"tarBytes":N}|{"error":".."}}
//
// patternmatcher 0.5.0 differs from v0.6.1 only in what happens on the SECOND match call
// of a pattern whose regexp failed to compile (0.5.0 dereferences a nil regexp and panics,
// moby/moby#52203); every evaluation here uses a fresh matcher and stops at the first error,
// so the answers are the v0.6.1 answers.
package main

import (
	"archive/tar"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/docker/docker/pkg/archive"
	"github.com/docker/docker/pkg/fileutils"
	"github.com/docker/docker/pkg/idtools"
	"github.com/moby/buildkit/frontend/dockerfile/dockerignore"
	"github.com/moby/patternmatcher"
)

type errResult struct {
	Error string `json:"error"`
	At    string `json:"at,omitempty"`
}

func verdict(excluded bool) interface{} {
	if excluded {
		return "excluded"
	}
	return "included"
}

func evalMOPM(patterns []string, path string) interface{} {
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		return errResult{err.Error(), "new"}
	}
	ok, err := pm.MatchesOrParentMatches(path)
	if err != nil {
		return errResult{err.Error(), "match"}
	}
	return verdict(ok)
}

func evalMatches(patterns []string, path string) interface{} {
	if _, err := patternmatcher.New(patterns); err != nil {
		return errResult{err.Error(), "new"}
	}
	ok, err := patternmatcher.Matches(path, patterns)
	if err != nil {
		return errResult{err.Error(), "match"}
	}
	return verdict(ok)
}

func cmdMatch() error {
	var in []struct {
		Patterns []string `json:"patterns"`
		Path     string   `json:"path"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	out := make([]map[string]interface{}, len(in))
	for i, v := range in {
		out[i] = map[string]interface{}{"mopm": evalMOPM(v.Patterns, v.Path), "matches": evalMatches(v.Patterns, v.Path)}
		if _, err := patternmatcher.New(v.Patterns); err == nil {
			if err := fullValidation(v.Patterns); err != nil {
				out[i]["fullValidationError"] = err.Error()
			}
		}
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// fullValidation checks each pattern the way New does, but with path.Match, which in Go 1.19
// validates the whole pattern after a mismatch. Go 1.19's filepath.Match (what New calls)
// stops at the first chunk that fails to match ".", so New accepts "a*[" or "a*\\" and the
// error, if any, only comes at match time (or never: "a*\\" compiles to ^a[^/]*\$). A Docker
// built with a Go whose filepath.Match validates the remainder rejects these files at New.
func fullValidation(pats []string) error {
	for _, p := range pats {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		p = filepath.Clean(p)
		if p[0] == '!' {
			p = p[1:]
		}
		if _, err := path.Match(p, "."); err != nil {
			return err
		}
	}
	return nil
}

func cmdFileMatch() error {
	var in []struct {
		Ignore string   `json:"ignore"`
		Paths  []string `json:"paths"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	out := make([]interface{}, len(in))
	for i, c := range in {
		b, err := base64.StdEncoding.DecodeString(c.Ignore)
		if err != nil {
			return err
		}
		pats, err := readAll(b)
		if err == nil {
			_, err = patternmatcher.New(pats)
		}
		if err != nil {
			out[i] = errResult{Error: err.Error()}
			continue
		}
		results := make([]map[string]interface{}, len(c.Paths))
		for k, p := range c.Paths {
			results[k] = map[string]interface{}{"mopm": evalMOPM(pats, p)}
		}
		r := map[string]interface{}{"results": results}
		if err := fullValidation(pats); err != nil {
			r["fullValidationError"] = err.Error()
		}
		out[i] = r
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// readAll strips the "Error reading .dockerignore: " wrapper that this older buildkit copy
// adds; ignorefile.ReadAll (patternmatcher v0.6.x) returns the scanner error as is.
func readAll(b []byte) ([]string, error) {
	pats, err := dockerignore.ReadAll(strings.NewReader(string(b)))
	if err != nil {
		return nil, errors.New(strings.TrimPrefix(err.Error(), "Error reading .dockerignore: "))
	}
	return pats, nil
}

func cmdReadAll() error {
	var in []string
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		return err
	}
	out := make([]interface{}, len(in))
	for i, s := range in {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return err
		}
		pats, err := readAll(b)
		if err != nil {
			out[i] = errResult{Error: err.Error()}
			continue
		}
		enc := make([]string, len(pats))
		for k, p := range pats {
			enc[k] = base64.StdEncoding.EncodeToString([]byte(p))
		}
		r := map[string]interface{}{"patterns": enc}
		if _, err := patternmatcher.New(pats); err != nil {
			r["newError"] = err.Error()
		} else if err := fullValidation(pats); err != nil {
			r["fullValidationError"] = err.Error()
		}
		out[i] = r
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

type walkEntry struct {
	rel   string
	isDir bool
}

// classicCurrent follows the classic builder pipeline described in the spec (§6.1):
// docker/cli ValidateContextDirectory (MatchesOrParentMatches, excluded dirs pruned),
// TrimBuildFilesFromExcludes (deprecated Matches decides the forced "!" rules), then the
// go-archive walk with MatchesUsingParentResults, descending into an excluded directory only
// when some exception's text + "/" starts with "dir/". It is written from that description,
// not from go-archive's source, so it checks the spec's classic column independently.
func classicCurrent(ctx, dockerfile string, excludes []string) ([]walkEntry, error) {
	pm, err := patternmatcher.New(excludes)
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(ctx, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(ctx, p)
		if rel == "." {
			return nil
		}
		skip, err := pm.MatchesOrParentMatches(rel)
		if err != nil {
			return err
		}
		if skip && d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if keep, _ := patternmatcher.Matches(".dockerignore", excludes); keep {
		excludes = append(excludes, "!.dockerignore")
	}
	if keep, _ := patternmatcher.Matches(dockerfile, excludes); keep {
		excludes = append(excludes, "!"+dockerfile)
	}
	pm, err = patternmatcher.New(excludes)
	if err != nil {
		return nil, err
	}
	var out []walkEntry
	var dirs []string
	var infos []patternmatcher.MatchInfo
	err = filepath.WalkDir(ctx, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(ctx, p)
		if rel == "." {
			return nil
		}
		for len(dirs) > 0 && !strings.HasPrefix(rel, dirs[len(dirs)-1]+"/") {
			dirs, infos = dirs[:len(dirs)-1], infos[:len(infos)-1]
		}
		var parent patternmatcher.MatchInfo
		if len(infos) > 0 {
			parent = infos[len(infos)-1]
		}
		skip, info, err := pm.MatchesUsingParentResults(rel, parent)
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs, infos = append(dirs, rel), append(infos, info)
		}
		if skip {
			if !d.IsDir() {
				return nil
			}
			if !pm.Exclusions() {
				return filepath.SkipDir
			}
			for _, pat := range pm.Patterns() {
				if pat.Exclusion() && strings.HasPrefix(pat.String()+"/", rel+"/") {
					return nil
				}
			}
			return filepath.SkipDir
		}
		out = append(out, walkEntry{rel, d.IsDir()})
		return nil
	})
	return out, err
}

// tarBytesOf measures what Docker's tar writer produces for exactly these entries: it copies
// them (same sizes, same link targets) into a scratch tree and tars that with no excludes.
// Directories that the walk passed through without emitting still appear in the scratch
// tree; each costs one 512-byte header, which is subtracted (names here are short ASCII).
func tarBytesOf(ctx string, entries []walkEntry) (int64, error) {
	tmp, err := os.MkdirTemp("", "speccheck")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	emitted := map[string]bool{}
	for _, e := range entries {
		emitted[e.rel] = true
		dst := filepath.Join(tmp, e.rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, err
		}
		fi, err := os.Lstat(filepath.Join(ctx, e.rel))
		if err != nil {
			return 0, err
		}
		switch {
		case fi.IsDir():
			err = os.MkdirAll(dst, 0o755)
		case fi.Mode()&os.ModeSymlink != 0:
			var target string
			if target, err = os.Readlink(filepath.Join(ctx, e.rel)); err == nil {
				err = os.Symlink(target, dst)
			}
		case fi.Mode().IsRegular():
			err = os.WriteFile(dst, make([]byte, fi.Size()), 0o644)
		default:
			err = fmt.Errorf("unsupported entry %s", e.rel)
		}
		if err != nil {
			return 0, err
		}
	}
	var implicit int64
	err = filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(tmp, p)
		if err == nil && d.IsDir() && rel != "." && !emitted[rel] {
			if len(rel) >= 99 {
				return fmt.Errorf("implicit dir %q too long to subtract", rel)
			}
			implicit++
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	n, _, err := tarStream(tmp, nil)
	return n - 512*implicit, err
}

// tarStream runs Docker 20.10's TarWithOptions the way the classic CLI calls it and returns
// the stream size and the entry names in stream order.
func tarStream(ctx string, excludes []string) (int64, []string, error) {
	rc, err := archive.TarWithOptions(ctx, &archive.TarOptions{ExcludePatterns: excludes, ChownOpts: &idtools.Identity{UID: 0, GID: 0}})
	if err != nil {
		return 0, nil, err
	}
	defer rc.Close()
	cr := &countingReader{r: rc}
	tr := tar.NewReader(cr)
	names := []string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		names = append(names, h.Name)
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return 0, nil, err
	}
	return cr.n, names, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// docker2010 is the Docker 20.10 classic pipeline: the CLI forced "!.dockerignore" /
// "!<Dockerfile>" with fileutils.Matches, then pkg/archive walked with its single-parent
// Matches.
func docker2010(ctx, dockerfile string, excludes []string) (map[string]interface{}, error) {
	if keep, _ := fileutils.Matches(".dockerignore", excludes); keep {
		excludes = append(excludes, "!.dockerignore")
	}
	if keep, _ := fileutils.Matches(dockerfile, excludes); keep {
		excludes = append(excludes, "!"+dockerfile)
	}
	pm, err := fileutils.NewPatternMatcher(excludes)
	if err != nil {
		return nil, err
	}
	// The 20.10 CLI validated the context first (ValidateContextDirectory with the same
	// matcher), so a pattern that fails at match time failed the build there.
	err = filepath.Walk(ctx, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(ctx, p)
		if rel == "." {
			return nil
		}
		skip, err := pm.Matches(rel)
		if err != nil {
			return err
		}
		if skip && fi.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	n, names, err := tarStream(ctx, excludes)
	if err != nil {
		return nil, err
	}
	return map[string]interface{}{"entries": names, "tarBytes": n}, nil
}

func cmdClassic(ctx, dockerfile string) error {
	out := map[string]interface{}{}
	raw, err := os.ReadFile(filepath.Join(ctx, ".dockerignore"))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	excludes, err := readAll(raw)
	if err != nil {
		out["current"] = errResult{Error: err.Error()}
		out["docker2010"] = errResult{Error: err.Error()}
		return json.NewEncoder(os.Stdout).Encode(out)
	}
	if entries, err := classicCurrent(ctx, dockerfile, append([]string(nil), excludes...)); err != nil {
		out["current"] = errResult{Error: err.Error()}
	} else {
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.rel
			if e.isDir {
				names[i] += "/"
			}
		}
		n, err := tarBytesOf(ctx, entries)
		if err != nil {
			return err
		}
		out["current"] = map[string]interface{}{"entries": names, "tarBytes": n}
	}
	if r, err := docker2010(ctx, dockerfile, append([]string(nil), excludes...)); err != nil {
		out["docker2010"] = errResult{Error: err.Error()}
	} else {
		out["docker2010"] = r
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func main() {
	var err error
	switch {
	case len(os.Args) == 2 && os.Args[1] == "match":
		err = cmdMatch()
	case len(os.Args) == 2 && os.Args[1] == "filematch":
		err = cmdFileMatch()
	case len(os.Args) == 2 && os.Args[1] == "readall":
		err = cmdReadAll()
	case len(os.Args) == 4 && os.Args[1] == "classic":
		err = cmdClassic(os.Args[2], os.Args[3])
	default:
		err = errors.New("usage: speccheck match|filematch|readall < JSON, or speccheck classic CONTEXT DOCKERFILE")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "speccheck:", err)
		os.Exit(1)
	}
}
