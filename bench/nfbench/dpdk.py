# SPDX-License-Identifier: BSD-3-Clause
"""Host dpdk-testpmd processes: the vhost-user backend the NFs (and the
DPDK baseline) talk to, and the baseline itself on net_virtio_user.

Core layout on a 2-CPU machine: the vhost testpmd's forwarding lcore runs
on CPU 1 (main lcore 0: prints statistics, sleeps); the thing measured
against it — the NF's vCPU, or the virtio-user testpmd's forwarding lcore —
runs on CPU 0.
"""
import os
import re
import subprocess
import time

from . import machine
from .common import NotAvailable, read, wait_for, which

PPS_RX = re.compile(r"Rx-pps:\s+(\d+)")
TPS_RX = re.compile(r"Tx-pps:\s+(\d+)")
# --record-core-cycles, printed when forwarding stops: the TSC cycles the
# forwarding lcore spent in the forwarding function's calls, per packet.
CYCLES = re.compile(r"CPU cycles/packet=([0-9.]+)")
# The vhost library's debug log of the feature bits the driver accepted.
FEATURES = re.compile(r"negotiated Virtio features: (0x[0-9a-fA-F]+)")
# The bits that change the ring protocol or the per-packet work.
FEATURE_NAMES = {15: "MRG_RXBUF", 27: "ANY_LAYOUT", 28: "INDIRECT_DESC",
                 29: "EVENT_IDX", 32: "VERSION_1", 34: "RING_PACKED",
                 35: "IN_ORDER"}


def feature_names(bits):
    """Names of the protocol-relevant bits of a feature word ("-" when
    none of them is set)."""
    n = [v for b, v in sorted(FEATURE_NAMES.items()) if bits >> b & 1]
    return " ".join(n) or "-"


def mem_args(ctx, prefix):
    if ctx.quick:
        return ["--no-huge", "-m", "512"]
    d = machine.hugepages(ctx)
    machine.clean_maps(ctx, prefix)
    return ["--huge-dir", d, "-m", "256", "--single-file-segments"]


class Testpmd:
    """One dpdk-testpmd. interactive: commands go through stdin (FWD needs
    `start tx_first`); otherwise --auto-start --stats-period 1."""

    def __init__(self, ctx, name, vdev, mode, fwd_cpu, size=64,
                 interactive=False, extra=(), record_cycles=False):
        if not which("dpdk-testpmd"):
            raise NotAvailable("dpdk-testpmd missing (Debian package dpdk)")
        self.ctx = ctx
        self.prefix = "nfb%d%s" % (os.getpid(), name)
        other = 1 - fwd_cpu
        cmd = ["timeout", "-s", "INT", "-k", "5", "300", "dpdk-testpmd",
               "-l", "0-1", "--main-lcore", str(other), "--file-prefix",
               self.prefix, "--no-pci", "--vdev", vdev]
        if vdev.startswith("net_vhost"):
            # Logs the negotiated feature bits (setup only; the data path
            # logs nothing at this level).
            cmd += ["--log-level=lib.vhost.config:debug"]
        cmd += mem_args(ctx, self.prefix)
        cmd += ["--", "--forward-mode=" + mode, "--nb-cores=1",
                "--total-num-mbufs=16384", "--txpkts=%d" % size]
        if interactive:
            cmd += ["-i"]
        else:
            cmd += ["--auto-start", "--stats-period", "1"]
        if record_cycles:
            cmd += ["--record-core-cycles"]
        cmd += list(extra)
        self.interactive = interactive
        self.p, self.log = ctx.spawn(
            cmd, "testpmd-" + name,
            stdin=subprocess.PIPE if interactive else subprocess.DEVNULL)
        self.t_start = None

    def cmd(self, line):
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()

    def wait(self, pattern, timeout=20):
        m = wait_for(self.log, pattern, timeout, self.p)
        if not m:
            raise NotAvailable("testpmd did not print /%s/ (raw/%s)" %
                               (pattern, os.path.basename(self.log)))
        return m

    def mark(self):
        """Start of the measured window: samples before it are ignored."""
        self.t_start = len(read(self.log))

    def stop(self):
        if self.p.poll() is not None and self.p not in self.ctx.children:
            return
        if self.interactive and self.p.poll() is None:
            try:
                self.cmd("stop")
                self.cmd("quit")
                self.p.stdin.close()
                self.p.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.ctx.stop(self.p)
        machine.clean_maps(self.ctx, self.prefix)

    def pps(self, which_rx=True):
        """Median of the per-second rates in the measured window, dropping
        the first and the last non-zero sample (partial seconds)."""
        text = read(self.log)[self.t_start or 0:]
        xs = [int(x) for x in (PPS_RX if which_rx else TPS_RX)
              .findall(text)]
        nz = [x for x in xs if x > 0]
        if not nz:
            return None, xs
        core = nz[1:-1] if len(nz) >= 3 else nz
        core.sort()
        return core[len(core) // 2], xs


    def cycles(self):
        """Busy cycles per packet of the forwarding lcore
        (--record-core-cycles; printed when forwarding stops), or None."""
        m = CYCLES.findall(read(self.log))
        return float(m[-1]) if m else None

    def features(self):
        """The feature bits the driver on the other side negotiated (a
        vhost testpmd's log), as names; None when not logged."""
        m = FEATURES.findall(read(self.log))
        return feature_names(int(m[-1], 16)) if m else None


def vhost_vdev(sock):
    return "net_vhost0,iface=%s,queues=1" % sock


# DPDK's virtio PMD offers more than nfkit's driver negotiates. "parity"
# turns off what nfkit does not have (in-order descriptors, mergeable RX
# buffers; split rings like nfkit), so a row compares code on the same
# ring protocol; "native" is DPDK's defaults.
VIRTIO_USER_PROTOCOL = {"parity": "in_order=0,mrg_rxbuf=0,packed_vq=0",
                        "parity-packed": "in_order=0,mrg_rxbuf=0,packed_vq=1",
                        "native": ""}


def virtio_user_vdev(sock, protocol="native"):
    extra = VIRTIO_USER_PROTOCOL[protocol]
    return "net_virtio_user0,path=%s%s" % (sock, "," + extra if extra
                                           else "")


def sample_interactive(tp, seconds):
    """Interactive testpmd: `show port stats 0` once a second."""
    for _ in range(int(seconds)):
        time.sleep(1)
        tp.cmd("show port stats 0")
