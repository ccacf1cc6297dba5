// "Export to Docker Compose…" and "Export to Kubernetes…", for a profile's Manage tab on any host.
import type { ExportFormat } from '../../../../electron/contract/contract.ts';
import { FORMAT_WORDS } from '../../export-model.ts';
import { ActionButton } from './ActionButton.tsx';

/** "Export to Docker Compose…" and "Export to Kubernetes…", for one profile's Manage tab. */
export function ExportButtons({
  onExport,
  blocked = null,
}: {
  onExport: (format: ExportFormat) => void;
  blocked?: string | null;
}) {
  return (
    <div className="row">
      {(['compose', 'kubernetes'] as const).map((format) => (
        <ActionButton
          key={format}
          type="button"
          disabled={blocked !== null}
          title={blocked ?? undefined}
          onClick={() => onExport(format)}
        >
          Export to {FORMAT_WORDS[format]}…
        </ActionButton>
      ))}
    </div>
  );
}
