// Numbers as an operator reads them.

export function bytes(n: number | undefined | null): string {
  if (n == null || n < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return d + 'd ' + h + 'h ' + m + 'm';
  if (h > 0) return h + 'h ' + m + 'm';
  if (m > 0) return m + 'm ' + (s % 60) + 's';
  return s + 's';
}

export function kbps(bitsPerSecond: number | undefined): string {
  if (bitsPerSecond == null || !isFinite(bitsPerSecond)) return '—';
  return bitsPerSecond >= 1e6 ? (bitsPerSecond / 1e6).toFixed(2) + ' Mbit/s' : Math.round(bitsPerSecond / 1000) + ' kbit/s';
}
