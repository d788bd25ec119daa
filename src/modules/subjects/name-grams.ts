/**
 * The distinct character bigrams of a normalised name (a 1-character name gives its single character). Chinese
 * names have no word boundaries, so bigrams let a 2-character query find any name containing it, on SQLite and
 * PostgreSQL alike (docs/adr/0008-name-search.md).
 */
export function nameGrams(nameNorm: string): string[] {
  const chars = [...nameNorm];
  if (chars.length === 0) return [];
  if (chars.length === 1) return [chars[0] as string];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
  return [...out];
}
