// Polling the node while a page is shown: one request at a time, none while the tab is hidden.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';

export interface Polled<T> {
  value: T | null;
  error: string | null;
  refresh: () => void;
}

/** Calls {@code load} now and every {@code everyMs} while mounted; {@code deps} restart it. */
export function usePoll<T>(load: () => Promise<T>, everyMs: number, deps: unknown[] = []): Polled<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => {
    let stopped = false;
    let timer = 0;
    let running = false;
    const once = async () => {
      clearTimeout(timer);
      if (stopped || running) return;
      running = true;
      try {
        if (!document.hidden) {
          const v = await load();
          if (!stopped) {
            setValue(v);
            setError(null);
          }
        }
      } catch (e) {
        if (!stopped) setError(e instanceof ApiFailure ? e.sentence : String(e));
      } finally {
        running = false;
        if (!stopped) timer = window.setTimeout(once, everyMs);
      }
    };
    kick.current = () => { void once(); };
    void once();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
  return { value, error, refresh: () => kick.current() };
}
