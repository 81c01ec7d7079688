// Saves files through the browser's download machinery; several files as one .zip.
import { strToU8, zipSync } from 'fflate';
import type { ExportFile } from '../../../shared/profiles.js';

export function fileBytes(file: Pick<ExportFile, 'encoding' | 'content'>): Uint8Array<ArrayBuffer> {
  if (file.encoding === 'utf8') return new TextEncoder().encode(file.content);
  const binary = atob(file.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function downloadBytes(name: string, bytes: Uint8Array<ArrayBuffer>): void {
  // octet-stream: Chromium would append ".txt" to an extension-less text/plain name (msmtprc).
  downloadBlob(name, new Blob([bytes], { type: 'application/octet-stream' }));
}

/** Hands the browser a file to save under `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadFile(file: ExportFile): void {
  downloadBytes(file.name.split('/').pop() ?? 'export', fileBytes(file));
}

export function downloadText(name: string, text: string): void {
  downloadBytes(name, new TextEncoder().encode(text));
}

/** Every file in one .zip, keeping their folder names (the admin publish kit). */
export function downloadZip(name: string, files: ExportFile[]): void {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.name] = f.encoding === 'utf8' ? strToU8(f.content) : fileBytes(f);
  downloadBytes(name, zipSync(entries, { level: 6 }) as Uint8Array<ArrayBuffer>);
}
