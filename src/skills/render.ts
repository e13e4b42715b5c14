import { sanitizeLine } from '../core/sanitize.js';
import type { Catalog } from '../i18n/index.js';
import type { Skill, SkillProblem, SkillVersion } from '../protocol/skills.js';

/**
 * Text for `workshop skills …`, in the reader's language, from the catalogue's `skills` section.
 * Everything that came from someone else (names, descriptions, notes, file names) goes through the
 * terminal sanitiser: a hostile description cannot move the cursor or change colours.
 */
type Words = Catalog['skills'];

const clean = (text: string) => sanitizeLine(text);

/** Bytes as people read them: 512 B, 1.5 KiB, 4 MiB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** One problem: where (file and line), then the sentence. */
export function problemLine(problem: SkillProblem, words: Words): string {
  const sentence = words.problems[problem.code](problem.values);
  return problem.file ? `${words.where({ file: clean(problem.file), ...(problem.line ? { line: problem.line } : {}) })} ${sentence}` : sentence;
}

/** The problems for --json: each with its sentence, so a script need not word them. */
export function problemsJson(problems: SkillProblem[], words: Words): Array<SkillProblem & { message: string }> {
  return problems.map((problem) => ({ ...problem, message: problemLine(problem, words) }));
}

export function skillLines(skill: Skill, words: Words, options: { showState: boolean }): string[] {
  const state = options.showState && skill.latestState !== 'approved' ? `  [${words.states[skill.latestState]} v${skill.latestVersion}]` : '';
  const row = words.listRow({ ...(skill.approvedVersion ? { version: skill.approvedVersion } : {}), team: clean(skill.team), author: clean(skill.author.name), installs: skill.installs.people });
  return [`${clean(skill.name)}  ${row}${state}`, `  ${clean(skill.description)}`];
}

export function showLines(skill: Skill, versions: SkillVersion[], words: Words): string[] {
  const lines = [`${clean(skill.name)} — ${clean(skill.description)}`, words.showAuthor({ author: clean(skill.author.name), team: clean(skill.team) })];
  if (skill.questId !== undefined) lines.push(words.showQuest({ id: skill.questId }));
  lines.push(words.showInstalls({ people: skill.installs.people, uses: skill.uses }));
  lines.push('');
  for (const v of versions) {
    lines.push(words.versionRow({ version: v.version, state: words.states[v.state], at: v.publishedAt.slice(0, 10), by: clean(v.publishedBy.name), files: v.files.length, bytes: sizeText(v.bytes) }));
    if (v.review) lines.push(`    ${words.reviewNote({ verdict: v.review.verdict, by: clean(v.review.by.name), note: clean(v.review.note) })}`);
  }
  if (skill.approvedVersion !== undefined) lines.push('', words.installWith({ name: skill.name }));
  return lines;
}

/** What a reviewer approved or rejected: every file, the scripts, the SHA-256. */
export function reviewedLines(version: SkillVersion, words: Words): string[] {
  const lines = [words.filesLabel, ...version.files.map((f) => `  ${words.fileRow({ path: clean(f.path), bytes: sizeText(f.bytes), executable: f.executable })}`)];
  lines.push(version.scripts.length > 0 ? words.scriptsFlagged({ scripts: version.scripts.map(clean) }) : words.noScripts);
  lines.push(words.sha256({ sha256: version.sha256 }));
  return lines;
}
