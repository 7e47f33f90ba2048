// Facts about the node the whole console reads: its zone above all (every time shown and sent is in it).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Health } from './api';

export const NodeFacts = createContext<Health | null>(null);

/** The node's zone, or UTC until its health has answered. */
export function useZone(): string {
  return useContext(NodeFacts)?.zone || 'UTC';
}
