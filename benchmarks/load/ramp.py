#!/usr/bin/env python3
"""SIPp load ramp against Dialtone and its peers (issue 4, "Load harness").

For each target UAS (dialtone, jainsip, kamailio, sippuas): start it pinned to one core, ramp
SIPp's built-in `uac` scenario pinned to the other core (a warm-up step, then the start rate
doubling per step, bisecting after the first unclean step), then offer 3x the highest clean rate
for one step (the overload check). Prints a table and writes JSON plus a markdown table.

A step is clean when SIPp reports 0 failed calls, retransmissions are < 1% of the messages of the
step (6 per call: INVITE, 180, 200, ACK, BYE, 200), and the achieved rate (successful calls over
the step's wall time, first INVITE to last 200) is >= 95% of the offered rate.

Python 3 standard library only. See benchmarks/load/README.md.
"""

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ALL_TARGETS = ["dialtone", "jainsip", "kamailio", "sippuas"]
JAVA_TARGETS = {"dialtone": "io.dialtone.benchmarks.load.DialtoneUas",
                "jainsip": "io.dialtone.benchmarks.load.JainSipUas"}
MEDIA = {"dialtone": "on", "jainsip": "none", "kamailio": "none", "sippuas": "none"}
MESSAGES_PER_CALL = 6
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc


def tree_pids(root):
    """root and all its descendants (by ppid), from /proc."""
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        ppid = int(s[s.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def proc_cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return 0
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of stat)


def tree_cpu_seconds(root):
    """utime+stime summed over the process tree rooted at root, in seconds."""
    return sum(proc_cpu_ticks(p) for p in tree_pids(root)) / CLK_TCK


def jvm_thread_cpu_seconds(pid):
    """CPU seconds of a JVM's JIT compiler threads and of its VM Thread (safepoints; the serial
    collector's pauses run there), from /proc/PID/task: what a step spent warming up or collecting."""
    jit = vm = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0.0, 0.0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
        except OSError:
            continue
        if "CompilerThre" in comm:
            jit += proc_cpu_ticks(f"{pid}/task/{tid}")
        elif comm == "VM Thread":
            vm += proc_cpu_ticks(f"{pid}/task/{tid}")
    return jit / CLK_TCK, vm / CLK_TCK


def udp_port_bound(port):
    want = f":{port:04X}"
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    if line.split()[1].endswith(want):
                        return True
        except OSError:
            pass
    return False


# ---------------------------------------------------------------- CPU quota

QUOTA_PERIOD_US = 5000  # short, so a throttled UAS stalls only a few ms at a time (the kernel takes quotas of 1 ms up)


def cpu_cgroup(name, percent):
    """A new cgroup capped at `percent` of one CPU (CFS bandwidth: quota per QUOTA_PERIOD_US); its
    directory. cgroup v2 when its cpu controller is enabled at the root, else the v1 cpu hierarchy."""
    quota = int(QUOTA_PERIOD_US * percent / 100)
    if quota < 1000:
        raise ValueError(f"--uas-cpu-quota {percent:g} is below the kernel's 1 ms per {QUOTA_PERIOD_US} us period")
    v2 = "/sys/fs/cgroup"
    for root in (v2, "/sys/fs/cgroup/unified"):
        try:
            with open(os.path.join(root, "cgroup.subtree_control")) as f:
                if "cpu" in f.read().split():
                    d = os.path.join(root, name)
                    os.makedirs(d, exist_ok=True)
                    with open(os.path.join(d, "cpu.max"), "w") as f:
                        f.write(f"{quota} {QUOTA_PERIOD_US}")
                    return d
        except OSError:
            pass
    d = os.path.join("/sys/fs/cgroup/cpu", name)
    try:
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "cpu.cfs_period_us"), "w") as f:
            f.write(str(QUOTA_PERIOD_US))
        with open(os.path.join(d, "cpu.cfs_quota_us"), "w") as f:
            f.write(str(quota))
    except OSError as e:
        raise RuntimeError(f"--uas-cpu-quota needs a writable cgroup cpu controller (root): {e}") from e
    return d


# ---------------------------------------------------------------- the UAS


