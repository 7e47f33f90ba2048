// Plays live HLS playlists with hls.js in Debian's headless Chromium and reports, per playlist, how many video
// frames the browser actually presented and hls.js's fatal error if there was one.
//
// usage: node hls-frames.mjs '<json>'  with
//   { "chromium": "/usr/bin/chromium", "hlsJs": "http://node/vendor/hls.min.js", "minFrames": 25,
//     "timeoutMillis": 30000, "joins": [ { "src": "http://node/live/.../index.m3u8?token", "delayMillis": 700 } ] }
// prints one JSON object: { "mse": {...isTypeSupported answers...}, "joins": [ { "src", "frames", "fatal",
//   "errors", "currentTime" } ] }. Exit 0 whenever the browser ran; the caller judges the figures.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = JSON.parse(process.argv[2]);

// The test page: the node's own hls.js build, a muted video, every hls.js error recorded.
const page = `<!doctype html><meta charset="utf-8"><title>hls.js frames</title>
<video id="v" muted autoplay playsinline></video>
<script src="${args.hlsJs}"></script>
<script>
  window.report = { fatal: null, errors: [] };
  const video = document.getElementById('v');
  const hls = new Hls();
  hls.on(Hls.Events.ERROR, (event, data) => {
    window.report.errors.push(data.type + ':' + data.details);
    if (data.fatal) window.report.fatal = data.type + ':' + data.details + (data.error ? ' ' + data.error.message : '');
  });
  hls.loadSource(new URLSearchParams(location.search).get('src'));
  hls.attachMedia(video);
  video.play().catch(() => {});
</script>`;

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${server.address().port}/play.html`;

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hls-frames-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function mseSupport() {
  const p = await context.newPage();
  await p.goto(pageUrl + '?src=about:blank');
  const answers = await p.evaluate(() => ({
    'video/mp4; codecs="avc1.640028"': MediaSource.isTypeSupported('video/mp4; codecs="avc1.640028"'),
    'audio/mp4; codecs="mp4a.40.2"': MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
  }));
  await p.close();
  return answers;
}

async function play(join) {
  await sleep(join.delayMillis || 0);
  const p = await context.newPage();
  const result = { src: join.src, frames: 0, fatal: null, errors: [], currentTime: 0 };
  try {
    await p.goto(pageUrl + '?src=' + encodeURIComponent(join.src));
    const deadline = Date.now() + args.timeoutMillis;
    while (Date.now() < deadline) {
      const now = await p.evaluate(() => ({
        frames: document.getElementById('v').getVideoPlaybackQuality().totalVideoFrames,
        currentTime: document.getElementById('v').currentTime,
        fatal: window.report.fatal,
        errors: window.report.errors,
      }));
      Object.assign(result, now);
      if (now.fatal || now.frames >= args.minFrames) break;
      await sleep(100);
    }
  } catch (e) {
    result.fatal = 'script:' + e.message;
  } finally {
    await p.close();
  }
  return result;
}

let out;
try {
  const mse = await mseSupport();
  const joins = await Promise.all(args.joins.map(play));
  out = { mse, joins };
} finally {
  await context.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');
