// Bitrates from two readings of each channel's bytes_in (GET /edge/channels counts bytes, not rates).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChannelInfo } from './api';

export const channelKey = (c: ChannelInfo) => c.device_id + '/' + c.channel_id;

/** Bits per second of every channel between the last two answers; absent until a channel has two. */
export function useBitrates(list: ChannelInfo[] | null): Map<string, number> {
  const last = useRef<{ at: number; bytes: Map<string, number> } | null>(null);
  const [rates, setRates] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    if (!list) return;
    const at = performance.now();
    const bytes = new Map(list.map((c) => [channelKey(c), c.bytes_in]));
    const prev = last.current;
    if (prev && at > prev.at) {
      const next = new Map<string, number>();
      bytes.forEach((b, key) => {
        const before = prev.bytes.get(key);
        if (before !== undefined && b >= before) next.set(key, ((b - before) * 8 * 1000) / (at - prev.at));
      });
      setRates(next);
    }
    last.current = { at, bytes };
  }, [list]);
  return rates;
}
