import { detectShellKind } from '../doctor/platform.js';

/**
 * Exactly how to start Codex in an exercise folder, for the participant's OS and shell. Most
 * participants have never used a terminal before this session: the line must work when pasted.
 */
export type Shell = 'posix' | 'powershell' | 'cmd';

export interface StartCodex {
  shell: Shell;
  command: string;
  /** On Windows, the same for the other shell, in case we guessed wrong. */
  alternatives: Array<{ shell: Shell; command: string }>;
}

/**
 * The shell syntax for the start line: the doctor's shell detection (one detector for the whole kit,
 * so doctor fixes and this line never disagree), folded into the three syntaxes that matter here.
 */
export function detectShell(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Shell {
  if (platform !== 'win32') return 'posix';
  const kind = detectShellKind(env, 'windows');
  return kind === 'powershell' || kind === 'cmd' ? kind : 'posix';
}

export function posixQuote(folder: string): string {
  return `"${folder.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function startCommand(folder: string, shell: Shell): string {
  switch (shell) {
    case 'posix':
      return `cd ${posixQuote(folder)} && codex`;
    case 'powershell':
      // Brackets are wildcards for Set-Location; -LiteralPath with single quotes takes the path as is.
      if (/[[\]`$]/.test(folder)) return `Set-Location -LiteralPath '${folder.replace(/'/g, "''")}'; codex`;
      return `Set-Location "${folder}"; codex`;
    case 'cmd':
      return `cd /d "${folder}" && codex`;
  }
}

export function startCodex(folder: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): StartCodex {
  const shell = detectShell(env, platform);
  const alternatives =
    platform === 'win32'
      ? (['powershell', 'cmd'] as const).filter((other) => other !== shell).map((other) => ({ shell: other, command: startCommand(folder, other) }))
      : [];
  return { shell, command: startCommand(folder, shell), alternatives };
}
