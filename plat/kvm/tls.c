/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread pointer and static TLS, laid out as glibc's x86-64 (TLS variant II):
 *
 *   x86_tls_area ... [ .tdata copy | .tbss zeroed ] x86_tcb
 *                    <---- ALIGN(memsz, align) ---->^ FS base
 *   tcb + 0x00  self pointer (tcbhead_t.tcb)
 *   tcb + 0x10  self pointer (tcbhead_t.self)
 *   tcb + 0x28  stack-protector guard (random, low byte zero as in glibc)
 *
 * entry.S already pointed FS at x86_tcb. Local-exec TLS accesses are
 * %fs:-offset, with offsets the linker computed from the same layout.
 * Runs before the guard is set: no stack protector in this file's callers
 * that stay live across the guard write (see setup.c).
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/tsc.h>
#include "kvm.h"

extern char __tdata_start[], __tdata_end[], __tbss_start[], __tbss_end[];
extern char x86_tls_area[], x86_tcb[], __tls_align[];

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static int has_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return !!(c & (1u << 30));
}

static uint64_t random_guard(void)
{
	uint64_t v = 0;
	unsigned char ok = 0;
	int i;

	if (has_rdrand())
		for (i = 0; i < 10 && !ok; i++)
			__asm__ __volatile__("rdrand %0; setc %1"
					     : "=r"(v), "=qm"(ok));
	if (!ok)
		v = splitmix64(uk_rdtsc() ^ (uintptr_t)&v);
	return v & ~0xffULL;
}

void __attribute__((no_stack_protector)) plat_tls_init(void)
{
	size_t tdata = (size_t)(__tdata_end - __tdata_start);
	size_t align = (size_t)(uintptr_t)__tls_align;
	size_t memsz = (size_t)(__tbss_end - __tdata_start);
	size_t size;
	char *block;
	uintptr_t *tcb = (uintptr_t *)x86_tcb;

	if (align < 1)
		align = 1;
	size = ALIGN_UP(memsz, align);
	block = x86_tcb - size;
	memcpy(block, __tdata_start, tdata);
	memset(block + tdata, 0, size - tdata);
	tcb[0] = (uintptr_t)tcb;
	tcb[2] = (uintptr_t)tcb;
	tcb[5] = random_guard(); /* 0x28 */
}
