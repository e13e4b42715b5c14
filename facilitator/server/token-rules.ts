import { UserError } from '../../src/core/errors.js';
import type { Store } from '../store/store.js';

/**
 * Revoking the last live owner token would leave nobody able to add or revoke tokens over HTTP:
 * refused, whether it comes over HTTP or from `workshop server token revoke` on the store.
 * (Recovery without any owner token: stop the server, `workshop server token add --role owner` on
 * the store directly.)
 */
export async function lastOwnerGuard(store: Store, name: string): Promise<void> {
  const live = (await store.listTokens()).filter((t) => !t.revokedAt);
  const target = live.find((t) => t.name === name);
  if (target?.role === 'owner' && live.filter((t) => t.role === 'owner').length === 1) {
    throw new LastOwnerError(name);
  }
}

export class LastOwnerError extends UserError {
  constructor(name: string) {
    super(`"${name}" is the last live owner token: add another owner first (workshop server token add --role owner --name NAME), then revoke it.`);
    this.name = 'LastOwnerError';
  }
}
