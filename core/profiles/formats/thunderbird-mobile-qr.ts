// The QR code Thunderbird desktop's "Export for Mobile" shows and Thunderbird for
// Android imports: qr-code-format.md, format version 1 (profiles §2.4). No password.
import QRCode from 'qrcode';
import { ok, type Result } from '../../../shared/errors.js';
import { authKind, QR_AUTH, QR_SECURITY } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';

export type QrPayload = [
  1,
  [number, number],
  [number, string, number, number, number, string, string],
  Array<[[0, string, number, number, number, string], [string, string]]>,
];

export function mobileQrPayload(account: PreparedAccount): QrPayload {
  const inc = account.incoming;
  const out = account.outgoing;
  return [
    1,
    [1, 1],
    [inc.protocol === 'pop3' ? 1 : 0, inc.host, inc.port, QR_SECURITY[inc.security], QR_AUTH[authKind(inc)], inc.username, account.email],
    [[[0, out.host, out.port, QR_SECURITY[out.security], QR_AUTH[authKind(out)], out.username], [account.email, account.displayName]]],
  ];
}

/** JSON text of the payload; non-ASCII escaped so the QR holds plain ASCII. */
export function mobileQrText(account: PreparedAccount): string {
  return JSON.stringify(mobileQrPayload(account)).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

export async function exportThunderbirdMobileQr(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const text = mobileQrText(account);
  const [png, svg] = await Promise.all([qrPng(text), qrSvg(text)]);
  return ok({
    files: [
      textFile('thunderbird-mobile-qr.json', 'application/json', `${text}\n`),
      { name: 'thunderbird-mobile-qr.png', mediaType: 'image/png', encoding: 'base64', content: png.toString('base64') },
      textFile('thunderbird-mobile-qr.svg', 'image/svg+xml', svg),
    ],
    warnings: ['Anyone who sees this QR code can read the server settings and login name (no password is in it).'],
  });
}
