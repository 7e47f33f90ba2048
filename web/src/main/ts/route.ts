// Hash routes of the console (#/login, #/wall, #/camera/{dev}/{ch}, #/recordings/{dev}/{ch}?day=, #/system).
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: 'login' | 'wall' | 'camera' | 'recordings' | 'system';
  deviceId?: string;
  channelId?: number;
  day?: string;
}

export function parseRoute(hash: string): Route {
  const [path, search] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const params = new URLSearchParams(search || '');
  switch (parts[0]) {
    case 'login':
      return { page: 'login' };
    case 'system':
      return { page: 'system' };
    case 'camera':
    case 'recordings':
      if (parts.length === 3 && /^\d+$/.test(parts[2])) {
        return { page: parts[0], deviceId: parts[1], channelId: Number(parts[2]), day: params.get('day') || undefined };
      }
      return { page: 'wall' };
    default:
      return { page: 'wall' };
  }
}

export function go(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}

export function channelPath(page: 'camera' | 'recordings', deviceId: string, channelId: number): string {
  return '#/' + page + '/' + encodeURIComponent(deviceId) + '/' + channelId;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
