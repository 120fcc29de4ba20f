/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deliberate faults for the crash-screen tests. Each must end in the crash
 * screen and QEMU exit status 255, never in a hang or a reboot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/assert.h>
#include "faults.h"

static volatile int zero;
extern volatile uint64_t x86_pml4[];

static void __attribute__((noinline)) smash(const char *s)
{
	char buf[8];

	/* Deliberately unbounded: overruns buf and the canary behind it. */
	strcpy(buf, s);
	__asm__ __volatile__("" ::"r"(buf) : "memory");
}

/* In assembly: the compiler may turn a C division by a variable into
 * something that cannot fault. */
static void __attribute__((noinline)) divide(unsigned int d)
{
	unsigned int q = 1, r = 0;

	__asm__ __volatile__("divl %2" : "+a"(q), "+d"(r) : "r"(d));
	printf("%u\n", q);
}

/* W^X and stack guards (plat/kvm/wx.c). */
static void __attribute__((noinline)) write_text(void)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)&write_text;

	*p = 0xc3;
}

static void __attribute__((noinline)) exec_heap(void)
{
	uint8_t *code = malloc(64);
	void (*fn)(void);

	if (!code)
		return;
	code[0] = 0xc3; /* ret */
	fn = (void (*)(void))(uintptr_t)code;
	__asm__ __volatile__("" : "+r"(fn)::"memory");
	fn();
}

#if CONFIG_FAULTS_BSS_MIB > 0
/* The image's end, past its first 2 MiB (CONFIG_FAULTS_BSS_MIB). */
static uint8_t big_bss[CONFIG_FAULTS_BSS_MIB << 20]
	__attribute__((aligned(4096)));
#endif

/* Executes a `ret` written into the last page of big_bss. */
static void __attribute__((noinline)) exec_bss(void)
{
#if CONFIG_FAULTS_BSS_MIB > 0
	uint8_t *code = &big_bss[sizeof(big_bss) - 4096];
	void (*fn)(void);

	code[0] = 0xc3; /* ret */
	printf("faults: executing .bss at %p\n", (void *)code);
	fn = (void (*)(void))(uintptr_t)code;
	__asm__ __volatile__("" : "+r"(fn)::"memory");
	fn();
#else
	fprintf(stderr, "faults: execbss needs CONFIG_FAULTS_BSS_MIB\n");
#endif
}

/* Recurses until `zero` changes, that is, until the stack runs out. */
static unsigned long __attribute__((noinline)) recurse(unsigned long n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	__asm__ __volatile__("" ::"r"(frame) : "memory");
	if (zero == 1)
		return n;
	return recurse(n + 1) + frame[0];
}

static void __attribute__((noinline)) pagefault(void)
{
	*(volatile int *)(uintptr_t)(0x10 + zero) = 1;
}

void faults_crash(const char *kind)
{
	if (!strcmp(kind, "pagefault"))
		pagefault();
	else if (!strcmp(kind, "assert"))
		UK_ASSERT(zero == 1);
	else if (!strcmp(kind, "stack"))
		smash("this string is far longer than eight bytes");
	else if (!strcmp(kind, "divide"))
		divide(zero);
	else if (!strcmp(kind, "gpf"))
		__asm__ __volatile__("movq 0x8000000000000000, %%rax" ::
					     : "rax");
	else if (!strcmp(kind, "ud"))
		__asm__ __volatile__("ud2");
	else if (!strcmp(kind, "systable"))
		x86_pml4[0] = 0; /* supervisor-only page: must fault */
	else if (!strcmp(kind, "writetext"))
		write_text();
	else if (!strcmp(kind, "execheap"))
		exec_heap();
	else if (!strcmp(kind, "execbss"))
		exec_bss();
	else if (!strcmp(kind, "recurse"))
		printf("%lu\n", recurse(0));
	else if (!strcmp(kind, "crash"))
		UK_CRASH("requested crash, code %d", 42);
	else
		fprintf(stderr, "faults: unknown crash kind '%s'\n", kind);
}
