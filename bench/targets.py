"""The processes under test: the platform emulator (its own JVM, never measured), the edge node (the real
jar in its own JVM) and the peer, nginx with nginx-rtmp pulling the same streams."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request

MASTER_KEY = "bench-master-key"
PRODUCT_ID = "100001"
NGINX_RTMP_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
#: The node's longest idle time (HubOptions.MAX_IDLE_TIMEOUT_MILLIS): the preload idle_time of the measured
#: channels, renewed well within it.
IDLE_TIMEOUT_MS = 120_000
#: The node's default idle time: the channels timed cold stop this soon after, before the steady window.
COLD_IDLE_TIMEOUT_MS = 5_000
#: Upper bound of any start-up wait, so a broken build fails the run instead of hanging it.
START_DEADLINE_S = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url, key=None, timeout=30):
    request = urllib.request.Request(url, headers={"api-key": key} if key else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode())


def http_text(url, key=None, timeout=30):
    request = urllib.request.Request(url, headers={"api-key": key} if key else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode()


def http_status(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def private_link(jar, workdir, name):
    """The jar under a name of the harness's own, so that someone stopping their own node or emulator by
    its jar name on this shared machine does not stop the benchmark's."""
    link = os.path.join(workdir, name)
    if not os.path.exists(link):
        os.symlink(os.path.abspath(jar), link)
    return link


def wait_for(predicate, deadline_s, what, proc=None, step_s=0.2):
    end = time.time() + deadline_s
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: process exited with {proc.returncode}")
        value = predicate()
        if value:
            return value
        time.sleep(step_s)
    raise RuntimeError(f"{what}: not within {deadline_s} s")


