"""What the benchmark reads about a process from /proc and the JDK tools (the node alone)."""
import os
import subprocess

CLK_TCK = os.sysconf("SC_CLK_TCK")


def process_tree(pid):
    """pid and all its descendants (nginx: master and workers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pids):
    """user + system CPU time of the processes (fields 14 and 15 of /proc/PID/stat, proc(5))."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14, 15 counted from pid
        except FileNotFoundError:
            pass
    return total / CLK_TCK


def memory_mb(pids):
    """Resident memory of the processes in MB from /proc/PID/status (proc(5)): `rss` is VmRSS, everything
    resident, file pages included; `anon` is RssAnon + RssShmem, resident memory without the file-backed pages
    (the jar and libraries mapped, files mmapped): the heap, direct buffers, thread stacks and malloc arenas of a
    JVM, the pools of nginx. Neither counts the page cache of files written or read with read()/sendfile()."""
    kb = {"VmRSS:": 0, "RssAnon:": 0, "RssShmem:": 0}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    field = line.split(None, 1)[0] if line else ""
                    if field in kb:
                        kb[field] += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return {"rss": kb["VmRSS:"] / 1024.0, "anon": (kb["RssAnon:"] + kb["RssShmem:"]) / 1024.0}


def jstat_gc(pid):
    """Heap in use (MB, young + old) and total GC time (s) from `jstat -gc`, or None when jstat is absent."""
    try:
        out = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True, timeout=30).stdout
        head, values = out.split("\n")[0].split(), out.split("\n")[1].split()
        row = dict(zip(head, values))
        used_kb = sum(float(row[k]) for k in ("S0U", "S1U", "EU", "OU"))
        return {"heap_used_mb": used_kb / 1024.0, "gc_s": float(row["GCT"]),
                "young_gcs": int(row["YGC"]), "full_gcs": int(row["FGC"])}
    except (OSError, IndexError, KeyError, ValueError, subprocess.TimeoutExpired):
        return None


def live_heap_mb(pid):
    """Heap in use right after a full collection (`jcmd GC.run`): the live set, not garbage."""
    try:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    gc = jstat_gc(pid)
    return gc and gc["heap_used_mb"]


def machine():
    info = {"cores": os.cpu_count(), "kernel": os.uname().release}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["mem_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def load_average():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def machine_busy_fraction(seconds_fn):
    """Reads /proc/stat twice around seconds_fn(): the share of all cores busy (any process) meanwhile."""
    def snap():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        idle = v[3] + v[4]
        return sum(v), idle
    t0, i0 = snap()
    seconds_fn()
    t1, i1 = snap()
    return 1.0 - (i1 - i0) / max(1, t1 - t0)
