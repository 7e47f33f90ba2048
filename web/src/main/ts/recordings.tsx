// The recordings page: a day of one channel on a zoomable timeline, playback of any instant over rvod HLS
// (spec 4.1) across segments and gaps, a selected range exported as MP4 (/edge/export), the day's list.
import { useEffect, useRef, useState } from 'preact/hooks';
import { data, query } from './api';
import { useZone } from './node';
import { playRecorded } from './player';
import { usePoll } from './poll';
import { channelPath, go } from './route';
import { Range, Timeline } from './timeline';
import { VideoList } from './videolist';
import { rangesOf, videosOfDay } from './videos';
import { dayBounds, dayOf, digits, wire } from './zone';

/** View spans the zoom buttons step through, widest first: a day down to five minutes. */
const SPANS = [24 * 3_600_000, 6 * 3_600_000, 3_600_000, 15 * 60_000, 5 * 60_000];
const STEP_MS = 10_000;
const SPEEDS = [1, 2, 4];
/** How often the day's list is asked again while the page is open (a channel that records grows). */
const POLL_MS = 10_000;

export function Recordings({ deviceId, channelId, day }: { deviceId: string; channelId: number; day?: string }) {
  const zone = useZone();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const shownDay = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : dayOf(now, zone);
  const [dayStart, dayEnd] = dayBounds(shownDay, zone);
  const videos = usePoll(() => videosOfDay(deviceId, channelId, dayStart, dayEnd, zone), POLL_MS,
    [deviceId, channelId, dayStart, zone]);
  const ranges = rangesOf(videos.value || []);
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    data<{ token: string }>('/ipc/video/vod/get_play_token?' + query({ device_id: deviceId, channel_id: channelId }))
      .then((t) => setToken(t.token), () => setToken(null));
  }, [deviceId, channelId]);

  const [zoom, setZoom] = useState(0);
  const [center, setCenter] = useState<number | null>(null);
  const span = SPANS[zoom];
  const mid = center ?? (dayStart + dayEnd) / 2;
  const from = Math.max(dayStart, Math.min(mid - span / 2, dayEnd - span));
  const to = from + span;

  // an object, so that a second click on the same instant plays it again
  const [playFrom, setPlayFrom] = useState<{ ms: number } | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [selection, setSelection] = useState<Range | null>(null);
  const [speed, setSpeed] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const rvodEnd = Math.min(dayEnd, now) - 1000;
  useEffect(() => {
    if (playFrom == null || token == null) return undefined;
    setError(null);
    const begin = playFrom.ms;
    const name = encodeURIComponent(deviceId) + '-' + channelId + '-' + digits(begin, zone) + '-'
      + digits(Math.max(rvodEnd, begin + 1000), zone);
    const el = video.current!;
    const detach = playRecorded(el, '/rvod/' + name + '/index.m3u8?token=' + encodeURIComponent(token), begin,
      setPosition, setError);
    el.playbackRate = speed;
    return detach;
  }, [playFrom, token]);
  useEffect(() => { if (video.current) video.current.playbackRate = speed; }, [speed]);

  const play = (ms: number) => {
    setPosition(ms);
    setPlayFrom({ ms });
  };
  const stepBy = (delta: number) => {
    const el = video.current;
    if (!el || position == null) return;
    const t = el.currentTime + delta / 1000;
    if (t >= 0 && (isNaN(el.duration) || t < el.duration)) el.currentTime = t;
    else play(position + delta);
  };
  const zoomTo = (z: number) => {
    setCenter(position ?? selection?.start ?? (zoom === 0 && ranges.length ? ranges[ranges.length - 1].end : mid));
    setZoom(Math.max(0, Math.min(SPANS.length - 1, z)));
  };
  const exportHref = selection && token ? '/edge/export?' + query({ device_id: deviceId, channel_id: channelId,
    begin: digits(selection.start, zone), end: digits(selection.end, zone), token }) : null;
  const exportName = deviceId + '-' + channelId + '-' + (selection ? digits(selection.start, zone) : '') + '.mp4';

  return (
    <main class="recordings">
      <h2>Recordings of {deviceId}/{channelId}</h2>
      <div class="toolbar">
        <label>Day <input type="date" data-testid="day-picker" value={shownDay} max={dayOf(now, zone)}
          onChange={(e) => go(channelPath('recordings', deviceId, channelId) + '?day='
            + (e.target as HTMLInputElement).value)} /></label>
        <span>times in <strong data-testid="zone-name">{zone}</strong></span>
        <span class="group">
          <button type="button" data-testid="timeline-zoom-out" disabled={zoom === 0}
            onClick={() => zoomTo(zoom - 1)} aria-label="zoom out">−</button>
          <button type="button" data-testid="timeline-zoom-in" disabled={zoom === SPANS.length - 1}
            onClick={() => zoomTo(zoom + 1)} aria-label="zoom in">+</button>
          {zoom > 0 && <>
            <button type="button" onClick={() => setCenter(mid - span / 2)} aria-label="earlier">«</button>
            <button type="button" onClick={() => setCenter(mid + span / 2)} aria-label="later">»</button>
          </>}
        </span>
        <a class="button" href={channelPath('camera', deviceId, channelId)}>Live</a>
      </div>
      <Timeline from={from} to={to} zone={zone} ranges={ranges} now={now} position={position}
        selection={selection} onPlay={play} onSelect={setSelection} />
      <div class="toolbar">
        <span data-testid="playback-position" data-ms={position ?? ''}>
          {position != null ? wire(position, zone) + ' ' + zone : 'click the timeline to play'}
        </span>
        <span class="group" role="group" aria-label="speed">
          {SPEEDS.map((s) => <button type="button" data-testid={'speed-' + s} aria-pressed={speed === s}
            onClick={() => setSpeed(s)}>{s}×</button>)}
        </span>
        <button type="button" data-testid="step-back" onClick={() => stepBy(-STEP_MS)}
          disabled={position == null}>−10 s</button>
        <button type="button" data-testid="step-forward" onClick={() => stepBy(STEP_MS)}
          disabled={position == null}>+10 s</button>
        {error && <span class="error" role="alert">{error}</span>}
      </div>
      {videos.error && <p class="error" role="alert">{videos.error}</p>}
      {!videos.error && videos.value && ranges.length === 0 && <p class="muted">Nothing recorded on this day.</p>}
      <div class="toolbar">
        {exportHref ? (
          <a data-testid="export-button" class="button" href={exportHref} download={exportName}>
            Export {wire(selection!.start, zone).slice(11)}–{wire(selection!.end, zone).slice(11)} as MP4</a>
        ) : (
          <button type="button" data-testid="export-button" disabled>Export (drag on the timeline)</button>
        )}
        {selection && <button type="button" onClick={() => setSelection(null)}>Clear selection</button>}
      </div>
      <video ref={video} data-testid="recordings-video" class="player" controls muted playsInline />
      <VideoList deviceId={deviceId} channelId={channelId} zone={zone} videos={videos.value || []} onPlay={play}
        onChanged={videos.refresh} />
    </main>
  );
}
