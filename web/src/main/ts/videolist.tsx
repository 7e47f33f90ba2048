// The list view of a day's recordings: play, rename (spec 6.4) and delete (spec 6.3).
import { useState } from 'preact/hooks';
import { ApiFailure, call, query } from './api';
import { bytes, duration } from './format';
import type { Video } from './videos';
import { wire } from './zone';

interface Props {
  deviceId: string;
  channelId: number;
  zone: string;
  videos: Video[];
  onPlay: (ms: number) => void;
  onChanged: () => void;
}

function Row({ v, p }: { v: Video; p: Props }) {
  const [mode, setMode] = useState<'show' | 'rename' | 'delete'>('show');
  const [name, setName] = useState(v.name);
  const [error, setError] = useState<string | null>(null);
  const ids = { device_id: p.deviceId, channel_id: p.channelId };
  const run = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
      setMode('show');
      p.onChanged();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.sentence : String(e));
    }
  };
  const rename = (e: Event) => {
    e.preventDefault();
    void run(() => call('/ipc/video/vod/rename_video?' + query({ ...ids, video_id: v.id }),
      { method: 'PUT', body: JSON.stringify({ name }) }));
  };
  const remove = () => run(async () => {
    const answer = await call('/ipc/video/vod/delete_video?' + query(ids),
      { method: 'POST', body: JSON.stringify({ video: [{ videoId: v.id }] }) });
    const result = (answer.data as { code: number; message: string }[] | undefined)?.[0];
    if (result && result.code !== 0) throw new ApiFailure(result.code, 'video ' + v.id + ': ' + result.message);
  });
  return (
    <li data-testid="video-row" data-video-id={v.id} class="video-row">
      <span class="video-name">{v.name || 'video ' + v.id}</span>
      <span>{wire(v.start, p.zone).slice(11)}–{wire(v.end, p.zone).slice(11)}</span>
      <span class="muted">{duration(v.duration)} · {bytes(v.size * 1024)}</span>
      <span class="actions">
        <button type="button" onClick={() => p.onPlay(v.start)}>Play</button>
        {mode === 'rename' ? (
          <form onSubmit={rename} class="inline">
            <input data-testid="video-rename-input" value={name} aria-label="new name" maxLength={256}
              onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            <button data-testid="video-rename-save" type="submit">Save</button>
            <button type="button" onClick={() => setMode('show')}>Cancel</button>
          </form>
        ) : (
          <button data-testid="video-rename" type="button" onClick={() => setMode('rename')}>Rename</button>
        )}
        {mode === 'delete' ? (
          <span class="inline">
            Delete for good?
            <button data-testid="confirm-yes" type="button" class="danger" onClick={remove}>Yes, delete</button>
            <button data-testid="confirm-no" type="button" onClick={() => setMode('show')}>No</button>
          </span>
        ) : (
          <button data-testid="video-delete" type="button" onClick={() => setMode('delete')}>Delete</button>
        )}
      </span>
      {error && <span class="error" role="alert">{error}</span>}
    </li>
  );
}

export function VideoList(p: Props) {
  return (
    <section class="panel">
      <h3>Recordings of the day ({p.videos.length})</h3>
      <ul data-testid="video-list" class="video-list">
        {p.videos.map((v) => <Row key={v.id} v={v} p={p} />)}
      </ul>
    </section>
  );
}
