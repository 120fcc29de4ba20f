/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port I/O and MMIO accessors. Both work in ring 3: the TSS I/O permission
 * bitmap allows every port (see docs/platform.md). Under PVM each port-I/O
 * instruction is a VM exit costing ~70-110 us, so callers batch (one exit per
 * line of console output, one notification per burst), never poll per byte.
 *
 * Physical and virtual addresses are the same: the image runs identity-mapped
 * (the first 4 GiB; see docs/platform.md), so a device address is a pointer.
 */
#ifndef UK_PLAT_IO_H
#define UK_PLAT_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

/* MMIO: volatile accesses of exactly the given width, never merged/split. */
static inline uint8_t mmio_read8(const volatile void *a)
{
	return *(const volatile uint8_t *)a;
}

static inline uint16_t mmio_read16(const volatile void *a)
{
	return *(const volatile uint16_t *)a;
}

static inline uint32_t mmio_read32(const volatile void *a)
{
	return *(const volatile uint32_t *)a;
}

static inline uint64_t mmio_read64(const volatile void *a)
{
	return *(const volatile uint64_t *)a;
}

static inline void mmio_write8(volatile void *a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void mmio_write16(volatile void *a, uint16_t v)
{
	*(volatile uint16_t *)a = v;
}

static inline void mmio_write32(volatile void *a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void mmio_write64(volatile void *a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

/* Identity mapping: the address a device must be given for `p`. */
static inline uint64_t ukplat_virt_to_phys(const volatile void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif /* UK_PLAT_IO_H */
