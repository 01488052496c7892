package meshestoken

// Version returns the version of the linked C library (meshes-token-ffi), e.g. "0.1.0".
func Version() string { return ffiVersion() }
