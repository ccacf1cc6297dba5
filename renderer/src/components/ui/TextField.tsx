// One labelled text input of a form (`div.field`: the label, the input, then whatever the field adds: a hint, an
// offer). Every form's text fields are this one component, so they read and behave alike.
import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'children'>;

export function TextField({
  id,
  label,
  value,
  onChange,
  children,
  ...input
}: InputProps & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** What follows the input inside the field (a hint, a button). */
  children?: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
      {children}
    </div>
  );
}
