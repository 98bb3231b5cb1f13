/**
 * Saves text as a file through a Blob URL and an `<a download>` click: no downloads permission, nothing
 * leaves the browser. The URL is revoked once the browser has taken the file.
 */
export function downloadText(text: string, fileName: string, mime: string): void {
  downloadParts([text], fileName, mime);
}

/** Same, for a file built in parts (a large backup is never joined into one string). */
export function downloadParts(parts: readonly string[], fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob(parts as string[], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
