import type { RunResult } from '../../../src/core/process.js';
import { createDoctorContext, type ContextInit, type DoctorContext, type ProcessRunner } from '../../../src/doctor/context.js';
import type { HttpClient } from '../../../src/doctor/http-client.js';
import { detectPlatform, type PlatformInfo } from '../../../src/doctor/platform.js';
import { ProfileSchema, type Profile } from '../../../src/profile/profile.js';

/** A doctor context made of fakes, for checks and runner tests that need no processes or network. */
export function platform(overrides: Partial<PlatformInfo> = {}): PlatformInfo {
  return { ...detectPlatform({ platform: 'linux', env: { SHELL: '/bin/bash' }, arch: 'x64', nodeVersion: '20.20.0', readSystemFile: () => undefined }), ...overrides };
}

export function result(partial: Partial<RunResult>): RunResult {
  return { command: 'fake', exitCode: 0, stdout: '', stderr: '', timedOut: false, notFound: false, durationMs: 1, ...partial };
}

export const noProcesses: ProcessRunner = async (file) => result({ exitCode: undefined, notFound: true, command: file });
export const noNetwork: HttpClient = { get: async () => ({ kind: 'failure', failure: 'other', message: 'no network in this test' }) };

export function fakeContext(init: Partial<ContextInit> & { profile?: Partial<Profile> } = {}): DoctorContext {
  return createDoctorContext({
    env: {},
    platform: platform(),
    run: noProcesses,
    http: noNetwork,
    ...init,
    profile: ProfileSchema.parse(init.profile ?? {}),
    options: init.options ?? { smoke: false, requestTimeoutMs: 5000, smokeTimeoutMs: 60_000, only: [] },
  });
}
