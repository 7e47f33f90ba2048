// Drives the node's console (module web, served at /) in Debian's headless Chromium, one scenario per run, and
// reports what the page showed; the Java test (ConsoleBrowserTest) judges the figures against the node's API.
// Selects only by the console's data-testid attributes (the UI contract), never by CSS classes or text layout.
//
// usage: node console-e2e.mjs '<json>'  with
//   { "chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:PORT", "key": "...", "scenario": "wall",
//     "screens": "/abs/dir", "timeoutMillis": 30000, ...scenario parameters }
// prints one JSON object: { "scenario", "consoleErrors": [...], "pageErrors": [...], "error": null | "what failed",
//   ...the scenario's figures }. Exit 0 whenever the browser ran; a step that timed out is named in "error".
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** How often the page's figures are read while waiting for a condition. */
const POLL_MILLIS = 100;

/** Waits until `read()` answers something `ok` accepts; throws naming `what` after `within` ms. */
async function until(what, within, read, ok) {
  const deadline = Date.now() + within;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await sleep(POLL_MILLIS);
  }
  throw new Error(`${what}: not within ${within} ms (last seen ${JSON.stringify(last)})`);
}

// Counts the frames each <video> presents with requestVideoFrameCallback, on every video the page ever creates.
const countFrames = () => {
  const watch = (v) => {
    if (v.__presented !== undefined) return;
    v.__presented = 0;
    const tick = () => {
      v.__presented++;
      v.requestVideoFrameCallback(tick);
    };
    v.requestVideoFrameCallback(tick);
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(watch))
    .observe(document, { childList: true, subtree: true });
};

/**
 * A video's figures: frames presented (callbacks, and the playback quality's count), media time, and the
 * recordings page's playback position (data-ms, NaN elsewhere) read at the same instant.
 */
function videoFigures(video) {
  return video.evaluate((v) => {
    const q = v.getVideoPlaybackQuality();
    const position = document.querySelector('[data-testid="playback-position"]');
    return { presented: v.__presented || 0, frames: q.totalVideoFrames - q.droppedVideoFrames,
      currentTime: v.currentTime, paused: v.paused, seeking: v.seeking,
      error: v.error ? v.error.code + ' ' + v.error.message : null,
      position: position ? Number(position.getAttribute('data-ms')) : null };
  });
}

/**
 * Waits until `video` plays (a frame presented, media time past 0, not paused or seeking: the first sample), then
 * until it presented `frames` more frames and its currentTime advanced by `seconds` (the later sample).
 */
async function playsOn(what, video, frames, seconds) {
  const first = await until(`${what}: a first frame`, args.timeoutMillis, () => videoFigures(video),
    (f) => f.presented > 0 && f.frames > 0 && f.currentTime > 0 && !f.paused && !f.seeking);
  const later = await until(`${what}: ${frames} more frames, ${seconds} s more media time`, args.timeoutMillis,
    () => videoFigures(video),
    (f) => f.presented >= first.presented + frames && f.frames >= first.frames + frames
      && f.currentTime >= first.currentTime + seconds);
  return { first, later };
}

async function signIn(page, key) {
  await page.goto(args.base + '/#/login');
  await page.getByTestId('login-key').fill(key);
  await page.getByTestId('login-submit').click();
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(args.screens, name + '.png') });
}

/** The timeline's mapping between x and epoch ms (the contract: linear over its bounding box). */
async function timeline(page) {
  const el = page.getByTestId('timeline');
  const box = await el.boundingBox();
  const from = Number(await el.getAttribute('data-from-ms'));
  const to = Number(await el.getAttribute('data-to-ms'));
  return {
    from, to, y: box.y + box.height / 2,
    x: (ms) => box.x + ((ms - from) / (to - from)) * box.width,
    ms: (x) => from + ((x - box.x) / box.width) * (to - from),
  };
}

/** The recorded ranges the timeline draws, the longest first. */
async function ranges(page) {
  const found = await page.getByTestId('timeline-range').evaluateAll((els) => els.map((e) => ({
    start: Number(e.getAttribute('data-start-ms')), end: Number(e.getAttribute('data-end-ms')) })));
  return found.sort((a, b) => (b.end - b.start) - (a.end - a.start));
}

