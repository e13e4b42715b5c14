import path from 'node:path';
import { parseDocument } from 'yaml';
import { scanForSecrets } from '../core/secret.js';
import { SKILL_LIMITS, SKILL_NAME_PATTERN, SkillFilePath, type SkillProblem } from '../protocol/skills.js';

/**
 * The checks a skill passes before it is published (issue 15): pure, over the folder's files, so the
 * laptop runs them before sending (`workshop skills publish`) and the server runs the very same ones
 * again on what arrived (facilitator/skills/routes.ts). What the Agent Skills standard asks (a
 * `SKILL.md` whose YAML front matter has a `name` of the folder's name in the standard's form and a
 * `description`, bounded sizes, nothing reaching outside the folder), what a company needs (no secrets
 * handed to colleagues) and what a reviewer needs (every file that runs code flagged).
 *
 * Problems are codes with values (src/protocol/skills.ts), worded in the reader's language where they
 * are shown. A secret is reported by kind, file and line only.
 */
export interface SkillInputFile {
  /** Relative to the skill folder, forward slashes. */
  path: string;
  /** The content (empty when it was too big to read: then `size` says how big). */
  bytes: Uint8Array;
  /** The real size, when `bytes` is not all of it. */
  size?: number;
  executable: boolean;
  /** For a symbolic link: its target as written. */
  symlinkTarget?: string;
}

export interface SkillCheck {
  name?: string;
  description?: string;
  /** Files that run code: under scripts/, executable, a shebang, or a script's extension. */
  scripts: string[];
  /** Bytes of all the files. */
  bytes: number;
  problems: SkillProblem[];
}

export const SCRIPT_EXTENSIONS = ['.sh', '.bash', '.zsh', '.ps1', '.bat', '.cmd', '.py', '.js', '.mjs', '.cjs', '.ts', '.rb', '.pl', '.php'] as const;

export function validateSkill(files: readonly SkillInputFile[], options: { folderName?: string } = {}): SkillCheck {
  const problems: SkillProblem[] = [];
  const add = (code: SkillProblem['code'], where: { file?: string; line?: number } = {}, values: SkillProblem['values'] = {}) => problems.push({ code, ...where, values });

  if (files.length > SKILL_LIMITS.files) add('too-many-files', {}, { count: files.length, max: SKILL_LIMITS.files });
  const seen = new Set<string>();
  let total = 0;
  for (const file of files) {
    const size = file.size ?? file.bytes.length;
    total += size;
    if (!SkillFilePath.safeParse(file.path).success || seen.has(file.path)) add('path-invalid', { file: file.path });
    seen.add(file.path);
    if (file.symlinkTarget !== undefined && reachesOutside(file.symlinkTarget, file.path)) add('symlink-outside', { file: file.path });
    if (size > SKILL_LIMITS.fileBytes) add('file-too-big', { file: file.path }, { bytes: size, max: SKILL_LIMITS.fileBytes });
  }
  if (total > SKILL_LIMITS.totalBytes) add('total-too-big', {}, { bytes: total, max: SKILL_LIMITS.totalBytes });

  const front = checkSkillMd(files.find((f) => f.path === 'SKILL.md'), options.folderName, add);

  for (const file of files) {
    if (file.symlinkTarget !== undefined && reachesOutside(file.symlinkTarget, file.path)) continue;
    if (isBinary(file.bytes)) continue;
    const text = new TextDecoder().decode(file.bytes);
    for (const finding of scanForSecrets(text)) add('secret', { file: file.path, line: finding.line }, { kind: finding.kind });
    if (/\.(md|markdown)$/i.test(file.path)) {
      for (const link of markdownLinks(text)) {
        if (reachesOutside(link.target, file.path)) add('link-outside', { file: file.path, line: link.line });
      }
    }
  }

  return {
    ...front,
    scripts: files.filter(isScript).map((f) => f.path).sort(),
    bytes: total,
    problems,
  };
}

type Add = (code: SkillProblem['code'], where?: { file?: string; line?: number }, values?: SkillProblem['values']) => void;

