/** Path of a subject's public page: by USCC when it has one, else by numeric id. */
export function subjectPath(code: string): string {
  return `/subject/${encodeURIComponent(code)}`;
}
