/**
 * xterm.js writes the CSS it generates (theme colours, row sizes, scrollbar) into `<style>`
 * elements it creates while a terminal opens. The renderer's Content-Security-Policy
 * (`style-src 'self'`) blocks inline style elements, so those rules would not apply and every one
 * would report a violation. Rather than loosen the policy, `openWithAdoptedStyles` runs the
 * terminal's `open()` with `document.createElement('style')` handing out an inert stand-in whose
 * text goes into a constructed stylesheet adopted by the document: constructed sheets are CSSOM,
 * which the policy does not govern, and hold only what xterm.js generated.
 *
 * Known gap: xterm.js's DOM renderer writes 24-bit colours as `style` attributes, which the policy
 * still blocks; BIOS and serial consoles use the 16 ANSI colours, which are classes.
 */
export function openWithAdoptedStyles(open: () => void): () => void {
  const doc = document;
  const sheets: CSSStyleSheet[] = [];
  const original = Document.prototype.createElement;
  const standIn = (): HTMLElement => {
    const sheet = new CSSStyleSheet();
    sheets.push(sheet);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    // A <template> is never rendered, and its own text is not a stylesheet.
    const element = original.call(doc, 'template');
    let text = '';
    Object.defineProperty(element, 'textContent', {
      configurable: true,
      get: () => text,
      set: (value: string | null) => {
        text = value ?? '';
        sheet.replaceSync(text);
      },
    });
    return element;
  };
  const patched = function (this: Document, tag: string, options?: ElementCreationOptions): HTMLElement {
    return tag.toLowerCase() === 'style' ? standIn() : original.call(this, tag, options);
  };
  Object.defineProperty(doc, 'createElement', { configurable: true, writable: true, value: patched });
  try {
    open();
  } finally {
    // Back to the prototype's method: only what `open` created went through the stand-in.
    delete (doc as { createElement?: unknown }).createElement;
  }
  return () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => !sheets.includes(s));
  };
}
