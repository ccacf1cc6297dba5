// A command behind a button: busy while it runs, its failure said where it was asked.
import { useState } from 'react';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async <T>(work: () => Promise<{ ok: true; result: T } | { ok: false; error: string }>) => {
    setBusy(true);
    setError(null);
    const result = await work();
    setBusy(false);
    if (!result.ok) setError(result.error);
    return result.ok ? result.result : null;
  };
  return { busy, error, act };
}
