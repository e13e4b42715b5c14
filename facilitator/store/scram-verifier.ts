import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802/7677, the format of `pg_authid.rolpassword`),
 * computed here so that a role's password never travels to the server, nor into its logs: the server
 * is given only the verifier, as `psql \password` does.
 *
 * Passwords are printable ASCII only (checked by the caller): SASLprep leaves those unchanged, so every
 * client (node-postgres, JDBC in Metabase, Go in Grafana) derives the same key from them.
 */
export const SCRAM_ITERATIONS = 4096;

export function scramSha256Verifier(password: string, options: { salt?: Buffer; iterations?: number } = {}): string {
  const salt = options.salt ?? randomBytes(16);
  const iterations = options.iterations ?? SCRAM_ITERATIONS;
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