/**
 * Opens the recordings page until its timeline shows a range of at least `minMillis` (the page is reloaded while
 * the recorder has not written that much yet), then zooms in until that range is `minPixels` wide on screen.
 */
async function recordedRange(page, route, minMillis, minPixels) {
  let range;
  await until(`a recorded range of ${minMillis} ms on the timeline`, args.timeoutMillis, async () => {
    await page.goto(args.base + '/#' + route);
    await page.reload();
    await page.getByTestId('timeline').waitFor();
    // the day's list answers after the page is drawn; no range within a few seconds means none yet
    await page.getByTestId('timeline-range').first().waitFor({ timeout: args.rangeWaitMillis }).catch(() => {});
    range = (await ranges(page))[0];
    return range ? range.end - range.start : 0;
  }, (length) => length >= minMillis);
  const zoomIn = page.getByTestId('timeline-zoom-in');
  for (let i = 0; i < args.maxZoomSteps; i++) {
    const t = await timeline(page);
    if (t.x(range.end) - t.x(range.start) >= minPixels || await zoomIn.isDisabled()) break;
    await zoomIn.click();
    await until('the timeline zoomed in', args.timeoutMillis, () => timeline(page),
      (zoomed) => zoomed.to - zoomed.from < t.to - t.from);
    range = await until('the recorded range in view after zooming in', args.timeoutMillis,
      async () => (await ranges(page))[0], (r) => r !== undefined);
  }
  const t = await timeline(page);
  if (range.start < t.from || range.end > t.to) {
    throw new Error(`zoomed in, the timeline [${t.from}, ${t.to}] shows only part of the range ${JSON.stringify(range)}`);
  }
  if (t.x(range.end) - t.x(range.start) < minPixels) {
    throw new Error(`zoomed in fully, the range ${JSON.stringify(range)} is narrower than ${minPixels} px`);
  }
  return { range, t };
}

