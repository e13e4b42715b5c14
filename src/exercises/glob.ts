import picomatch from 'picomatch';

/**
 * Glob matching for check paths. Ordinary glob syntax (`*`, `**`, `?`, `[…]`, `{a,b}`) on
 * workspace-relative paths with forward slashes. Case is ignored, because participants' laptops
 * (macOS, Windows) treat "Report.md" and "report.md" as the same file and the AI picks either; dot
 * files are matched like any other file.
 */
type Matcher = (path: string) => boolean;

const cache = new Map<string, Matcher>();

function compile(pattern: string, basename: boolean): Matcher {
  const key = `${basename ? 'b' : 'p'}:${pattern}`;
  let matcher = cache.get(key);
  if (!matcher) {
    const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '').normalize('NFC');
    matcher = picomatch(normalized, { dot: true, nocase: true, basename });
    cache.set(key, matcher);
  }
  return matcher;
}

export function matchesGlob(path: string, pattern: string): boolean {
  return compile(pattern, false)(path);
}

export function matchesAnyGlob(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesGlob(path, pattern));
}

/** Matches the file name only when the pattern has no "/" (placement rules: "*.pdf" anywhere). */
export function matchesNameGlob(path: string, pattern: string): boolean {
  return compile(pattern, !pattern.includes('/'))(path);
}
