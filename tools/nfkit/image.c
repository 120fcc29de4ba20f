/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit run: what the host reads from an image file. */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run.h"

/* Does the image carry the virtio-console driver? (Its name is a string
 * in the image; a device nobody drives would only cost a probe.) */
bool image_has(const char *image, const char *needle)
{
	size_t len;
	char *buf = read_file(image, &len);
	bool found;

	if (!buf)
		return false;
	found = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

/*
 * The end of the image's last loaded segment (its stacks included): the
 * guest's RAM must reach past it, or the VM crashes before it can say why.
 * 0 if `path` is not an ELF64 image.
 */
unsigned long long image_end(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned long long end = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (fread(&eh, sizeof(eh), 1, f) != 1 ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph)) {
		fclose(f);
		return 0;
	}
	for (int i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + (unsigned)i * sizeof(ph)),
			  SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			break;
		if (ph.p_type == PT_LOAD && ph.p_paddr + ph.p_memsz > end)
			end = ph.p_paddr + ph.p_memsz;
	}
	fclose(f);
	return end;
}
