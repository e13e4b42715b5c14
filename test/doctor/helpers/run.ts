import { runDoctor, type DoctorCommandOptions } from '../../../src/doctor/run-doctor.js';
import type { DoctorJson } from '../../../src/doctor/render-json.js';
import type { Sandbox } from './sandbox.js';

/** Runs the doctor in-process inside a sandbox, capturing what it prints. */
export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function doctorIn(sandbox: Sandbox, options: DoctorCommandOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<DoctorRun> {
  let stdout = '';
  let stderr = '';
  const code = await runDoctor(options, {
    env: { ...sandbox.env, ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** Runs the doctor with --json and returns the parsed document plus the check asked for. */
export async function doctorJson(sandbox: Sandbox, options: DoctorCommandOptions = {}, env: NodeJS.ProcessEnv = {}) {
  const run = await doctorIn(sandbox, { ...options, json: true }, env);
  const json = JSON.parse(run.stdout) as DoctorJson;
  const check = (id: string) => {
    const found = json.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no ${id} in ${run.stdout}`);
    return found;
  };
  return { ...run, json, check };
}
