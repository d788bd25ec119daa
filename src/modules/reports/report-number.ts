import { randomBytes } from 'node:crypto';
import { sm3Hex } from '../../platform/crypto/sm.js';
import type { ReportKind } from './report.table.js';

/** Crockford base32: digits and capitals without I, L, O, U (nothing to misread when typed from paper). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** Shape of a report number: XY, B (standard) or Z (special), the issue date, 8 random base32 characters. */
export const REPORT_NO_PATTERN = '^XY[BZ][0-9]{8}[0-9A-HJKMNP-TV-Z]{8}$';

/** A new report number (报告编号), e.g. `XYB20261129K3D9QW2M` for a standard report issued on 2026-11-29. */
export function newReportNo(kind: ReportKind, issueDate: string): string {
  return `XY${kind === 'standard' ? 'B' : 'Z'}${issueDate.replaceAll('-', '')}${base32(randomBytes(5), 8)}`;
}

/**
 * The 8-character verification code (核验码) of a report: the first 40 bits of
 * SM3("xinyong-report-code/1\n" ‖ report number ‖ "\n" ‖ content digest) in Crockford base32. Printed on the report
 * and in its QR code; with the report number it unlocks the public verification answer.
 */
export function verificationCodeOf(reportNo: string, contentDigest: string): string {
  return base32(Buffer.from(sm3Hex(`xinyong-report-code/1\n${reportNo}\n${contentDigest}`), 'hex'), 8);
}

/** Normalises a typed code: upper case, spaces and hyphens removed, O → 0, I/L → 1 (Crockford decoding). */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replaceAll('O', '0').replace(/[IL]/g, '1');
}

/** The portal's verification page for a report (web/src/app/router.tsx: `reports/verify?no=…&code=…`). */
export function verificationUrl(publicUrl: string, reportNo: string, code: string): string {
  return `${publicUrl}/reports/verify?no=${encodeURIComponent(reportNo)}&code=${encodeURIComponent(code)}`;
}
