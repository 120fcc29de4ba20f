/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Essentials every nfkit source may use: attributes, branch hints, alignment
 * and array helpers, and the fixed-width __uN/__sN type names of the uk API
 * (docs/api.md, "Essentials"). Works freestanding and on the host.
 */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#include <stddef.h>
#include <stdint.h>

#ifndef __unused
#define __unused __attribute__((unused))
#endif
#ifndef __used
#define __used __attribute__((used))
#endif
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __align
#define __align(x) __attribute__((aligned(x)))
#endif
#ifndef __noreturn
#define __noreturn __attribute__((noreturn))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __section
#define __section(s) __attribute__((section(s)))
#endif
#ifndef __printf
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/* Alignment helpers; `a` must be a power of two. */
#define ALIGN_UP(v, a) (((v) + (a)-1) & ~((__typeof__(v))(a)-1))
#define ALIGN_DOWN(v, a) ((v) & ~((__typeof__(v))(a)-1))
#define IS_ALIGNED(v, a) (((v) & ((__typeof__(v))(a)-1)) == 0)
#define IS_POW2(v) ((v) != 0 && (((v) & ((v)-1)) == 0))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef MIN
#define MIN(a, b)                                                              \
	({                                                                     \
		__typeof__(a) _a = (a);                                        \
		__typeof__(b) _b = (b);                                        \
		_a < _b ? _a : _b;                                             \
	})
#endif
#ifndef MAX
#define MAX(a, b)                                                              \
	({                                                                     \
		__typeof__(a) _a = (a);                                        \
		__typeof__(b) _b = (b);                                        \
		_a > _b ? _a : _b;                                             \
	})
#endif

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

#ifndef __containerof
#define __containerof(ptr, type, member)                                       \
	((type *)((char *)(ptr)-offsetof(type, member)))
#endif

/* Compiler barrier: the compiler may not move memory accesses across it. */
#define barrier() __asm__ __volatile__("" ::: "memory")

typedef uint8_t __u8;
typedef int8_t __s8;
typedef uint16_t __u16;
typedef int16_t __s16;
typedef uint32_t __u32;
typedef int32_t __s32;
typedef uint64_t __u64;
typedef int64_t __s64;
typedef size_t __sz;
typedef long __ssz;
typedef uintptr_t __uptr;
typedef intptr_t __sptr;
typedef uint64_t __nsec;
typedef uint64_t __paddr_t;
typedef uint64_t __vaddr_t;

#endif /* UK_ESSENTIALS_H */
