/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The crash screen: what went wrong, where, the registers and a
 * frame-pointer backtrace with symbol names, then exit with
 * UKPLAT_CRASH_RC (QEMU status 255). Always printed through the port-I/O
 * console, which needs no driver. Runs in ring 3 — exceptions reach it via
 * traps.S, which copies the registers and irets here on a stack of its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/plat/terminate.h>
#include <uk/plat/console.h>
#include "kvm.h"

#define BACKTRACE_MAX 32

struct symtab_entry {
	uint64_t addr;
	uint64_t name;
};
extern const uint64_t uk_symtab_count;
extern const struct symtab_entry uk_symtab[];
extern const char uk_symtab_names[];

static const char *const vectors[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 FP error",
	"alignment check",
	"machine check",
	"SIMD FP error",
	"virtualization",
	"control protection",
};

static void cprintf(const char *fmt, ...) __printf(1, 2);
static void cprintf(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (n > 0)
		ukplat_coutk_raw(line, (unsigned int)n);
}

/* Name of the function containing `addr`, and the offset into it. */
static const char *symbolize(uint64_t addr, uint64_t *off)
{
	uint64_t lo = 0, hi = uk_symtab_count, mid;

	if (!hi || addr < uk_symtab[0].addr ||
	    addr > (uint64_t)(uintptr_t)__text_end)
		return NULL;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (uk_symtab[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*off = addr - uk_symtab[lo].addr;
	return uk_symtab_names + uk_symtab[lo].name;
}

/*
 * `ret` is 1 for a return address: it names the instruction after a call,
 * which may already be the next function (calls to noreturn functions end
 * a function), so look up the byte before it.
 */
static void print_addr(const char *label, uint64_t addr, int ret)
{
	uint64_t off = 0;
	const char *name = symbolize(addr - (uint64_t)ret, &off);

	off += (uint64_t)ret;
	if (name)
		cprintf("%s%016llx <%s+0x%llx>\n", label,
			(unsigned long long)addr, name,
			(unsigned long long)off);
	else
		cprintf("%s%016llx\n", label, (unsigned long long)addr);
}

/* A frame pointer we may follow: aligned, mapped and not in the sys region. */
static int frame_ok(uint64_t fp)
{
	return fp >= 4096 && !(fp & 7) && fp < MAPPED_LIMIT - 16 &&
	       (fp < SYS_BASE || fp >= SYS_BASE + SYS_SIZE) &&
	       !plat_guard_page(fp) && !plat_guard_page(fp + 15);
}

/* Is `addr` right after a `call rel32` in our code (a return address)? */
static int after_call(uint64_t addr)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)addr;

	return addr >= (uint64_t)(uintptr_t)__text_start + 5 &&
	       addr <= (uint64_t)(uintptr_t)__text_end && p[-5] == 0xe8;
}

/*
 * Follow the frame-pointer chain from `fp`. For a fault, `sp` is the
 * faulting stack: a leaf function (or one reached by a tail call) has no
 * frame of its own, so a return address on top of the stack is shown first,
 * marked '?'.
 */
static void backtrace(uint64_t fp, uint64_t sp)
{
	const uint64_t *frame;
	int i;

	cprintf("Backtrace:\n");
	if (sp && frame_ok(sp) && after_call(*(const uint64_t *)(uintptr_t)sp))
		print_addr("? ", *(const uint64_t *)(uintptr_t)sp, 1);
	for (i = 0; i < BACKTRACE_MAX && frame_ok(fp); i++) {
		frame = (const uint64_t *)(uintptr_t)fp;
		if (!frame[1])
			break;
		print_addr("  ", frame[1], 1);
		if (frame[0] <= fp) /* stacks grow down: callers are above */
			break;
		fp = frame[0];
	}
}

void plat_crash_screen(const char *what, const struct __regs *r, int trap)
{
	cprintf("\n*** nfkit crash: %s\n", what);
	print_addr("RIP: ", r->rip, 0);
	cprintf("CS: %04llx SS: %04llx RFLAGS: %016llx ERR: %016llx\n",
		(unsigned long long)r->cs, (unsigned long long)r->ss,
		(unsigned long long)r->rflags, (unsigned long long)r->err);
	cprintf("RAX: %016llx RBX: %016llx RCX: %016llx\n",
		(unsigned long long)r->rax, (unsigned long long)r->rbx,
		(unsigned long long)r->rcx);
	cprintf("RDX: %016llx RSI: %016llx RDI: %016llx\n",
		(unsigned long long)r->rdx, (unsigned long long)r->rsi,
		(unsigned long long)r->rdi);
	cprintf("RBP: %016llx RSP: %016llx R8:  %016llx\n",
		(unsigned long long)r->rbp, (unsigned long long)r->rsp,
		(unsigned long long)r->r8);
	cprintf("R9:  %016llx R10: %016llx R11: %016llx\n",
		(unsigned long long)r->r9, (unsigned long long)r->r10,
		(unsigned long long)r->r11);
	cprintf("R12: %016llx R13: %016llx R14: %016llx\n",
		(unsigned long long)r->r12, (unsigned long long)r->r13,
		(unsigned long long)r->r14);
	cprintf("R15: %016llx\n", (unsigned long long)r->r15);
	backtrace(r->rbp, trap ? r->rsp : 0);
	cprintf("*** stopping (exit code %d)\n", UKPLAT_CRASH_RC);
	ukplat_terminate(UKPLAT_CRASH_RC);
}

/* Ring-3 landing point of traps.S; x86_crash_regs holds the fault. */
void __noreturn plat_kvm_crash_trap(void)
{
	struct __regs *r = &x86_crash_regs;
	char what[96];
	const char *name =
		r->vec < 32 && vectors[r->vec] ? vectors[r->vec] : "exception";

	if (r->vec == 14 && plat_guard_page(r->cr2))
		snprintf(what, sizeof(what),
			 "stack overflow: page fault in the guard page below "
			 "a stack, at address %016llx",
			 (unsigned long long)r->cr2);
	else if (r->vec == 14)
		snprintf(what, sizeof(what),
			 "%s (vector %llu) at address %016llx (%s, %s)", name,
			 (unsigned long long)r->vec, (unsigned long long)r->cr2,
			 r->err & 1 ? "protection" : "not present",
			 r->err & 16  ? "instruction fetch"
			 : r->err & 2 ? "write"
				      : "read");
	else
		snprintf(what, sizeof(what), "%s (vector %llu)", name,
			 (unsigned long long)r->vec);
	plat_crash_screen(what, r, 1);
}

/* UK_CRASH / assertion failures: message, then the caller's registers. */
void __noreturn ukplat_crash(const char *fmt, ...)
{
	struct __regs r;
	char what[128];
	va_list ap;

	x86_save_regs(&r);
	x86_crash_nesting = 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	plat_crash_screen(what, &r, 0);
}

/* `used`: the compiler emits calls to it late, after LTO has looked for callers. */
__used void __noreturn __stack_chk_fail(void)
{
	ukplat_crash("stack smashing detected");
}
