// The camera page: the live player with controls, recording on/off (spec 12 record_video), snapshots (spec 5.2,
// /edge/snapshot) and the stream's facts. PTZ is absent: the node does not relay the platform's device commands
// (spec 3.1-3.5), see docs/console.md.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, call, channels, ChannelInfo, data, query, sameOrigin } from './api';
import { bytes, kbps } from './format';
import { playLive } from './player';
import { useZone } from './node';
import { usePoll } from './poll';
import { useBitrates } from './rates';
import { channelPath } from './route';
import { tileTitle } from './wall';
import { wire } from './zone';

const POLL_MS = 2000;
/** Snapshots listed under the player, newest first. */
const RECENT_SNAPSHOTS = 12;

interface Picture {
  name: string;
  date: number;
  url: string;
  size: number;
}

/** How often the page counts the frames the player presented, for a stream whose SPS declares no frame rate. */
const FPS_WINDOW_MS = 2000;

/** Frames per second the browser presented from {@code video}, measured over the last window. */
function usePresentedFps(video: { current: HTMLVideoElement | null }): number | undefined {
  const [fps, setFps] = useState<number | undefined>(undefined);
  useEffect(() => {
    let last: { frames: number; at: number } | null = null;
    const t = setInterval(() => {
      const v = video.current;
      if (!v || typeof v.getVideoPlaybackQuality !== 'function') return;
      const now = { frames: v.getVideoPlaybackQuality().totalVideoFrames, at: performance.now() };
      if (last && now.frames >= last.frames && !v.paused) {
        setFps(Math.round(((now.frames - last.frames) * 1000) / (now.at - last.at)));
      }
      last = now;
    }, FPS_WINDOW_MS);
    return () => clearInterval(t);
  }, []);
  return fps;
}

function Facts({ c, bitrate, node, shownFps }: { c: ChannelInfo; bitrate?: number; node: string; shownFps?: number }) {
  const codec = [c.video_codec, c.audio_codec].filter(Boolean).join(' + ') || '—';
  const rows: [string, string][] = [
    ['codec', codec],
    ['resolution', c.width && c.height ? c.width + '×' + c.height : '—'],
    ['fps', c.fps ? String(c.fps) : shownFps ? shownFps + ' (presented here)' : '—'],
    ['bitrate', c.state === 'live' ? kbps(bitrate) : '—'],
    ['viewers', (c.rtmp_viewers ?? 0) + ' RTMP, ' + c.readers + ' readers on this node'],
    ['drops', String(c.dropped_units) + ' units'],
    ['reconnects', String(c.restarts)],
    ['received', bytes(c.bytes_in)],
    ['origin node', c.origin || node],
    ['source', c.source || '—'],
  ];
  return (
    <table data-testid="stream-facts" class="facts">
      <tbody>{rows.map(([k, v]) => <tr><th scope="row">{k}</th><td>{v}</td></tr>)}</tbody>
    </table>
  );
}

function Snapshots({ c }: { c: ChannelInfo }) {
  const zone = useZone();
  const ids = { device_id: c.device_id, channel_id: c.channel_id };
  const pictures = usePoll(async () => {
    const all = await data<Picture[]>('/ipc/video/picture/get_list?' + query({ ...ids, page_size: 100 }));
    return all.sort((a, b) => b.date - a.date || b.name.localeCompare(a.name)).slice(0, RECENT_SNAPSHOTS);
  }, 15000, [c.device_id, c.channel_id]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('/edge/snapshot?' + query(ids), { method: 'POST' });
      pictures.refresh();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.sentence : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel">
      <h3>Snapshots</h3>
      <button type="button" data-testid="snapshot-take" onClick={take} disabled={busy}>Take snapshot</button>
      {(error || pictures.error) && <p class="error" role="alert">{error || pictures.error}</p>}
      <ul data-testid="snapshot-list" class="snapshots">
        {(pictures.value || []).map((p) => (
          <li data-testid="snapshot-item" key={p.name}>
            <a href={sameOrigin(p.url)} target="_blank" rel="noopener">
              <img src={sameOrigin(p.url)} alt={p.name} loading="lazy" width={160} height={90} />
            </a>
            <span class="muted">{wire(p.date * 1000, zone)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Camera({ deviceId, channelId, node }: { deviceId: string; channelId: number; node: string }) {
  const list = usePoll(channels, POLL_MS);
  const c = list.value?.find((x) => x.device_id === deviceId && x.channel_id === channelId) || null;
  const video = useRef<HTMLVideoElement>(null);
  const url = c ? sameOrigin(c.hls_url) : null;
  const [hasUrl, setHasUrl] = useState<string | null>(null);
  if (url && !hasUrl) setHasUrl(url);
  useEffect(() => (hasUrl ? playLive(video.current!, hasUrl, () => undefined) : undefined), [hasUrl]);
  const bitrate = useBitrates(list.value).get(deviceId + '/' + channelId);
  const shownFps = usePresentedFps(video);
  const [recBusy, setRecBusy] = useState(false);
  const [recError, setRecError] = useState<string | null>(null);
  const recording = !!c?.recording;
  const toggle = async () => {
    setRecBusy(true);
    setRecError(null);
    try {
      await call('/ipc/video/record/record_video?'
        + query({ device_id: deviceId, channel_id: channelId, action: recording ? 0 : 1 }));
      list.refresh();
    } catch (e) {
      setRecError(e instanceof ApiFailure ? e.sentence : String(e));
    } finally {
      setRecBusy(false);
    }
  };
  if (list.value && !c) {
    return <main class="camera"><p class="error">Channel {channelId} of device {deviceId} is not served to this key.
      <a href="#/wall"> Back to the wall</a></p></main>;
  }
  return (
    <main class="camera">
      <h2 data-testid="camera-title">{c ? tileTitle(c) : deviceId + '/' + channelId}</h2>
      <div class="camera-grid">
        <div>
          <video ref={video} data-testid="camera-video" controls muted autoplay playsInline class="player" />
          <div class="toolbar">
            <button type="button" data-testid="record-toggle" aria-pressed={recording} disabled={!c || recBusy}
              onClick={toggle} class={recording ? 'recording' : ''}>
              {recording ? '● Recording: stop' : 'Start recording'}
            </button>
            <a data-testid="camera-recordings-link" class="button" href={channelPath('recordings', deviceId, channelId)}>
              Recordings
            </a>
            {(recError || list.error) && <span class="error" role="alert">{recError || list.error}</span>}
          </div>
        </div>
        <div>
          <section class="panel">
            <h3>Stream</h3>
            {c && <Facts c={c} bitrate={bitrate} node={node} shownFps={shownFps} />}
          </section>
        </div>
      </div>
      {c && <Snapshots c={c} />}
    </main>
  );
}
