// The system page: the node (name, version, uptime, platform), its storage and retention, the upload outbox with
// retry and discard of parked items, every channel's state, and the site's members when clustered.
import { useContext, useState } from 'preact/hooks';
import { ApiFailure, call, channels, data, query } from './api';
import { bytes, duration, kbps } from './format';
import { NodeFacts, useZone } from './node';
import { usePoll } from './poll';
import { channelKey, useBitrates } from './rates';
import { channelPath } from './route';
import { tileTitle } from './wall';
import { wire } from './zone';

const POLL_MS = 5000;

interface Storage {
  used_bytes: number;
  free_bytes: number;
  quota_bytes: number;
  min_free_bytes: number;
  max_age_ms?: number;
  lost_before_upload: number;
  channels: { device_id: string; channel_id: number; oldest: string; newest: string }[];
}

interface OutboxItem {
  id: number;
  kind: string;
  name: string;
  state: string;
  attempts: number;
  size: number;
  reason: string | null;
}

interface Outbox {
  pending: number;
  in_flight: number;
  parked: number;
  done: number;
  oldest_pending_age_s: number;
  bytes_pending: number;
  parked_items: OutboxItem[];
}

interface Member {
  name: string;
  http?: string;
  ready?: boolean;
  draining?: boolean;
  version?: string;
  streams?: string[];
  relays?: string[];
  [field: string]: unknown;
}

function NodePanel() {
  const facts = useContext(NodeFacts);
  const rows: [string, string, string][] = facts ? [
    ['system-node-name', 'node', facts.node_id],
    ['system-version', 'version', facts.version || '—'],
    ['system-uptime', 'uptime', duration(facts.uptime_s)],
    ['system-zone', 'time zone', facts.zone || '—'],
  ] : [];
  const platform = facts ? (facts.platform_reachable ? 'reachable' : 'unreachable') : '';
  return (
    <section class="panel">
      <h3>Node</h3>
      <table class="facts"><tbody>
        {rows.map(([id, k, v]) => <tr><th scope="row">{k}</th><td data-testid={id}>{v}</td></tr>)}
        <tr><th scope="row">platform</th><td>
          <span data-testid="system-platform" class={platform === 'reachable' ? 'ok' : 'error'}>{platform}</span>
          {facts && <span class="muted"> {facts.platform}</span>}
          {facts?.platform_problem && <div class="error">{facts.platform_problem}</div>}</td></tr>
        <tr><th scope="row">members</th><td>{facts?.members ?? ''}</td></tr>
      </tbody></table>
    </section>
  );
}

function StoragePanel() {
  const zone = useZone();
  const storage = usePoll(() => data<Storage>('/edge/storage'), POLL_MS);
  const s = storage.value;
  const oldest = s?.channels.map((c) => c.oldest).sort()[0];
  return (
    <section class="panel" data-testid="system-storage">
      <h3>Storage</h3>
      {storage.error && <p class="error" role="alert">{storage.error}</p>}
      {s && <table class="facts"><tbody>
        <tr><th scope="row">used</th><td>{bytes(s.used_bytes)}</td></tr>
        <tr><th scope="row">free</th><td>{bytes(s.free_bytes)}</td></tr>
        <tr><th scope="row">quota</th><td>{s.quota_bytes > 0 ? bytes(s.quota_bytes) : 'none'}</td></tr>
        <tr><th scope="row">oldest recording</th><td>{oldest ? wire(Date.parse(oldest), zone) : 'none'}</td></tr>
        <tr><th scope="row">retention</th><td>{s.max_age_ms ? 'kept ' + duration(s.max_age_ms / 1000) + '; '
          : ''}the oldest go first when over the quota or under {bytes(s.min_free_bytes)} free; {
          s.lost_before_upload} went before their upload</td></tr>
      </tbody></table>}
    </section>
  );
}

