/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit build, menuconfig: wrap the top-level Makefile (docs/build.md). */
#define _GNU_SOURCE
#include <err.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nfkit.h"

static const char *top_or_die(void)
{
	const char *top = tree_top();

	if (!top)
		errx(1, "cannot find the nfkit source tree (Config.uk, apps/): "
			"run nfkit from it, or set NFKIT_TOP");
	return top;
}

static bool is_app(const char *dir)
{
	char *p = xasprintf("%s/Config.uk", dir);
	bool ok = !access(p, R_OK);

	free(p);
	return ok;
}

/* An application folder for ARG (a folder with Config.uk, apps/ARG, or
 * ARG under the tree), as an absolute path; NULL when ARG is not one. */
char *resolve_app(const char *arg)
{
	const char *top = tree_top();
	struct stat st;
	char *p;

	if (!stat(arg, &st) && S_ISDIR(st.st_mode)) {
		if (!is_app(arg))
			errx(1,
			     "%s is a folder but not an application (no "
			     "Config.uk): see docs/build.md",
			     arg);
		return realpath(arg, NULL);
	}
	if (!top || strchr(arg, '/') == arg)
		return NULL;
	p = xasprintf("%s/apps/%s", top, arg);
	if (is_app(p))
		return p;
	free(p);
	p = xasprintf("%s/%s", top, arg);
	if (!stat(p, &st) && S_ISDIR(st.st_mode) && is_app(p))
		return p;
	free(p);
	return NULL;
}

