import { createPublicKey, verify } from 'node:crypto';
import { sm3Hex } from '../../platform/crypto/sm.js';

/**
 * The signature embedded in a report PDF (docs/adr/0013-report-signatures.md). The PDF's Info dictionary holds,
 * as ASCII literal strings, `/XinyongReportNo`, `/XinyongContentDigest`, `/XinyongKeyId`, `/XinyongValidUntil` and
 * `/XinyongSignature (xinyong-pdf-sig/1:<128 hex digits>)`. The signer writes the PDF with the 128 digits all `0`,
 * computes SM3 over the whole file, signs the 32 digest bytes with the platform's Ed25519 key and writes the 64-byte
 * signature as 128 lower-case hex digits over the zeros (same length, so no offset moves). A verifier finds the
 * single marker, zeroes the digits again, recomputes SM3 and checks the signature: a change to one other byte fails it.
 */
export const SIGNATURE_MARKER = 'xinyong-pdf-sig/1:';
export const SIGNATURE_HEX_LENGTH = 128;
/** The placeholder written by the renderer into `/XinyongSignature`. */
export const SIGNATURE_PLACEHOLDER = `${SIGNATURE_MARKER}${'0'.repeat(SIGNATURE_HEX_LENGTH)}`;

const MARKER = Buffer.from(SIGNATURE_MARKER, 'latin1');

/** Offset of the 128 signature digits, or an error text when the marker is missing or not unique. */
function signatureOffset(pdf: Uint8Array): number | string {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = buf.indexOf(MARKER);
  if (at < 0) return '文件中没有本平台的报告签名';
  if (buf.indexOf(MARKER, at + 1) >= 0) return '文件中有多处报告签名标记';
  const start = at + MARKER.length;
  if (start + SIGNATURE_HEX_LENGTH > buf.length) return '报告签名不完整';
  return start;
}

/** SM3 (hex) of the PDF with the signature digits set to `0`: what the signature covers. */
export function signedPdfDigest(pdf: Uint8Array): string {
  const offset = signatureOffset(pdf);
  if (typeof offset === 'string') throw new Error(offset);
  const copy = Buffer.from(pdf);
  copy.fill(0x30, offset, offset + SIGNATURE_HEX_LENGTH);
  return sm3Hex(copy);
}

/**
 * Signs a PDF rendered with {@link SIGNATURE_PLACEHOLDER}: returns a copy with the signature written in place.
 * `sign` turns the hex SM3 digest into the 64-byte Ed25519 signature (the platform's `signDigest`).
 * @throws Error when the placeholder is missing, duplicated or already filled.
 */
export function signPdf(pdf: Uint8Array, sign: (digestHex: string) => Uint8Array): Buffer {
  const offset = signatureOffset(pdf);
  if (typeof offset === 'string') throw new Error(offset);
  const out = Buffer.from(pdf);
  if (out.toString('latin1', offset, offset + SIGNATURE_HEX_LENGTH) !== '0'.repeat(SIGNATURE_HEX_LENGTH))
    throw new Error('the PDF is already signed');
  const signature = Buffer.from(sign(signedPdfDigest(out))).toString('hex');
  if (signature.length !== SIGNATURE_HEX_LENGTH) throw new Error('not an Ed25519 signature');
  out.write(signature, offset, 'latin1');
  return out;
}

/** What a PDF says about itself (Info dictionary), read without trusting it. */
export interface EmbeddedReportInfo {
  readonly reportNo: string | null;
  readonly contentDigest: string | null;
  readonly keyId: string | null;
  readonly validUntil: string | null;
}

function infoValue(text: string, key: string, pattern: string): string | null {
  const m = new RegExp(`/${key}\\s+(?:\\d+ 0 R|\\((${pattern})\\))`).exec(text);
  if (m === null) return null;
  if (m[1] !== undefined) return m[1];
  return null;
}

/** Reads the Xinyong* Info entries (pdfkit writes each as an indirect object holding a literal string). */
export function readEmbeddedInfo(pdf: Uint8Array): EmbeddedReportInfo {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const value = (key: string, pattern: string): string | null => {
    const direct = infoValue(text, key, pattern);
    if (direct !== null) return direct;
    const ref = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(text);
    if (ref === null) return null;
    const obj = new RegExp(`(?:^|[\\r\\n])${ref[1]} 0 obj\\s*\\((${pattern})\\)\\s*endobj`).exec(text);
    return obj?.[1] ?? null;
  };
  return {
    reportNo: value('XinyongReportNo', '[A-Z0-9]{6,40}'),
    contentDigest: value('XinyongContentDigest', '[0-9a-f]{64}'),
    keyId: value('XinyongKeyId', '[A-Za-z0-9_-]{1,64}'),
    validUntil: value('XinyongValidUntil', '\\d{4}-\\d{2}-\\d{2}'),
  };
}

/** Result of checking a PDF's embedded signature. */
export interface PdfSignatureCheck {
  readonly valid: boolean;
  /** Why not, in Chinese (null when valid). */
  readonly reason: string | null;
  readonly info: EmbeddedReportInfo;
  /** SM3 of the signed form (signature digits zeroed), when the marker was found. */
  readonly signedDigest: string | null;
}

/**
 * Checks the signature a report PDF carries against a platform public key (SPKI PEM, Ed25519). Offline: needs
 * only the file and the key. Does not say whether the report is still valid or the newest (ask the platform).
 */
export function verifyPdfSignature(pdf: Uint8Array, publicKeyPem: string): PdfSignatureCheck {
  const info = readEmbeddedInfo(pdf);
  const offset = signatureOffset(pdf);
  if (typeof offset === 'string') return { valid: false, reason: offset, info, signedDigest: null };
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const hex = buf.toString('latin1', offset, offset + SIGNATURE_HEX_LENGTH);
  const digest = signedPdfDigest(pdf);
  if (!/^[0-9a-f]{128}$/.test(hex) || /^0+$/.test(hex))
    return { valid: false, reason: '报告签名缺失或格式不正确', info, signedDigest: digest };
  let ok = false;
  try {
    ok = verify(null, Buffer.from(digest, 'hex'), createPublicKey(publicKeyPem), Buffer.from(hex, 'hex'));
  } catch {
    ok = false;
  }
  return ok
    ? { valid: true, reason: null, info, signedDigest: digest }
    : {
        valid: false,
        reason: '签名核验失败：文件已被改动，或不是由该平台密钥签署',
        info,
        signedDigest: digest,
      };
}
