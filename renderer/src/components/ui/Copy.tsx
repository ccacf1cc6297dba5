// Copying to the clipboard, and a path shown with its own Copy button.
import { useState } from 'react';
import { copyText } from '../../clipboard.ts';
import { middleEllipsis } from '../../format.ts';

/** Writes text to the clipboard (http://127.0.0.1 is a secure context, so serve may use it too). */
export async function copy(text: string | Promise<string>): Promise<void> {
  // A promised text keeps the click's permission while the core works (the dashboard URL takes seconds).
  if (typeof text !== 'string' && typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    try {
      return await navigator.clipboard.write([
        new ClipboardItem({ 'text/plain': text.then((t) => new Blob([t], { type: 'text/plain' })) }),
      ]);
    } catch (error) {
      // The text's own failure is the one to tell; a refused clipboard falls through to the window's copy helper.
      await text;
      if (!(error instanceof DOMException)) throw error;
    }
  }
  await copyText(await text);
}

/** A path shown whole when it fits, else cut in the middle; the whole path on hover, and a button that copies it. */
export function PathText({ path, max = 72 }: { path: string; max?: number }) {
  const [copied, setCopied] = useState(false);
  return (
    <span className="path">
      <code title={path}>{middleEllipsis(path, max)}</code>{' '}
      <button
        type="button"
        className="small"
        aria-label={`Copy ${path}`}
        onClick={async () => {
          await copy(path).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}
