// Package linux_arm64 holds a file of the C library that package meshestoken links (see
// ../../../scripts/prebuilt.sh). It has no Go code: it is a package only so that
// `go mod vendor` copies this folder (see vendor.go in the module root).
package linux_arm64