static unsigned int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[64], prev, tmp;

	if (lb >= 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/*
 * "Applications in apps/: a b c" and, when one is within two edits of ARG
 * (or starts with it), "did you mean NAME?", for an error message. A
 * caller frees the result.
 */
char *app_suggestions(const char *arg)
{
	const char *top = tree_top(), *base = strrchr(arg, '/');
	char *list = xstrdup(""), *best = NULL, *n, *apps;
	unsigned int bd = 3;
	struct dirent *e;
	DIR *d;

	base = base ? base + 1 : arg;
	apps = xasprintf("%s/apps", top ? top : ".");
	d = top ? opendir(apps) : NULL;
	free(apps);
	while (d && (e = readdir(d))) {
		char *p = xasprintf("%s/apps/%s", top, e->d_name);
		unsigned int k = edit_distance(base, e->d_name);

		if (e->d_name[0] != '.' && is_app(p)) {
			n = xasprintf("%s %s", list, e->d_name);
			free(list);
			list = n;
			if (*base && !strncmp(e->d_name, base, strlen(base)))
				k = k < 1 ? k : 1;
			if (k < bd) {
				bd = k;
				free(best);
				best = xstrdup(e->d_name);
			}
		}
		free(p);
	}
	if (d)
		closedir(d);
	n = xasprintf("%s%s%sapplications in apps/:%s",
		      best ? "did you mean " : "", best ? best : "",
		      best ? "? " : "", *list ? list : " none");
	free(list);
	free(best);
	return n;
}

/* Run a command; its stdout goes to stderr when quiet (so that `run`
 * keeps stdout for the guest). Returns the exit status. */
static int spawn(char *const argv[], bool quiet)
{
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		if (quiet)
			dup2(2, 1);
		execvp(argv[0], argv);
		warn("cannot run %s", argv[0]);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		err(1, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void make_goal(const char *app, const char *o, const char *goal,
		      int jobs, bool quiet)
{
	char *a = xasprintf("APP=%s", app), *ob = xasprintf("O=%s", o);
	char *j = xasprintf("-j%d", jobs > 0 ? jobs : 1);
	char *argv[] = { "make",
			 "-C",
			 (char *)top_or_die(),
			 a,
			 ob,
			 j,
			 quiet ? "-s" : "--no-print-directory",
			 (char *)goal,
			 NULL };
	int rc = spawn(argv, quiet);

	if (rc)
		errx(1, "make %s for %s failed (exit %d): see the errors above",
		     goal, app, rc);
	free(a);
	free(ob);
	free(j);
}

static void copy_config(const char *from, const char *o)
{
	char *buf = read_file(from, NULL), *dst;

	if (!buf)
		err(1, "--config %s", from);
	mkdir(o, 0755);
	dst = xasprintf("%s/.config", o);
	if (write_file(dst, buf))
		err(1, "cannot write %s", dst);
	free(dst);
	free(buf);
}

/*
 * Where APP builds: in the tree build/NAME, outside it APP/build, so that two
 * applications of one name never share a folder (the Makefile refuses a
 * folder that holds another app's build, and uses the same defaults). A
 * target other than microvm, --lto and --release each get a folder of their
 * own: an option never changes the configuration of the plain build.
 */
static char *out_dir(const char *app, const char *target,
		     enum build_variant variant)
{
	static const char *const suffix[] = { [BUILD_PLAIN] = "",
					      [BUILD_LTO] = "-lto",
					      [BUILD_RELEASE] = "-release" };
	const char *top = top_or_die(), *base = strrchr(app, '/');
	size_t tl = strlen(top);
	char *dir;

	base = base ? base + 1 : app;
	if (!strncmp(app, top, tl) && app[tl] == '/')
		dir = xasprintf("%s/build/%s", top, base);
	else
		dir = xasprintf("%s/build", app);
	if (target && strcmp(target, "microvm")) {
		char *d = xasprintf("%s-%s", dir, target);

		free(dir);
		dir = d;
	}
	if (variant != BUILD_PLAIN) {
		char *d = xasprintf("%s%s", dir, suffix[variant]);

		free(dir);
		dir = d;
	}
	return dir;
}

static bool config_has(const char *dotconfig, const char *line)
{
	char *buf = read_file(dotconfig, NULL), *p;
	size_t n = strlen(line);
	bool yes = false;

	for (p = buf; p && (p = strstr(p, line)); p += n)
		if ((p == buf || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			yes = true;
	free(buf);
	return yes;
}

/* An absolute form of a folder that may not exist yet. */
static char *realpath_or_abs(const char *p)
{
	char cwd[PATH_MAX];

	if (p[0] == '/')
		return xstrdup(p);
	if (!getcwd(cwd, sizeof(cwd)))
		err(1, "getcwd");
	return xasprintf("%s/%s", cwd, p);
}

/* Configure (when needed) and build APP; returns the image path. */
char *build_app(const char *app, const char *target, const char *config,
		enum build_variant variant, int jobs, bool quiet,
		const char *outdir)
{
	char *o = outdir ? realpath_or_abs(outdir)
			 : out_dir(app, target, variant);
	char *dotconfig, *tdef, *image;
	const char *base = strrchr(app, '/');
	struct stat st;

	if (jobs <= 0)
		jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	dotconfig = xasprintf("%s/.config", o);
	tdef = xasprintf("%s/defconfig.%s", app, target ? target : "");
	if (config) {
		copy_config(config, o);
		make_goal(app, o, "olddefconfig", 1, quiet);
	} else if (target && !access(tdef, R_OK)) {
		copy_config(tdef, o);
		make_goal(app, o, "olddefconfig", 1, quiet);
	} else if (access(dotconfig, R_OK)) {
		make_goal(app, o, "defconfig", 1, quiet);
	}
	if (variant == BUILD_RELEASE &&
	    (!config_has(dotconfig, "CONFIG_OPTIMIZE_LTO=y") ||
	     config_has(dotconfig, "CONFIG_LIBUKDEBUG_ENABLE_ASSERT=y")))
		make_goal(app, o, "release.config", 1, quiet);
	if (variant == BUILD_LTO &&
	    !config_has(dotconfig, "CONFIG_OPTIMIZE_LTO=y")) {
		char *argv[] = { "kconfig-tweak", "--file",	  dotconfig,
				 "--enable",	  "OPTIMIZE_LTO", NULL };

		if (spawn(argv, quiet))
			errx(1, "kconfig-tweak failed: install "
				"kconfig-frontends (support/scripts/setup)");
		make_goal(app, o, "olddefconfig", 1, quiet);
	}
	make_goal(app, o, "all", jobs, quiet);
	image = xasprintf("%s/%s", o, base ? base + 1 : app);
	if (stat(image, &st))
		errx(1, "the build of %s produced no image %s", app, image);
	{
		char *in_tree = xasprintf("%s/build/", top_or_die());

		if (strncmp(o, in_tree, strlen(in_tree)))
			images_note(o);
		free(in_tree);
	}
	free(o);
	free(dotconfig);
	free(tdef);
	return image;
}

static char *app_or_die(const char *cmd, const char *arg)
{
	char *app;

	if (!arg)
		usage_error(cmd, "which app? e.g. nfkit %s hello", cmd);
	app = resolve_app(arg);
	if (!app) {
		char *hint = app_suggestions(arg);

		errx(1,
		     "no application %s: give an app folder (with "
		     "Config.uk) or the name of one under apps/; %s",
		     arg, hint);
	}
	return app;
}

int cmd_build(int argc, char **argv)
{
	const char *arg = NULL, *target = NULL, *config = NULL, *out = NULL;
	unsigned long jobs = 0;
	enum build_variant variant = BUILD_PLAIN;
	struct stat st;
	struct manifest m;
	char *app, *image;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--lto") || !strcmp(a, "--release")) {
			enum build_variant v2 =
				a[2] == 'l' ? BUILD_LTO : BUILD_RELEASE;

			if (variant != BUILD_PLAIN && variant != v2)
				usage_error("build",
					    "--lto or --release, not "
					    "both (--release has LTO)");
			variant = v2;
		} else if (!strcmp(a, "--target") || !strcmp(a, "--config") ||
			   !strcmp(a, "-j") || !strcmp(a, "--out") ||
			   !strcmp(a, "-o")) {
			if (!v)
				usage_error("build", "%s needs a value", a);
			i++;
			if (a[1] == 'o' || a[2] == 'o')
				out = v;
			else if (a[2] == 't')
				target = v;
			else if (a[2] == 'c')
				config = v;
			else if (parse_uint(v, 1024, &jobs) || !jobs)
				usage_error("build", "bad -j '%s'", v);
		} else if (!strncmp(a, "-j", 2) && a[2]) {
			if (parse_uint(a + 2, 1024, &jobs) || !jobs)
				usage_error("build", "bad %s", a);
		} else if (a[0] == '-') {
			usage_error("build", "unknown option %s", a);
		} else if (!arg) {
			arg = a;
		} else {
			usage_error("build", "one app only");
		}
	}
	if (target && strcmp(target, "microvm") && strcmp(target, "q35"))
		usage_error("build", "unknown target '%s': microvm or q35",
			    target);
	if (config && access(config, R_OK))
		errx(1, "--config %s: no such file", config);
	app = app_or_die("build", arg);
	image = build_app(app, target, config, variant, (int)jobs, false, out);
	stat(image, &st);
	printf("image: %s (%lld bytes)\n", image, (long long)st.st_size);
	image_manifest(image, &m);
	manifest_print(stdout, image, &m);
	free(app);
	free(image);
	return 0;
}

int cmd_menuconfig(int argc, char **argv)
{
	char *app, *o;

	if (argc > 2)
		usage_error("menuconfig", "one app only");
	app = app_or_die("menuconfig", argc > 1 ? argv[1] : NULL);
	o = out_dir(app, NULL, BUILD_PLAIN);
	make_goal(app, o, "menuconfig", 1, false);
	printf("configuration: %s/.config (build with nfkit build %s)\n", o,
	       argv[1]);
	free(app);
	free(o);
	return 0;
}

/* nfkit bench: the benchmark suite is bench/run in the tree (Python); nfkit
 * is only a second door to it, so it hands over the process. */
int cmd_bench(int argc, char **argv)
{
	const char *top = top_or_die();
	char *run = xasprintf("%s/bench/run", top);
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));

	if (access(run, X_OK))
		errx(1,
		     "%s is missing or not executable: nfkit bench needs the "
		     "source tree it was built from (or NFKIT_TOP)",
		     run);
	args[0] = run;
	setenv("NFKIT_BENCH_PROG", "nfkit bench", 1);
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	fflush(NULL);
	execv(run, args);
	err(1, "cannot run %s", run);
}
