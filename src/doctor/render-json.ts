import type { PlatformInfo } from './platform.js';
import type { CheckOutcome, Fix, OutcomeStatus } from './types.js';
import { verdictOf } from './verdict.js';

/**
 * `workshop doctor --json`: one document, versioned, documented in docs/doctor.md. Only the fields
 * below are emitted, in this order; internal facts never leak into it.
 */
export interface JsonCheck {
  id: string;
  status: OutcomeStatus;
  code: string;
  summary: string;
  fix?: Fix;
  details?: string[];
  durationMs: number;
}

export interface DoctorJson {
  schemaVersion: 1;
  ready: boolean;
  kitVersion: string;
  platform: { os: string; shell: string; arch: string; node: string; label: string };
  checks: JsonCheck[];
}

export function toDoctorJson(outcomes: CheckOutcome[], kitVersion: string, platform: PlatformInfo): DoctorJson {
  return {
    schemaVersion: 1,
    ready: verdictOf(outcomes).ready,
    kitVersion,
    platform: { os: platform.os, shell: platform.shell, arch: platform.arch, node: platform.nodeVersion, label: platform.label },
    checks: outcomes.map((o) => ({
      id: o.id,
      status: o.status,
      code: o.code,
      summary: o.summary,
      ...(o.fix ? { fix: o.fix } : {}),
      ...(o.details?.length ? { details: o.details } : {}),
      durationMs: o.durationMs,
    })),
  };
}
