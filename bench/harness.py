"""scripts/bench: the edge node and nginx-rtmp doing the same work in the same run.

For each N of the sweep: the node pulls N emulator channels, serves them as HLS (and records them when the
node can), holds a steady state and is measured alone; then nginx-rtmp pulls the same N streams with
`pull ... static`, `hls on`, `record all` and is measured the same way. The sweep stops at the first N
where the node saturates the cores or drops units. Results go to bench/results/ as JSON and Markdown.
"""
import argparse
import asyncio
import concurrent.futures
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import hls_client
import procstat
import profile_summary
from targets import EdgeNode, Emulator, NginxRtmp, http_json, http_status

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_JAR = os.path.join(ROOT, "relay-server/target/edge-relay.jar")
SIM_JAR = os.path.join(ROOT, "platform-sim/target/platform-sim.jar")
#: Channels whose playlists the latency probe polls (a fixed, small cost on the measured process).
LATENCY_CHANNELS = 8
LATENCY_POLL_S = 0.1
#: Re-preload every channel this often, well inside the node's 120 s idle limit.
KEEPALIVE_S = 40
#: The node counts as saturated above this share of all cores.
SATURATION = 0.9
PRELOAD_THREADS = 16


def options():
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="one small N, short windows: under two minutes")
    p.add_argument("--channels", default=None, help="comma list of N (default 10,50,100,200,400; quick: 10)")
    p.add_argument("--duration", type=float, default=None, help="steady-state window seconds (default 60; quick 10)")
    p.add_argument("--warmup", type=float, default=None, help="seconds after all channels are live (default 15)")
    p.add_argument("--bitrate", type=int, default=2_000_000, help="camera video bit/s (default 2000000)")
    p.add_argument("--size", default="1280x720", help="camera picture size (default 1280x720)")
    p.add_argument("--segment-ms", type=int, default=2000, help="HLS segment target, node and nginx (default 2000)")
    p.add_argument("--cold-samples", type=int, default=None, help="channels timed cold, one at a time (default 3)")
    p.add_argument("--viewers", default=None, help="comma list of viewer counts tried in turn (default 50,100,200,400)")
    p.add_argument("--viewer-seconds", type=float, default=None, help="seconds per viewer step (default 20)")
    p.add_argument("--no-peer", action="store_true", help="skip nginx-rtmp")
    p.add_argument("--no-record", action="store_true", help="do not ask either target to record")
    p.add_argument("--jfr", action="store_true", help="record JFR on the node and print its top costs")
    p.add_argument("--node-jvm", default="", help="extra JVM options for the node, space separated")
    p.add_argument("--heap-every", type=float, default=0,
                   help="also sample the node's live heap (after a full GC) every this many seconds of the window: "
                        "the soak, e.g. --channels 50 --duration 600 --heap-every 60 --no-peer")
    p.add_argument("--out", default=os.path.join(ROOT, "bench/results"), help="where JSON and Markdown go")
    a = p.parse_args()
    q = a.quick
    a.channels = [int(x) for x in (a.channels or ("10" if q else "10,50,100,200,400")).split(",")]
    a.duration = a.duration or (10 if q else 60)
    a.warmup = a.warmup if a.warmup is not None else (3 if q else 15)
    a.cold_samples = a.cold_samples if a.cold_samples is not None else (2 if q else 3)
    a.viewers = [int(x) for x in (a.viewers or ("30" if q else "50,100,200,400")).split(",")]
    a.viewer_seconds = a.viewer_seconds or (6 if q else 20)
    return a


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


#: Seconds of the camera clip: five 2-second GOPs, so cameras start at different phases.
CLIP_SECONDS = 10
CLIP_CACHE = os.path.join(ROOT, "bench/.cache")


