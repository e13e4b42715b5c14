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

export const SHELL_NAMES: Record<Shell, string> = { posix: 'Terminal', powershell: 'PowerShell', cmd: 'Command Prompt' };

/**
 * On Windows, PowerShell adds the user's own module folder to PSModulePath, so a PowerShell session has
 * three or more entries where Command Prompt has two. Git Bash and MSYS set MSYSTEM (POSIX syntax).
 */
export function detectShell(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Shell {
  if (platform !== 'win32') return 'posix';
  if (env.MSYSTEM || (env.SHELL && /bash|zsh|sh$/.test(env.SHELL))) return 'posix';
  const modulePaths = (env.PSModulePath ?? '').split(';').filter(Boolean);
  return modulePaths.length >= 3 ? 'powershell' : 'cmd';
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
