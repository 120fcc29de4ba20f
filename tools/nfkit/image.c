/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit: what the host reads from an image file: where its loaded segments
 * end, and its manifest (the "nfkit" ELF note support/build/link.mk puts
 * in the PT_NOTE segment; docs/nfkit.md describes it).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfkit.h"

#define NOTE_NAME "nfkit"
#define NOTE_TYPE_MANIFEST 1
#define MANIFEST_VERSION 1

/* The ELF64 header and program headers of `f`; -1 if it is not ELF64. */
static int read_phdrs(FILE *f, Elf64_Ehdr *eh, Elf64_Phdr **ph)
{
	if (fread(eh, sizeof(*eh), 1, f) != 1 ||
	    memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum > 64 ||
	    fseek(f, (long)eh->e_phoff, SEEK_SET))
		return -1;
	*ph = xcalloc(eh->e_phnum + 1, sizeof(Elf64_Phdr));
	if (fread(*ph, sizeof(Elf64_Phdr), eh->e_phnum, f) != eh->e_phnum) {
		free(*ph);
		return -1;
	}
	return 0;
}

/*
 * The end of the image's last loaded segment (its stacks included): the
 * guest's RAM must reach past it, or the VM crashes before it can say why.
 * 0 if `path` is not an ELF64 image.
 */
unsigned long long image_end(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	unsigned long long end = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (read_phdrs(f, &eh, &ph) == 0) {
		for (int i = 0; i < eh.e_phnum; i++)
			if (ph[i].p_type == PT_LOAD &&
			    ph[i].p_paddr + ph[i].p_memsz > end)
				end = ph[i].p_paddr + ph[i].p_memsz;
		free(ph);
	}
	fclose(f);
	return end;
}

/* KEY's value in the manifest's "key=value\n" text, into out. */
static void text_value(const char *text, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);

	out[0] = '\0';
	for (const char *p = text; p && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t n = strcspn(p + kl + 1, "\n");

			snprintf(out, len, "%.*s", (int)n, p + kl + 1);
			return;
		}
	}
}

/* One PT_NOTE segment's notes: the manifest, if there. */
static int scan_notes(const unsigned char *b, size_t n, struct manifest *m)
{
	size_t off = 0;

	while (off + 12 <= n) {
		uint32_t nsz, dsz, type;
		size_t name_at = off + 12, desc_at;

		memcpy(&nsz, b + off, 4);
		memcpy(&dsz, b + off + 4, 4);
		memcpy(&type, b + off + 8, 4);
		desc_at = name_at + ((nsz + 3) & ~3u);
		if (desc_at > n || dsz > n - desc_at)
			return -1;
		if (nsz == sizeof(NOTE_NAME) &&
		    !memcmp(b + name_at, NOTE_NAME, nsz) &&
		    type == NOTE_TYPE_MANIFEST && dsz >= 17) {
			const unsigned char *d = b + desc_at;
			uint32_t ver;
			char *text;

			memcpy(&ver, d, 4);
			if (ver != MANIFEST_VERSION)
				return -1;
			memcpy(&m->mem, d + 8, 8);
			text = xcalloc(1, dsz - 16 + 1);
			memcpy(text, d + 16, dsz - 16);
			text_value(text, "app", m->app, sizeof(m->app));
			text_value(text, "devices", m->devices,
				   sizeof(m->devices));
			text_value(text, "console", m->console,
				   sizeof(m->console));
			text_value(text, "virtq", m->virtq, sizeof(m->virtq));
			free(text);
			m->found = true;
			return 0;
		}
		off = desc_at + ((dsz + 3) & ~3u);
	}
	return -1;
}

int image_manifest(const char *path, struct manifest *m)
{
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
	FILE *f = fopen(path, "rb");

	memset(m, 0, sizeof(*m));
	if (!f)
		return -1;
	if (read_phdrs(f, &eh, &ph)) {
		fclose(f);
		return -1;
	}
	for (int i = 0; i < eh.e_phnum && !m->found; i++) {
		unsigned char *buf;

		if (ph[i].p_type != PT_NOTE || ph[i].p_filesz > (1u << 16))
			continue;
		buf = xcalloc(1, ph[i].p_filesz + 1);
		if (!fseek(f, (long)ph[i].p_offset, SEEK_SET) &&
		    fread(buf, 1, ph[i].p_filesz, f) == ph[i].p_filesz)
			scan_notes(buf, ph[i].p_filesz, m);
		free(buf);
	}
	free(ph);
	fclose(f);
	return m->found ? 0 : -1;
}

bool manifest_has_device(const struct manifest *m, const char *dev)
{
	size_t n = strlen(dev);

	for (const char *p = m->devices; (p = strstr(p, dev)); p += n)
		if ((p == m->devices || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

void manifest_print(FILE *out, const char *image, const struct manifest *m)
{
	char sz[32];

	if (!m->found) {
		fprintf(out,
			"manifest: none (%s was built before images carried "
			"one: rebuild it)\n",
			image);
		return;
	}
	fmt_size(sz, sizeof(sz), m->mem);
	fprintf(out, "manifest: app=%s devices=%s console=%s mem=%s%s%s\n",
		m->app, m->devices, m->console, sz,
		m->virtq[0] ? " virtq=" : "", m->virtq);
}
