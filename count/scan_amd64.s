//go:build !purego

#include "textflag.h"

// The out buffer holds scanOut words: a block's position, then its mask.
#define SCANOUT 128

// STORE writes the block's position DI and mask CX at out[BX], and keeps
// them (BX += 2) only when the mask is not zero: no branch to mispredict
// when most blocks hold a candidate, as for "the".
#define STORE \
	MOVQ DI, (R9)(BX*8) \
	MOVQ CX, 8(R9)(BX*8) \
	XORL AX, AX \
	TESTQ CX, CX \
	SETNE AX \
	LEAQ (BX)(AX*2), BX

// PUNCTOK sets each byte of V to 0xff when it is not an ASCII letter or
// digit (signed compares: bytes >= 0x80 are neither), using T and U.
// Needs Y4 = 0x20, Y10 = 'a'-1, Y11 = 'z'+1, Y12 = '0'-1, Y13 = '9'+1.
#define PUNCTOK(V, T, U) \
	VPOR Y4, V, T \
	VPCMPGTB Y10, T, U \
	VPCMPGTB T, Y11, T \
	VPAND U, T, T \
	VPCMPGTB Y12, V, U \
	VPCMPGTB V, Y13, V \
	VPAND U, V, V \
	VPOR T, V, V \
	VPCMPEQB T, T, T \
	VPXOR T, V, V

// func scanAVX2(k *kernel, p *byte, i, last int, out *[scanOut]uint64) (n, next int, high bool)
//
// For each block of 64 positions from i while i <= last, sets bit j of the
// block's mask when position i+j passes the kernel, and stores the blocks
// whose mask is not zero in out. The caller makes sure that every load
// stays inside the text: with bound, p+i-1 and p+i+end+63; else p+i+o1 and
// p+i+o2+63. It returns when out is full or the blocks are done, with the
// number of words stored, the next position and whether any byte of the
// first load of each block (from i-1 with bound, else from i+o1) is >= 0x80.
// bound 1 wants white space around the window (< 0x21 or >= 0x80); bound 2,
// for -p, wants no ASCII letter or digit there.
TEXT ·scanAVX2(SB), NOSPLIT, $0-57
	MOVQ k+0(FP), R8
	MOVQ p+8(FP), SI
	MOVQ i+16(FP), DI
	MOVQ last+24(FP), DX
	MOVQ out+32(FP), R9
	MOVQ 0(R8), R10          // o1
	MOVQ 8(R8), R11          // o2
	MOVQ 16(R8), R12         // end
	VPBROADCASTB 24(R8), Y0  // c1
	VPBROADCASTB 25(R8), Y1  // c2
	VPBROADCASTB 26(R8), Y2  // m1
	VPBROADCASTB 27(R8), Y3  // m2
	MOVL $0x21, AX
	MOVQ AX, X4
	VPBROADCASTB X4, Y4      // signed b < 0x21: white space, controls, >= 0x80
	VPXOR Y5, Y5, Y5         // the OR of the first loads
	XORQ BX, BX              // words stored
	MOVBLZX 28(R8), AX
	TESTQ AX, AX
	JZ free
	CMPQ AX, $2
	JEQ punct

bound:
	CMPQ DI, DX
	JG done
	LEAQ (SI)(DI*1), AX
	VMOVDQU -1(AX), Y6
	VMOVDQU 31(AX), Y7
	VPOR Y6, Y5, Y5
	VPOR Y7, Y5, Y5
	VPCMPGTB Y6, Y4, Y6
	VPCMPGTB Y7, Y4, Y7
	VMOVDQU (AX)(R12*1), Y8
	VMOVDQU 32(AX)(R12*1), Y9
	VPCMPGTB Y8, Y4, Y8
	VPCMPGTB Y9, Y4, Y9
	VPAND Y8, Y6, Y6
	VPAND Y9, Y7, Y7
	VMOVDQU (AX)(R10*1), Y8
	VMOVDQU 32(AX)(R10*1), Y9
	VPOR Y2, Y8, Y8
	VPOR Y2, Y9, Y9
	VPCMPEQB Y0, Y8, Y8
	VPCMPEQB Y0, Y9, Y9
	VPAND Y8, Y6, Y6
	VPAND Y9, Y7, Y7
	VMOVDQU (AX)(R11*1), Y8
	VMOVDQU 32(AX)(R11*1), Y9
	VPOR Y3, Y8, Y8
	VPOR Y3, Y9, Y9
	VPCMPEQB Y1, Y8, Y8
	VPCMPEQB Y1, Y9, Y9
	VPAND Y8, Y6, Y6
	VPAND Y9, Y7, Y7
	VPMOVMSKB Y6, CX
	VPMOVMSKB Y7, AX
	SHLQ $32, AX
	ORQ AX, CX
	STORE
	ADDQ $64, DI
	CMPQ BX, $SCANOUT
	JB bound
	JMP done

