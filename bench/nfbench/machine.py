# SPDX-License-Identifier: BSD-3-Clause
"""The machine a run measured, the suite's setup step, and hugepages for
the host side of the packet scenarios."""
import glob
import os
import platform
import re
import subprocess

from .common import (NotAvailable, dpkg_version, is_pvm, kvm_usable,
                     tool_version)

PACKAGES = ["linux-image-cloud-amd64"]  # the rest: support/scripts/setup


def setup():
    """Install what only the benchmarks need (root, Debian)."""
    missing = [p for p in PACKAGES if not dpkg_version(p)]
    if not missing:
        print("bench setup: nothing to install")
        return 0
    if os.geteuid() != 0:
        print("bench setup: run as root: apt-get install " +
              " ".join(missing), flush=True)
        return 1
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq",
                 "--no-install-recommends"] + missing):
        if subprocess.run(cmd, env=env).returncode != 0:
            print("bench setup: %s failed" % " ".join(cmd))
            return 1
    return 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            return m.group(1).strip() if m else platform.processor()
    except OSError:
        return None


def mem_mib():
    with open("/proc/meminfo") as f:
        m = re.search(r"MemTotal:\s+(\d+)", f.read())
    return int(m.group(1)) // 1024


def host_tsc_hz():
    """The TSC rate from the kernel's log, else the nominal CPU MHz."""
    try:
        out = subprocess.run(["dmesg"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=10
                             ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    m = re.findall(r"tsc: Refined TSC clocksource calibration: "
                   r"([\d.]+) MHz", out) or \
        re.findall(r"tsc: Detected ([\d.]+) MHz", out)
    if m:
        return int(float(m[-1]) * 1e6)
    with open("/proc/cpuinfo") as f:
        m = re.search(r"cpu MHz\s*:\s*([\d.]+)", f.read())
    return int(float(m.group(1)) * 1e6) if m else None


def describe(ctx):
    accel = "KVM (PVM: kvm_pvm, ring 0 emulated)" if is_pvm() else "KVM"
    if not kvm_usable():
        accel = "TCG (no usable /dev/kvm)"
    ctx.tsc_hz = host_tsc_hz()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "mem_mib": mem_mib(),
        "kernel": platform.release(),
        "accel": accel,
        "pvm": is_pvm(),
        "kvm_usable": kvm_usable(),
        "tsc_hz": ctx.tsc_hz,
        "hugepages_2m": hugepages_total(),
        "versions": {
            "qemu": tool_version(["qemu-system-x86_64", "--version"],
                                 r"version (\S+)"),
            "dpdk": dpkg_version("dpdk"),
            "gcc": tool_version(["gcc", "-dumpfullversion"], r"(\S+)"),
            "linux_baseline": dpkg_version("linux-image-cloud-amd64"),
            "gnuplot": tool_version(["gnuplot", "--version"],
                                    r"gnuplot (\S+ \S+)"),
            "python": platform.python_version(),
        },
        "git": tool_version(["git", "-C", os.path.dirname(__file__),
                             "describe", "--always", "--dirty"], r"(\S+)"),
    }


def hugepages_total():
    try:
        with open("/proc/sys/vm/nr_hugepages") as f:
            return int(f.read())
    except OSError:
        return None


# --- hugepages -------------------------------------------------------------

HUGE_PAGES = 1024  # 2 GiB of 2 MiB pages: two testpmds with 256 MiB each


def hugepages(ctx):
    """A hugetlbfs mount of our own (raw/../hugetlbfs) with enough 2 MiB
    pages; returns its path, or raises NotAvailable. teardown() unmounts
    it and deletes the map files of our processes."""
    if getattr(ctx, "hugedir", None):
        return ctx.hugedir
    if os.geteuid() != 0:
        raise NotAvailable("hugepages need root")
    try:
        cur = hugepages_total() or 0
        if cur < HUGE_PAGES:
            with open("/proc/sys/vm/nr_hugepages", "w") as f:
                f.write(str(HUGE_PAGES))
            ctx.huge_restore = cur
        d = os.path.join("/tmp", "nfbench-huge-%d" % os.getpid())
        os.makedirs(d, exist_ok=True)
        rc = subprocess.run(["mount", "-t", "hugetlbfs", "-o",
                             "pagesize=2M", "nodev", d]).returncode
        if rc != 0:
            raise NotAvailable("cannot mount hugetlbfs on " + d)
    except OSError as e:
        raise NotAvailable("hugepages: %s" % e)
    ctx.hugedir = d
    ctx.log("hugepages: %d x 2 MiB, hugetlbfs at %s" %
            (hugepages_total(), d))
    return d


def clean_maps(ctx, prefix):
    """Delete a DPDK process's leftover hugepage map files (ours only)."""
    d = getattr(ctx, "hugedir", None)
    if d:
        for f in glob.glob(os.path.join(d, prefix + "map_*")):
            os.unlink(f)


def teardown(ctx):
    d = getattr(ctx, "hugedir", None)
    if not d:
        return
    for f in glob.glob(os.path.join(d, "*")):
        os.unlink(f)
    subprocess.run(["umount", d])
    os.rmdir(d)
    ctx.hugedir = None
    if getattr(ctx, "huge_restore", None) is not None:
        with open("/proc/sys/vm/nr_hugepages", "w") as f:
            f.write(str(ctx.huge_restore))
