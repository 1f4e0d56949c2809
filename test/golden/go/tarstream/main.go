// tarstream writes the classic builder's context tar for a directory, as docker/cli sends it:
// Docker 20.10.24's pkg/archive TarWithOptions (Debian's golang-github-docker-docker-dev) with
// ChownOpts 0:0, as cli/command/image/build.go passes, and no exclude patterns.
//
//	tarstream CONTEXT              the stream current moby (go-archive) writes: the 20.10 stream
//	                               read back and re-encoded with go-archive's two differences,
//	                               through the same archive/tar Writer
//	tarstream -docker2010 CONTEXT  the 20.10 stream unchanged
//
// The differences (go-archive FileInfoHeader / tarheader.FileInfoHeaderNoLookups):
//   - Mode: 20.10 ORs in the file-type bits (fillGo18FileTypeBits); go-archive keeps
//     permission and set-id bits only.
//   - Uname/Gname: 20.10 looks up the owner's names; go-archive never fills them.
// Extended attributes are dropped from both (the project does not write them).
//
// Build: GO111MODULE=off GOPATH=/usr/share/gocode go build -o tarstream main.go
package main

import (
	"archive/tar"
	"fmt"
	"io"
	"os"

	"github.com/docker/docker/pkg/archive"
	"github.com/docker/docker/pkg/idtools"
)

func reencode(in io.Reader, out io.Writer) error {
	tr := tar.NewReader(in)
	tw := tar.NewWriter(out)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		hdr.Mode &= 07777
		hdr.Uname = ""
		hdr.Gname = ""
		hdr.PAXRecords = nil
		hdr.Xattrs = nil //nolint:staticcheck // cleared so no SCHILY.xattr record survives
		hdr.Format = tar.FormatPAX
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := io.Copy(tw, tr); err != nil {
			return err
		}
	}
	return tw.Close()
}

func main() {
	args := os.Args[1:]
	docker2010 := len(args) > 0 && args[0] == "-docker2010"
	if docker2010 {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: tarstream [-docker2010] CONTEXT")
		os.Exit(2)
	}
	rc, err := archive.TarWithOptions(args[0], &archive.TarOptions{ChownOpts: &idtools.Identity{UID: 0, GID: 0}})
	if err == nil {
		defer rc.Close()
		if docker2010 {
			_, err = io.Copy(os.Stdout, rc)
		} else {
			err = reencode(rc, os.Stdout)
		}
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