free:
	CMPQ DI, DX
	JG done
	LEAQ (SI)(DI*1), AX
	VMOVDQU (AX)(R10*1), Y6
	VMOVDQU 32(AX)(R10*1), Y7
	VPOR Y6, Y5, Y5
	VPOR Y7, Y5, Y5
	VPOR Y2, Y6, Y6
	VPOR Y2, Y7, Y7
	VPCMPEQB Y0, Y6, Y6
	VPCMPEQB Y0, Y7, Y7
	VMOVDQU (AX)(R11*1), Y8
	VMOVDQU 32(AX)(R11*1), Y9
	VPOR Y3, Y8, Y8
	VPOR Y3, Y9, Y9
	VPCMPEQB Y1, Y8, Y8
	VPCMPEQB Y1, Y9, Y9
	VPAND Y8, Y6, Y6
	VPAND Y9, Y7, Y7
	VPMOVMSKB Y6, CX
	VPMOVMSKB Y7, AX
	SHLQ $32, AX
	ORQ AX, CX
	STORE
	ADDQ $64, DI
	CMPQ BX, $SCANOUT
	JB free
	JMP done

// With -p a token may have punctuation around the window: the bytes
// before and after it must only not be ASCII letters or digits.
punct:
	MOVL $0x20, AX
	MOVQ AX, X4
	VPBROADCASTB X4, Y4      // 0x20, to fold letters
	MOVL $0x60, AX
	MOVQ AX, X10
	VPBROADCASTB X10, Y10    // 'a'-1
	MOVL $0x7b, AX
	MOVQ AX, X11
	VPBROADCASTB X11, Y11    // 'z'+1
	MOVL $0x2f, AX
	MOVQ AX, X12
	VPBROADCASTB X12, Y12    // '0'-1
	MOVL $0x3a, AX
	MOVQ AX, X13
	VPBROADCASTB X13, Y13    // '9'+1
ploop:
	CMPQ DI, DX
	JG done
	LEAQ (SI)(DI*1), AX
	VMOVDQU -1(AX), Y6
	VPOR Y6, Y5, Y5
	PUNCTOK(Y6, Y8, Y9)
	VMOVDQU (AX)(R12*1), Y7
	PUNCTOK(Y7, Y8, Y9)
	VPAND Y7, Y6, Y6
	VMOVDQU (AX)(R10*1), Y8
	VPOR Y2, Y8, Y8
	VPCMPEQB Y0, Y8, Y8
	VPAND Y8, Y6, Y6
	VMOVDQU (AX)(R11*1), Y8
	VPOR Y3, Y8, Y8
	VPCMPEQB Y1, Y8, Y8
	VPAND Y8, Y6, Y6
	VPMOVMSKB Y6, CX
	VMOVDQU 31(AX), Y6
	VPOR Y6, Y5, Y5
	PUNCTOK(Y6, Y8, Y9)
	VMOVDQU 32(AX)(R12*1), Y7
	PUNCTOK(Y7, Y8, Y9)
	VPAND Y7, Y6, Y6
	VMOVDQU 32(AX)(R10*1), Y8
	VPOR Y2, Y8, Y8
	VPCMPEQB Y0, Y8, Y8
	VPAND Y8, Y6, Y6
	VMOVDQU 32(AX)(R11*1), Y8
	VPOR Y3, Y8, Y8
	VPCMPEQB Y1, Y8, Y8
	VPAND Y8, Y6, Y6
	VPMOVMSKB Y6, AX
	SHLQ $32, AX
	ORQ AX, CX
	STORE
	ADDQ $64, DI
	CMPQ BX, $SCANOUT
	JB ploop

done:
	VPMOVMSKB Y5, AX
	TESTL AX, AX
	SETNE high+56(FP)
	MOVQ BX, n+40(FP)
	MOVQ DI, next+48(FP)
	VZEROUPPER
	RET

// func firstHighAVX2(b []byte) int
// Returns the index of the first byte >= 0x80 in b, or where the last
// whole block of 32 bytes ends when there is none in the blocks.
TEXT ·firstHighAVX2(SB), NOSPLIT, $0-32
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), DX
	XORQ DI, DI
loop128:
	LEAQ 128(DI), AX
	CMPQ AX, DX
	JA loop32
	VMOVDQU (SI)(DI*1), Y0
	VMOVDQU 32(SI)(DI*1), Y1
	VMOVDQU 64(SI)(DI*1), Y2
	VMOVDQU 96(SI)(DI*1), Y3
	VPOR Y0, Y1, Y1
	VPOR Y2, Y3, Y3
	VPOR Y1, Y3, Y3
	VPMOVMSKB Y3, AX
	TESTL AX, AX
	JNZ loop32
	ADDQ $128, DI
	JMP loop128
loop32:
	LEAQ 32(DI), AX
	CMPQ AX, DX
	JA tail
	VMOVDQU (SI)(DI*1), Y0
	VPMOVMSKB Y0, AX
	TESTL AX, AX
	JNZ found
	ADDQ $32, DI
	JMP loop32
found:
	TZCNTL AX, AX
	ADDQ AX, DI
tail:
	MOVQ DI, ret+24(FP)
	VZEROUPPER
	RET
