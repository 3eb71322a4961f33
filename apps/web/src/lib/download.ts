/** The media type of a Word document (the API's DOCX representations). */
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Saves a downloaded representation (DOCX, CSV, a printable dossier) under a file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Shows a representation read with the token (the printable 新旧対照表) in a tab opened at the
 * click — before the read, so that no popup blocker stops it — which is then cut off from this page.
 */
export function showBlobIn(tab: Window, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  tab.opener = null;
  tab.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