class Uas:
    """One target UAS process pinned to a core; collects its `stats ...` lines (Java UASes)."""

    def __init__(self, name, args, workdir):
        self.name = name
        self.args = args
        self.port = args.port_base + ALL_TARGETS.index(name)
        self.workdir = workdir
        self.stats = []  # (monotonic time, {key: int})
        self.cond = threading.Condition()
        self.proc = None
        self.cmd = self._command()

    def _command(self):
        a = self.args
        pin = ["taskset", "-c", str(a.uas_cpu)]
        if a.uas_cpu_quota:
            # join the quota's cgroup before exec, so every thread and forked child is in it
            self.cgroup = cpu_cgroup(f"dialtone-load-{os.getpid()}-{self.name}", a.uas_cpu_quota)
            pin = ["sh", "-c", 'echo $$ > "$0" && exec "$@"', os.path.join(self.cgroup, "cgroup.procs")] + pin
        if self.name in JAVA_TARGETS:
            cmd = pin + ["java"] + a.java_opts.split() + ["-cp", a.classpath, JAVA_TARGETS[self.name],
                                                        str(self.port), a.host]
            if self.name == "jainsip":
                cmd.append(str(a.jainsip_threads))
            if self.name == "dialtone":
                cmd += ["--media", a.dialtone_media]
            return cmd
        if self.name == "kamailio":
            return pin + ["kamailio", "-f", a.kamailio_cfg, "-DD", "-E", "-m", str(a.kamailio_shm_mb),
                          "-M", str(a.kamailio_pkg_mb), "-x", "tlsf", "-l", f"udp:{a.host}:{self.port}",
                          "-w", self.workdir, "-Y", self.workdir, "-P", os.path.join(self.workdir, "kamailio.pid")]
        if self.name == "sippuas":
            return pin + ["sipp", "-sn", "uas", "-i", a.host, "-p", str(self.port), "-nostdin",
                          "-mp", str(a.port_base + 2000), "-buff_size", str(a.buff_size)]
        raise ValueError(self.name)

    def start(self):
        self.stdout_path = os.path.join(self.workdir, "uas.stdout")
        self.stderr = open(os.path.join(self.workdir, "uas.stderr"), "w")
        if udp_port_bound(self.port):
            raise RuntimeError(f"UDP port {self.port} is already in use (--port-base)")
        log(f"{self.name}: starting: {' '.join(self.cmd)}")
        self.proc = subprocess.Popen(self.cmd, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.stderr, start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 30
        while not udp_port_bound(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} at start; see {self.stderr.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not bind UDP {self.port} in 30 s")
            time.sleep(0.1)
        time.sleep(0.5)

    def _read(self):
        with open(self.stdout_path, "w") as keep:
            for raw in self.proc.stdout:
                line = raw.decode("utf-8", "replace")
                if self.name != "sippuas":  # SIPp's screen is not worth keeping
                    keep.write(line)
                if line.startswith("stats "):
                    kv = {}
                    for tok in line.split()[1:]:
                        k, _, v = tok.partition("=")
                        try:
                            kv[k] = int(v)
                        except ValueError:
                            pass
                    with self.cond:
                        self.stats.append((time.monotonic(), kv))
                        self.cond.notify_all()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self):
        return tree_cpu_seconds(self.proc.pid)

    def stats_before(self, t):
        with self.cond:
            older = [kv for (ts, kv) in self.stats if ts <= t]
            return older[-1] if older else None

    def stats_after(self, t, timeout=2.5):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                newer = [kv for (ts, kv) in self.stats if ts >= t]
                if newer:
                    return newer[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def settle(self, max_seconds, busy_fraction=0.2):
        """Waits until the UAS uses < busy_fraction of a core over 0.5 s (or max_seconds)."""
        deadline = time.monotonic() + max_seconds
        while time.monotonic() < deadline and self.alive():
            c0 = self.cpu_seconds()
            time.sleep(0.5)
            if (self.cpu_seconds() - c0) / 0.5 < busy_fraction:
                return

    def stop(self):
        """SIGTERM, then SIGKILL to the process group after 10 s. Returns a short status."""
        if self.proc is None:
            return "not started"
        if self.proc.poll() is not None:
            return f"had exited with {self.proc.returncode}"
        pids = tree_pids(self.proc.pid)
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(10)
            status = f"stopped on SIGTERM, exit {rc}"
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            rc = self.proc.wait(5)
            status = "did not stop on SIGTERM within 10 s; killed"
        time.sleep(0.3)
        left = [p for p in pids if os.path.exists(f"/proc/{p}")]
        if left:
            for p in left:
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            status += f"; killed {len(left)} leftover process(es)"
        self.stderr.close()
        if getattr(self, "cgroup", None):
            try:
                os.rmdir(self.cgroup)
            except OSError as e:
                status += f"; cgroup {self.cgroup} not removed: {e}"
        return status


# ---------------------------------------------------------------- SIPp


def parse_stat_csv(path):
    with open(path) as f:
        rows = [line.rstrip("\n").split(";") for line in f if line.strip()]
    if len(rows) < 2:
        return None
    head, first, last = rows[0], rows[1], rows[-1]

    def col(row, name):
        return row[head.index(name)]

    def epoch(v):  # "2026-11-21\t21:49:57.110451\t1795297797.110451"
        return float(v.split("\t")[-1])

    def num(name):
        try:
            return float(col(last, name))
        except (ValueError, IndexError):
            return 0.0

    return {
        "start": epoch(col(first, "StartTime")),
        "end": epoch(col(last, "CurrentTime")),
        "created": int(num("OutgoingCall(C)")),
        "successful": int(num("SuccessfulCall(C)")),
        "failed": int(num("FailedCall(C)")),
        "retransmissions": int(num("Retransmissions(C)")),
        "dead_call_msgs": int(num("DeadCallMsgs(C)")),
        "out_of_call_msgs": int(num("OutOfCallMsgs(C)")),
        "sipp_call_rate": num("CallRate(C)"),
        "failed_timeout_on_recv": int(num("FailedTimeoutOnRecv(C)")),
        "failed_unexpected": int(num("FailedUnexpectedMessage(C)")),
    }


def parse_counts_csv(path):
    """Last line of SIPp's -trace_counts file: {column: int}."""
    try:
        with open(path) as f:
            rows = [line.rstrip("\n").split(";") for line in f if line.strip()]
    except OSError:
        return {}
    if len(rows) < 2:
        return {}
    out = {}
    for k, v in zip(rows[0], rows[-1]):
        try:
            out[k] = int(v)
        except ValueError:
            pass
    return out


def parse_rtt(path):
    vals = []
    try:
        with open(path) as f:
            next(f, None)
            for line in f:
                parts = line.split(";")
                if len(parts) >= 2:
                    try:
                        vals.append(float(parts[1]))
                    except ValueError:
                        pass
    except OSError:
        pass
    return vals


def percentile(sorted_vals, p):
    if not sorted_vals:
        return None
    k = max(0, min(len(sorted_vals) - 1, int(round(p / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[k]


def find_file(d, prefix, suffix):
    for name in os.listdir(d):
        if name.startswith(prefix) and name.endswith(suffix):
            return os.path.join(d, name)
    return None


def run_step(uas, args, rate, seconds, label, overload=False):
    """One SIPp run at `rate` calls/s for `seconds`; returns the step record."""
    rate = int(rate)
    calls = max(1, int(rate * seconds))
    d = os.path.join(uas.workdir, f"step-{label}-{rate}")
    os.makedirs(d, exist_ok=True)
    recv_timeout_ms = int(args.recv_timeout * 1000)
    limit = max(1000, int(rate * (args.recv_timeout + 3)))
    scen = ["-sf", os.path.join(HERE, "uac-503.xml")] if overload else ["-sn", "uac"]
    cmd = ["taskset", "-c", str(args.sipp_cpu), "sipp"] + scen + [
        f"{args.host}:{uas.port}", "-i", args.host, "-p", str(args.port_base + 100),
        "-mp", str(args.port_base + 1000),
        "-r", str(rate), "-m", str(calls), "-l", str(limit),
        "-nostdin", "-trace_stat", "-stf", "stat.csv", "-fd", "1",
        "-trace_rtt", "-rtt_freq", "1", "-trace_counts",
        "-recv_timeout", str(recv_timeout_ms), "-timeout", str(int(seconds + args.recv_timeout + 15)),
        "-buff_size", str(args.buff_size)]
    before = uas.stats_before(time.monotonic())
    java = uas.name in JAVA_TARGETS
    jit0, vm0 = jvm_thread_cpu_seconds(uas.proc.pid) if java else (0, 0)
    cpu0 = uas.cpu_seconds()
    t0 = time.monotonic()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.path.join(d, "sipp.stderr"), "w") as err:
        sipp = subprocess.Popen(cmd, cwd=d, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            sipp.wait(seconds + args.recv_timeout + 30)
        except subprocess.TimeoutExpired:
            sipp.kill()
            sipp.wait()
    t1 = time.monotonic()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # SIPp is the only child reaped meanwhile
    sipp_cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    cpu1 = uas.cpu_seconds()
    jit1, vm1 = jvm_thread_cpu_seconds(uas.proc.pid) if java else (0, 0)
    after = uas.stats_after(t1) if java else None
    rec = {"label": label, "offered_cps": rate, "seconds": seconds, "calls_offered": calls,
           "sipp_exit": sipp.returncode, "wall_s": round(t1 - t0, 3), "dir": d,
           "uas_alive": uas.alive(), "sipp_cpu_util": round(sipp_cpu / max(1e-3, t1 - t0), 3)}
    st = parse_stat_csv(os.path.join(d, "stat.csv")) if os.path.exists(os.path.join(d, "stat.csv")) else None
    if st is None:
        rec.update(clean=False, why="no SIPp statistics (see sipp.stderr)")
        return rec
    rec.update(st)
    counts = parse_counts_csv(find_file(d, "", "_counts.csv") or "")
    retrans_counted = sum(v for k, v in counts.items() if k.endswith("_Retrans"))
    rec["retransmissions"] = max(st["retransmissions"], retrans_counted)
    elapsed = max(1e-3, st["end"] - st["start"])
    rec["elapsed_s"] = round(elapsed, 3)
    rec["achieved_cps"] = round(st["successful"] / elapsed, 1)
    rec["retrans_pct"] = round(100.0 * rec["retransmissions"] / max(1, MESSAGES_PER_CALL * st["created"]), 3)
    ok = st["successful"] if st["successful"] else 0
    rec["uas_cpu_s"] = round(cpu1 - cpu0, 3)
    rec["uas_cpu_util"] = round((cpu1 - cpu0) / max(1e-3, t1 - t0), 3)
    rec["cpu_us_per_call"] = round((cpu1 - cpu0) * 1e6 / ok, 1) if ok else None
    if java:  # part of uas_cpu_s: the JIT compilers' and the VM Thread's share
        rec["jit_cpu_s"] = round(jit1 - jit0, 3)
        rec["vm_thread_cpu_s"] = round(vm1 - vm0, 3)
    if before and after and "allocatedBytes" in before and "allocatedBytes" in after:
        da = after["allocatedBytes"] - before["allocatedBytes"]
        rec["alloc_bytes_per_call"] = round(da / ok) if ok else None
        rec["gc_count"] = after.get("gcCount", 0) - before.get("gcCount", 0)
        rec["jvm_cpu_us_per_call"] = round((after["cpuNanos"] - before["cpuNanos"]) / 1e3 / ok, 1) if ok else None
    rtt = sorted(parse_rtt(find_file(d, "", "_rtt.csv") or ""))
    rec["rtt_samples"] = len(rtt)
    rec["p50_ms"] = percentile(rtt, 50)
    rec["p99_ms"] = percentile(rtt, 99)
    if overload:
        inv200 = next((v for k, v in counts.items() if k.endswith("_200_Recv")), None)
        got503 = next((v for k, v in counts.items() if k.endswith("_503_Recv")), 0)
        answered = inv200 if inv200 is not None else st["successful"]
        rec["answered_200"] = answered
        rec["got_503"] = got503
        rec["goodput_cps"] = round(answered / elapsed, 1)
        if before and after and "shed" in after:  # Dialtone: 503s its transport sent (overload shedding)
            rec["uas_shed_503"] = after["shed"] - before.get("shed", 0)
    why = []
    if st["failed"]:
        why.append(f"{st['failed']} failed")
    if rec["retrans_pct"] >= args.max_retrans_pct:
        why.append(f"retrans {rec['retrans_pct']}%")
    if rec["achieved_cps"] < args.min_achieved * rate:
        why.append(f"achieved {rec['achieved_cps']} < {args.min_achieved:.0%} of {rate}")
    if st["created"] < calls:
        why.append(f"only {st['created']}/{calls} calls placed")
    if not rec["uas_alive"]:
        why.append("UAS died")
    rec["clean"] = not why
    rec["why"] = ", ".join(why) if why else "clean"
    return rec


def fmt_step(r):
    if "achieved_cps" not in r:
        return f"{r['label']:>8} {r['offered_cps']:>6} cps: {r.get('why')}"
    s = (f"{r['label']:>8} {r['offered_cps']:>6} cps: ok={r['successful']} failed={r['failed']} "
         f"retrans={r['retrans_pct']}% achieved={r['achieved_cps']} "
         f"uas_cpu={r['uas_cpu_util']:.0%} cpu/call={r['cpu_us_per_call']}us")
    if r.get("jit_cpu_s") is not None:
        s += f" (jit {r['jit_cpu_s']}s, vm thread {r['vm_thread_cpu_s']}s)"
    if r.get("alloc_bytes_per_call") is not None:
        s += f" alloc/call={r['alloc_bytes_per_call']}B gc={r['gc_count']}"
    s += f" p50={r['p50_ms']}ms p99={r['p99_ms']}ms sipp_cpu={r['sipp_cpu_util']:.0%}"
    if "goodput_cps" in r:
        s += f" goodput={r['goodput_cps']} 503s={r['got_503']}"
        if "uas_shed_503" in r:
            s += f" (uas shed {r['uas_shed_503']})"
    return s + f"  [{r['why']}]"


def nice_rate(x):
    step = 50 if x >= 500 else 10
    return int(round(x / step) * step)


def run_target(name, args, root):
    workdir = os.path.join(root, name)
    os.makedirs(workdir, exist_ok=True)
    uas = Uas(name, args, workdir)
    media = ("on" if args.dialtone_media == "rtp" else "none") if name == "dialtone" else MEDIA[name]
    res = {"target": name, "media": media, "command": " ".join(uas.cmd), "steps": []}
    try:
        uas.start()

        def step(rate, label, seconds=args.step_seconds, overload=False):
            r = run_step(uas, args, rate, seconds, label, overload)
            res["steps"].append(r)
            log(f"{name}: {fmt_step(r)}")
            if r.get("uas_alive", True):
                if r.get("clean"):
                    uas.settle(args.settle_seconds)
                else:
                    # past its ceiling a UAS has calls SIPp gave up on: it retransmits their 2xx for
                    # 64*T1 = 32 s, little CPU, then sends BYEs and retransmits those for 32 s more
                    # (RFC 3261 13.3.1.4, 17.1.2.2) into the next step's SIPp, which then measures
                    # the aftermath (every target alike): wait that out, then for the UAS to go idle
                    time.sleep(args.unclean_wait_seconds)
                    uas.settle(args.settle_seconds)
            return r

        if args.warmup_seconds > 0:
            step(args.start_rate, "warmup", args.warmup_seconds)
        best, lo, hi = None, 0, None
        rate = args.start_rate
        for _ in range(args.max_steps):
            r = step(rate, "ramp")
            if not r["uas_alive"]:
                hi = rate
                break
            if r["clean"]:
                best, lo = r, rate
                rate *= 2
            else:
                hi = rate
                break
        if hi is not None and uas.alive():
            for _ in range(args.bisect_steps):
                mid = nice_rate((lo + hi) / 2)
                if mid <= lo or mid >= hi:
                    break
                r = step(mid, "bisect")
                if not r["uas_alive"]:
                    break
                if r["clean"]:
                    best, lo = r, mid
                else:
                    hi = mid
        res["ceiling_reached"] = hi is not None
        if best is not None:
            res["best"] = best
            res["highest_clean_cps"] = best["offered_cps"]
            # The same rate again: a second clean run confirms the ceiling, and a step at a rate the
            # UAS has just run measures its steady state (a JVM's JIT compiles for each new rate's
            # paths during the first step at it; the compilers' CPU is in jit_cpu_s either way).
            res["confirm"] = []
            for _ in range(args.confirm_steps):
                if not uas.alive():
                    break
                r = step(best["offered_cps"], "confirm")
                res["confirm"].append(r)
                if not r.get("clean"):
                    break
            res["confirmed"] = bool(res["confirm"]) and all(r.get("clean") for r in res["confirm"])
            if res["confirmed"]:
                res["measured"] = res["confirm"][-1]
            if args.overload_factor > 0 and uas.alive():
                res["overload"] = step(best["offered_cps"] * args.overload_factor, "overload", overload=True)
        else:
            res["highest_clean_cps"] = 0
    except Exception as e:  # keep going with the next target
        res["error"] = f"{type(e).__name__}: {e}"
        log(f"{name}: ERROR {res['error']}")
    finally:
        res["stop"] = uas.stop()
        log(f"{name}: {res['stop']}")
    return res


# ---------------------------------------------------------------- report


def summary_row(res):
    b = res.get("measured") or res.get("best") or {}
    o = res.get("overload") or {}

    def v(x, f="{}"):
        return "-" if x is None else f.format(x)

    clean = res.get("highest_clean_cps")
    clean_s = "-" if clean is None else (f"{clean}" if res.get("ceiling_reached") else f">={clean}")
    if clean and res.get("confirm") and not res.get("confirmed"):
        clean_s += " (not confirmed)"
    return [res["target"], res["media"], clean_s, v(b.get("cpu_us_per_call"), "{:.1f}"),
            v(b.get("alloc_bytes_per_call"), "{:,}"), v(b.get("p50_ms"), "{:g}"), v(b.get("p99_ms"), "{:g}"),
            v(o.get("offered_cps")), v(o.get("sipp_call_rate"), "{:,.0f}"), v(o.get("goodput_cps"), "{:g}"),
            v(o.get("got_503")), v(o.get("failed")),
            res.get("error", "")]


HEADERS = ["target", "media", "clean cps", "CPU us/call", "alloc B/call", "p50 ms", "p99 ms",
           "3x offered", "placed cps", "goodput cps", "503s", "failed", "error"]


def table_text(rows):
    w = [max(len(str(r[i])) for r in [HEADERS] + rows) for i in range(len(HEADERS))]
    return "\n".join("  ".join(str(c).rjust(w[i]) if i else str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip()
                     for r in [HEADERS] + rows)


def table_markdown(rows):
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--targets", default=",".join(ALL_TARGETS), help="comma-separated subset of " + ",".join(ALL_TARGETS))
    p.add_argument("--start-rate", type=int, default=500, help="first ramp step, calls/s (also the warm-up rate)")
    p.add_argument("--step-seconds", type=float, default=12, help="length of each ramp/bisect/overload step")
    p.add_argument("--warmup-seconds", type=float, default=10, help="warm-up step at --start-rate, not scored (0: none)")
    p.add_argument("--max-steps", type=int, default=6, help="doubling steps at most (500 * 2^5 = 16000)")
    p.add_argument("--bisect-steps", type=int, default=3, help="bisection steps after the first unclean step")
    p.add_argument("--confirm-steps", type=int, default=1,
                   help="steps at the highest clean rate once found; if all are clean, CPU, allocation and "
                        "latency are reported from the last (0: from the step that found it)")
    p.add_argument("--overload-factor", type=float, default=3, help="overload step offers this times the clean rate (0: skip)")
    p.add_argument("--settle-seconds", type=float, default=5, help="max wait for the UAS to go idle after a clean step")
    p.add_argument("--unclean-wait-seconds", type=float, default=66,
                   help="wait after an unclean step before the next (2xx retransmissions, then BYEs, run 64*T1 each)")
    p.add_argument("--max-retrans-pct", type=float, default=1.0, help="clean: retransmissions below this %% of messages")
    p.add_argument("--min-achieved", type=float, default=0.95, help="clean: achieved rate at least this fraction of offered")
    p.add_argument("--recv-timeout", type=float, default=5, help="SIPp -recv_timeout, seconds (an unanswered call fails)")
    p.add_argument("--uas-cpu", type=int, default=0, help="core the UAS is pinned to")
    p.add_argument("--sipp-cpu", type=int, default=1, help="core SIPp is pinned to")
    p.add_argument("--uas-cpu-quota", type=float, default=0,
                   help="cap the UAS at this %% of its core (cgroup CPU quota, needs root; 0: no cap). "
                        "For the overload step: 3x a full core's clean rate can exceed what SIPp on the "
                        "other core can place, and then the generator, not the UAS, collapses")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port-base", type=int, default=15060,
                   help="UAS ports are base+0..3 (in target order), SIPp base+100, media base+1000/+2000")
    p.add_argument("--buff-size", type=int, default=4 * 1024 * 1024, help="SIPp -buff_size (the kernel caps it at rmem_max)")
    p.add_argument("--classpath", default=os.path.join(REPO, "benchmarks", "target", "benchmarks.jar"),
                   help="class path of the Java UASes (the shaded benchmarks jar)")
    p.add_argument("--java-opts", default="-Xms1g -Xmx1g", help="JVM options of both Java UASes")
    p.add_argument("--dialtone-media", choices=["rtp", "none"], default="rtp",
                   help="Dialtone UAS media: rtp (each call opens RTP and sends silence) or none (signalling only: "
                        "SDP on port 9 with a=inactive, no socket; comparable with the peers, which carry no media)")
    p.add_argument("--jainsip-threads", type=int, default=4, help="JAIN-SIP RI THREAD_POOL_SIZE")
    p.add_argument("--kamailio-cfg", default=os.path.join(HERE, "kamailio-tm.cfg"))
    p.add_argument("--kamailio-shm-mb", type=int, default=4096)
    p.add_argument("--kamailio-pkg-mb", type=int, default=64)
    p.add_argument("--workdir", default=None, help="where SIPp and UAS files go (default: a new dir under /tmp)")
    p.add_argument("--out", default=os.path.join(HERE, "results.json"),
                   help="JSON results; a markdown table is written beside it (.md)")
    args = p.parse_args()

    HEADERS[HEADERS.index("3x offered")] = f"{args.overload_factor:g}x offered"
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    for t in targets:
        if t not in ALL_TARGETS:
            p.error(f"unknown target {t}; choose from {','.join(ALL_TARGETS)}")
    for tool in ["sipp", "taskset"] + (["kamailio"] if "kamailio" in targets else []) + \
            (["java"] if any(t in JAVA_TARGETS for t in targets) else []):
        if shutil.which(tool) is None:
            p.error(f"{tool} not found on PATH")
    if any(t in JAVA_TARGETS for t in targets):
        for part in args.classpath.split(":"):
            if not os.path.exists(part):
                p.error(f"{part} not found: build it with  mvn -q -DskipTests -pl benchmarks -am package")
    root = args.workdir or os.path.join("/tmp", time.strftime("dialtone-load-%Y%m%d-%H%M%S"))
    os.makedirs(root, exist_ok=True)
    steps_max = args.max_steps + args.bisect_steps + args.confirm_steps + (1 if args.overload_factor > 0 else 0)
    est = len(targets) * (args.warmup_seconds + steps_max * (args.step_seconds + 2.5) + 5)
    log(f"targets {','.join(targets)}; work dir {root}; at most ~{est / 60:.1f} min "
        f"(+ recv timeouts and settling after unclean steps)")

    started = time.time()
    results = []
    for t in targets:
        results.append(run_target(t, args, root))
    rows = [summary_row(r) for r in results]
    text = table_text(rows)
    print(text)
    md = (f"Command: `python3 benchmarks/load/ramp.py {' '.join(sys.argv[1:])}`  \n"
          f"Date: {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(started))}, "
          f"{os.cpu_count()} cores, UAS on core {args.uas_cpu}"
          f"{f' capped at {args.uas_cpu_quota:g} % of it (cgroup CPU quota)' if args.uas_cpu_quota else ''}, "
          f"SIPp on core {args.sipp_cpu}; "
          f"steps {args.step_seconds:g} s from {args.start_rate} cps; clean = 0 failed, "
          f"retransmissions < {args.max_retrans_pct:g}% of messages, achieved >= {args.min_achieved:.0%} of offered. "
          f"CPU, allocation and latency are from the last of {args.confirm_steps} confirming step(s) "
          f"at the highest clean rate, or from the step that found it if none or one was not clean; "
          f"'>=' means no unclean step was reached.\n\n" + table_markdown(rows) + "\n")
    out = {"started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
           "duration_s": round(time.time() - started, 1), "argv": sys.argv[1:], "settings": vars(args),
           "workdir": root, "results": results}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    md_path = os.path.splitext(args.out)[0] + ".md"
    with open(md_path, "w") as f:
        f.write(md)
    log(f"wrote {args.out} and {md_path} in {out['duration_s']:.0f} s")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
