# SPDX-License-Identifier: BSD-3-Clause
"""Host tests of the benchmark suite's own logic (no VM, no testpmd):
the interleaved A/B runs and their noise rule, the parsers of testpmd's
cycle and feature lines, the calibration line, and the setup step's
decision whether a package is installed (with a stand-in dpkg-query and
apt-get on PATH). Run: python3 -m unittest discover bench/tests
(tests/vm/bench_quick.bats runs it).
"""
import io
import os
import stat
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from nfbench import abrun, boottrace, dpdk, machine, pktrate  # noqa: E402
from nfbench.common import dpkg_version  # noqa: E402


class Fake:
    """measure(side): the next made-up rate of that side; records the
    order of the calls."""

    def __init__(self, rates):
        self.rates = {s: list(v) for s, v in rates.items()}
        self.calls = []

    def __call__(self, side):
        self.calls.append(side)
        return {"pps": self.rates[side].pop(0)}


class Interleave(unittest.TestCase):
    def test_spread(self):
        self.assertAlmostEqual(abrun.spread([10, 12, 8]), 0.4)
        self.assertIsNone(abrun.spread([10, None]))
        self.assertIsNone(abrun.spread([]))
        self.assertEqual(abrun.spread([5, 5, None, 5]), 0)

    def test_alternating_order_and_stable_cell(self):
        f = Fake({"nf": [10, 11, 10], "dpdk": [20, 21, 20]})
        runs, v = abrun.interleave(["nf", "dpdk"], f, 3, 2)
        self.assertEqual(f.calls, ["nf", "dpdk", "dpdk", "nf", "nf",
                                   "dpdk"])
        self.assertTrue(v["reliable"])
        self.assertEqual(v["attempts"], 1)
        self.assertIsNone(v["why"])
        self.assertEqual([r["pps"] for r in runs["nf"]], [10, 11, 10])
        self.assertEqual(v["discarded"], {"nf": [], "dpdk": []})

    def test_noisy_cell_is_rerun_and_kept_when_it_settles(self):
        # DPDK's first attempt spans 10..20 (67 %): the cell runs again.
        f = Fake({"nf": [10, 10, 10, 11, 11, 11],
                  "dpdk": [20, 10, 20, 15, 15, 16]})
        runs, v = abrun.interleave(["nf", "dpdk"], f, 3, 2)
        self.assertEqual(len(f.calls), 12)
        self.assertTrue(v["reliable"])
        self.assertEqual(v["attempts"], 2)
        self.assertEqual(v["discarded"]["dpdk"], [20, 10, 20])
        self.assertEqual([r["pps"] for r in runs["dpdk"]], [15, 15, 16])

    def test_noisy_cell_marked_unreliable_when_attempts_run_out(self):
        f = Fake({"nf": [10, 10, 10, 10], "dpdk": [20, 10, 20, 10]})
        runs, v = abrun.interleave(["nf", "dpdk"], f, 2, 2)
        self.assertIs(v["reliable"], False)
        self.assertIn("dpdk runs disagree by 67 %", v["why"])
        self.assertIn("after 1 re-run", v["why"])
        self.assertEqual(v["discarded"]["dpdk"], [20, 10])

    def test_limit_is_25_percent(self):
        # 8..10: spread 2/9 = 22 % passes; 7..10: 3/9 = 33 % does not.
        f = Fake({"a": [8, 9, 10]})
        _, v = abrun.interleave(["a"], f, 3, 1)
        self.assertTrue(v["reliable"])
        f = Fake({"a": [7, 9, 10]})
        _, v = abrun.interleave(["a"], f, 3, 1)
        self.assertIs(v["reliable"], False)

    def test_one_run_cannot_tell(self):
        f = Fake({"nf": [10], "dpdk": [20]})
        _, v = abrun.interleave(["nf", "dpdk"], f, 1, 1)
        self.assertIsNone(v["reliable"])
        self.assertIn("spread unknown", v["why"])

    def test_missing_rates_are_ignored_not_zero(self):
        f = Fake({"nf": [None, 10, 10], "dpdk": [20, 20, 20]})
        _, v = abrun.interleave(["nf", "dpdk"], f, 3, 1)
        self.assertTrue(v["reliable"])

    def test_give_up_stops_at_once(self):
        f = Fake({"nf": [None], "dpdk": [20]})
        runs, _ = abrun.interleave(["nf", "dpdk"], f, 3, 2,
                                   give_up=lambda s, r: r["pps"] is None)
        self.assertEqual(f.calls, ["nf"])
        self.assertEqual(runs["dpdk"], [])

    def test_calibration(self):
        text = ("CALIB cpu=0 steps=4000000 ns_per_step=1.5340 "
                "tsc_per_step=3.2149 check=7\n"
                "CALIB cpu=1 steps=4000000 ns_per_step=3.2955 "
                "tsc_per_step=6.9057 check=7\n")
        self.assertEqual(abrun.parse_calib(text), {0: 1.534, 1: 3.2955})
        runs = {"nf": [{"calib": {"cpu0_ns": 1.0, "cpu1_ns": 1.0}},
                       {"calib": {"cpu0_ns": 3.0, "cpu1_ns": 1.1}}],
                "dpdk": [{"calib": {"cpu0_ns": 2.0, "cpu1_ns": 1.0}},
                         {"calib": {}}]}
        self.assertAlmostEqual(abrun.calib_spread(runs), 1.0)