function checkSkillMd(file: SkillInputFile | undefined, folderName: string | undefined, add: Add): { name?: string; description?: string } {
  if (!file) {
    add('skill-md-missing');
    return {};
  }
  let text: string;
  try {
    if (file.bytes.includes(0)) throw new Error('NUL');
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    add('skill-md-binary', { file: 'SKILL.md' });
    return {};
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    add('front-matter-missing', { file: 'SKILL.md', line: 1 });
    return {};
  }
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end === -1) {
    add('front-matter-invalid', { file: 'SKILL.md', line: 1 }, { problem: 'unclosed' });
    return {};
  }
  const yamlText = lines.slice(1, end).join('\n');
  const doc = parseDocument(yamlText, { prettyErrors: false });
  if (doc.errors.length > 0) {
    // Only the line: YAML's own message quotes the source, which could hold anything.
    const at = yamlText.slice(0, doc.errors[0].pos[0]).split('\n').length;
    add('front-matter-invalid', { file: 'SKILL.md', line: at + 1 }, { problem: 'syntax' });
    return {};
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    add('front-matter-invalid', { file: 'SKILL.md', line: 2 }, { problem: 'not-mapping' });
    return {};
  }
  const fields = data as Record<string, unknown>;
  const lineOf = (key: string) => {
    const i = lines.slice(1, end).findIndex((line) => line.startsWith(`${key}:`));
    return i === -1 ? 1 : i + 2;
  };
  const out: { name?: string; description?: string } = {};

  const name = fields.name;
  if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) add('name-missing', { file: 'SKILL.md', line: 1 });
  else if (typeof name !== 'string' || name.length > 64 || !SKILL_NAME_PATTERN.test(name)) add('name-invalid', { file: 'SKILL.md', line: lineOf('name') }, { name: String(name).slice(0, 80) });
  else {
    out.name = name;
    if (folderName !== undefined && folderName !== name) add('name-not-folder', { file: 'SKILL.md', line: lineOf('name') }, { name, folder: folderName });
  }

  const description = fields.description;
  if (typeof description !== 'string' || description.trim() === '') add('description-missing', { file: 'SKILL.md', line: 1 });
  else {
    const chars = [...description.trim()].length;
    if (chars > SKILL_LIMITS.descriptionChars) add('description-too-long', { file: 'SKILL.md', line: lineOf('description') }, { chars, max: SKILL_LIMITS.descriptionChars });
    else out.description = description.trim();
  }

  const compatibility = fields.compatibility;
  if (compatibility !== undefined && compatibility !== null) {
    const chars = [...String(compatibility)].length;
    if (chars > SKILL_LIMITS.compatibilityChars) add('compatibility-too-long', { file: 'SKILL.md', line: lineOf('compatibility') }, { chars, max: SKILL_LIMITS.compatibilityChars });
  }
  return out;
}

/** A file the reviewer must read because it runs code. */
export function isScript(file: Pick<SkillInputFile, 'path' | 'bytes' | 'executable'>): boolean {
  if (file.path.startsWith('scripts/') || file.executable) return true;
  if (file.bytes[0] === 0x23 && file.bytes[1] === 0x21) return true; // "#!"
  const ext = path.posix.extname(file.path).toLowerCase();
  return (SCRIPT_EXTENSIONS as readonly string[]).includes(ext);
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/**
 * Whether a link or symlink target, written in `from` (a path inside the folder), leads outside
 * the folder: an absolute path, a home path, a drive, a `file:` URL, or `..` climbing above the top.
 * Web links (`https:`, `mailto:`) and anchors stay where they are.
 */
export function reachesOutside(target: string, from: string): boolean {
  // The common case, a plain relative link (`references/guide.md`), decided without resolving it.
  if (!/\.\.|%|^\s*[/\\~]|^\s*[A-Za-z]:|^\s*file:/i.test(target)) return false;
  const t = target.trim().replace(/\\/g, '/');
  if (t === '' || t.startsWith('#')) return false;
  if (/^file:/i.test(t) || /^[A-Za-z]:\//.test(t) || t.startsWith('/') || t.startsWith('~')) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(t)) return false;
  let decoded = t.replace(/[?#].*$/, '');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A malformed escape is taken as written.
  }
  if (decoded.startsWith('/')) return true;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
  return resolved === '..' || resolved.startsWith('../');
}

const LINK_HINT = /\]|<|href|src/i;
/** `](<target>)`, `](target)`, a reference definition `[ref]: target`, an autolink `<file:…>`, HTML `href="…"`/`src="…"`. */
const LINK_PATTERN = /\]\(\s*<([^>]*)>|\]\(\s*([^)\s<][^)\s]*)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|<((?:file|[A-Za-z]):[^>\s]*)>|\b(?:href|src)\s*=\s*["']([^"']+)["']/gi;

/** Link targets in Markdown with their lines: inline links and images, reference definitions, autolinks, HTML href/src. Fenced code is skipped. */
export function markdownLinks(text: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  let fence: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      return;
    }
    // Most lines hold no link at all: one cheap look before the patterns.
    if (fence || !LINK_HINT.test(line)) return;
    for (const m of line.matchAll(LINK_PATTERN)) {
      const target = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
      if (target !== undefined) out.push({ target, line: i + 1 });
    }
  });
  return out;
}
