//go:build !purego

#include "textflag.h"

// The pair kernels of indexBlocks: the free path of scanAVX2 (two bytes of
// the word, each ORed with its case mask and compared), without its
// bookkeeping. They return at the first block of 64 positions where both
// bytes match somewhere, with its mask, instead of filling an out buffer,
// and test two blocks a step with one branch. The caller makes sure that
// the loads stay in the text: p+i+o1 and p+i+o2+63 for every block i <= last.
//
// A book is searched as it is first read from its mapping, from memory:
// pairAVX512's step asks for the two cache lines 8 KB ahead (a prefetch
// past the text's end or into a page not mapped yet does nothing), as the
// processor does not prefetch across a 4 KB page by itself. Stripping the
// 400 stored books of /work/fx/400 took 6-15% less CPU so; pairAVX2
// gained nothing clear from it.

// func pairAVX2(k *kernel, p *byte, i, last int) (pos int, mask uint64)
//
// Returns the first block pos >= i (pos <= last) whose mask is not zero,
// or the first pos > last with mask 0.
TEXT ·pairAVX2(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), R8
	MOVQ p+8(FP), SI
	MOVQ i+16(FP), DI
	MOVQ last+24(FP), DX
	MOVQ 0(R8), R10
	MOVQ 8(R8), R11
	LEAQ (SI)(R10*1), R10    // p+o1
	LEAQ (SI)(R11*1), R11    // p+o2
	VPBROADCASTB 24(R8), Y0  // c1
	VPBROADCASTB 25(R8), Y1  // c2
	VPBROADCASTB 26(R8), Y2  // m1
	VPBROADCASTB 27(R8), Y3  // m2
	LEAQ -64(DX), CX         // the last start of two whole blocks

loop128:
	CMPQ DI, CX
	JG loop64
	VPOR (R10)(DI*1), Y2, Y4
	VPOR 32(R10)(DI*1), Y2, Y5
	VPOR 64(R10)(DI*1), Y2, Y6
	VPOR 96(R10)(DI*1), Y2, Y7
	VPCMPEQB Y0, Y4, Y4
	VPCMPEQB Y0, Y5, Y5
	VPCMPEQB Y0, Y6, Y6
	VPCMPEQB Y0, Y7, Y7
	VPOR (R11)(DI*1), Y3, Y8
	VPOR 32(R11)(DI*1), Y3, Y9
	VPOR 64(R11)(DI*1), Y3, Y10
	VPOR 96(R11)(DI*1), Y3, Y11
	VPCMPEQB Y1, Y8, Y8
	VPCMPEQB Y1, Y9, Y9
	VPCMPEQB Y1, Y10, Y10
	VPCMPEQB Y1, Y11, Y11
	VPAND Y8, Y4, Y4
	VPAND Y9, Y5, Y5
	VPAND Y10, Y6, Y6
	VPAND Y11, Y7, Y7
	VPOR Y4, Y5, Y8
	VPOR Y6, Y7, Y9
	VPOR Y8, Y9, Y9
	VPTEST Y9, Y9
	JNZ found128
	ADDQ $128, DI
	JMP loop128

found128:
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y5, BX
	SHLQ $32, BX
	ORQ BX, AX
	JNZ ret
	ADDQ $64, DI
	VPMOVMSKB Y6, AX
	VPMOVMSKB Y7, BX
	SHLQ $32, BX
	ORQ BX, AX
	JMP ret

loop64:
	CMPQ DI, DX
	JG none
	VPOR (R10)(DI*1), Y2, Y4
	VPOR 32(R10)(DI*1), Y2, Y5
	VPCMPEQB Y0, Y4, Y4
	VPCMPEQB Y0, Y5, Y5
	VPOR (R11)(DI*1), Y3, Y8
	VPOR 32(R11)(DI*1), Y3, Y9
	VPCMPEQB Y1, Y8, Y8
	VPCMPEQB Y1, Y9, Y9
	VPAND Y8, Y4, Y4
	VPAND Y9, Y5, Y5
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y5, BX
	SHLQ $32, BX
	ORQ BX, AX
	JNZ ret
	ADDQ $64, DI
	JMP loop64

none:
	XORQ AX, AX

ret:
	MOVQ DI, pos+32(FP)
	MOVQ AX, mask+40(FP)
	VZEROUPPER
	RET

// func pairAVX512(k *kernel, p *byte, i, last int) (pos int, mask uint64)
//
// pairAVX2 with 64 positions a register: the second compare is masked by
// the first, so a block's mask is one opmask register.
TEXT ·pairAVX512(SB), NOSPLIT, $0-48
	MOVQ k+0(FP), R8
	MOVQ p+8(FP), SI
	MOVQ i+16(FP), DI
	MOVQ last+24(FP), DX
	MOVQ 0(R8), R10
	MOVQ 8(R8), R11
	LEAQ (SI)(R10*1), R10    // p+o1
	LEAQ (SI)(R11*1), R11    // p+o2
	VPBROADCASTB 24(R8), Z0  // c1
	VPBROADCASTB 25(R8), Z1  // c2
	VPBROADCASTB 26(R8), Z2  // m1
	VPBROADCASTB 27(R8), Z3  // m2
	LEAQ -64(DX), CX         // the last start of two whole blocks

loop128:
	CMPQ DI, CX
	JG loop64
	PREFETCHT0 8192(R10)(DI*1)
	PREFETCHT0 8256(R10)(DI*1)
	VPORQ (R10)(DI*1), Z2, Z4
	VPORQ 64(R10)(DI*1), Z2, Z5
	VPORQ (R11)(DI*1), Z3, Z6
	VPORQ 64(R11)(DI*1), Z3, Z7
	VPCMPEQB Z0, Z4, K1
	VPCMPEQB Z0, Z5, K2
	VPCMPEQB Z1, Z6, K1, K1
	VPCMPEQB Z1, Z7, K2, K2
	KORTESTQ K1, K2
	JNZ found128
	ADDQ $128, DI
	JMP loop128

found128:
	KMOVQ K1, AX
	TESTQ AX, AX
	JNZ ret
	ADDQ $64, DI
	KMOVQ K2, AX
	JMP ret

loop64:
	CMPQ DI, DX
	JG none
	VPORQ (R10)(DI*1), Z2, Z4
	VPORQ (R11)(DI*1), Z3, Z6
	VPCMPEQB Z0, Z4, K1
	VPCMPEQB Z1, Z6, K1, K1
	KMOVQ K1, AX
	TESTQ AX, AX
	JNZ ret
	ADDQ $64, DI
	JMP loop64

none:
	XORQ AX, AX

ret:
	MOVQ DI, pos+32(FP)
	MOVQ AX, mask+40(FP)
	VZEROUPPER
	RET
