package meshestoken

import (
	"testing"
	"unsafe"
)

// TestAlignedSigner: wherever signerMem starts, alignedSigner returns a meshes_signer at
// MESHES_SIGNER_ALIGN alignment that lies wholly inside it (what 386 and arm, where Go aligns
// the C struct to 4 bytes only, rely on).
func TestAlignedSigner(t *testing.T) {
	const align = uintptr(signerAlign)
	var backing [2 * unsafe.Sizeof(signerMem{})]byte
	for shift := range align {
		m := (*signerMem)(unsafe.Pointer(&backing[shift]))
		start := uintptr(unsafe.Pointer(m))
		p := uintptr(unsafe.Pointer(alignedSigner(m)))
		if p%align != 0 {
			t.Errorf("memory at %#x: signer at %#x is not %d-aligned", start, p, align)
		}
		if p < start || p+unsafe.Sizeof(rawSigner{}) > start+unsafe.Sizeof(*m) {
			t.Errorf("memory at %#x (+%d bytes): signer at %#x (+%d bytes) is not inside it",
				start, unsafe.Sizeof(*m), p, unsafe.Sizeof(rawSigner{}))
		}
		if p2 := uintptr(unsafe.Pointer(alignedSigner(m))); p2 != p {
			t.Errorf("memory at %#x: alignedSigner gave %#x, then %#x", start, p, p2)
		}
	}
}

// TestAlignedVerifier: the same for verifierMem and alignedVerifier.
func TestAlignedVerifier(t *testing.T) {
	const align = uintptr(verifierAlign)
	var backing [2 * unsafe.Sizeof(verifierMem{})]byte
	for shift := range align {
		m := (*verifierMem)(unsafe.Pointer(&backing[shift]))
		start := uintptr(unsafe.Pointer(m))
		p := uintptr(unsafe.Pointer(alignedVerifier(m)))
		if p%align != 0 || p < start || p+unsafe.Sizeof(rawVerifier{}) > start+unsafe.Sizeof(*m) {
			t.Errorf("memory at %#x: verifier at %#x is not aligned inside it", start, p)
		}
	}
}