function OutboxPanel() {
  const outbox = usePoll(() => data<Outbox>('/edge/outbox'), POLL_MS);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'retry' | 'discard', id: number) => {
    setError(null);
    try {
      await call('/edge/outbox/' + what + '?' + query({ id }), { method: 'POST' });
      outbox.refresh();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.sentence : String(e));
    }
  };
  const o = outbox.value;
  return (
    <section class="panel">
      <h3>Upload outbox</h3>
      {(error || outbox.error) && <p class="error" role="alert">{error || outbox.error}</p>}
      {o && <>
        <p>pending <strong data-testid="outbox-pending">{o.pending}</strong> · in flight <strong
          data-testid="outbox-inflight">{o.in_flight}</strong> · parked {o.parked} · done {o.done}
          {o.pending > 0 && <span class="muted"> · oldest waits {duration(o.oldest_pending_age_s)}, {
            bytes(o.bytes_pending)} to send</span>}</p>
        <ul data-testid="outbox-parked" class="parked">
          {o.parked_items.map((item) => (
            <li data-testid="outbox-item" data-item={item.id} key={item.id}>
              <span><strong>{item.kind}</strong> {item.name} <span class="muted">({item.attempts} attempts, {
                bytes(item.size)})</span></span>
              <span class="error">{item.reason || 'no reason recorded'}</span>
              <span class="actions">
                <button type="button" data-testid="outbox-retry" onClick={() => act('retry', item.id)}>Retry</button>
                <button type="button" data-testid="outbox-discard" class="danger"
                  onClick={() => act('discard', item.id)}>Discard</button>
              </span>
            </li>
          ))}
        </ul>
        {o.parked_items.length === 0 && <p class="muted">No parked uploads.</p>}
      </>}
    </section>
  );
}

function ChannelTable() {
  const list = usePoll(channels, POLL_MS);
  const rates = useBitrates(list.value);
  return (
    <section class="panel wide">
      <h3>Channels</h3>
      {list.error && <p class="error" role="alert">{list.error}</p>}
      <table data-testid="channel-table" class="grid-table">
        <thead><tr><th>channel</th><th>state</th><th>recording</th><th>codec</th><th>bitrate</th><th>fps</th><th>RTMP viewers</th>
          <th>readers</th><th>drops</th><th>reconnects</th><th>received</th><th>origin</th></tr></thead>
        <tbody>
          {(list.value || []).map((c) => (
            <tr data-testid="channel-row" data-device={c.device_id} data-channel={c.channel_id}>
              <td><a href={channelPath('camera', c.device_id, c.channel_id)}>{tileTitle(c)}</a></td>
              <td>{c.online ? c.state : 'offline'}</td>
              <td>{c.recording ? String(c.recording.state ?? 'yes') : 'no'}</td>
              <td>{c.video_codec || '—'}{c.width ? ' ' + c.width + '×' + c.height : ''}</td>
              <td>{c.state === 'live' ? kbps(rates.get(channelKey(c))) : '—'}</td>
              <td>{c.fps ?? '—'}</td>
              <td>{c.rtmp_viewers ?? 0}</td>
              <td>{c.readers}</td>
              <td>{c.dropped_units}</td>
              <td>{c.restarts}</td>
              <td>{bytes(c.bytes_in)}</td>
              <td>{c.origin || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Shown only on a site of nodes: a node alone has no members to list. */
function ClusterPanel() {
  const facts = useContext(NodeFacts);
  return facts && facts.members > 1 ? <ClusterTable self={facts.node_id} /> : null;
}

function ClusterTable({ self }: { self: string }) {
  const site = usePoll(() => data<{ members: Member[] }>('/edge/cluster'), POLL_MS);
  const members = site.value?.members || [];
  return (
    <section class="panel wide">
      <h3>Site members</h3>
      {site.error && <p class="error" role="alert">{site.error}</p>}
      <table data-testid="cluster-members" class="grid-table">
        <thead><tr><th>node</th><th>HTTP</th><th>ready</th><th>version</th><th>runs</th><th>relays</th></tr></thead>
        <tbody>
          {members.map((m) => (
            <tr data-testid="cluster-member">
              <td>{m.name}{m.name === self ? ' (this node)' : ''}</td><td>{m.http}</td>
              <td>{m.draining ? 'draining' : m.ready ? 'yes' : 'no'}</td><td>{m.version}</td>
              <td>{(m.streams || []).join(', ') || '—'}</td><td>{(m.relays || []).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function System() {
  return (
    <main class="system">
      <div class="panels">
        <NodePanel />
        <StoragePanel />
        <OutboxPanel />
        <ChannelTable />
        <ClusterPanel />
      </div>
    </main>
  );
}
