/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory barriers for x86-64 (a TSO machine).
 *
 * x86 never reorders a store with an earlier store, nor a load with an
 * earlier load, so the read and write barriers that shared-memory protocols
 * such as virtqueues need are compiler barriers only. The one reordering x86
 * does is a later load passing an earlier store (store buffer); code that must
 * see its own store published before it reads the other side's index (virtio
 * event-idx notification decisions) needs uk_mb(), a real fence.
 */
#ifndef UK_ARCH_BARRIER_H
#define UK_ARCH_BARRIER_H

/*
 * Full fence: orders earlier stores before later loads (of write-back
 * memory, which is all that shared rings use). A locked read-modify-write
 * orders them as mfence does but costs a fraction of it (mfence also waits
 * for non-temporal and write-combining stores, and on AMD it is
 * dispatch-serialising). The target is a word just below the stack
 * pointer, mapped and in cache; adding 0 atomically leaves it as it was,
 * whoever else uses it.
 */
#define uk_mb()                                                                \
	__asm__ __volatile__("lock addl $0, -4(%%rsp)" ::: "memory", "cc")
/* Loads before the barrier complete before loads after it. */
#define uk_rmb() __asm__ __volatile__("" ::: "memory")
/* Stores before the barrier become visible before stores after it. */
#define uk_wmb() __asm__ __volatile__("" ::: "memory")

#endif /* UK_ARCH_BARRIER_H */
