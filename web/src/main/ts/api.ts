// The node's API as the console uses it: the key kept for this browser session only, sent as the api-key header
// (API-NOTES "Envelope, auth, host"), and the platform's envelope turned into a value or an ApiFailure.

const KEY_ITEM = 'edge-relay.key';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_ITEM);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_ITEM, key);
  else sessionStorage.removeItem(KEY_ITEM);
}

/** An answer with errno other than 0: the node's sentence says what to fix. */
export class ApiFailure extends Error {
  constructor(readonly errno: number, readonly sentence: string) {
    super(sentence);
  }
}

export interface Envelope {
  errno: number;
  error: string;
  data?: unknown;
  [field: string]: unknown;
}

/** Calls the API with the session's key (or the one given) and answers the whole envelope when errno is 0. */
export async function call(path: string, init: RequestInit = {}, key = storedKey()): Promise<Envelope> {
  const headers = new Headers(init.headers);
  if (key) headers.set('api-key', key);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  let answer: Response;
  try {
    answer = await fetch(path, { ...init, headers });
  } catch (e) {
    throw new ApiFailure(-1, 'the node does not answer (' + String(e) + '): check that it runs and the network');
  }
  let body: Envelope;
  try {
    body = (await answer.json()) as Envelope;
  } catch {
    throw new ApiFailure(-1, 'the node answered ' + answer.status + ' without its JSON envelope');
  }
  if (body.errno !== 0) throw new ApiFailure(body.errno, body.error);
  return body;
}

/** The envelope's data. */
export async function data<T>(path: string, init: RequestInit = {}, key = storedKey()): Promise<T> {
  return (await call(path, init, key)).data as T;
}

export function query(params: Record<string, string | number>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  return q.toString();
}

export interface Recording {
  state?: string;
  [field: string]: unknown;
}

/** One entry of GET /edge/channels. */
export interface ChannelInfo {
  device_id: string;
  channel_id: number;
  title: string;
  device_title?: string;
  channel_title?: string | null;
  online: boolean;
  state: 'idle' | 'starting' | 'live';
  source?: string | null;
  readers: number;
  units_in: number;
  dropped_units: number;
  bytes_in: number;
  restarts: number;
  video_codec?: string;
  audio_codec?: string;
  width?: number;
  height?: number;
  fps?: number;
  recording?: Recording | null;
  hls_url: string;
  rtmp_url: string;
  origin?: string;
  rtmp_viewers?: number;
  relays?: string[];
}

export interface Health {
  status: string;
  phase: string;
  node_id: string;
  platform: string;
  uptime_s: number;
  members: number;
  version?: string;
  zone?: string;
  platform_reachable?: boolean;
  platform_problem?: string | null;
}

/** Every channel the key may see, in a stable order (the node's own order follows its maps). */
export async function channels(): Promise<ChannelInfo[]> {
  const list = await data<ChannelInfo[]>('/edge/channels');
  return list.sort((a, b) => a.device_id.localeCompare(b.device_id, undefined, { numeric: true })
    || a.channel_id - b.channel_id);
}

/** GET /edge/health answers without a key, and 503 with the same body while the node starts. */
export async function health(): Promise<Health> {
  const answer = await fetch('/edge/health');
  const body = (await answer.json()) as Envelope;
  return body.data as Health;
}

/** The play token at the end of a channel's hls_url (its query is the raw token, spec 4.1). */
export function liveToken(channel: ChannelInfo): string {
  const at = channel.hls_url.indexOf('?');
  return at < 0 ? '' : channel.hls_url.slice(at + 1);
}

/** The HLS URL on this page's own origin: the node names itself by the address it was configured with. */
export function sameOrigin(url: string): string {
  try {
    const u = new URL(url, location.href);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}
