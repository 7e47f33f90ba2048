"""Loopback HLS clients for the benchmark: latency probes and concurrent viewers.

Plain asyncio streams with HTTP/1.1 keep-alive, standard library only, so `scripts/bench` runs on a
fresh machine. Every client is bounded by a deadline and stops by itself.
"""
import asyncio
import datetime
import os
import time

#: A playlist or segment larger than this is a broken answer, not something to buffer.
MAX_BODY_BYTES = 32 * 1024 * 1024
#: How long one request may take before the client counts it as failed.
REQUEST_TIMEOUT_S = 10.0


class HttpConnection:
    """One keep-alive connection to host:port; reconnects after an error."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path):
        """Returns (status, body bytes). Raises on transport errors or a timeout. A kept-alive connection
        that the server closed meanwhile (RFC 9112 9.3: either side may close an idle one) is opened again
        once, as browsers and players do."""
        reused = self.writer is not None
        try:
            return await asyncio.wait_for(self._get(path), REQUEST_TIMEOUT_S)
        except (ConnectionError, asyncio.IncompleteReadError):
            if not reused:
                raise
            return await asyncio.wait_for(self._get(path), REQUEST_TIMEOUT_S)

    async def _get(self, path):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("connection closed")
            status = int(status_line.split()[1])
            length, chunked, close = None, False, False
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding" and "chunked" in value:
                    chunked = True
                elif name == "connection" and value == "close":
                    close = True
            if chunked:
                body = bytearray()
                while True:
                    size = int((await self.reader.readline()).split(b";")[0], 16)
                    if size == 0:
                        await self.reader.readline()
                        break
                    body += await self.reader.readexactly(size + 2)
                    del body[-2:]
                    if len(body) > MAX_BODY_BYTES:
                        raise ValueError("body too large")
            elif length is not None:
                if length > MAX_BODY_BYTES:
                    raise ValueError("body too large")
                body = await self.reader.readexactly(length)
            else:
                body = await self.reader.read()
                close = True
            if close:
                self.close()
            return status, bytes(body)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def parse_playlist(text):
    """A live media playlist (RFC 8216 4.3) as (media_sequence, [(seq, uri, duration_s, pdt_ms or None)])."""
    media_sequence, segments = 0, []
    duration, pdt = None, None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            media_sequence = int(line.split(":", 1)[1])
        elif line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",")[0])
        elif line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            stamp = line.split(":", 1)[1].replace("Z", "+00:00")
            pdt = datetime.datetime.fromisoformat(stamp).timestamp() * 1000.0
        elif line and not line.startswith("#"):
            segments.append((media_sequence + len(segments), line, duration or 0.0, pdt))
            duration, pdt = None, None
    return media_sequence, segments


def resolve(playlist_path, uri):
    """A segment URI relative to its playlist's directory, as an absolute path."""
    if uri.startswith("/"):
        return uri
    return playlist_path.rsplit("/", 1)[0].split("?")[0] + "/" + uri


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(p / 100.0 * (len(ordered) - 1)))))
    return ordered[k]


async def probe_latency(host, port, playlist_paths, deadline, poll_s, file_dirs=None):
    """Availability latency of new segments: when each one first appears in its playlist, minus when its
    first unit reached the server. For the node that instant is the segment's EXT-X-PROGRAM-DATE-TIME (the
    node's receive time of the segment's first unit); nginx-rtmp writes none, so for it the instant is the
    first time the fragment file was seen in hls_path (polled every POLL_FILES_S), which nginx opens when
    the fragment's first frame arrives. Returns a list of (latency_ms, segment_duration_ms)."""
    results = []
    seen_files = {}

    async def watch_files():
        while time.time() < deadline:
            now = time.time() * 1000.0
            for d in file_dirs:
                try:
                    for entry in os.scandir(d):
                        if entry.name.endswith(".ts"):
                            seen_files.setdefault(os.path.join(d, entry.name), now)
                except FileNotFoundError:
                    pass
            await asyncio.sleep(POLL_FILES_S)

    async def one(index, path):
        conn = HttpConnection(host, port)
        known = None
        while time.time() < deadline:
            try:
                status, body = await conn.get(path)
                now = time.time() * 1000.0
                if status == 200:
                    _, segments = parse_playlist(body.decode("utf-8", "replace"))
                    if known is None:
                        known = {s[0] for s in segments}  # present before we looked: age unknown
                    for seq, uri, dur, pdt in segments:
                        if seq in known:
                            continue
                        known.add(seq)
                        if pdt is None and file_dirs:
                            pdt = seen_files.get(os.path.join(file_dirs[index], uri.split("?")[0].rsplit("/", 1)[-1]))
                        if pdt is not None:
                            results.append((now - pdt, dur * 1000.0))
            except Exception:
                pass
            await asyncio.sleep(poll_s)
        conn.close()

    tasks = [one(i, p) for i, p in enumerate(playlist_paths)]
    if file_dirs:
        tasks.append(watch_files())
    await asyncio.gather(*tasks)
    return results