def camera_clip(a):
    """The clip every camera replays: 25 fps, a keyframe every 2 s (the emulator's GOP), a 1 kHz tone as
    AAC, at the asked size and bit rate, encoded once by the ffmpeg CLI and cached. None without ffmpeg:
    the emulator then encodes its own loop clip (slower to start)."""
    if shutil.which("ffmpeg") is None:
        log("ffmpeg CLI absent: the emulator encodes its own loop clip")
        return None
    os.makedirs(CLIP_CACHE, exist_ok=True)
    path = os.path.join(CLIP_CACHE, f"clip-{a.size}-{a.bitrate}.flv")
    if not os.path.exists(path):
        w, h = a.size.split("x")
        log(f"encoding the camera clip {path}")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={w}x{h}:rate=25",
                        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", str(CLIP_SECONDS),
                        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                        "-b:v", str(a.bitrate), "-maxrate", str(a.bitrate), "-bufsize", str(a.bitrate),
                        "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "64k",
                        "-ac", "1", "-f", "flv", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


#: The node's option naming the channels that always record, as device_id-channel_id[,...].
RECORD_OPTION = "--record-channels"


def node_records_flag():
    """RECORD_OPTION when this build of the node has it (the recorder), else None."""
    try:
        out = subprocess.run(["java", "-jar", NODE_JAR, "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return RECORD_OPTION if RECORD_OPTION + " " in out.stdout + out.stderr else None


def heap_series(pid, every_s, seconds):
    """Starts sampling the live heap (after a full GC) every `every_s` seconds for `seconds`; returns the list it
    fills with [seconds since start, MB] and the thread to join. The soak's evidence of growth or none."""
    series = []

    def sample():
        t0 = time.time()
        while time.time() - t0 < seconds:
            mb = procstat.live_heap_mb(pid)
            if mb is not None:
                series.append([round(time.time() - t0, 1), hls_client.rnd(mb)])
            time.sleep(max(0.0, every_s - (time.time() - t0) % every_s))
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return series, thread


def soak_summary(series):
    """First and last live heap of the series and its least-squares slope in MB per minute."""
    if len(series) < 2:
        return None
    n = len(series)
    mt, mh = sum(t for t, _ in series) / n, sum(h for _, h in series) / n
    var = sum((t - mt) ** 2 for t, _ in series)
    slope = sum((t - mt) * (h - mh) for t, h in series) / var * 60 if var else 0.0
    return {"samples": n, "first_mb": series[0][1], "last_mb": series[-1][1],
            "max_mb": max(h for _, h in series), "slope_mb_per_min": round(slope, 3)}


def steady_window(pids, seconds, probe):
    """Measures pids over `seconds` while `probe` (a coroutine factory) runs in its own thread.
    Returns CPU seconds, RSS average/peak, share of the whole machine busy, and the probe's result."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(probe=asyncio.run(probe())), daemon=True)
    rss = []

    def sample():
        end = time.time() + seconds
        while time.time() < end:
            rss.append(procstat.rss_mb(pids))
            time.sleep(1.0)

    c0, t0 = procstat.cpu_seconds(pids), time.time()
    thread.start()
    busy = procstat.machine_busy_fraction(sample)
    c1, t1 = procstat.cpu_seconds(pids), time.time()
    thread.join(60)
    cpu_pct = (c1 - c0) / (t1 - t0) * 100.0
    return {"seconds": round(t1 - t0, 1), "cpu_pct": round(cpu_pct, 1),
            "rss_mb_avg": round(sum(rss) / max(1, len(rss)), 1), "rss_mb_max": round(max(rss or [0]), 1),
            "machine_busy_pct": round(busy * 100, 1)}, result.get("probe", [])


def latency_summary(samples):
    lat = [s[0] for s in samples]
    extra = [s[0] - s[1] for s in samples]
    return {"segments": len(samples),
            "latency_ms_p50": hls_client.rnd(hls_client.percentile(lat, 50)),
            "latency_ms_p95": hls_client.rnd(hls_client.percentile(lat, 95)),
            "segment_ms_avg": hls_client.rnd(sum(s[1] for s in samples) / len(samples)) if samples else None,
            "beyond_segment_ms_p50": hls_client.rnd(hls_client.percentile(extra, 50)),
            "beyond_segment_ms_p95": hls_client.rnd(hls_client.percentile(extra, 95))}


def viewer_ramp(a, port, paths):
    """Viewer steps in turn until one fails: some viewer missed a segment or a request failed."""
    steps, served = [], 0
    for v in a.viewers:
        r = asyncio.run(hls_client.run_viewers("127.0.0.1", port, paths, v, a.viewer_seconds, a.segment_ms / 1000))
        r["ok"] = step_ok(r, a.segment_ms)
        steps.append(r)
        log(f"  {v} viewers: {r['mbit_per_s']} Mbit/s, segment fetch p95 {r['segment_ms_p95']} ms, "
            f"behind {r['viewers_behind']}, errors {r['errors']} {r['error_kinds'] or ''}")
        if not r["ok"]:
            break
        served = v
    return {"served": served, "steps": steps}


def step_ok(step, segment_ms):
    """A viewer step passes when every viewer got every segment without error and 95 % of the segment
    fetches took less than a segment's duration (slower, a player stalls)."""
    return (step["errors"] == 0 and step["viewers_behind"] == 0 and step["segments"] > 0
            and step["segment_ms_p95"] is not None and step["segment_ms_p95"] <= segment_ms)


def served(viewers, segment_ms):
    """The largest viewer count of the steps before the first failed one."""
    best = 0
    for step in viewers["steps"]:
        if not step_ok(step, segment_ms):
            break
        best = step["viewers"]
    return best


def cold_start(node, channel):
    """Seconds from a cold playlist request to a playlist with at least one segment."""
    path = node.base + EdgeNode.playlist_path(channel)
    t0 = time.time()
    while time.time() - t0 < 30:
        try:
            import urllib.request
            with urllib.request.urlopen(path, timeout=30) as r:
                if "#EXTINF" in r.read().decode():
                    return time.time() - t0
        except OSError:
            pass
        time.sleep(0.05)
    return None


def run_node(a, emulator, n, workdir, record_flag, jfr_file):
    jvm = [x for x in a.node_jvm.split() if x]
    if jfr_file:
        jvm.append(f"-XX:StartFlightRecording=filename={jfr_file},settings=profile,dumponexit=true")
    wanted = _channel_cache["all"][:n]
    extra = [record_flag, ",".join(f"{d}-{c}" for d, c in wanted)] if record_flag and not a.no_record else []
    node = EdgeNode(NODE_JAR, workdir, emulator, a.segment_ms, jvm, extra)
    stop_keepalive = threading.Event()
    try:
        keys = set(wanted)
        mine = lambda: [c for c in node.channels() if (c["device_id"], c["channel_id"]) in keys]
        channels = procwait(lambda: (lambda cs: cs if len(cs) == n else None)(
            mine()), 60, f"node lists {n} channels")
        base_heap = procstat.live_heap_mb(node.proc.pid)
        cold_keys = set(_channel_cache["all"][n:n + a.cold_samples])  # neither recorded nor preloaded: cold
        cold = []
        for c in [c for c in node.channels() if (c["device_id"], c["channel_id"]) in cold_keys]:
            cold.append(cold_start(node, c))
            log(f"  cold start {c['device_id']}/{c['channel_id']}: {cold[-1]:.2f} s" if cold[-1] else "  cold: none")
        with concurrent.futures.ThreadPoolExecutor(PRELOAD_THREADS) as pool:
            def keepalive():
                while not stop_keepalive.is_set():
                    list(pool.map(lambda c: http_status(node.base + EdgeNode.preload_path(c), 30), channels))
                    stop_keepalive.wait(KEEPALIVE_S)
            threading.Thread(target=keepalive, daemon=True).start()
            live = lambda: [c for c in mine() if c["hls_segments"] > 0]
            procwait(lambda: len(live()) == n, 30 + n * 0.3, f"all {n} channels live on the node")
            log(f"  node: {n} channels live; warm-up {a.warmup} s")
            time.sleep(a.warmup)
            start_heap = procstat.live_heap_mb(node.proc.pid)
            before, gc0 = mine(), procstat.jstat_gc(node.proc.pid)
            paths = [EdgeNode.playlist_path(c) for c in channels]
            lat_paths = paths[:LATENCY_CHANNELS]
            series, sampler = heap_series(node.proc.pid, a.heap_every, a.duration) if a.heap_every else ([], None)
            window, lat = steady_window(node.pids, a.duration, lambda: hls_client.probe_latency(
                "127.0.0.1", node.http_port, lat_paths, time.time() + a.duration, LATENCY_POLL_S))
            if sampler:
                sampler.join(120)
            after, gc1 = mine(), procstat.jstat_gc(node.proc.pid)
            end_heap = procstat.live_heap_mb(node.proc.pid)
            viewers = viewer_ramp(a, node.http_port, paths)
            stop_keepalive.set()
    except OSError as e:
        raise RuntimeError(f"{e}; {node.failure()}") from e
    finally:
        stop_keepalive.set()
        node.close()
    recorded = sum(1 for _, _, files in os.walk(os.path.join(workdir, "node-data", "recordings"))
                   for f in files if f.endswith(".ts"))
    units = sum(c["units_in"] for c in after) - sum(c["units_in"] for c in before)
    dropped = sum(c["dropped_units"] for c in after) - sum(c["dropped_units"] for c in before)
    live_after = sum(1 for c in after if c["state"] == "live")
    cold_ok = [x for x in cold if x is not None]
    res = {"target": "edge-relay", "channels": n, "channels_live": live_after, **window,
           "cpu_pct_per_channel": round(window["cpu_pct"] / n, 3),
           "heap_live_mb_base": hls_client.rnd(base_heap), "heap_live_mb_end": hls_client.rnd(end_heap),
           "heap_live_mb_window_start": hls_client.rnd(start_heap),
           "heap_growth_mb_over_window": hls_client.rnd(end_heap - start_heap, 2) if start_heap and end_heap else None,
           "heap_mb_per_channel": hls_client.rnd((end_heap - base_heap) / n, 3) if base_heap and end_heap else None,
           "heap_used_mb_window_end": hls_client.rnd(gc1 and gc1["heap_used_mb"]),
           "gc_ms_per_s": hls_client.rnd((gc1["gc_s"] - gc0["gc_s"]) * 1000 / window["seconds"], 2)
           if gc0 and gc1 else None,
           "units_per_s_per_channel": round(units / window["seconds"] / n, 1),
           # live segments sit in pooled direct memory, outside the heap: counted here, and in RSS
           "hls_held_mb_end": hls_client.rnd(sum(c.get("hls_bytes_held", 0) for c in after) / 1048576)
           if any("hls_bytes_held" in c for c in after) else None,
           "heap_live_series": series, "soak": soak_summary(series),
           "dropped_units": dropped, "dropped_units_total": sum(c["dropped_units"] for c in after),
           "cold_start_s": [round(x, 3) for x in cold_ok],
           "recording": bool(extra), "record_files": recorded, **latency_summary(lat), "viewers": viewers, "command": node.command}
    return res


def procwait(fn, deadline_s, what):
    end = time.time() + deadline_s
    while time.time() < end:
        try:
            v = fn()
            if v:
                return v
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{what}: not within {deadline_s:.0f} s")


def run_nginx(a, emulator, channels, workdir):
    streams = [(f"{d}-{c}", emulator.rtmp_pull_url(d, c)) for d, c in channels]
    n = len(streams)
    peer = NginxRtmp(workdir, emulator, streams, a.segment_ms, record=not a.no_record)
    try:
        t0 = time.time()
        procwait(lambda: peer.live_count() == n, 30 + n * 0.3, f"nginx HLS for all {n} streams")
        log(f"  nginx: {n} streams with HLS after {time.time() - t0:.1f} s; warm-up {a.warmup} s")
        time.sleep(a.warmup)
        names = peer.names
        paths = [peer.playlist_path(x) for x in names]
        lat_names = names[:LATENCY_CHANNELS]
        window, lat = steady_window(peer.pids, a.duration, lambda: hls_client.probe_latency(
            "127.0.0.1", peer.http_port, [peer.playlist_path(x) for x in lat_names], time.time() + a.duration,
            LATENCY_POLL_S, [peer.fragment_dir(x) for x in lat_names]))
        live = peer.live_count()
        viewers = viewer_ramp(a, peer.http_port, paths)
        recorded = sum(len(files) for _, _, files in os.walk(os.path.join(peer.dir, "rec")))
        return {"target": "nginx-rtmp", "channels": n, "channels_live": live, **window,
                "cpu_pct_per_channel": round(window["cpu_pct"] / n, 3), "recording": not a.no_record,
                "record_files": recorded, **latency_summary(lat), "viewers": viewers,
                "version": peer.version(), "command": peer.command}
    except RuntimeError:
        with open(os.path.join(peer.dir, "logs", "error.log")) as f:
            log("  nginx error.log tail:\n" + "".join(f.readlines()[-15:]))
        raise
    finally:
        peer.close()
        shutil.rmtree(peer.dir, ignore_errors=True)


def versions():
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    git = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"java": java[0] if java else "?", "edge_relay_commit": git.stdout.strip() or "?",
            "python": platform.python_version()}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--render":  # Markdown again from a JSON result
        with open(sys.argv[2]) as f:
            md = markdown(json.load(f))
        with open(sys.argv[2][:-len(".json")] + ".md", "w") as f:
            f.write(md)
        print(md)
        return 0
    a = options()
    os.makedirs(a.out, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    peer_reason = "--no-peer" if a.no_peer else NginxRtmp.unavailable_reason()
    record_flag = node_records_flag()
    report = {"date": started.isoformat(timespec="seconds"), "machine": procstat.machine(), "versions": versions(),
              "options": {k: v for k, v in vars(a).items() if k != "out"},
              "load_average_start": procstat.load_average(), "peer_skipped": peer_reason,
              "node_records": record_flag if not a.no_record else "--no-record", "rows": []}
    if not record_flag:
        log("the node has no record-all option in this build: it pulls and serves HLS only")
    if peer_reason:
        log(f"peer skipped: {peer_reason}")
    workdir = tempfile.mkdtemp(prefix="edge-bench-")
    max_n = max(a.channels)
    cameras = (2 * (max_n + a.cold_samples) + 2) // 3 + 1  # odd-numbered emulator cameras carry two channels
    log(f"emulator: {cameras} loop cameras {a.size} at {a.bitrate} bit/s (own JVM, not measured)")
    clip = camera_clip(a)
    emulator = Emulator(SIM_JAR, workdir, cameras, a.size, a.bitrate, clip)
    report["emulator"] = emulator.command
    channels_of(emulator, max_n)
    try:
        for n in sorted(a.channels):
            log(f"N = {n}: edge node")
            jfr = os.path.join(a.out, f"node-{n}.jfr") if a.jfr else None
            row = None
            for attempt in (1, 2):  # once more if the node died: the machine is shared
                node_dir = tempfile.mkdtemp(prefix=f"node-{n}-", dir=workdir)
                try:
                    row = {"channels": n, "node": run_node(a, emulator, n, node_dir, record_flag, jfr)}
                    break
                except Exception as e:
                    log(f"  node failed at N = {n} (attempt {attempt}): {e}")
                    error = str(e)
                finally:
                    shutil.rmtree(node_dir, ignore_errors=True)
            if row is None:
                report["rows"].append({"channels": n, "node": {"error": error.splitlines()[0]}})
                break
            print_row(row["node"])
            if jfr and os.path.exists(jfr):
                row["node"]["profile_top"] = profile_summary.top_costs(jfr)
                for line in row["node"]["profile_top"][:10]:
                    log(f"  JFR {line['share_pct']:5.1f}%  {line['frame']}")
            if not peer_reason:
                log(f"N = {n}: nginx-rtmp")
                channels = channels_of(emulator, n)
                try:
                    row["nginx"] = run_nginx(a, emulator, channels, workdir)
                    print_row(row["nginx"])
                    if row["nginx"]["cpu_pct_per_channel"] > 0:
                        row["cpu_ratio"] = round(row["node"]["cpu_pct_per_channel"] / row["nginx"]["cpu_pct_per_channel"], 2)
                except Exception as e:
                    log(f"  nginx failed at N = {n}: {e}")
                    row["nginx"] = {"error": str(e)}
            report["rows"].append(row)
            node = row["node"]
            cores = report["machine"]["cores"] or 1
            if node["cpu_pct"] >= SATURATION * 100 * cores or node["dropped_units"] > 0 or node["channels_live"] < n:
                log(f"stopping the sweep at N = {n}: saturated, dropping or not all channels live")
                break
    finally:
        emulator.close()
        shutil.rmtree(workdir, ignore_errors=True)
    report["load_average_end"] = procstat.load_average()
    report["elapsed_s"] = round((datetime.datetime.now(datetime.timezone.utc) - started).total_seconds(), 1)
    stamp = started.strftime("%Y%m%dT%H%M%SZ") + ("-quick" if a.quick else "")
    with open(os.path.join(a.out, f"bench-{stamp}.json"), "w") as f:
        json.dump(report, f, indent=2)
    md = markdown(report)
    with open(os.path.join(a.out, f"bench-{stamp}.md"), "w") as f:
        f.write(md)
    print(md)
    log(f"wrote {a.out}/bench-{stamp}.json and .md in {report['elapsed_s']} s")


_channel_cache = {}


def channels_of(emulator, n):
    """The first n emulator channels, the same for the node and nginx."""
    if "all" not in _channel_cache:
        _channel_cache["all"] = emulator.channels()
    return _channel_cache["all"][:n]


def print_row(r):
    log(f"  {r['target']}: N={r['channels']} live={r['channels_live']} CPU {r['cpu_pct']}% "
        f"({r['cpu_pct_per_channel']}%/ch) RSS {r['rss_mb_avg']} MB latency p50 {r['latency_ms_p50']} ms "
        f"p95 {r['latency_ms_p95']} ms viewers served {r['viewers']['served']}")


#: The emulator's GOP (SimOptions.DEFAULT_CAMERA_GOP_SECONDS and the bench clip's -g 50 at 25 fps).
GOP_MS = 2000


def targets(report):
    """Each benchmark goal against the rows measured, met or not."""
    nodes = [r["node"] for r in report["rows"] if "error" not in r.get("node", {"error": 1})]
    out = []
    for r in nodes:
        n = r["channels"]
        ratio = next((row.get("cpu_ratio") for row in report["rows"] if row["channels"] == n), None)
        cold = max(r["cold_start_s"]) * 1000 if r["cold_start_s"] else None
        checks = [
            ("no drops, all live", r["dropped_units"] == 0 and r["channels_live"] == n),
            ("CPU ratio <= 1.0", None if ratio is None else ratio <= 1.0),
            ("heap/ch < 2 MB", None if r.get("heap_mb_per_channel") is None else r["heap_mb_per_channel"] < 2),
            (f"cold start <= GOP + 500 ms ({GOP_MS + 500} ms)", None if cold is None else cold <= GOP_MS + 500),
            ("latency beyond segment p95 <= 200 ms",
             None if r["beyond_segment_ms_p95"] is None else r["beyond_segment_ms_p95"] <= 200),
        ]
        if r.get("soak"):  # growth: the last live heap above the first by more than 5 MB or 5 %
            k = r["soak"]
            checks.append((f"no heap growth over {r['seconds']:.0f} s",
                           k["last_mb"] - k["first_mb"] <= max(5.0, 0.05 * k["first_mb"])))
        out.append(f"- N = {n}{' (recording)' if r.get('recording') else ' (not recording)'}: " + "; ".join(
            f"{name}: {'n/a' if ok is None else 'met' if ok else 'NOT met'}" for name, ok in checks))
    return out or ["- no node row completed"]


def soak_lines(report):
    """The live heap series of each node row that sampled one (--heap-every)."""
    out = []
    for row in report["rows"]:
        r = row.get("node", {})
        if r.get("soak"):
            k = r["soak"]
            out += ["", f"## Live heap over the window, N = {row['channels']} (after a full GC, MB at seconds)", "",
                    ", ".join(f"{t:.0f} s: {h}" for t, h in r["heap_live_series"]),
                    "", f"First {k['first_mb']} MB, last {k['last_mb']} MB, max {k['max_mb']} MB; least-squares slope "
                    f"{k['slope_mb_per_min']} MB/min over {r['seconds']} s."]
    return out


def fmt(v):
    return "-" if v is None else str(v)


def markdown(report):
    m = report["machine"]
    lines = [f"# edge-relay benchmark {report['date']}", "",
             f"Machine: {m.get('cpu', '?')}, {m['cores']} cores, {m.get('mem_gb', '?')} GB, kernel {m['kernel']}; "
             f"load average {report['load_average_start']} -> {report.get('load_average_end')} (shared machine).",
             f"Versions: {report['versions']['java']}; edge-relay {report['versions']['edge_relay_commit']}; "
             f"peer: {next((r['nginx']['version'] for r in report['rows'] if 'version' in r.get('nginx', {})), report['peer_skipped'] or '?')}.",
             f"Options: {json.dumps(report['options'])}. Node records: {report['node_records'] or 'no (option absent)'}.",
             "", "| N | target | live | CPU % | CPU %/ch | ratio | RSS MB | heap live MB (base->end) | heap MB/ch "
             "| heap growth MB | GC ms/s | HLS off-heap MB | dropped | units/s/ch | latency p50/p95 ms | beyond segment p95 ms "
             "| cold start s | viewers served |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    seg = report["options"]["segment_ms"]
    for row in report["rows"]:
        for key in ("node", "nginx"):
            r = row.get(key)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {row['channels']} | {key} | failed: {r['error']} |" + " |" * 15)
                continue
            lines.append(
                f"| {row['channels']} | {r['target']} | {r['channels_live']} | {r['cpu_pct']} | {r['cpu_pct_per_channel']} "
                f"| {fmt(row.get('cpu_ratio')) if key == 'node' else ''} | {r['rss_mb_avg']} "
                f"| {fmt(r.get('heap_live_mb_base'))}->{fmt(r.get('heap_live_mb_end'))} | {fmt(r.get('heap_mb_per_channel'))} "
                f"| {fmt(r.get('heap_growth_mb_over_window'))} | {fmt(r.get('gc_ms_per_s'))} | {fmt(r.get('hls_held_mb_end'))} "
                f"| {fmt(r.get('dropped_units'))} | {fmt(r.get('units_per_s_per_channel'))} "
                f"| {fmt(r['latency_ms_p50'])}/{fmt(r['latency_ms_p95'])} | {fmt(r['beyond_segment_ms_p95'])} "
                f"| {', '.join(str(x) for x in r.get('cold_start_s', [])) or '-'} | {served(r['viewers'], seg)} |")
    lines += soak_lines(report)
    lines += ["", "## Targets", ""] + targets(report)
    lines += ["", "CPU: user+system of the process tree from /proc/PID/stat over the window, 100 = one core; ratio = "
              "node CPU per channel / nginx-rtmp CPU per channel. Latency: time a segment first appears in its playlist "
              "(polled every 100 ms) minus the instant its first unit reached the server (node: EXT-X-PROGRAM-DATE-TIME; "
              "nginx: first sight of the fragment file). 'Beyond segment' subtracts the segment's EXTINF. Cold start: "
              "a cold playlist request until a playlist with a segment. Viewers served: the largest step in which every "
              "viewer fetched every segment without error, 95 % of fetches within a segment's duration (the client "
              "runs on the same cores: Python asyncio, keep-alive HTTP/1.1)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
