"""How scripts/bench judges and writes its results: the viewer step rule, the goals, and the Markdown
(one side-by-side table of node and nginx-rtmp per N, then the details). `python3 bench/harness.py --render
FILE.json` writes the Markdown again from a JSON result, older ones included."""
import json

#: The emulator's GOP (SimOptions.DEFAULT_CAMERA_GOP_SECONDS and the bench clip's -g 50 at 25 fps).
GOP_MS = 2000
#: The goals' bounds: cold start p95 within GOP + this, RSS without the page cache at N <= RSS_GOAL_UP_TO.
COLD_START_MARGIN_MS = 300
RSS_GOAL_MB = 400
RSS_GOAL_UP_TO = 200


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


def nodes_of(row):
    """The node results of a row, one per JVM variant (results older than variants hold one, under "node")."""
    return row.get("nodes") or ([row["node"]] if "node" in row else [])


def fmt(v):
    return "-" if v is None else str(v)


def pair(r, avg, peak):
    """"avg/max" of two figures of r, "-" when r lacks them."""
    return "-" if r.get(avg) is None else f"{r[avg]}/{fmt(r.get(peak))}"


def cold_p95(r):
    if r.get("cold_start_ms_p95") is not None:
        return r["cold_start_ms_p95"]
    cold = r.get("cold_start_s") or []
    return round(max(cold) * 1000) if cold else None  # older results: the largest of the few samples


