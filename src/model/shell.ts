/** `it's` → `'it'\''s'`: safe for any value in bash. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
