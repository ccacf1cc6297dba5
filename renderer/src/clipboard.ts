// The window's one way to copy text, in the app and in a browser: the async Clipboard API where it is granted (the app
// grants its own page `clipboard-sanitized-write`; http://127.0.0.1 is a secure context for serve), else the copy
// command from the click itself, which needs no permission.
export interface ClipboardPlace {
  clipboard?: { writeText(text: string): Promise<void> } | undefined;
  document: Pick<Document, 'createElement' | 'execCommand'> & { body: Pick<HTMLElement, 'append'> };
}

const here = (): ClipboardPlace => ({ clipboard: globalThis.navigator?.clipboard, document });

export async function copyText(text: string, place: ClipboardPlace = here()): Promise<void> {
  let refusal: unknown = new Error('no clipboard here');
  if (place.clipboard) {
    try {
      await place.clipboard.writeText(text);
      return;
    } catch (error) {
      refusal = error;
    }
  }
  const field = place.document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  place.document.body.append(field);
  field.select();
  const copied = place.document.execCommand('copy');
  field.remove();
  if (!copied) throw refusal;
}