def side_by_side(report):
    """One line per N and node JVM variant, node and nginx-rtmp side by side: every figure the goals ask for."""
    seg = report["options"]["segment_ms"]
    lines = ["| N | node JVM | node CPU %/ch | nginx CPU %/ch | ratio | node RSS MB avg/max | nginx RSS MB avg/max "
             "| node RSS excl. page cache MB avg/max | nginx RSS excl. page cache MB avg/max | node heap live MB (MB/ch) "
             "| node direct MB | node dropped window / whole run | beyond segment p95 ms node / nginx "
             "| cold start p95 ms | viewers node / nginx |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in report["rows"]:
        x = row.get("nginx") or {}
        ok_x = "error" not in x and bool(x)
        for r in nodes_of(row):
            label = r.get("variant") or "launcher"
            if "error" in r:
                lines.append(f"| {row['channels']} | {label} | failed: {r['error']} | "
                             f"{fmt(x.get('cpu_pct_per_channel'))} |" + " |" * 11)
                continue
            lines.append(
                f"| {row['channels']} | {label} | {r['cpu_pct_per_channel']} | {fmt(x.get('cpu_pct_per_channel'))} "
                f"| {fmt(r.get('cpu_ratio', row.get('cpu_ratio')))} | {pair(r, 'rss_mb_avg', 'rss_mb_max')} "
                f"| {pair(x, 'rss_mb_avg', 'rss_mb_max')} | {pair(r, 'rss_anon_mb_avg', 'rss_anon_mb_max')} "
                f"| {pair(x, 'rss_anon_mb_avg', 'rss_anon_mb_max')} "
                f"| {fmt(r.get('heap_live_mb_end'))} ({fmt(r.get('heap_mb_per_channel'))}) "
                f"| {fmt(r.get('jvm_direct_mb_window_end'))} "
                f"| {fmt(r.get('dropped_units'))} / {fmt(r.get('dropped_units_total'))} "
                f"| {fmt(r.get('beyond_segment_ms_p95'))} / {fmt(x.get('beyond_segment_ms_p95'))} "
                f"| {fmt(cold_p95(r))} | {served(r['viewers'], seg)} / {served(x['viewers'], seg) if ok_x else '-'} |")
        if x.get("error"):
            lines.append(f"| {row['channels']} | nginx-rtmp failed: {x['error']} |" + " |" * 13)
    return lines


def details(report):
    """Every figure of every target, one line each: the node once per JVM variant, then nginx-rtmp."""
    seg = report["options"]["segment_ms"]
    lines = ["| N | target | live | CPU % | CPU %/ch | ratio | RSS MB avg/max | RSS excl. page cache MB avg/max "
             "| heap live MB (base->end) | heap MB/ch | heap growth MB | GC ms/s | direct MB | non-heap MB "
             "| Netty pooled direct MB | HLS spool MB | dropped window / whole run | units/s/ch "
             "| latency p50/p95 ms | beyond segment p95 ms | cold start s | viewers served |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in report["rows"]:
        for r in nodes_of(row) + ([row["nginx"]] if row.get("nginx") else []):
            name = f"{r.get('target', 'nginx-rtmp')} {r['variant']}" if r.get("variant") else r.get("target", "?")
            if "error" in r:
                lines.append(f"| {row['channels']} | {name} | failed: {r['error']} |" + " |" * 19)
                continue
            node = r.get("target") == "edge-relay"
            lines.append(
                f"| {row['channels']} | {name} | {r['channels_live']} | {r['cpu_pct']} | {r['cpu_pct_per_channel']} "
                f"| {fmt(r.get('cpu_ratio', row.get('cpu_ratio'))) if node else ''} | {pair(r, 'rss_mb_avg', 'rss_mb_max')} "
                f"| {pair(r, 'rss_anon_mb_avg', 'rss_anon_mb_max')} "
                f"| {fmt(r.get('heap_live_mb_base'))}->{fmt(r.get('heap_live_mb_end'))} | {fmt(r.get('heap_mb_per_channel'))} "
                f"| {fmt(r.get('heap_growth_mb_over_window'))} | {fmt(r.get('gc_ms_per_s'))} "
                f"| {fmt(r.get('jvm_direct_mb_window_end'))} | {fmt(r.get('jvm_nonheap_mb_window_end'))} "
                f"| {fmt(r.get('jvm_netty_pooled_direct_mb_window_end'))} | {fmt(r.get('hls_held_mb_end'))} "
                f"| {fmt(r.get('dropped_units'))} / {fmt(r.get('dropped_units_total'))} "
                f"| {fmt(r.get('units_per_s_per_channel'))} "
                f"| {fmt(r['latency_ms_p50'])}/{fmt(r['latency_ms_p95'])} | {fmt(r['beyond_segment_ms_p95'])} "
                f"| {', '.join(str(x) for x in r.get('cold_start_s', [])) or '-'} | {served(r['viewers'], seg)} |")
    return lines


def jvm_lines(report):
    """The node's effective JVM options per variant, and where the launcher's defaults were read."""
    launcher = report.get("launcher_jvm")
    out = []
    if launcher:
        out += [f"Launcher JVM options (read from {launcher['source']}): `{' '.join(launcher['options']) or '(none)'}`.",
                ""]
    seen = set()
    for row in report["rows"]:
        for r in nodes_of(row):
            label = r.get("variant") or "launcher"
            if label in seen or "jvm_options" not in r:
                continue
            seen.add(label)
            out.append(f"- {label}: `java {' '.join(r['jvm_options'])} -jar edge-relay.jar run ...`")
    return ["", "## Node JVM command lines", ""] + out if out else []


def drop_lines(report):
    """The whole run's drop counters by name, per N and variant."""
    out = []
    for row in report["rows"]:
        for r in nodes_of(row):
            counts = r.get("dropped_by_counter_total")
            if counts is not None:
                out.append(f"- N = {row['channels']}, {r.get('variant') or 'launcher'}: " + ", ".join(
                    f"{k} {fmt(v)}" for k, v in counts.items())
                    + f"; audio before the first keyframe (not a drop) {fmt(r.get('audio_before_keyframe_units_total'))}"
                    + ("; by phase: " + ", ".join(f"{k} {v}" for k, v in r["dropped_units_by_phase"].items())
                       if r.get("dropped_units_by_phase") else ""))
    return ["", "## Dropped units over the whole run, by counter (/edge/channels)", ""] + out if out else []


def failure_lines(report):
    """The end of the error (the node's log tail) of each node run that failed."""
    out = []
    for row in report["rows"]:
        for r in nodes_of(row):
            if r.get("error_detail"):
                out += [f"N = {row['channels']}, {r.get('variant') or 'launcher'}:", "", "```",
                        *r["error_detail"].strip().splitlines()[-12:], "```", ""]
    return ["", "## Node failures", ""] + out if out else []


def targets(report):
    """Each benchmark goal against the node rows measured, met or not."""
    out = []
    for row in report["rows"]:
        for r in nodes_of(row):
            if "error" in r:
                continue
            n = r["channels"]
            ratio = r.get("cpu_ratio", row.get("cpu_ratio"))
            cold = cold_p95(r)
            total = r.get("dropped_units_total")
            anon = r.get("rss_anon_mb_max")
            checks = [
                ("0 dropped over the whole run, all live",
                 None if total is None else total == 0 and r["channels_live"] == n),
                ("CPU ratio <= 1.0 (moonshot 0.7)", None if ratio is None else ratio <= 1.0),
                ("heap/ch < 2 MB", None if r.get("heap_mb_per_channel") is None else r["heap_mb_per_channel"] < 2),
                (f"cold start p95 <= GOP + {COLD_START_MARGIN_MS} ms ({GOP_MS + COLD_START_MARGIN_MS} ms)",
                 None if cold is None else cold <= GOP_MS + COLD_START_MARGIN_MS),
                ("latency beyond segment p95 <= 200 ms",
                 None if r["beyond_segment_ms_p95"] is None else r["beyond_segment_ms_p95"] <= 200),
            ]
            if n <= RSS_GOAL_UP_TO:
                checks.append((f"RSS excl. page cache max <= {RSS_GOAL_MB} MB", None if anon is None else anon <= RSS_GOAL_MB))
            if r.get("soak"):  # growth: the last live heap above the first by more than 5 MB or 5 %
                k = r["soak"]
                checks.append((f"no heap growth over {r['seconds']:.0f} s",
                               k["last_mb"] - k["first_mb"] <= max(5.0, 0.05 * k["first_mb"])))
            label = f", {r['variant']}" if r.get("variant") else ""
            out.append(f"- N = {n}{label}{' (recording)' if r.get('recording') else ' (not recording)'}: " + "; ".join(
                f"{name}: {'n/a' if ok is None else 'met' if ok else 'NOT met'}" for name, ok in checks))
    return out or ["- no node row completed"]


def soak_lines(report):
    """The live heap series of each node row that sampled one (--heap-every)."""
    out = []
    for row in report["rows"]:
        for r in nodes_of(row):
            if r.get("soak"):
                k = r["soak"]
                out += ["", f"## Live heap over the window, N = {row['channels']}, {r.get('variant') or 'launcher'} "
                        "(after a full GC, MB at seconds)", "",
                        ", ".join(f"{t:.0f} s: {h}" for t, h in r["heap_live_series"]),
                        "", f"First {k['first_mb']} MB, last {k['last_mb']} MB, max {k['max_mb']} MB; least-squares "
                        f"slope {k['slope_mb_per_min']} MB/min over {r['seconds']} s."]
    return out


def markdown(report):
    m = report["machine"]
    peer = next((r["nginx"]["version"] for r in report["rows"] if "version" in r.get("nginx", {})),
                report["peer_skipped"] or "?")
    lines = [f"# edge-relay benchmark {report['date']}", "",
             f"Machine: {m.get('cpu', '?')}, {m['cores']} cores, {m.get('mem_gb', '?')} GB, kernel {m['kernel']}; "
             f"load average {report['load_average_start']} -> {report.get('load_average_end')} (shared machine).",
             f"Versions: {report['versions']['java']}; edge-relay {report['versions']['edge_relay_commit']}; "
             f"peer: {peer}.",
             f"Options: {json.dumps(report['options'])}. Node records: {report['node_records'] or 'no (option absent)'}.",
             "", "## Node and nginx-rtmp side by side", ""]
    lines += side_by_side(report)
    lines += ["", "## Targets", ""] + targets(report)
    lines += jvm_lines(report)
    lines += ["", "## Details", ""] + details(report)
    lines += drop_lines(report)
    lines += soak_lines(report)
    lines += failure_lines(report)
    lines += ["", "CPU: user+system of the process tree from /proc/PID/stat over the window, 100 = one core; ratio = "
              "node CPU per channel / nginx-rtmp CPU per channel. RSS: VmRSS of the process tree, sampled each second; "
              "'excl. page cache' is RssAnon + RssShmem (no file-backed pages, so neither the page cache nor the "
              "mapped jar). Heap live: after a full GC (jcmd GC.run) at the end of the window; direct, non-heap and "
              "Netty pooled: the node's /edge/metrics at the end of the window ('-': not exposed). Dropped: the "
              "units no consumer got (bench/README.md names the counters), over the window / over the whole run "
              "from start to the end of the viewer steps. Latency: time a segment first appears in its playlist "
              "(polled every 100 ms) minus the instant its first unit reached the server (node: "
              "EXT-X-PROGRAM-DATE-TIME; nginx: first sight of the fragment file). 'Beyond segment' subtracts the "
              "segment's EXTINF. Cold start: a cold playlist request until a playlist with a segment. Viewers "
              "served: the largest step in which every viewer fetched every segment without error, 95 % of "
              "fetches within a segment's duration (the client runs on the same cores: Python asyncio, "
              "keep-alive HTTP/1.1)."]
    return "\n".join(lines) + "\n"
