/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit new: a new application folder, outside the tree or in it, that
 * builds and boots as generated: Config.uk, Makefile.uk, defconfig,
 * main.c, README.md (docs/build.md says what each holds).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "nfkit.h"

static void put(const char *dir, const char *file, const char *text)
{
	char *p = xasprintf("%s/%s", dir, file);

	if (write_file(p, text))
		err(1, "cannot write %s", p);
	free(p);
}

/* Lower-case letters, digits and '_': a Kconfig symbol and a C name. */
static bool good_name(const char *s)
{
	if (!*s || !islower((unsigned char)*s) || strlen(s) > 24)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

int cmd_new(int argc, char **argv)
{
	const char *dir, *name;
	char sym[32], *t;
	size_t i;

	if (argc != 2 || argv[1][0] == '-')
		usage_error("new", "give the new application's folder, e.g. "
				   "nfkit new ~/myfn");
	dir = argv[1];
	name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	if (!good_name(name))
		usage_error("new",
			    "bad application name '%s': 1-24 lower-case "
			    "letters, digits or '_', starting with a letter "
			    "(the folder's last part is the name)",
			    name);
	for (i = 0; name[i]; i++)
		sym[i] = (char)toupper((unsigned char)name[i]);
	sym[i] = '\0';
	if (mkdir(dir, 0755)) {
		if (errno == EEXIST)
			errx(1,
			     "%s already exists: nfkit new makes a new folder",
			     dir);
		err(1, "cannot create %s", dir);
	}
	t = xasprintf("config APP%s\n"
		      "\tbool\n"
		      "\tdefault y\n"
		      "\tselect LIBUKDEBUG\n"
		      "\tselect LIBUKALLOC\n"
		      "\thelp\n"
		      "\t  %s: a new nfkit application (nfkit new).\n"
		      "\n"
		      "config APP_MEM_MIB\n"
		      "\tint \"RAM the default arguments need (MiB)\"\n"
		      "\tdefault 16\n"
		      "\tdepends on APP%s\n"
		      "\thelp\n"
		      "\t  Goes into the image's manifest: nfkit run gives the "
		      "VM this\n"
		      "\t  much unless --mem says otherwise.\n",
		      sym, name, sym);
	put(dir, "Config.uk", t);
	free(t);
	t = xasprintf("SRCS-$(CONFIG_APP%s) += $(d)/main.c\n", sym);
	put(dir, "Makefile.uk", t);
	free(t);
	put(dir, "defconfig", "");
	t = xasprintf(
		"/* SPDX-License-Identifier: BSD-3-Clause */\n"
		"/*\n"
		" * %s: made by nfkit new. Prints its arguments and exits "
		"with\n"
		" * exit=N (default 0). apps/echo in the nfkit tree shows a "
		"NIC loop.\n"
		" */\n"
		"#include <stdio.h>\n"
		"#include <stdlib.h>\n"
		"#include <string.h>\n"
		"\n"
		"int main(int argc, char *argv[])\n"
		"{\n"
		"\tint rc = 0;\n"
		"\n"
		"\tprintf(\"%s: up, %%d argument(s)\\n\", argc - 1);\n"
		"\tfor (int i = 1; i < argc; i++) {\n"
		"\t\tprintf(\"%s: argv[%%d] = %%s\\n\", i, argv[i]);\n"
		"\t\tif (!strncmp(argv[i], \"exit=\", 5))\n"
		"\t\t\trc = atoi(argv[i] + 5);\n"
		"\t}\n"
		"\treturn rc;\n"
		"}\n",
		name, name, name);
	put(dir, "main.c", t);
	free(t);
	t = xasprintf("# %s\n"
		      "\n"
		      "A new nfkit application (made by `nfkit new`). It "
		      "prints its\n"
		      "arguments and exits with `exit=N` (default 0).\n"
		      "\n"
		      "```\n"
		      "nfkit build %s\n"
		      "nfkit run %s -- hello exit=3\n"
		      "```\n"
		      "\n"
		      "The image lands in `%s/build/`. `Config.uk` names the "
		      "libraries\n"
		      "it selects and the memory it needs, `Makefile.uk` its "
		      "sources\n"
		      "(see the nfkit tree's docs/build.md).\n",
		      name, dir, dir, dir);
	put(dir, "README.md", t);
	free(t);
	printf("%s: new application %s; build and boot it with: nfkit run %s\n",
	       dir, name, dir);
	return 0;
}
