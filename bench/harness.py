"""scripts/bench: the edge node and nginx-rtmp doing the same work in the same run.

For each N of the sweep: the node pulls N emulator channels, serves them as HLS (and records them when the
node can), holds a steady state and is measured alone, once per JVM variant (--node-jvm-variants; the
launcher's own options by default); then nginx-rtmp pulls the same N streams with `pull ... static`,
`hls on`, `record all` and is measured the same way. The sweep stops at the first N where the node
saturates the cores or drops units, unless --no-stop. Results go to bench/results/ as JSON and Markdown,
with one side-by-side table of node and nginx-rtmp per N.
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
from report import markdown, step_ok
from targets import (EdgeNode, Emulator, NginxRtmp, http_json, http_status, launcher_jvm_options,
                     merged_jvm_options)

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
    p.add_argument("--channels", default=None, help="comma list of N (default 50,200,400; quick: 10)")
    p.add_argument("--no-stop", action="store_true",
                   help="run every N even after the node saturated, dropped units or failed at a smaller one")
    p.add_argument("--duration", type=float, default=None, help="steady-state window seconds (default 60; quick 10)")
    p.add_argument("--warmup", type=float, default=None, help="seconds after all channels are live (default 15)")
    p.add_argument("--bitrate", type=int, default=2_000_000, help="camera video bit/s (default 2000000)")
    p.add_argument("--size", default="1280x720", help="camera picture size (default 1280x720)")
    p.add_argument("--segment-ms", type=int, default=2000, help="HLS segment target, node and nginx (default 2000)")
    p.add_argument("--cold-samples", type=int, default=None, help="channels timed cold, one at a time (default 5)")
    p.add_argument("--viewers", default=None, help="comma list of viewer counts tried in turn (default 50,100,200,400)")
    p.add_argument("--viewer-seconds", type=float, default=None, help="seconds per viewer step (default 20)")
    p.add_argument("--no-peer", action="store_true", help="skip nginx-rtmp")
    p.add_argument("--no-record", action="store_true", help="do not ask either target to record")
    p.add_argument("--jfr", action="store_true", help="record JFR on the node and print its top costs")
    p.add_argument("--node-jvm", default="", help="JVM options for the node, space separated, added to the "
                   "launcher's defaults (packaging), replacing a default of the same name (-Xmx, -XX:Name, the collector)")
    p.add_argument("--node-jvm-variants", default=None,
                   help="';'-separated JVM option sets, the node measured once per set at each N (nginx once), "
                        "each on top of the launcher's defaults and --node-jvm; an empty set is the defaults, "
                        f"'{BARE}' starts from no defaults, e.g. \";-XX:+UseG1GC;-Xmx512m -XX:MaxDirectMemorySize=1g\"")
    p.add_argument("--heap-every", type=float, default=0,
                   help="also sample the node's live heap (after a full GC) every this many seconds of the window: "
                        "the soak, e.g. --channels 50 --duration 600 --heap-every 60 --no-peer")
    p.add_argument("--out", default=os.path.join(ROOT, "bench/results"), help="where JSON and Markdown go")
    a = p.parse_args(glued(sys.argv[1:], ("--node-jvm", "--node-jvm-variants")))
    q = a.quick
    a.channels = [int(x) for x in (a.channels or ("10" if q else "50,200,400")).split(",")]
    a.duration = a.duration or (10 if q else 60)
    a.warmup = a.warmup if a.warmup is not None else (3 if q else 15)
    a.cold_samples = a.cold_samples if a.cold_samples is not None else (2 if q else 5)
    a.viewers = [int(x) for x in (a.viewers or ("30" if q else "50,100,200,400")).split(",")]
    a.viewer_seconds = a.viewer_seconds or (6 if q else 20)
    a.node_jvm_variants = [v.strip() for v in a.node_jvm_variants.split(";")] if a.node_jvm_variants else [""]
    return a


def glued(argv, names):
    """argv with each of the options `names` joined to its value (--node-jvm=-Xmx1g): argparse would take
    a value starting with '-', as JVM options do, for an option of its own."""
    out, i = [], 0
    while i < len(argv):
        if argv[i] in names and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


#: A --node-jvm-variants word: this variant starts from no launcher options (the JVM's own defaults).
BARE = "bare"


def node_jvm(a, variant, launcher):
    """The node's JVM options for one variant: the launcher's, then --node-jvm, then the variant, a later option
    replacing an earlier one of the same name (targets.merged_jvm_options)."""
    words = variant.split()
    base = [] if BARE in words else launcher
    return merged_jvm_options(merged_jvm_options(base, a.node_jvm.split()), [w for w in words if w != BARE])


def variant_label(variant):
    return variant or "launcher"


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
    Returns CPU seconds, RSS (VmRSS, and without file pages: RssAnon + RssShmem) average/peak, share of the
    whole machine busy, and the probe's result."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(probe=asyncio.run(probe())), daemon=True)
    rss, anon = [], []

    def sample():
        end = time.time() + seconds
        while time.time() < end:
            m = procstat.memory_mb(pids)
            rss.append(m["rss"])
            anon.append(m["anon"])
            time.sleep(1.0)

    c0, t0 = procstat.cpu_seconds(pids), time.time()
    thread.start()
    busy = procstat.machine_busy_fraction(sample)
    c1, t1 = procstat.cpu_seconds(pids), time.time()
    thread.join(60)
    cpu_pct = (c1 - c0) / (t1 - t0) * 100.0
    return {"seconds": round(t1 - t0, 1), "cpu_pct": round(cpu_pct, 1),
            "rss_mb_avg": round(sum(rss) / max(1, len(rss)), 1), "rss_mb_max": round(max(rss or [0]), 1),
            "rss_anon_mb_avg": round(sum(anon) / max(1, len(anon)), 1), "rss_anon_mb_max": round(max(anon or [0]), 1),
            "machine_busy_pct": round(busy * 100, 1)}, result.get("probe", [])


def warm_up(a, port, lat_paths, file_dirs=None):
    """The warm-up runs the window's load: the latency probe polls the same playlists, its results dropped, so the
    window measures a steady state and not a target's first answers to the probe (a JIT compiling them)."""
    asyncio.run(hls_client.probe_latency("127.0.0.1", port, lat_paths, time.time() + a.warmup, LATENCY_POLL_S,
                                         file_dirs))


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


