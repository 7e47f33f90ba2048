// A day's timeline of one channel: recorded ranges and the gaps between them, the now marker and the position
// played. x maps linearly from data-from-ms (left edge) to data-to-ms (right edge); a click plays from its
// instant, a drag selects a range to export.
import { useRef, useState } from 'preact/hooks';
import { clock } from './zone';

export interface Range {
  start: number;
  end: number;
}

/** A pointer that moved less than this many pixels between down and up clicked; farther, it dragged. */
const DRAG_PX = 5;
/** An arrow key moves the keyboard cursor by this share of the view. */
const KEY_STEPS = 60;

/** Tick spacing for a view span: about 6 to 12 ticks whatever the zoom. */
function tickStep(spanMs: number): number {
  const steps = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 3 * 3_600_000];
  return steps.find((s) => spanMs / s <= 12) || 3 * 3_600_000;
}

interface Props {
  from: number;
  to: number;
  zone: string;
  ranges: Range[];
  now: number;
  position: number | null;
  selection: Range | null;
  onPlay: (ms: number) => void;
  onSelect: (r: Range | null) => void;
}

export function Timeline(p: Props) {
  const bar = useRef<HTMLDivElement>(null);
  const down = useRef<{ x: number; ms: number } | null>(null);
  const [dragging, setDragging] = useState<Range | null>(null);
  // the keyboard's way in: arrows move a cursor, Enter plays from it, Shift+arrows select from where Shift began
  const [cursor, setCursor] = useState<number | null>(null);
  const anchor = useRef<number | null>(null);
  const span = p.to - p.from;
  const pct = (ms: number) => ((Math.min(Math.max(ms, p.from), p.to) - p.from) / span) * 100 + '%';
  const msAt = (clientX: number) => {
    const box = bar.current!.getBoundingClientRect();
    const x = Math.min(Math.max(clientX - box.left, 0), box.width);
    return Math.round(p.from + (x / box.width) * span);
  };
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    bar.current!.setPointerCapture(e.pointerId);
    down.current = { x: e.clientX, ms: msAt(e.clientX) };
  };
  const onMove = (e: PointerEvent) => {
    const d = down.current;
    if (!d || Math.abs(e.clientX - d.x) < DRAG_PX) return;
    const ms = msAt(e.clientX);
    setDragging({ start: Math.min(d.ms, ms), end: Math.max(d.ms, ms) });
  };
  const onUp = (e: PointerEvent) => {
    const d = down.current;
    down.current = null;
    setDragging(null);
    if (!d) return;
    if (Math.abs(e.clientX - d.x) < DRAG_PX) {
      p.onPlay(d.ms);
    } else {
      const ms = msAt(e.clientX);
      p.onSelect({ start: Math.min(d.ms, ms), end: Math.max(d.ms, ms) });
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const here = cursor ?? p.position ?? (p.from + p.to) / 2;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      p.onPlay(Math.round(here));
      return;
    }
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = Math.min(p.to, Math.max(p.from, here + (e.key === 'ArrowLeft' ? -1 : 1) * (span / KEY_STEPS)));
    setCursor(next);
    if (e.shiftKey) {
      if (anchor.current == null) anchor.current = here;
      p.onSelect({ start: Math.round(Math.min(anchor.current, next)), end: Math.round(Math.max(anchor.current, next)) });
    } else {
      anchor.current = null;
    }
  };
  const step = tickStep(span);
  const ticks: number[] = [];
  for (let t = Math.ceil(p.from / step) * step; t <= p.to; t += step) ticks.push(t);
  const selection = dragging || p.selection;
  const visible = p.ranges.filter((r) => r.end > p.from && r.start < p.to);
  return (
    <div class="timeline-wrap">
      <div ref={bar} class="timeline" data-testid="timeline" data-from-ms={p.from} data-to-ms={p.to}
        onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onKeyDown={onKey} tabIndex={0}
        role="slider" aria-label="timeline: arrows move, Enter plays, Shift+arrows select"
        aria-valuemin={p.from} aria-valuemax={p.to} aria-valuenow={Math.round(cursor ?? p.position ?? p.from)}
        aria-valuetext={clock(cursor ?? p.position ?? p.from, p.zone)}
        onPointerCancel={() => { down.current = null; setDragging(null); }}
        title="click to play from an instant, drag to select a range">
        {visible.map((r) => (
          <div class="range" data-testid="timeline-range" data-start-ms={r.start} data-end-ms={r.end}
            style={{ left: pct(r.start), width: `calc(${pct(r.end)} - ${pct(r.start)})` }} />
        ))}
        {selection && (
          <div class="selection" data-testid={dragging ? undefined : 'timeline-selection'}
            data-start-ms={selection.start} data-end-ms={selection.end}
            style={{ left: pct(selection.start), width: `calc(${pct(selection.end)} - ${pct(selection.start)})` }} />
        )}
        {p.now >= p.from && p.now <= p.to && <div class="now" data-testid="timeline-now" style={{ left: pct(p.now) }} />}
        {cursor != null && cursor >= p.from && cursor <= p.to && <div class="key-cursor" style={{ left: pct(cursor) }} />}
        {p.position != null && p.position >= p.from && p.position <= p.to &&
          <div class="cursor" style={{ left: pct(p.position) }} />}
      </div>
      <div class="ticks" aria-hidden="true">
        {ticks.map((t) => <span style={{ left: pct(t) }}>{clock(t, p.zone).slice(0, 5)}</span>)}
      </div>
    </div>
  );
}
