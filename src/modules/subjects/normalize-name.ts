/**
 * Normalises a subject name for exact matching and search: NFKC (full-width letters, digits and brackets to
 * half-width, so `（` and `(` compare equal), all whitespace removed, other bracket styles unified to `()`,
 * ASCII lower-cased. Chinese characters are unchanged.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000\u200b-\u200d\ufeff]+/g, '')
    .replace(/[【[〔［]/g, '(')
    .replace(/[】\]〕］]/g, ')')
    .toLowerCase();
}
