// Status changes read out politely to screen readers: "alpha: ready". One live region for the whole window.
import { useEffect, useRef, useState } from 'react';
import { stateLabel } from '../format.ts';
import { useStore } from '../store.ts';
import { hereOf, type HostFleet } from '../reducer.ts';

/** "alpha:ready|beta:starting": one string, so the store selector is stable between unrelated updates. */
const labelsOf = (gateways: HostFleet['gateways']) =>
  Object.values(gateways)
    .map((g) => `${g.profile}:${stateLabel(g)}`)
    .join('|');

export function Announcer() {
  const labels = useStore((s) => labelsOf(hereOf(s).gateways));
  const before = useRef<Map<string, string> | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const now = new Map(labels ? labels.split('|').map((entry) => entry.split(':') as [string, string]) : []);
    // The first snapshot is the starting point, not news.
    if (before.current) {
      const changed = [...now].filter(([name, label]) => before.current?.get(name) !== label);
      if (changed.length) setMessage(changed.map(([name, label]) => `${name}: ${label}`).join('. '));
    }
    before.current = now;
  }, [labels]);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message}
    </div>
  );
}