class Testpmd(unittest.TestCase):
    def test_feature_names(self):
        # What DPDK's virtio-user negotiated by default and with
        # in_order=0,mrg_rxbuf=0 (read from a vhost testpmd's log).
        self.assertEqual(dpdk.feature_names(0x950008000),
                         "MRG_RXBUF INDIRECT_DESC VERSION_1 IN_ORDER")
        self.assertEqual(dpdk.feature_names(0x150000000),
                         "INDIRECT_DESC VERSION_1")
        self.assertEqual(dpdk.feature_names(1 << 29 | 1 << 34),
                         "EVENT_IDX RING_PACKED")
        self.assertEqual(dpdk.feature_names(0), "-")

    def test_cycles_and_features_lines(self):
        log = ("VHOST_CONFIG: (/tmp/x.sock) negotiated Virtio features: "
               "0x150000000\n  CPU cycles/packet=41.16 (total cycles="
               "4109862267 / total txonly packets=99848576) at 2100 MHz "
               "Clock\n")
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(log)
        t = dpdk.Testpmd.__new__(dpdk.Testpmd)
        t.log = f.name
        try:
            self.assertEqual(t.cycles(), 41.16)
            self.assertEqual(t.features(), "INDIRECT_DESC VERSION_1")
        finally:
            os.unlink(f.name)
        self.assertEqual(dpdk.virtio_user_vdev("/s", "parity"),
                         "net_virtio_user0,path=/s,in_order=0,mrg_rxbuf=0,"
                         "packed_vq=0")
        self.assertEqual(dpdk.virtio_user_vdev("/s"),
                         "net_virtio_user0,path=/s")


TRACE = """\
1@100.000100:memory_region_ops_write cpu 0 mr 0x1 addr 0x0 value 0x1 \
size 2 name 'fwcfg'
1@100.000200:memory_region_ops_read cpu 0 mr 0x1 addr 0x1 value 0x0 \
size 1 name 'fwcfg'
1@100.001000:memory_region_ops_write cpu 0 mr 0x2 addr 0x0 value 0x41 \
size 1 name 'isa-debugcon'
1@100.002000:memory_region_ops_read cpu 0 mr 0x3 addr 0x0 value 0x0 \
size 1 name 'pit'
1@100.003000:virtqueue_pop vq 0x4 elem 0x5 in_num 1 out_num 0
1@100.004000:memory_region_ops_write cpu 0 mr 0x6 addr 0xfeb00e50 value 0x1 \
size 4 name 'virtio-mmio'
1@100.005000:virtqueue_pop vq 0x7 elem 0x8 in_num 0 out_num 1
1@100.006000:memory_region_ops_write cpu 0 mr 0x9 addr 0x0 value 0x0 \
size 1 name 'isa-debug-exit'
"""


class Plan(unittest.TestCase):
    """The packet-rate cells: pairs first, --sizes filters, variants."""

    def test_full_plan_has_pairs_packed_and_defconfig_rows(self):
        cells = pktrate.plan(False)
        same = [(c["dir"], c["size"]) for c in cells if c["work"] == "same"
                and c["burst"] == 32]
        self.assertEqual(cells[0]["work"], "same")
        for d in ("tx", "rx", "fwd"):
            self.assertIn((d, 64), same)
            packed = [c for c in cells if c["dir"] == d and
                      pktrate.packed_rings(c["nf"])]
            self.assertEqual(len(packed), 1)
            self.assertEqual(packed[0]["nf"]["config"], "release+packed")
            self.assertTrue(any(c["dir"] == d and
                                c["nf"].get("config") == "defconfig"
                                for c in cells))

    def test_sizes_keeps_only_those_frames(self):
        cells = pktrate.plan(False, [64])
        self.assertTrue(cells)
        self.assertEqual({c["size"] for c in cells}, {64})
        self.assertEqual(len(pktrate.plan(False, [1514])),
                         len([c for c in pktrate.plan(False)
                              if c["size"] == 1514]))

    def test_pair_labels_say_burst_build_and_rings(self):
        labels = {pktrate.pair_label(c) for c in pktrate.plan(False, [64])}
        for want in ("pktgen mode=txonly vs testpmd txonly",
                     "pktgen mode=txonly vs testpmd txonly, burst 1",
                     "pktsink mode=count vs testpmd rxonly, packed rings",
                     "l2fwd mode=swap full=drop vs testpmd macswap, "
                     "defconfig build"):
            self.assertIn(want, labels)

    def test_quick_is_the_64_byte_pairs(self):
        cells = pktrate.plan(True)
        self.assertEqual([(c["dir"], c["size"], c["work"]) for c in cells],
                         [(d, 64, "same") for d in ("tx", "rx", "fwd")])


