/** Hands a downloaded file to the browser as a download (the report routes need the bearer token, so no plain link). */
export function saveDownload(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the browser keeps its own copy of the file.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
