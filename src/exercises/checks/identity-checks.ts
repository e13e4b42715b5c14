import type { z } from 'zod';
import { explainLost, fileName, followContent, freshFiles } from '../content-identity.js';
import { type FileMove, type Finding, finding } from '../findings.js';
import { matchesAnyGlob, matchesGlob, matchesNameGlob } from '../glob.js';
import type { IdentityCheck, IdentityRule, Term } from '../pack-schema.js';
import { parentDirs } from '../snapshot.js';
import { containsTerm, normalizeForMatch } from '../text.js';
import { type CheckOutcome, type GradeContext, failed } from './context.js';

/**
 * The `identity` check: each starter file is followed by its content, so "the photo that was
 * DSC_0412.JPG is now named 2024-03-15_kyoto.jpg" and "todo.txt was moved, not renamed" are checked as
 * facts about that file, not as "some file of that name exists". Findings say which file went where,
 * grouped by what is wrong, and never the name a rule expects (that is the participant's answer).
 */
type Rule = z.infer<typeof IdentityRule>;

/** "kyoto-2.jpg", "kyoto_2.jpg", "kyoto (2).jpg" → "kyoto.jpg": the number that tells two files apart. */
const COPY_NUMBER = /(?:[-_ ]?\(0?[1-9]\)|[-_ ]0?[1-9])(?=\.[^./]*$|$)/;

/** The name as written, then with full-width forms folded (（２） is (2)), then without a copy number. */
function nameFits(place: string, glob: string): boolean {
  if (matchesNameGlob(place, glob)) return true;
  const folded = place.normalize('NFKC');
  if (folded !== place && matchesNameGlob(folded, glob)) return true;
  const unnumbered = folded.replace(COPY_NUMBER, '');
  return unnumbered !== folded && matchesNameGlob(unnumbered, glob);
}

function inFolderLike(place: string, folder: Term): boolean {
  return parentDirs(place).some((dir) => containsTerm(normalizeForMatch(fileName(dir)), folder));
}

export function checkIdentity(check: z.infer<typeof IdentityCheck>, ctx: GradeContext): CheckOutcome {
  const { baseline, current } = ctx;
  const from = check.from ?? '**';
  const files = [...baseline.files.keys()].filter((path) => matchesGlob(path, from)).sort();
  const rules = check.rules ?? [];
  const rulesOf = new Map(files.map((file) => [file, rules.filter((rule) => matchesNameGlob(file, rule.files))]));

  const findings: Finding[] = [];
  for (const rule of rules) if (!files.some((file) => matchesNameGlob(file, rule.files))) findings.push(finding('no-file', { glob: rule.files }));

  const fitsRule = (place: string, rule: Rule) => (rule.name === undefined || nameFits(place, rule.name)) && (rule.folder === undefined || inFolderLike(place, rule.folder));
  const fits = (file: string, place: string) =>
    (rulesOf.get(file) ?? []).every((rule) => fitsRule(place, rule)) && (!check.keepName || fileName(place) === fileName(file));
  const { followed, copies } = followContent(baseline, current, files, fits);

  const missing: string[] = [];
  const edited: string[] = [];
  const converted: FileMove[] = [];
  const evidence = new Set<string>();
  const misplaced = new Map<string, { folder: Term; files: string[] }>();
  const notRenamed: string[] = [];
  const nameOfAnother: FileMove[] = [];
  const wrongName: FileMove[] = [];
  const renamed: FileMove[] = [];

  let gone = 0;
  for (const { file, place: found, fits: ok } of followed) {
    if (ok) continue;
    let place = found;
    if (place === undefined) {
      const lost = explainLost(file, baseline, current);
      if (lost.evidence) evidence.add(lost.evidence);
      if (check.missing === 'ignore') {
        // Another check reports the loss; an edited or converted file is still judged where it is.
        if (lost.evidence === undefined) gone += 1;
        if (lost.evidence === undefined || rules.length === 0) continue;
        place = lost.evidence;
      } else {
        if (lost.kind === 'edited') edited.push(file);
        else if (lost.kind === 'converted') converted.push({ from: file, to: lost.evidence ?? '' });
        else missing.push(file);
        continue;
      }
    }
    const move = { from: file, to: place };
    for (const rule of rulesOf.get(file) ?? []) {
      if (rule.name !== undefined && !nameFits(place, rule.name)) {
        const othersRule = files.some((other) => other !== file && (rulesOf.get(other) ?? []).some((r) => r.name !== undefined && nameFits(place, r.name)));
        if (fileName(place) === fileName(file)) notRenamed.push(place);
        else if (othersRule) nameOfAnother.push(move);
        else wrongName.push(move);
      }
      if (rule.folder !== undefined && !inFolderLike(place, rule.folder)) {
        const key = JSON.stringify(rule.folder);
        const entry = misplaced.get(key) ?? { folder: rule.folder, files: [] };
        if (!entry.files.includes(place)) entry.files.push(place);
        misplaced.set(key, entry);
      }
    }
    if (check.keepName && found !== undefined && fileName(place) !== fileName(file)) renamed.push(move);
  }
  // Nothing left to judge is not a pass: "the installers are in an installers folder" with no installer.
  if (check.missing === 'ignore' && rules.length > 0 && files.length > 0 && gone === files.length) missing.push(...files);


  if (missing.length) findings.push(finding('identity-missing', { files: missing }));
  if (edited.length) findings.push(finding('identity-edited', { files: edited }));
  if (converted.length) findings.push(finding('identity-converted', { moves: converted }));
  for (const entry of misplaced.values()) findings.push(finding('identity-misplaced', { folder: entry.folder, files: entry.files.sort() }));
  if (notRenamed.length) findings.push(finding('identity-not-renamed', { files: [...new Set(notRenamed)].sort() }));
  if (nameOfAnother.length) findings.push(finding('identity-name-of-another', { moves: dedupe(nameOfAnother) }));
  if (wrongName.length) findings.push(finding('identity-wrong-name', { moves: dedupe(wrongName) }));
  if (renamed.length) findings.push(finding('identity-renamed', { moves: renamed }));
  if (check.copies === false && copies.length) findings.push(finding('identity-copies', { files: copies }));

  if (check.allowNew !== undefined) {
    const allow = check.allowNew;
    // A file of new content at a starter path, or standing in for a lost file, is an edit, not a new file.
    const hashesNow = new Set([...current.files.values()].map((entry) => entry.hash));
    for (const [file, entry] of baseline.files) {
      if (hashesNow.has(entry.hash)) continue;
      const lost = explainLost(file, baseline, current);
      if (lost.evidence) evidence.add(lost.evidence);
    }
    const added = freshFiles(baseline, current).filter((path) => !baseline.files.has(path) && !evidence.has(path) && !matchesAnyGlob(path, allow));
    if (added.length) findings.push(finding('identity-new-files', { files: added }));
  }
  return findings.length === 0 ? { passed: true } : failed(...findings);
}

function dedupe(moves: FileMove[]): FileMove[] {
  const seen = new Set<string>();
  return moves.filter((move) => {
    const key = `${move.from}\0${move.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
