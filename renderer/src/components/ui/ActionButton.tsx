// A button that asks something of Lobsterpot: disabled, with the reason as its title, while the window is not
// connected or the host it acts on is out of reach, so a click can never go nowhere.
import type { ButtonHTMLAttributes } from 'react';
import { offlineReason, useStore } from '../../store.ts';

/** Why nothing can be asked now: the window's connection is lost (null while connected). */
export const useOffline = (): string | null => useStore(offlineReason);

export function ActionButton({
  blocked = null,
  disabled,
  title,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { blocked?: string | null }) {
  const offline = useOffline();
  const why = offline ?? blocked;
  return (
    <button
      {...rest}
      type={type}
      disabled={Boolean(disabled) || why !== null}
      title={why ?? title}
      data-blocked={why === null ? undefined : true}
    />
  );
}

/**
 * A form's fields and buttons, all disabled with the reason said once above them while nothing can be asked (the
 * window offline, the host out of reach).
 */
export function ActionScope({
  blocked = null,
  className,
  children,
}: {
  blocked?: string | null;
  className?: string;
  children: React.ReactNode;
}) {
  const offline = useOffline();
  const why = offline ?? blocked;
  return (
    <>
      {why !== null && (
        <p className="banner banner-warn" role="status">
          Nothing can be changed now: {why}.
        </p>
      )}
      <fieldset className={`action-scope${className ? ` ${className}` : ''}`} disabled={why !== null}>
        {children}
      </fieldset>
    </>
  );
}
