# SPDX-License-Identifier: BSD-3-Clause
"""Shared plumbing of the benchmark suite: the run context, processes with
timeouts, QEMU command lines, NF image builds, NFSTAT parsing, statistics.

Every child process is started here, with a timeout, and stopped by its own
PID (never by name). Results are plain dicts; run.py writes them out.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.path.join(TOP, "bench")


class NotAvailable(Exception):
    """A scenario (or one cell of it) cannot run here: the reason is
    recorded in results.json as "not available: <reason>"."""


def scrub_paths(out):
    """Results are meant to be committed and compared across machines:
    write paths inside the source tree relative to it ("./build/...")
    in every text file under out (command lines, build and QEMU logs)."""
    for d, _, files in os.walk(out):
        for name in files:
            path = os.path.join(d, name)
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except (UnicodeDecodeError, OSError):
                continue  # plots and other binary files
            new = text.replace(TOP + "/", "./").replace(TOP, ".")
            if new != text:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(new)


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def kvm_usable():
    return os.access("/dev/kvm", os.R_OK | os.W_OK)


def is_pvm():
    return os.path.isdir("/sys/module/kvm_pvm")


class Ctx:
    """One run of the suite: options, output folders, the log."""

    def __init__(self, out, quick):
        self.out = out
        self.raw = os.path.join(out, "raw")
        self.quick = quick
        self.build = os.path.join(TOP, "build", "bench")
        os.makedirs(self.raw, exist_ok=True)
        os.makedirs(self.build, exist_ok=True)
        self.logf = open(os.path.join(self.raw, "run.log"), "a")
        self.children = []
        self.tsc_hz = None
        self.sizes = None  # --sizes: the packet-rate frame sizes, or all
        self.results = {}  # scenario name -> result dict (for reuse)
        self.seq = 0

    def log(self, msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        self.logf.write(line + "\n")
        self.logf.flush()

    def rawpath(self, name):
        self.seq += 1
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        return os.path.join(self.raw, "%03d-%s" % (self.seq, safe))

    # --- processes -------------------------------------------------------

    def run(self, cmd, timeout, name, stdin=subprocess.DEVNULL, env=None):
        """Run cmd to completion (killed after timeout seconds). Returns
        (rc, output, seconds from exec to exit); rc None on timeout. The
        command line and output go to raw/."""
        path = self.rawpath(name)
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env,
                             start_new_session=True)
        try:
            out, _ = p.communicate(timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            kill_group(p)
            out, _ = p.communicate()
            rc = None
        dt = time.perf_counter() - t0
        out = out.decode("utf-8", "replace")
        with open(path + ".log", "w") as f:
            f.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
            f.write(out)
            f.write("\n# rc=%s seconds=%.6f\n" % (rc, dt))
        return rc, out, dt

    def spawn(self, cmd, name, stdin=subprocess.DEVNULL):
        """Start a background process whose output goes to a raw log file.
        Returns (Popen, log path). stop() ends it; the run's cleanup stops
        whatever is left."""
        path = self.rawpath(name) + ".log"
        f = open(path, "wb")
        f.write(("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
                .encode())
        f.flush()
        p = subprocess.Popen(cmd, stdin=stdin, stdout=f,
                             stderr=subprocess.STDOUT, start_new_session=True)
        p._logfile = f
        self.children.append(p)
        return p, path

    def stop(self, p, sig=signal.SIGINT, grace=5):
        """Stop a process started by spawn(): sig to its process group
        (its own PID), then SIGKILL after grace seconds."""
        if p.poll() is None:
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                kill_group(p)
                p.wait()
        if getattr(p, "_logfile", None):
            p._logfile.close()
            p._logfile = None
        if p in self.children:
            self.children.remove(p)
        return p.returncode

    def cleanup(self):
        for p in list(self.children):
            self.stop(p, signal.SIGKILL, 2)


def kill_group(p):
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def wait_for(path, pattern, timeout, proc=None):
    """Wait until the file at path matches the regex; returns the match
    or None (timeout, or proc exited first)."""
    rx = re.compile(pattern)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = rx.search(read(path))
        if m:
            return m
        if proc is not None and proc.poll() is not None:
            return rx.search(read(path))
        time.sleep(0.05)
    return None


# --- NF images -----------------------------------------------------------

def have_app(app):
    return os.path.isfile(os.path.join(TOP, "apps", app, "Config.uk"))


_built = {}


def build_app(ctx, app, config="release"):
    """Build apps/APP and return the image path. config: "defconfig" (the
    app's defconfig, in build/bench/APP) or configuration fragments of
    support/configs/ joined by "+" on top of it ("release": LTO, UK_ASSERT
    compiled out, what a deployed NF runs; "release+packed": with packed
    virtqueues), in build/bench/APP-release, APP-release-packed. Raises
    NotAvailable when the app does not exist or does not build (the reason
    names the failure and the log)."""
    key = (app, config)
    if key in _built:
        if isinstance(_built[key], Exception):
            raise _built[key]
        return _built[key]
    if not have_app(app):
        _built[key] = NotAvailable("apps/%s does not exist yet" % app)
        raise _built[key]
    frags = [] if config == "defconfig" else config.split("+")
    o = os.path.join(ctx.build, "-".join([app] + frags))
    base = ["make", "-s", "-C", TOP, "APP=apps/" + app, "O=" + o]
    cfg, dflt = os.path.join(o, ".config"), os.path.join(
        TOP, "apps", app, "defconfig")
    rc = 0
    # defconfig rewrites .config, which rebuilds everything: only when
    # there is none yet or the app's defconfig (or a fragment) changed.
    newer = [dflt] + [os.path.join(TOP, "support", "configs", f + ".config")
                      for f in frags]
    if not os.path.exists(cfg) or any(
            os.path.exists(f) and os.path.getmtime(f) > os.path.getmtime(cfg)
            for f in newer):
        rc, out, _ = ctx.run(base + ["defconfig"] +
                             [f + ".config" for f in frags], 120,
                             "build-%s-config" % app)
    if rc == 0:
        rc, out, _ = ctx.run(base + ["-j%d" % os.cpu_count()], 600,
                             "build-%s" % app)
    img = os.path.join(o, app)
    if rc != 0 or not os.path.isfile(img):
        last = [l for l in out.splitlines() if l.strip()][-1:] or ["?"]
        _built[key] = NotAvailable("apps/%s does not build: %s" %
                                   (app, last[0][:160]))
        raise _built[key]
    ctx.log("built apps/%s (%s) -> %s" % (app, config,
                                          os.path.relpath(img, TOP)))
    _built[key] = img
    return img


# --- QEMU ----------------------------------------------------------------

def qemu_cmd(image, accel, mem="16M", append="", net=(), console="debugcon",
             memfd=False, extra=(), hugedir=None):
    """The project's microvm line (support/scripts/qemu-run's): accel is
    "kvm" or "tcg". net: extra -netdev/-device arguments. memfd: guest RAM
    shared with the backend (vhost-user needs it): a memfd, or with hugedir
    a file on that hugetlbfs (2 MiB pages, as DPDK's side has)."""
    opts = "x-option-roms=off,pic=off,rtc=off,acpi=off"
    if accel == "kvm":
        opts += ",pit=off"
        acc = ["-enable-kvm", "-cpu", "host,-arch-capabilities"]
    else:
        acc = ["-accel", "tcg", "-cpu", "max"]
    if console != "serial":
        opts += ",isa-serial=off"
    memargs = ["-m", mem]
    if memfd:
        opts += ",memory-backend=mem"
        if hugedir:
            memargs += ["-object", "memory-backend-file,id=mem,size=%s,"
                        "mem-path=%s,share=on" % (mem, hugedir)]
        else:
            memargs += ["-object",
                        "memory-backend-memfd,id=mem,size=%s,share=on" % mem]
    cons = ["-debugcon", "stdio"] if console == "debugcon" else []
    if console == "serial":
        cons = ["-serial", "stdio"]
    cmd = ["qemu-system-x86_64", "-M", "microvm," + opts] + acc + memargs + [
        "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] + cons
    cmd += list(net) + list(extra) + ["-kernel", image]
    if append:
        cmd += ["-append", append]
    return cmd


def guest_rc(rc):
    """QEMU's status with isa-debug-exit -> the guest's exit code, or None
    (timeout, or QEMU stopped some other way)."""
    if rc is None or rc & 1 == 0:
        return None
    return rc >> 1


# --- statistics lines ----------------------------------------------------

NFSTAT_RX = re.compile(r"^NFSTAT (.*)$", re.M)


def parse_nfstat(text):
    """Every NFSTAT line of text as a dict (values as int/float when they
    parse). docs/stats.md defines the format."""
    out = []
    for m in NFSTAT_RX.finditer(text):
        d = {}
        for kv in m.group(1).split():
            if "=" not in kv:
                continue
            k, v = kv.split("=", 1)
            try:
                d[k] = int(v)
            except ValueError:
                try:
                    d[k] = float(v)
                except ValueError:
                    d[k] = v
        out.append(d)
    return out


def nfstat_rate(lines, key, port=0, skip=1):
    """A rate from NFSTAT lines: the final line's (whole-run average)
    when there is one, else the median of the periodic ones after the
    first `skip` (warm-up). Returns (value, source)."""
    mine = [l for l in lines if l.get("port", 0) == port]
    fin = [l for l in mine if l.get("kind") == "final" and key in l]
    per = [l[key] for l in mine if l.get("kind") == "periodic" and key in l]
    if len(per) > skip + 1:
        return median(per[skip:]), "nfstat periodic median"
    if fin:
        return fin[-1][key], "nfstat final"
    if per:
        return median(per), "nfstat periodic median"
    return None, None


def tool_version(cmd, pattern=None):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=20
                             ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    if pattern:
        m = re.search(pattern, out)
        return m.group(1) if m else None
    return out.splitlines()[0].strip() if out else None


def dpkg_version(pkg):
    """The version of Debian package pkg when it is installed, else None.
    Not installed covers dpkg-query not knowing the name (exit 1, a
    message on stderr that must not be taken for a version) and a package
    removed with its configuration files left (status "rc": it still has
    a version)."""
    try:
        p = subprocess.run(["dpkg-query", "-W",
                            "-f=${db:Status-Abbrev}\t${Version}", pkg],
                           stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if p.returncode != 0:
        return None
    status, _, version = p.stdout.decode("utf-8", "replace").partition(
        "\t")
    if not status.startswith("ii") or not version.strip():
        return None
    return version.strip()


def which(x):
    return shutil.which(x)


def dumps(obj):
    return json.dumps(obj, indent=1, sort_keys=False)
