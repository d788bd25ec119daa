/** `@fastify/multipart` limits (busboy's names). */
export interface UploadLimits {
  readonly fileSize: number;
  readonly files: number;
  readonly fields: number;
  readonly fieldSize: number;
  readonly fieldNameSize: number;
  readonly parts: number;
  readonly headerPairs: number;
}

/**
 * Limits for multipart uploads (department files, evidence documents), for `@fastify/multipart`'s `limits`:
 * one file of at most 512 MiB, at most 10 other fields of at most 1 KiB each. JSON bodies are limited separately
 * (10 MiB, `bodyLimit` in create-app.ts). Exceeding a limit answers 413 payload_too_large.
 */
export const UPLOAD_LIMITS: UploadLimits = Object.freeze({
  fileSize: 512 * 1024 * 1024,
  files: 1,
  fields: 10,
  fieldSize: 1024,
  fieldNameSize: 100,
  parts: 11,
  headerPairs: 100,
});

/** Options for registering `@fastify/multipart`: {@link UPLOAD_LIMITS} (or narrower ones); oversize files throw. */
export function multipartOptions(limits: Partial<UploadLimits> = {}): {
  limits: UploadLimits;
  throwFileSizeLimit: true;
} {
  return { limits: { ...UPLOAD_LIMITS, ...limits }, throwFileSizeLimit: true };
}
