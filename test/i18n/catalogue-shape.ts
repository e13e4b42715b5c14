/**
 * Every entry of a catalogue by its dotted path, with its kind ("sentence" for a function, "text" for a
 * fixed string): what the key-comparison tests of each catalogue section compare between languages.
 */
export function catalogueShape(value: unknown, at = '', into: Map<string, string> = new Map()): Map<string, string> {
  if (typeof value === 'function') into.set(at, 'sentence');
  else if (typeof value === 'string') into.set(at, 'text');
  else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) catalogueShape(inner, at ? `${at}.${key}` : key, into);
  else into.set(at, typeof value);
  return into;
}