#: How often the nginx fragment directory is listed for the file-appearance instant.
POLL_FILES_S = 0.02


async def run_viewers(host, port, playlist_paths, viewers, seconds, segment_s):
    """`viewers` players spread over the playlists, each polling its playlist every quarter segment and
    fetching every new segment. A viewer keeps up when it misses no segment and every fetch succeeds.
    Returns counters and timings of the whole crowd."""
    deadline = time.time() + seconds
    poll_s = max(0.1, segment_s / 4.0)
    stats = {"requests": 0, "errors": 0, "segments": 0, "bytes": 0, "gaps": 0,
             "playlist_ms": [], "segment_ms": [], "behind": 0, "error_kinds": {}}

    def error(kind):
        stats["errors"] += 1
        stats["error_kinds"][kind] = stats["error_kinds"].get(kind, 0) + 1

    async def viewer(i):
        path = playlist_paths[i % len(playlist_paths)]
        conn = HttpConnection(host, port)
        await asyncio.sleep((i % 50) * poll_s / 50.0)  # spread the polls, as real players are
        last = None
        fell_behind = False
        while time.time() < deadline:
            try:
                t0 = time.monotonic()
                status, body = await conn.get(path)
                stats["playlist_ms"].append((time.monotonic() - t0) * 1000.0)
                stats["requests"] += 1
                if status != 200:
                    error(f"playlist {status}")
                    await asyncio.sleep(poll_s)
                    continue
                _, segments = parse_playlist(body.decode("utf-8", "replace"))
                fresh = [s for s in segments if last is None or s[0] > last]
                if last is None:
                    fresh = fresh[-1:]  # a player starts at the live edge
                elif fresh and fresh[0][0] > last + 1:
                    stats["gaps"] += fresh[0][0] - last - 1
                    fell_behind = True
                for seq, uri, _, _ in fresh:
                    t0 = time.monotonic()
                    status, data = await conn.get(resolve(path, uri))
                    stats["segment_ms"].append((time.monotonic() - t0) * 1000.0)
                    stats["requests"] += 1
                    if status != 200:
                        error(f"segment {status}")
                        fell_behind = True
                    else:
                        stats["segments"] += 1
                        stats["bytes"] += len(data)
                    last = seq
            except Exception as e:
                error(type(e).__name__)
                fell_behind = True
            await asyncio.sleep(poll_s)
        conn.close()
        if fell_behind:
            stats["behind"] += 1

    await asyncio.gather(*(viewer(i) for i in range(viewers)))
    return {
        "viewers": viewers, "seconds": seconds, "requests": stats["requests"], "errors": stats["errors"],
        "segments": stats["segments"], "mbit_per_s": round(stats["bytes"] * 8 / 1e6 / seconds, 1),
        "gaps": stats["gaps"], "viewers_behind": stats["behind"], "error_kinds": stats["error_kinds"],
        "playlist_ms_p50": rnd(percentile(stats["playlist_ms"], 50)),
        "playlist_ms_p95": rnd(percentile(stats["playlist_ms"], 95)),
        "segment_ms_p50": rnd(percentile(stats["segment_ms"], 50)),
        "segment_ms_p95": rnd(percentile(stats["segment_ms"], 95)),
    }


def rnd(value, digits=1):
    return None if value is None else round(value, digits)
