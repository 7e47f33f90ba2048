// hls.js (loaded by index.html as vendor/hls.min.js, the pinned npm package) attached to a <video>: live channels
// with a state the wall shows, and recorded ranges whose wall-clock position comes from EXT-X-PROGRAM-DATE-TIME.
import type HlsType from 'hls.js';
import type { Fragment } from 'hls.js';

declare global {
  interface Window {
    Hls?: typeof HlsType;
  }
}

export type PlayState = 'starting' | 'live' | 'buffering' | 'error';

/** Stops the player and frees its buffers. */
export type Detach = () => void;

/**
 * A player that joined a channel seconds after it started sits at the live edge with nothing buffered and would
 * stall at every segment boundary: on a stall it pauses until this many segments are buffered ahead, then plays
 * smoothly that far behind the edge.
 */
const HEADROOM_SEGMENTS = 2;
/** Pause before a player that failed for good starts again. */
const RETRY_MS = 3000;

function bufferedAhead(video: HTMLVideoElement): number {
  const b = video.buffered;
  for (let i = 0; i < b.length; i++) {
    if (b.start(i) <= video.currentTime + 0.5 && video.currentTime < b.end(i)) return b.end(i) - video.currentTime;
  }
  return 0;
}

/** Plays a live HLS URL into {@code video}, reporting its state; retries after a fatal error until detached. */
export function playLive(video: HTMLVideoElement, url: string, onState: (s: PlayState) => void): Detach {
  const Hls = window.Hls;
  let stopped = false;
  let timer = 0;
  let hls: HlsType | null = null;
  const framesShown = () => { if (!stopped && video.currentTime > 0 && !video.paused) onState('live'); };
  const waiting = () => { if (!stopped && video.currentTime > 0) onState('buffering'); };
  video.addEventListener('timeupdate', framesShown);
  video.addEventListener('waiting', waiting);

  function start(): void {
    onState('starting');
    if (!Hls || !Hls.isSupported()) {
      if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.src = url;
        video.play().catch(() => undefined);
      } else {
        onState('error');
      }
      return;
    }
    const player = new Hls({ liveSyncDurationCount: 3, manifestLoadingMaxRetry: 6 });
    hls = player;
    let rebuffering = false;
    let targetDuration = 2;
    const resumeWhenBuffered = () => {
      if (stopped || hls !== player) return;
      if (bufferedAhead(video) >= HEADROOM_SEGMENTS * targetDuration) {
        rebuffering = false;
        video.play().catch(() => undefined);
      } else {
        timer = window.setTimeout(resumeWhenBuffered, 250);
      }
    };
    player.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => undefined); });
    player.on(Hls.Events.LEVEL_LOADED, (_e, d) => { targetDuration = d.details.targetduration || targetDuration; });
    player.on(Hls.Events.ERROR, (_e, d) => {
      if (d.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR && !rebuffering) {
        rebuffering = true;
        onState('buffering');
        video.pause();
        resumeWhenBuffered();
        return;
      }
      if (d.fatal) {
        onState('error');
        player.destroy();
        hls = null;
        timer = window.setTimeout(() => { if (!stopped) start(); }, RETRY_MS);
      }
    });
    player.loadSource(url);
    player.attachMedia(video);
  }

  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    video.removeEventListener('timeupdate', framesShown);
    video.removeEventListener('waiting', waiting);
    hls?.destroy();
    hls = null;
    video.removeAttribute('src');
    video.load();
  };
}

interface Timed {
  start: number;
  duration: number;
  programDateTime: number | null;
}

/**
 * Plays a recorded range (rvod, spec 4.1) from {@code fromMs}: every segment carries EXT-X-PROGRAM-DATE-TIME, so
 * the player seeks inside the first segment to the asked instant and reports the wall-clock instant it shows,
 * across segments and gaps alike.
 */
export function playRecorded(video: HTMLVideoElement, url: string, fromMs: number,
  onPosition: (ms: number) => void, onError: (sentence: string) => void): Detach {
  const Hls = window.Hls;
  let fragments: Timed[] = [];
  let seekTo = -1;
  const wallClock = (t: number): number => {
    for (const f of fragments) {
      if (f.programDateTime != null && t >= f.start && t < f.start + f.duration + 0.05) {
        return f.programDateTime + (t - f.start) * 1000;
      }
    }
    return NaN;
  };
  const position = () => {
    const ms = wallClock(video.currentTime);
    if (!isNaN(ms)) onPosition(ms);
  };
  const seekOnce = () => {
    if (seekTo > 0.1) video.currentTime = seekTo;
    seekTo = -1;
    video.play().catch(() => undefined);
  };
  video.addEventListener('timeupdate', position);
  if (!Hls || !Hls.isSupported()) {
    onError('this browser cannot play HLS');
    return () => video.removeEventListener('timeupdate', position);
  }
  const hls = new Hls({ maxBufferLength: 30 });
  hls.on(Hls.Events.LEVEL_LOADED, (_e, d) => {
    fragments = d.details.fragments.map((f: Fragment) => ({ start: f.start, duration: f.duration,
      programDateTime: f.programDateTime }));
    const first = fragments[0];
    if (seekTo < 0 && first && first.programDateTime != null && fromMs > first.programDateTime) {
      seekTo = first.start + Math.min((fromMs - first.programDateTime) / 1000, first.duration);
    }
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => video.addEventListener('loadedmetadata', seekOnce, { once: true }));
  hls.on(Hls.Events.ERROR, (_e, d) => {
    if (d.fatal) {
      onError('playback failed: ' + d.details + (d.response ? ' (HTTP ' + d.response.code + ')' : ''));
      hls.destroy();
    }
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return () => {
    video.removeEventListener('timeupdate', position);
    video.removeEventListener('loadedmetadata', seekOnce);
    hls.destroy();
    video.removeAttribute('src');
    video.load();
  };
}