#: The /edge/channels counters of units a consumer of the channel did not get, summed into `dropped_units`
#: (window) and `dropped_units_total` (whole run): units a reader of the stream (the live HLS muxer, the
#: recorder, RTMP players) lost by falling behind, and units the recorder skipped while its disk caught up.
DROP_FIELDS = ("dropped_units", "recording.skipped_units")
#: Counted apart, not as drops: audio the live muxer discards before a stream's first keyframe (a segment
#: starts at a keyframe, so no player could have played it).
AUDIO_BEFORE_KEYFRAME = "hls_held_audio_units"


def field(channel, dotted):
    v = channel
    for part in dotted.split("."):
        v = v.get(part) if isinstance(v, dict) else None
    return v


def drop_counts(channels):
    """Each DROP_FIELDS counter summed over the channels; None for a counter no channel has."""
    out = {}
    for name in DROP_FIELDS:
        values = [field(c, name) for c in channels]
        out[name] = sum(v for v in values if isinstance(v, (int, float))) if any(
            isinstance(v, (int, float)) for v in values) else None
    return out


def dropped(channels):
    return sum(v for v in drop_counts(channels).values() if v)


def run_node(a, emulator, n, workdir, record_flag, jfr_file, jvm_options):
    jvm = list(jvm_options)
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
            all_live = mine()
            log(f"  node: {n} channels live; warm-up {a.warmup} s")
            paths = [EdgeNode.playlist_path(c) for c in channels]
            lat_paths = paths[:LATENCY_CHANNELS]
            warm_up(a, node.http_port, lat_paths)
            start_heap = procstat.live_heap_mb(node.proc.pid)
            before, gc0 = mine(), procstat.jstat_gc(node.proc.pid)
            series, sampler = heap_series(node.proc.pid, a.heap_every, a.duration) if a.heap_every else ([], None)
            window, lat = steady_window(node.pids, a.duration, lambda: hls_client.probe_latency(
                "127.0.0.1", node.http_port, lat_paths, time.time() + a.duration, LATENCY_POLL_S))
            if sampler:
                sampler.join(120)
            after, gc1, jvm_memory = mine(), procstat.jstat_gc(node.proc.pid), node.jvm_memory()
            end_heap = procstat.live_heap_mb(node.proc.pid)
            viewers = viewer_ramp(a, node.http_port, paths)
            stop_keepalive.set()
            final = mine()  # the whole run's counters: start, warm-up, window and viewers
    except (OSError, RuntimeError) as e:  # a JVM option the node cannot run with shows in its log
        raise RuntimeError(f"{e}; {node.failure()}") from e
    finally:
        stop_keepalive.set()
        node.close()
    recorded = sum(1 for _, _, files in os.walk(os.path.join(workdir, "node-data", "recordings"))
                   for f in files if f.endswith(".ts"))
    units = sum(c["units_in"] for c in after) - sum(c["units_in"] for c in before)
    live_after = sum(1 for c in after if c["state"] == "live")
    cold_ok = [x for x in cold if x is not None]
    res = {"target": "edge-relay", "variant": None, "jvm_options": jvm_options, "channels": n,
           "channels_live": live_after, **window,
           "cpu_pct_per_channel": round(window["cpu_pct"] / n, 3),
           "heap_live_mb_base": hls_client.rnd(base_heap), "heap_live_mb_end": hls_client.rnd(end_heap),
           "heap_live_mb_window_start": hls_client.rnd(start_heap),
           "heap_growth_mb_over_window": hls_client.rnd(end_heap - start_heap, 2) if start_heap and end_heap else None,
           "heap_mb_per_channel": hls_client.rnd((end_heap - base_heap) / n, 3) if base_heap and end_heap else None,
           "heap_used_mb_window_end": hls_client.rnd(gc1 and gc1["heap_used_mb"]),
           "gc_ms_per_s": hls_client.rnd((gc1["gc_s"] - gc0["gc_s"]) * 1000 / window["seconds"], 2)
           if gc0 and gc1 else None,
           **{f"jvm_{k}_window_end": hls_client.rnd(v) for k, v in jvm_memory.items()},
           "units_per_s_per_channel": round(units / window["seconds"] / n, 1),
           # live segments sit in pooled direct memory, outside the heap: counted here, and in RSS
           "hls_held_mb_end": hls_client.rnd(sum(c.get("hls_bytes_held", 0) for c in after) / 1048576)
           if any("hls_bytes_held" in c for c in after) else None,
           "heap_live_series": series, "soak": soak_summary(series),
           "dropped_units": dropped(after) - dropped(before), "dropped_units_total": dropped(final),
           "dropped_by_counter_total": drop_counts(final),
           # where in the run the units were dropped: finding the cause starts there
           "dropped_units_by_phase": {"start_until_all_live": dropped(all_live),
                                      "warmup": dropped(before) - dropped(all_live),
                                      "window": dropped(after) - dropped(before),
                                      "viewer_steps": dropped(final) - dropped(after)},
           "audio_before_keyframe_units_total": sum(c.get(AUDIO_BEFORE_KEYFRAME, 0) for c in final),
           "cold_start_s": [round(x, 3) for x in cold_ok],
           "cold_start_ms_p95": hls_client.rnd(hls_client.percentile([x * 1000 for x in cold_ok], 95)),
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
        names = peer.names
        paths = [peer.playlist_path(x) for x in names]
        lat_names = names[:LATENCY_CHANNELS]
        lat_paths = [peer.playlist_path(x) for x in lat_names]
        lat_dirs = [peer.fragment_dir(x) for x in lat_names]
        warm_up(a, peer.http_port, lat_paths, lat_dirs)
        window, lat = steady_window(peer.pids, a.duration, lambda: hls_client.probe_latency(
            "127.0.0.1", peer.http_port, lat_paths, time.time() + a.duration, LATENCY_POLL_S, lat_dirs))
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


def run_node_variant(a, emulator, n, workdir, record_flag, launcher, i):
    """The node at N = n with JVM variant i, tried twice (the machine is shared); its row, or one with the error."""
    variant = a.node_jvm_variants[i]
    jvm = node_jvm(a, variant, launcher)
    log(f"N = {n}: edge node, JVM {variant_label(variant)}: {' '.join(jvm)}")
    suffix = f"-v{i + 1}" if len(a.node_jvm_variants) > 1 else ""
    jfr = os.path.join(a.out, f"node-{n}{suffix}.jfr") if a.jfr else None
    result = None
    for attempt in (1, 2):
        node_dir = tempfile.mkdtemp(prefix=f"node-{n}-", dir=workdir)
        try:
            result = run_node(a, emulator, n, node_dir, record_flag, jfr, jvm)
            break
        except Exception as e:
            log(f"  node failed at N = {n} (attempt {attempt}): {e}")
            error = str(e)
        finally:
            shutil.rmtree(node_dir, ignore_errors=True)
    if result is None:
        return {"target": "edge-relay", "variant": variant_label(variant), "jvm_options": jvm, "channels": n,
                "error": error.splitlines()[0].removesuffix(" log tail:").rstrip(";") + " (log: Node failures)",
                "error_detail": error[-3000:]}
    result["variant"] = variant_label(variant)
    print_row(result)
    if jfr and os.path.exists(jfr):
        result["profile_top"] = profile_summary.top_costs(jfr)
        for line in result["profile_top"][:10]:
            log(f"  JFR {line['share_pct']:5.1f}%  {line['frame']}")
    return result


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
    launcher, launcher_source = launcher_jvm_options(ROOT)
    log(f"node JVM: the launcher's options from {launcher_source}: {' '.join(launcher) or '(none)'}")
    report = {"date": started.isoformat(timespec="seconds"), "machine": procstat.machine(), "versions": versions(),
              "options": {k: v for k, v in vars(a).items() if k != "out"},
              "launcher_jvm": {"options": launcher, "source": launcher_source},
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
            row = {"channels": n, "nodes": [run_node_variant(a, emulator, n, workdir, record_flag, launcher, i)
                                            for i in range(len(a.node_jvm_variants))]}
            row["node"] = row["nodes"][0]  # the first variant, where a reader of older results looks
            if not peer_reason:
                log(f"N = {n}: nginx-rtmp")
                channels = channels_of(emulator, n)
                try:
                    row["nginx"] = run_nginx(a, emulator, channels, workdir)
                    print_row(row["nginx"])
                    for node in row["nodes"]:
                        if "error" not in node and row["nginx"]["cpu_pct_per_channel"] > 0:
                            node["cpu_ratio"] = round(node["cpu_pct_per_channel"]
                                                      / row["nginx"]["cpu_pct_per_channel"], 2)
                    row["cpu_ratio"] = row["node"].get("cpu_ratio")
                except Exception as e:
                    log(f"  nginx failed at N = {n}: {e}")
                    row["nginx"] = {"error": str(e)}
            report["rows"].append(row)
            cores = report["machine"]["cores"] or 1
            if all("error" in node or node["cpu_pct"] >= SATURATION * 100 * cores or node["dropped_units"] > 0
                   or node["channels_live"] < n for node in row["nodes"]):
                if not a.no_stop:
                    log(f"stopping the sweep at N = {n}: every node variant failed, saturated, dropped units or "
                        "had channels not live (--no-stop runs on)")
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
        f"({r['cpu_pct_per_channel']}%/ch) RSS {r['rss_mb_avg']} MB (without file pages {r['rss_anon_mb_avg']} MB) "
        f"latency p50 {r['latency_ms_p50']} ms p95 {r['latency_ms_p95']} ms viewers served {r['viewers']['served']}"
        + (f" dropped {r['dropped_units']} (whole run {r['dropped_units_total']})" if "dropped_units" in r else ""))


if __name__ == "__main__":
    sys.exit(main())