const scenarios = {
  /** The wall at 9 tiles: every channel plays; then at 1 tile only one player exists (no hidden players). */
  async wall(page, out) {
    await signIn(page, args.key);
    await page.getByTestId('wall-layout-9').click();
    const tiles = page.getByTestId('wall-tile');
    await until(`${args.expectTiles} wall tiles`, args.timeoutMillis, () => tiles.count(), (n) => n === args.expectTiles);
    const count = await tiles.count();
    out.tiles = [];
    for (let i = 0; i < count; i++) {
      const tile = tiles.nth(i);
      const what = `tile ${await tile.getAttribute('data-device')}/${await tile.getAttribute('data-channel')}`;
      out.tiles.push({ device: await tile.getAttribute('data-device'), channel: Number(await tile.getAttribute('data-channel')),
        title: await tile.getByTestId('tile-title').innerText(), videos: await tile.locator('video').count(),
        play: await playsOn(what, tile.locator('video').first(), args.minFrames, 1) });
    }
    // every tile plays now: their badges and the node's states, read at the same moment
    await until('every tile live', args.timeoutMillis, () => tiles.evaluateAll((els) => els.map((e) => e.dataset.state)),
      (states) => states.every((s) => s === 'live'));
    const badges = await tiles.evaluateAll((els) => els.map((e) => ({ device: e.dataset.device, channel: Number(e.dataset.channel),
      state: e.dataset.state, badge: e.querySelector('[data-testid="tile-badge"]')?.textContent.trim() })));
    const node = await (await fetch(args.base + '/edge/channels', { headers: { 'api-key': args.key } })).json();
    out.badges = badges;
    out.nodeStates = node.data.map((c) => ({ device: c.device_id, channel: c.channel_id, state: c.state }));
    await screenshot(page, 'wall');
    await page.getByTestId('wall-layout-1').click();
    await until('one tile in view at layout 1', args.timeoutMillis, () => tiles.count(), (n) => n === 1);
    out.layoutOne = { tiles: await tiles.count(), videos: await page.locator('video').count(),
      pageLabel: (await page.getByTestId('wall-page-label').innerText()).trim(),
      device: await tiles.first().getAttribute('data-device'), channel: Number(await tiles.first().getAttribute('data-channel')) };
    await page.getByTestId('wall-page-next').click();
    await until('the second page', args.timeoutMillis, () => page.getByTestId('wall-page-label').innerText(),
      (label) => label.trim().startsWith('2'));
    out.layoutOne.secondPage = { device: await tiles.first().getAttribute('data-device'),
      channel: Number(await tiles.first().getAttribute('data-channel')), videos: await page.locator('video').count() };
    // a click on the tile's picture (not on a button) opens the camera page
    await tiles.first().click({ position: { x: 40, y: 40 } });
    out.openedByClick = await until('the camera page after a click on the tile', args.timeoutMillis,
      () => page.evaluate(() => location.hash), (hash) => hash.startsWith('#/camera/'));
  },

  /** Camera page live, record on, the recorded range on the timeline, a click inside it plays from there. */
  async camera(page, out) {
    await signIn(page, args.key);
    await page.getByTestId('wall-tile').first().waitFor();
    await page.goto(args.base + '/#' + args.cameraRoute);
    out.live = await playsOn('the camera page', page.getByTestId('camera-video'), args.minFrames, 1);
    out.title = (await page.getByTestId('camera-title').innerText()).trim();
    out.facts = (await page.getByTestId('stream-facts').innerText()).trim();
    await screenshot(page, 'camera');
    out.recordingBefore = await page.getByTestId('record-toggle').getAttribute('aria-pressed');
    await page.getByTestId('record-toggle').click();
    await until('record-toggle pressed', args.timeoutMillis,
      () => page.getByTestId('record-toggle').getAttribute('aria-pressed'), (p) => p === 'true');
    out.recordingAfter = 'true';
    await page.getByTestId('camera-recordings-link').click();
    await page.getByTestId('timeline').waitFor();
    const { range, t } = await recordedRange(page, args.recordingsRoute, args.minRecordedMillis, args.minRangePixels);
    out.range = range;
    out.zone = (await page.getByTestId('zone-name').innerText()).trim();
    // a few segments into the range: a player that started anywhere else shows another instant
    const x = t.x(range.start + args.clickSegments * args.segmentMillis);
    out.clickedMs = t.ms(x);
    out.clickedAt = Date.now();
    await page.mouse.click(x, t.y);
    out.playback = await playsOn('recorded playback', page.getByTestId('recordings-video'), args.minFrames, 1);
    out.playedAt = Date.now();
    await screenshot(page, 'recordings');
  },

  /** A range dragged on the timeline exports an MP4 download. */
  async export(page, out) {
    await signIn(page, args.key);
    await page.getByTestId('wall-tile').first().waitFor();
    const { range, t } = await recordedRange(page, args.recordingsRoute, args.minRecordedMillis, args.minRangePixels);
    out.range = range;
    const fromX = t.x(range.start + args.segmentMillis);
    const toX = t.x(range.end - args.segmentMillis);
    out.draggedMs = { start: t.ms(fromX), end: t.ms(toX) };
    await page.mouse.move(fromX, t.y);
    await page.mouse.down();
    await page.mouse.move(toX, t.y, { steps: 12 });
    await page.mouse.up();
    const selection = page.getByTestId('timeline-selection');
    await selection.waitFor();
    out.selection = { start: Number(await selection.getAttribute('data-start-ms')),
      end: Number(await selection.getAttribute('data-end-ms')) };
    await screenshot(page, 'export-selection');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: args.timeoutMillis }),
      page.getByTestId('export-button').click()]);
    out.file = path.join(args.downloads, download.suggestedFilename() || 'export.mp4');
    await download.saveAs(out.file);
    out.downloadFailure = await download.failure();
  },

  /** A snapshot taken from the camera page appears in its snapshot list. */
  async snapshot(page, out) {
    await signIn(page, args.key);
    await page.getByTestId('wall-tile').first().waitFor();
    await page.goto(args.base + '/#' + args.cameraRoute);
    const list = page.getByTestId('snapshot-list');
    out.before = await until(`the ${args.picturesBefore} pictures the node lists`, args.timeoutMillis,
      () => list.getByTestId('snapshot-item').count(), (n) => n === args.picturesBefore);
    await page.getByTestId('snapshot-take').click();
    out.after = await until('one more snapshot in the list', args.timeoutMillis,
      () => list.getByTestId('snapshot-item').count(), (n) => n === out.before + 1);
    out.images = await until('the snapshot images loaded', args.timeoutMillis,
      () => list.locator('[data-testid="snapshot-item"] img').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth)),
      (widths) => widths.length === out.after && widths.every((w) => w > 0));
    await screenshot(page, 'snapshot');
  },

  /** The system page: node, storage, outbox; the parked item `args.parkedItem` retried from the page. */
  async system(page, out) {
    await signIn(page, args.key);
    await page.getByTestId('wall-tile').first().waitFor();
    await page.getByTestId('nav-system').click();
    const item = page.locator(`[data-testid="outbox-item"][data-item="${args.parkedItem}"]`);
    await item.waitFor({ timeout: args.timeoutMillis });
    for (const id of ['system-node-name', 'system-version', 'system-uptime', 'system-platform', 'system-storage',
      'outbox-pending', 'outbox-inflight']) {
      out[id] = (await page.getByTestId(id).innerText()).trim();
    }
    out.parkedItemText = (await item.innerText()).trim();
    out.channelRows = await page.getByTestId('channel-row').count();
    await screenshot(page, 'system');
    await item.getByTestId('outbox-retry').click();
    await item.waitFor({ state: 'detached', timeout: args.timeoutMillis });
    out.parkedAfter = await page.getByTestId('outbox-item').evaluateAll((els) => els.map((e) => e.dataset.item));
  },

  /** A wrong key is refused with the node's sentence; nothing is kept. */
  async refused(page, out) {
    await signIn(page, args.key);
    const error = page.getByTestId('login-error');
    await error.waitFor({ timeout: args.timeoutMillis });
    out.loginError = (await error.innerText()).trim();
    out.hash = await page.evaluate(() => location.hash);
    out.kept = await page.evaluate(() => sessionStorage.getItem('edge-relay.key'));
    await screenshot(page, 'login-refused');
  },

  /** A device key shows only that device's tiles; sign-out forgets the key. */
  async deviceKey(page, out) {
    await signIn(page, args.key);
    const tiles = page.getByTestId('wall-tile');
    // the wall draws every tile of one answer at once: as many as expected, or more if the key shows too much
    await until(`${args.expectTiles} tiles`, args.timeoutMillis, () => tiles.count(), (n) => n >= args.expectTiles);
    out.tiles = await tiles.evaluateAll((els) => els.map((e) => ({ device: e.dataset.device, channel: Number(e.dataset.channel),
      recordingDot: e.querySelector('[data-testid="tile-recording"]') !== null })));
    await screenshot(page, 'wall-device-key');
    await page.getByTestId('signout').click();
    await page.getByTestId('login-key').waitFor({ timeout: args.timeoutMillis });
    out.afterSignout = { hash: await page.evaluate(() => location.hash),
      kept: await page.evaluate(() => sessionStorage.getItem('edge-relay.key')) };
  },
};

const out = { scenario: args.scenario, consoleErrors: [], pageErrors: [], error: null };
fs.mkdirSync(args.screens, { recursive: true });
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  chromiumSandbox: false,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
try {
  // 1280x800: the smallest screen the console is made for
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await context.addInitScript(countFrames);
  const page = await context.newPage();
  page.setDefaultTimeout(args.timeoutMillis);
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => out.pageErrors.push(e.message));
  try {
    await scenarios[args.scenario](page, out);
  } catch (e) {
    out.error = e.message.split('\n')[0];
    await screenshot(page, args.scenario + '-failed').catch(() => {});
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
