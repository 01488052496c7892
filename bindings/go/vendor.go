//go:build meshes_vendor

package meshestoken

// `go mod vendor` copies only the folders of packages that some build imports, with any build
// tags. The C library's archives and header are in folders without Go code of their own, so
// this file, never built (no one sets the meshes_vendor tag), imports the packages that make
// those folders part of the module's package graph. The wasmtime-go module does the same.
import (
	_ "github.com/mesheshq/meshes-token/bindings/go/internal/lib/include"
	_ "github.com/mesheshq/meshes-token/bindings/go/internal/lib/linux_amd64"
	_ "github.com/mesheshq/meshes-token/bindings/go/internal/lib/linux_arm64"
)
