#include "textflag.h"

// func indexPairAVX2(s []byte, b0, b1 byte, off int) int
// Returns the first i with s[i] == b0 && s[i+off] == b1 among the blocks
// of 32 positions whose second load stays inside s, or -1. The caller
// checks the positions after the last whole block.
TEXT ·indexPairAVX2(SB), NOSPLIT, $0-48
	MOVQ s_base+0(FP), SI
	MOVQ s_len+8(FP), DX
	MOVBLZX b0+24(FP), AX
	MOVBLZX b1+25(FP), BX
	MOVQ off+32(FP), CX
	MOVQ AX, X0
	VPBROADCASTB X0, Y0
	MOVQ BX, X1
	VPBROADCASTB X1, Y1
	XORQ DI, DI              // i
	MOVQ DX, R8
	SUBQ CX, R8
	SUBQ $32, R8             // last i whose block fits: i+off+32 <= len
	JL   notfound
loop:
	CMPQ DI, R8
	JG   notfound
	VMOVDQU (SI)(DI*1), Y2
	LEAQ (SI)(DI*1), R9
	VMOVDQU (R9)(CX*1), Y3
	VPCMPEQB Y0, Y2, Y2
	VPCMPEQB Y1, Y3, Y3
	VPAND Y2, Y3, Y3
	VPMOVMSKB Y3, R10
	TESTL R10, R10
	JNZ  found
	ADDQ $32, DI
	JMP  loop
found:
	TZCNTL R10, R10
	ADDQ R10, DI
	MOVQ DI, ret+40(FP)
	VZEROUPPER
	RET
notfound:
	MOVQ $-1, ret+40(FP)
	VZEROUPPER
	RET