class BootTrace(unittest.TestCase):
    def test_entry_to_first_packet(self):
        s = boottrace.summarize(boottrace.events(TRACE), "packet")
        # after the last fw_cfg access, up to the guest's first TX
        # notification (an RX pop, in_num 1, is not a packet sent)
        self.assertEqual(s["accesses"], 3)
        self.assertEqual(s["by_device"], {"isa-debugcon": 1, "pit": 1,
                                          "virtio-mmio": 1})
        self.assertAlmostEqual(s["span_ms"], 3.0)

    def test_print_after_notify_not_counted(self):
        # QEMU takes the TX buffer in its main loop, after the guest went
        # on printing: what the guest did after its notification is not
        # "before the first packet", however early the device's pop (a
        # trace event the summary ignores) or however late.
        racy = TRACE.replace(
            "1@100.005000:virtqueue_pop",
            "1@100.004500:memory_region_ops_write cpu 0 mr 0x2 addr 0x0 "
            "value 0x42 size 1 name 'isa-debugcon'\n"
            "1@100.005000:virtqueue_pop")
        s = boottrace.summarize(boottrace.events(racy), "packet")
        self.assertEqual(s["by_device"]["isa-debugcon"], 1)
        self.assertEqual(s["accesses"], 3)
        # Without the guest's notification there is no first packet (the
        # traced run turns ioeventfd off so the notification is seen).
        no_kick = "\n".join(l for l in TRACE.splitlines()
                            if "e50" not in l)
        self.assertIsNone(boottrace.summarize(boottrace.events(no_kick),
                                              "packet"))

    def test_entry_to_exit(self):
        s = boottrace.summarize(boottrace.events(TRACE), "exit")
        self.assertEqual(s["accesses"], 4)
        self.assertEqual(s["by_device"]["isa-debug-exit"], 1)
        self.assertAlmostEqual(s["span_ms"], 5.0)

    def test_missing_marks(self):
        no_fw = "\n".join(l for l in TRACE.splitlines() if "fwcfg" not in l)
        self.assertIsNone(boottrace.summarize(boottrace.events(no_fw),
                                              "exit"))
        no_tx = "\n".join(l for l in TRACE.splitlines()
                          if "e50" not in l)
        self.assertIsNone(boottrace.summarize(boottrace.events(no_tx),
                                              "packet"))


def script(d, name, body):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR)


class Setup(unittest.TestCase):
    """bench/run --setup decides from dpkg-query whether the Linux
    baseline's kernel package is installed. dpkg-query's own error for an
    unknown package was once taken for a version ("nothing to install",
    then the full run found no kernel)."""

    def setUp(self):
        self.d = tempfile.mkdtemp()
        self.log = os.path.join(self.d, "apt.log")
        script(self.d, "apt-get", 'echo "$*" >> %s\n' % self.log)
        self.path = os.environ["PATH"]
        os.environ["PATH"] = self.d + ":" + self.path

    def tearDown(self):
        os.environ["PATH"] = self.path
        for f in os.listdir(self.d):
            os.unlink(os.path.join(self.d, f))
        os.rmdir(self.d)

    def dpkg(self, body):
        script(self.d, "dpkg-query", body)

    def setup_says(self):
        out = io.StringIO()
        with redirect_stdout(out):
            rc = machine.setup()
        apt = ""
        if os.path.exists(self.log):
            with open(self.log) as f:
                apt = f.read()
        return rc, out.getvalue(), apt

    def test_not_installed_is_installed_by_setup(self):
        self.dpkg('echo "dpkg-query: no packages found matching $3" >&2\n'
                  'exit 1\n')
        self.assertIsNone(dpkg_version("linux-image-cloud-amd64"))
        rc, out, apt = self.setup_says()
        self.assertNotIn("nothing to install", out)
        if os.geteuid() == 0:
            self.assertEqual(rc, 0)
            self.assertIn("install", apt)
            self.assertIn("linux-image-cloud-amd64", apt)
        else:
            self.assertEqual(rc, 1)
            self.assertIn("apt-get install linux-image-cloud-amd64", out)

    def test_removed_with_config_files_left_is_not_installed(self):
        self.dpkg('printf "rc \\t6.1+deb12u1"\n')
        self.assertIsNone(dpkg_version("linux-image-cloud-amd64"))

    def test_installed_needs_nothing(self):
        self.dpkg('printf "ii \\t6.1+deb12u1"\n')
        self.assertEqual(dpkg_version("linux-image-cloud-amd64"),
                         "6.1+deb12u1")
        rc, out, apt = self.setup_says()
        self.assertEqual(rc, 0)
        self.assertIn("nothing to install", out)
        self.assertEqual(apt, "")


if __name__ == "__main__":
    unittest.main()