def stop(proc, sig=signal.SIGTERM, grace_s=20):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Emulator:
    """platform-sim in loop mode: one clip encoded once and replayed by every camera."""

    def __init__(self, jar, workdir, cameras, size, bitrate, clip_file=None, clip_seconds=4):
        """clip_file: an H.264/AAC file the cameras replay (file mode: the same replay as loop mode, with the
        clip encoded beforehand by the ffmpeg CLI, since encoding it in-process at start-up takes longer than
        the emulator's 30 s start limit on a loaded 2-core machine); None: loop mode's own clip."""
        self.http_port, self.rtmp_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.log_path = os.path.join(workdir, "emulator.log")
        self.log = open(self.log_path, "w")
        mode = ["--camera-mode", "file", "--camera-file", clip_file] if clip_file else [
            "--camera-mode", "loop", "--camera-size", size, "--camera-bitrate", str(bitrate),
            "--camera-clip-seconds", str(clip_seconds)]
        self.command = " ".join(["java", "-jar", private_link(jar, workdir, "emulator-under-bench.jar"), "--http-port", str(self.http_port), "--rtmp-port",
                                 str(self.rtmp_port), "--master-key", MASTER_KEY, "--product-id", PRODUCT_ID,
                                 "--cameras", str(cameras), *mode])
        self.proc = subprocess.Popen(self.command.split(), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            wait_for(self._ready, START_DEADLINE_S, "emulator start", self.proc)
        except RuntimeError:
            with open(self.log_path) as f:
                print(f.read()[-2000:])
            raise

    def _ready(self):
        with open(self.log_path) as f:
            return "devices)" in f.read()

    def rtmp_pull_url(self, device, channel):
        """A never-expiring play token (timeout=-1) for one channel, as nginx needs a fixed pull URL."""
        q = urllib.parse.urlencode({"device_id": device, "channel_id": channel, "protocol_type": 0, "timeout": -1})
        data = http_json(f"{self.url}/ipc/video/play_address?{q}", MASTER_KEY)["data"]
        return f"rtmp://{data['addr']}/live/{device}-{channel}?{data['accessToken']}"

    def channels(self):
        """Every (device_id, channel_id) of the emulator: the device search (spec 1.x, 100 a page), then
        QryChannel per device (spec 2.1, payload under "result")."""
        out, page = [], 1
        while True:
            q = urllib.parse.urlencode({"page": page, "per_page": 100})
            data = http_json(f"{self.url}/devices?{q}", MASTER_KEY)["data"]
            for d in data["devices"]:
                q = urllib.parse.urlencode({"device_id": d["id"]})
                for c in http_json(f"{self.url}/ipc/video/device/QryChannel?{q}", MASTER_KEY)["result"]:
                    out.append((str(d["id"]), int(c["channel_id"])))
            if page * 100 >= data["total_count"]:
                return out
            page += 1

    def close(self):
        stop(self.proc)
        self.log.close()


#: Where the packaging writes down the launcher's default JVM options, first found wins: a file of options
#: (several a line, # starts a comment), or the `jvm_options="..."` that scripts/package puts into bin/edge-relay.
LAUNCHER_JVM_FILES = ("packaging/jvm.options", "packaging/bin/jvm.options", "scripts/package")
_ASSIGNMENT = re.compile(r"""^\s*(?:export\s+)?jvm_options=(["'])(.*?)\1""", re.MULTILINE | re.DOTALL)


def launcher_jvm_options(root):
    """(options, source): the JVM options the packaged launcher starts the node with when nothing overrides them,
    read from the packaging so the bench runs the node as it ships; ([], why) when no source names them."""
    for rel in LAUNCHER_JVM_FILES:
        path = os.path.join(root, rel)
        if not os.path.isfile(path):
            continue
        with open(path) as f:
            text = f.read()
        if rel.endswith(".options"):
            return [o for line in text.splitlines() for o in line.split("#", 1)[0].split()], rel
        match = _ASSIGNMENT.search(text)
        if match:
            return match.group(2).split(), rel
    return [], "none found in " + ", ".join(LAUNCHER_JVM_FILES)


def jvm_option_key(option):
    """What an option sets, so a later one of the same key replaces it: -Xmx, -XX:Name, -Dname; every
    -XX:[+-]Use...GC is one key, the collector, since the JVM refuses two of them."""
    if option.startswith("-XX:"):
        body = option[4:]
        name = body[1:] if body[:1] in "+-" else body.split("=", 1)[0]
        return "collector" if name.startswith("Use") and name.endswith("GC") else "-XX:" + name
    for prefix in ("-Xmx", "-Xms", "-Xss", "-Xmn"):
        if option.startswith(prefix):
            return prefix
    return option.split("=", 1)[0] if option.startswith("-D") else option


def merged_jvm_options(base, extra):
    """base with extra after it, each option of extra replacing base's of the same key (jvm_option_key)."""
    replaced = {jvm_option_key(o) for o in extra}
    return [o for o in base if jvm_option_key(o) not in replaced] + list(extra)


#: Prometheus series of /edge/metrics (Micrometer's JvmMemoryMetrics; Netty's allocator meters when bound)
#: that the bench reports for the node, by a name of its own.
JVM_MEMORY_SERIES = {
    "direct_mb": ("jvm_buffer_memory_used_bytes", {"id": "direct"}),
    "mapped_mb": ("jvm_buffer_memory_used_bytes", {"id": "mapped"}),
    "nonheap_mb": ("jvm_memory_used_bytes", {"area": "nonheap"}),
    "netty_pooled_direct_mb": ("netty_allocator_memory_used_bytes", {"memory_type": "direct"}),
    "netty_pooled_heap_mb": ("netty_allocator_memory_used_bytes", {"memory_type": "heap"}),
}
_SERIES = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def jvm_memory(metrics_text):
    """The JVM_MEMORY_SERIES found in a Prometheus text scrape, each the sum of its matching series in MB;
    a figure whose series the node does not expose is None."""
    sums = {k: None for k in JVM_MEMORY_SERIES}
    for line in metrics_text.splitlines():
        m = _SERIES.match(line)
        if not m or line.startswith("#"):
            continue
        labels = dict(_LABEL.findall(m.group(2) or ""))
        for key, (name, want) in JVM_MEMORY_SERIES.items():
            if m.group(1) == name and all(labels.get(k) == v for k, v in want.items()):
                try:
                    sums[key] = (sums[key] or 0.0) + float(m.group(3)) / 1048576
                except ValueError:
                    pass
    return sums


class EdgeNode:
    """edge-relay.jar run against the emulator, HLS on loopback."""

    def __init__(self, jar, workdir, emulator, segment_ms, jvm_options=(), extra_args=()):
        self.http_port, self.rtmp_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.log_path = os.path.join(workdir, "node.log")
        self.log = open(self.log_path, "w")
        cmd = ["java", *jvm_options, "-jar", private_link(jar, workdir, "node-under-bench.jar"), "run", "--platform-url", emulator.url, "--api-key", MASTER_KEY,
               "--product-id", PRODUCT_ID, "--http-port", str(self.http_port), "--rtmp-port", str(self.rtmp_port),
               "--bind-host", "127.0.0.1", "--advertise-host", "127.0.0.1",
               "--data-dir", os.path.join(workdir, "node-data"), "--hls-segment-ms", str(segment_ms),
               "--idle-timeout-ms", str(COLD_IDLE_TIMEOUT_MS), *extra_args]
        self.command = " ".join(cmd)
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: http_status(self.base + "/edge/health") == 200, START_DEADLINE_S, "node health", self.proc)
        except RuntimeError as e:
            why = self.failure()
            self.close()
            raise RuntimeError(f"{e}; {why}") from e

    @property
    def pids(self):
        return [self.proc.pid]

    def channels(self):
        return http_json(self.base + "/edge/channels", MASTER_KEY)["data"]

    def jvm_memory(self):
        """jvm_memory() of the node's /edge/metrics now; every figure None when the scrape fails."""
        try:
            return jvm_memory(http_text(self.base + "/edge/metrics", MASTER_KEY))
        except (OSError, ValueError):
            return jvm_memory("")

    @staticmethod
    def playlist_path(channel):
        url = urllib.parse.urlsplit(channel["hls_url"])
        return f"{url.path}?{url.query}"

    @staticmethod
    def preload_path(channel):
        url = urllib.parse.urlsplit(channel["hls_url"])
        return url.path.rsplit("/", 1)[0] + f"/preload?{url.query}&idle_time={IDLE_TIMEOUT_MS // 1000}"

    def failure(self):
        """Why the node stopped answering: its exit code and the end of its log."""
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            tail = "".join(f.readlines()[-20:])
        return f"node exit code {self.proc.poll()}; log tail:\n{tail}"

    def close(self):
        stop(self.proc)
        self.log.close()


