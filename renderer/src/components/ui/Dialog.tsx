// A modal dialog: focus stays inside (Tab wraps), Esc closes it, and focus goes back to what opened it.
import { useEffect, useRef, useState } from 'react';
import { FOCUSABLE, nextFocusIndex } from '../../focus-trap.ts';

/** A modal dialog: focus stays inside (Tab wraps), Esc closes it, and focus goes back to what opened it. */
export function Dialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Read while rendering, before an autofocused field inside takes the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    if (box.current && !box.current.contains(document.activeElement))
      box.current.querySelector<HTMLElement>('[autofocus], ' + FOCUSABLE)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close.current();
      } else if (event.key === 'Tab' && box.current) {
        const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const next = nextFocusIndex(items.length, items.indexOf(document.activeElement as HTMLElement), event.shiftKey);
        event.preventDefault();
        if (next !== null) items[next]?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Back to the button that opened the dialog, if it is still there.
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  return (
    <div className="backdrop">
      <div ref={box} role="dialog" aria-modal="true" aria-label={title} className="dialog">
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
