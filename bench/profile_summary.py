"""Top costs of a JFR recording (jdk.ExecutionSample): the self time of the hottest frames, and the
first frame of the project's own code on each sampled stack, so a cost inside Netty or the JDK is
charged to the edge-relay call that caused it."""
import collections
import json
import subprocess
import sys

#: Stack frames kept per sample; enough to reach the caller in dev.edgerelay from most Netty frames.
STACK_DEPTH = 64
OWN_PACKAGE = "dev.edgerelay."


def frames_of(event):
    trace = (event.get("values") or {}).get("stackTrace") or {}
    out = []
    for f in trace.get("frames") or []:
        method = f.get("method") or {}
        cls = ((method.get("type") or {}).get("name") or "?").replace("/", ".")
        out.append(f"{cls}.{method.get('name', '?')}")
    return out


def top_costs(jfr_file, limit=15):
    try:
        out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(STACK_DEPTH), "--events",
                              "jdk.ExecutionSample", jfr_file], capture_output=True, text=True, timeout=300).stdout
        events = json.loads(out)["recording"]["events"]
    except (OSError, ValueError, KeyError, subprocess.TimeoutExpired):
        return []
    self_counts, own_counts = collections.Counter(), collections.Counter()
    for e in events:
        frames = frames_of(e)
        if not frames:
            continue
        self_counts[frames[0]] += 1
        own = next((f for f in frames if f.startswith(OWN_PACKAGE)), "(no edge-relay frame)")
        own_counts[own] += 1
    total = max(1, len(events))
    rows = [{"kind": "self", "frame": f, "samples": c, "share_pct": round(c * 100 / total, 1)}
            for f, c in self_counts.most_common(limit)]
    rows += [{"kind": "edge-relay caller", "frame": f, "samples": c, "share_pct": round(c * 100 / total, 1)}
             for f, c in own_counts.most_common(limit)]
    return rows


if __name__ == "__main__":
    for row in top_costs(sys.argv[1]):
        print(f"{row['kind']:18s} {row['share_pct']:5.1f}%  {row['frame']}")
