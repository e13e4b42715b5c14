#!/usr/bin/env node
// The container's health check (Dockerfile HEALTHCHECK): asks the programme server in this container
// for GET /healthz and exits 0 when it says ok, 1 otherwise (503 when its database does not answer).
// Plain Node: node:20-slim has no curl. WORKSHOP_HEALTH_URL overrides the address (another port, or
// https when serving with --tls-cert; docs/deploy.md).
const url = process.env.WORKSHOP_HEALTH_URL || 'http://127.0.0.1:4747/healthz';
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000), redirect: 'error' });
  const body = await response.json().catch(() => ({}));
  process.exit(response.ok && body.ok === true ? 0 : 1);
} catch {
  process.exit(1);
}
