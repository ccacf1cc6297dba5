// The time as panels show it.
import { useEffect, useState } from 'react';
import { useStore } from '../../store.ts';

/**
 * The time now, redrawn every `ms` while the component is shown (elapsed times, uptime); while the window is not
 * connected, the moment it lost the connection: what is shown is not live, so nothing keeps counting.
 */
export function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  const lostAt = useStore((s) => s.lostAt);
  useEffect(() => {
    if (lostAt !== null) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms, lostAt]);
  return lostAt ?? now;
}
