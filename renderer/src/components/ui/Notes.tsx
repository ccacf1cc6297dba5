// Findings and failures, said where they were asked: the shared ways a panel reports what is wrong.
import type { Finding } from '../../../../electron/ports/common/findings.ts';

export function FindingList({ findings, empty }: { findings: Finding[]; empty?: string }) {
  if (!findings.length) return empty ? <p className="ok-text">{empty}</p> : null;
  return (
    <ul className="findings" aria-live="polite" aria-label="Findings">
      {findings.map((f, i) => (
        <li key={`${f.kind}-${i}`} className={`finding finding-${f.severity}`} data-kind={f.kind}>
          <strong>{f.severity === 'error' ? 'Error' : 'Warning'}:</strong> {f.message}
          <div className="fix">Fix: {f.fix}</div>
        </li>
      ))}
    </ul>
  );
}

/** A failed action's message, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ error }: { error: string | null }) {
  return error ? (
    <p className="error-text" role="alert">
      {error}
    </p>
  ) : null;
}
