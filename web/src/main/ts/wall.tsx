// The live wall: 1, 4, 9 or 16 tiles a page; only the tiles of the page shown have a player (no hidden pulls).
import { useEffect, useRef, useState } from 'preact/hooks';
import { channels, ChannelInfo, liveToken, sameOrigin } from './api';
import { PlayState, playLive } from './player';
import { usePoll } from './poll';
import { channelPath, go } from './route';

const LAYOUTS = [1, 4, 9, 16];
const LAYOUT_ITEM = 'edge-relay.wall-layout';
/** How often the wall asks the node for the channels' state and recording flags. */
const POLL_MS = 3000;
/** A click waits this long for a second click (full screen) before it opens the camera page. */
const DOUBLE_CLICK_MS = 250;

export type TileState = PlayState | 'offline';

export function tileTitle(c: ChannelInfo): string {
  const device = c.device_title || c.title;
  const channel = c.channel_title || 'channel ' + c.channel_id;
  return device + ' · ' + channel + ' (' + c.device_id + '/' + c.channel_id + ')';
}

/** The state a tile shows: its player's, except that a device the platform lists offline reads offline. */
export function shownState(c: ChannelInfo, player: PlayState): TileState {
  return !c.online && player !== 'live' ? 'offline' : player;
}

export function previewUrl(c: ChannelInfo): string {
  return '/live_preview/' + encodeURIComponent(c.device_id) + '_' + c.channel_id + '?token='
    + encodeURIComponent(liveToken(c));
}

function fullScreen(el: Element | null): void {
  if (!el) return;
  if (document.fullscreenElement) void document.exitFullscreen();
  else el.requestFullscreen?.().catch(() => undefined);
}

function Tile({ channel }: { channel: ChannelInfo }) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [player, setPlayer] = useState<PlayState>('starting');
  // the first answer's URL: later answers carry fresh tokens for the same stream, not a reason to reconnect
  const url = useRef(sameOrigin(channel.hls_url));
  const clickTimer = useRef(0);
  useEffect(() => playLive(video.current!, url.current, setPlayer), [channel.device_id, channel.channel_id]);
  useEffect(() => () => clearTimeout(clickTimer.current), []);
  const state = shownState(channel, player);
  const href = channelPath('camera', channel.device_id, channel.channel_id);
  const click = (e: MouseEvent) => {
    if ((e.target as Element).closest('button, a')) return;
    clearTimeout(clickTimer.current);
    if (e.detail >= 2) {
      fullScreen(box.current);
      return;
    }
    clickTimer.current = window.setTimeout(() => go(href), DOUBLE_CLICK_MS);
  };
  return (
    <div ref={box} class={'tile state-' + state} data-testid="wall-tile" data-device={channel.device_id}
      data-channel={channel.channel_id} data-state={state} onClick={click}>
      <video ref={video} muted autoplay playsInline
        poster={channel.state === 'live' ? previewUrl(channel) : undefined} />
      <div class="tile-bar">
        <a data-testid="tile-title" class="tile-title" href={href} title={tileTitle(channel)}>{tileTitle(channel)}</a>
        {channel.recording && <span data-testid="tile-recording" class="rec-dot" title="recording" />}
        <span data-testid="tile-badge" class={'badge badge-' + state}>{state}</span>
        <button data-testid="tile-fullscreen" type="button" class="icon" title="full screen"
          aria-label={'full screen ' + tileTitle(channel)} onClick={() => fullScreen(box.current)}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="none" stroke="currentColor"
            stroke-width="2" d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" /></svg>
        </button>
      </div>
    </div>
  );
}

export function Wall() {
  const list = usePoll(channels, POLL_MS);
  const [layout, setLayout] = useState(() => Number(sessionStorage.getItem(LAYOUT_ITEM)) || 4);
  const [page, setPage] = useState(0);
  const all = list.value || [];
  const pages = Math.max(1, Math.ceil(all.length / layout));
  const shown = Math.min(page, pages - 1);
  const tiles = all.slice(shown * layout, shown * layout + layout);
  const choose = (n: number) => {
    sessionStorage.setItem(LAYOUT_ITEM, String(n));
    setLayout(n);
    setPage(0);
  };
  return (
    <main class="wall-page">
      <div class="toolbar">
        <span class="group" role="group" aria-label="layout">
          {LAYOUTS.map((n) => (
            <button type="button" data-testid={'wall-layout-' + n} aria-pressed={layout === n}
              onClick={() => choose(n)}>{n}</button>
          ))}
        </span>
        <span class="group">
          <button type="button" data-testid="wall-page-prev" disabled={shown === 0}
            onClick={() => setPage(shown - 1)} aria-label="previous page">‹</button>
          <span data-testid="wall-page-label">{(shown + 1) + ' / ' + pages}</span>
          <button type="button" data-testid="wall-page-next" disabled={shown >= pages - 1}
            onClick={() => setPage(shown + 1)} aria-label="next page">›</button>
        </span>
        <span class="muted">{all.length} channel(s)</span>
        {list.error && <span class="error">{list.error}</span>}
      </div>
      <div class={'wall grid-' + layout}>
        {tiles.map((c) => <Tile key={c.device_id + '/' + c.channel_id} channel={c} />)}
      </div>
    </main>
  );
}
