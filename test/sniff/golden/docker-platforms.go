// Generates docker-platforms.json: containerd's platforms.Parse followed by Normalize (what
// Docker's matcher compares) for each specifier on the command line. Built against Debian 12's
// golang-github-containerd-containerd-dev sources with Go 1.19:
//
//	set -f; GOPATH=/usr/share/gocode GO111MODULE=off go run docker-platforms.go $(cat docker-platforms.specs) '' 'linux/' '/amd64' > docker-platforms.json
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/containerd/containerd/platforms"
)

func main() {
	specs := os.Args[1:]
	type out struct {
		Spec     string `json:"spec"`
		OS       string `json:"os,omitempty"`
		Arch     string `json:"arch,omitempty"`
		Variant  string `json:"variant,omitempty"`
		Error    bool   `json:"error,omitempty"`
	}
	var res []out
	for _, s := range specs {
		p, err := platforms.Parse(s)
		if err != nil {
			res = append(res, out{Spec: s, Error: true})
			continue
		}
		n := platforms.Normalize(p)
		res = append(res, out{Spec: s, OS: n.OS, Arch: n.Architecture, Variant: n.Variant})
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	fmt.Println(string(b))
}
