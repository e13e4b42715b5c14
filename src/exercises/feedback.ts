import { messages } from '../i18n/index.js';
import type { Finding } from './findings.js';

/**
 * A check's findings as one line in the reader's language: each finding one sentence from the
 * catalogue, joined. Findings with the same code and a list of files are merged first, so twelve
 * misplaced photos read as one sentence with a count, not twelve lines.
 */
export function describeFindings(findings: readonly Finding[] | undefined, lang: string): string | undefined {
  if (!findings || findings.length === 0) return undefined;
  const catalog = messages(lang);
  const sentences = mergeFileLists(findings).map((item) => (catalog.grade[item.code] as (params: unknown) => string)(item.params));
  return catalog.grading.joinFindings(sentences);
}

const FILE_LIST_CODES = new Set(['still-there', 'lost', 'files-added', 'files-removed', 'files-edited']);

function mergeFileLists(findings: readonly Finding[]): Finding[] {
  const merged: Finding[] = [];
  for (const item of findings) {
    const twin = FILE_LIST_CODES.has(item.code) ? merged.find((other) => other.code === item.code) : undefined;
    if (twin && 'files' in twin.params && 'files' in item.params) {
      twin.params = { ...twin.params, files: [...new Set([...twin.params.files, ...item.params.files])].sort() } as never;
    } else merged.push({ ...item } as Finding);
  }
  return merged;
}
