import { matchesGlob } from '../glob.js';
import { type SnapshotChanges, type WorkspaceSnapshot, decodeText } from '../snapshot.js';
import { type Finding, finding } from '../findings.js';
import { normalizeForMatch, plainText } from '../text.js';

/**
 * What every check sees: the current snapshot, the baseline, what changed, and cached text views of
 * files (decoding and normalising a file once even when five checks read it).
 */
export interface CheckOutcome {
  passed: boolean;
  /** What was found, as data (findings.ts); the renderers put it into the reader's language. */
  findings?: Finding[];
}

export function failed(...findings: Finding[]): CheckOutcome {
  return { passed: false, findings };
}

export class GradeContext {
  readonly #plain = new Map<string, string>();
  readonly #normalized = new Map<string, string>();
  readonly #sortedPaths: string[];

  constructor(
    readonly current: WorkspaceSnapshot,
    readonly baseline: WorkspaceSnapshot,
    readonly changes: SnapshotChanges,
  ) {
    this.#sortedPaths = [...current.files.keys()].sort();
  }

  /** Files of the current workspace matching a glob, in path order. */
  files(glob: string): string[] {
    return this.#sortedPaths.filter((path) => matchesGlob(path, glob));
  }

  /** BOM removed, LF line endings, NFC. */
  plain(path: string): string {
    let text = this.#plain.get(path);
    if (text === undefined) {
      const bytes = this.current.files.get(path)?.bytes;
      text = bytes ? plainText(decodeText(bytes)) : '';
      this.#plain.set(path, text);
    }
    return text;
  }

  normalized(path: string): string {
    let text = this.#normalized.get(path);
    if (text === undefined) {
      text = normalizeForMatch(this.plain(path));
      this.#normalized.set(path, text);
    }
    return text;
  }
}

export function noFileMatches(glob: string): CheckOutcome {
  return failed(finding('no-file', { glob }));
}
