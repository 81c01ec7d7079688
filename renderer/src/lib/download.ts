// Saves an exported file through the browser's download machinery.
import type { ExportFile } from '../../../shared/profiles.js';

export function fileBytes(file: ExportFile): Uint8Array<ArrayBuffer> {
  if (file.encoding === 'utf8') return new TextEncoder().encode(file.content);
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function downloadFile(file: ExportFile): void {
  // octet-stream: Chromium would append ".txt" to an extension-less text/plain name (msmtprc).
  const url = URL.createObjectURL(new Blob([fileBytes(file)], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name.split('/').pop() ?? 'export';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function isTextual(file: ExportFile): boolean {
  return file.encoding === 'utf8';
}