class NginxRtmp:
    """The peer users would otherwise pick: nginx + nginx-rtmp with static pulls, HLS and record all."""

    @staticmethod
    def unavailable_reason():
        if shutil.which("nginx") is None:
            return "nginx is not installed (scripts/bench installs Debian nginx + libnginx-mod-rtmp when root)"
        if not os.path.exists(NGINX_RTMP_MODULE):
            return f"nginx-rtmp module missing at {NGINX_RTMP_MODULE} (Debian libnginx-mod-rtmp)"
        return None

    def __init__(self, workdir, emulator, streams, segment_ms, record=True):
        """streams: [(name, pull_url)]."""
        self.dir = os.path.join(workdir, "nginx")
        self.hls_dir = os.path.join(self.dir, "hls")
        os.chmod(workdir, 0o755)  # nginx's worker runs as www-data when started by root
        for sub in ("hls", "rec", "logs"):
            os.makedirs(os.path.join(self.dir, sub), exist_ok=True)
            os.chmod(os.path.join(self.dir, sub), 0o777)
        self.http_port, self.rtmp_port = free_port(), free_port()
        pulls = "\n".join(f"      pull {url} name={name} static;" for name, url in streams)
        fragment_s = max(1, round(segment_ms / 1000))
        record_lines = (f"      record all;\n      record_path {self.dir}/rec;\n      record_unique on;"
                        if record else "      record off;")
        conf = f"""daemon off;
master_process on;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/logs/error.log warn;
load_module {NGINX_RTMP_MODULE};
events {{ worker_connections 8192; }}
rtmp {{
  server {{
    listen 127.0.0.1:{self.rtmp_port};
    application live {{
      live on;
      hls on;
      hls_path {self.hls_dir};
      hls_nested on;
      hls_fragment {fragment_s}s;
      hls_playlist_length {6 * fragment_s}s;
{record_lines}
{pulls}
    }}
  }}
}}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{self.http_port};
    location /hls/ {{
      alias {self.hls_dir}/;
      types {{ application/vnd.apple.mpegurl m3u8; video/mp2t ts; }}
      add_header Cache-Control no-cache;
    }}
    location /stat {{ rtmp_stat all; }}
  }}
}}
"""
        self.conf = os.path.join(self.dir, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        self.names = [name for name, _ in streams]
        self.log = open(os.path.join(self.dir, "logs", "stdout.log"), "w")
        self.command = f"nginx -p {self.dir}/ -e {self.dir}/logs/error.log -c {self.conf}"
        self.proc = subprocess.Popen(self.command.split(), stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_for(lambda: http_status(f"http://127.0.0.1:{self.http_port}/stat") == 200, 30, "nginx", self.proc)

    @property
    def pids(self):
        from procstat import process_tree
        return process_tree(self.proc.pid)

    def playlist_path(self, name):
        return f"/hls/{name}/index.m3u8"

    def fragment_dir(self, name):
        return os.path.join(self.hls_dir, name)

    def live_count(self):
        return sum(1 for n in self.names if os.path.exists(os.path.join(self.hls_dir, n, "index.m3u8")))

    def version(self):
        out = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
        pkg = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "libnginx-mod-rtmp"], capture_output=True,
                             text=True).stdout.strip()
        return f"{out}; libnginx-mod-rtmp {pkg or '?'}"

    def close(self):
        stop(self.proc, signal.SIGTERM)
        self.log.close()
