// Wall-clock times in the node's zone (GET /edge/health "zone"): the node reads and writes video list times,
// rvod names and export ranges in it, so the console shows and sends every time in that zone, named on screen.

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallTime(ms: number, zone: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

function offsetAt(ms: number, zone: string): number {
  const w = wallTime(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time of the zone names (the earlier one where clocks go back). */
export function instant(w: WallTime, zone: string): number {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = guess - offsetAt(guess, zone);
  return guess - offsetAt(first, zone);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD" of the zone's day holding {@code ms}. */
export function dayOf(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return w.year + '-' + two(w.month) + '-' + two(w.day);
}

/** The instants at which the zone's day "YYYY-MM-DD" starts and the next one starts. */
export function dayBounds(day: string, zone: string): [number, number] {
  const [y, m, d] = day.split('-').map(Number);
  const start = instant({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, zone);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const end = instant({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(),
    hour: 0, minute: 0, second: 0 }, zone);
  return [start, end];
}

/** "YYYY-MM-DD HH:MM:SS": the video list's filter and answer format (API-NOTES "Time formats"). */
export function wire(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  return dayOf(ms, zone) + ' ' + two(w.hour) + ':' + two(w.minute) + ':' + two(w.second);
}

export function parseWire(text: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (!m) return NaN;
  const n = m.slice(1).map(Number);
  return instant({ year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5] }, zone);
}

/** 14 digits yyyyMMddHHmmss: rvod names and export ranges (spec 4.1). */
export function digits(ms: number, zone: string): string {
  return wire(ms, zone).replace(/\D/g, '');
}

/** "HH:MM:SS" in the zone. */
export function clock(ms: number, zone: string): string {
  return wire(ms, zone).slice(11);
}
