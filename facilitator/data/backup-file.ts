import { once } from 'node:events';
import { createReadStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { writeFileAtomicStream } from '../../src/core/atomic-write.js';
import { ExitCode, UserError, isErrno } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { PRIVATE_FILE_MODE } from './private-files.js';

/**
 * The one-file backup of the whole database (`workshop data export|import`): gzip-compressed JSON
 * lines, streamed both ways so 730,000 usage rows never become one string.
 *
 *   {"format":"codex-workshop-backup","formatVersion":1,"schemaVersion":1,…}   the header
 *   {"t":"programmes","r":{…the row…}}                                          one line per row
 *   {"end":true,"rows":{"programmes":1,…}}                                      the trailer
 *
 * The trailer's counts prove the file whole: a backup cut short at a line boundary has no trailer
 * (or counts that do not match), one cut inside the gzip stream fails its checksum. Token hashes
 * travel as hashes; no secret is ever in the database, so none is in a backup. The file is 0600.
 */
export const BACKUP_FORMAT = 'codex-workshop-backup';
export const BACKUP_FORMAT_VERSION = 1;

export const BackupHeader = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.literal(BACKUP_FORMAT_VERSION),
    /** The database schema (facilitator/store/migrations.ts) the rows are in. */
    schemaVersion: z.number().int().min(1),
    createdAt: z.string().datetime({ offset: true }),
    kit: z.string(),
    engine: z.enum(['embedded', 'postgres']),
    tables: z.array(z.string()),
  })
  .strict();
export type BackupHeader = z.infer<typeof BackupHeader>;

const Trailer = z.object({ end: z.literal(true), rows: z.record(z.string(), z.number().int().min(0)) }).strict();

export interface BackupRow {
  table: string;
  row: Record<string, unknown>;
}

/** Rows arrive as the database's own JSON text; they are framed, never parsed again. */
export type EmitRows = (table: string, rowsJson: string[]) => Promise<void>;

export async function writeBackup(file: string, header: BackupHeader, fill: (emit: EmitRows) => Promise<Record<string, number>>): Promise<{ bytes: number; rows: Record<string, number> }> {
  let rows: Record<string, number> = {};
  await writeFileAtomicStream(
    file,
    async (out) => {
      const gzip = createGzip();
      const piping = pipeline(gzip, out);
      piping.catch(() => undefined); // awaited below; an earlier failure is the one reported
      const write = async (text: string) => {
        if (!gzip.write(text)) await once(gzip, 'drain');
      };
      await write(`${JSON.stringify(header)}\n`);
      rows = await fill(async (table, rowsJson) => {
        const t = JSON.stringify(table);
        await write(rowsJson.map((r) => `{"t":${t},"r":${r}}\n`).join(''));
      });
      await write(`${JSON.stringify({ end: true, rows })}\n`);
      gzip.end();
      await piping;
    },
    { mode: PRIVATE_FILE_MODE },
  );
  const { size } = await fs.stat(file);
  return { bytes: size, rows };
}

export interface OpenedBackup {
  file: string;
  header: BackupHeader;
  /** The rows in file order; iterating to the end checks the trailer, and throws if the file is damaged. */
  rows: AsyncIterable<BackupRow>;
  /** Stops reading early (the database refused, the user gave up). */
  close(): Promise<void>;
}

/** No row comes near this; a longer "line" is damage, reported instead of held in memory. */
const MAX_LINE = 64 * 1024 * 1024;

export async function openBackup(file: string): Promise<OpenedBackup> {
  const gz = await startsWithGzipMagic(file);
  const lines = readLines(file, gz);
  const first = await lines.next().catch((error: unknown) => {
    throw damaged(file, error);
  });
  if (first.done) throw new UserError(`${file} is empty: it is not a workshop backup (make one with \`workshop data export --out FILE\`).`, ExitCode.usage);
  const header = parseHeader(file, first.value.text);
  async function* rows(): AsyncGenerator<BackupRow> {
    const counts: Record<string, number> = {};
    let trailer: z.infer<typeof Trailer> | undefined;
    try {
      for await (const { text, number } of lines) {
        if (text === '') continue;
        if (trailer) throw new UserError(`${file} has data after its end line (line ${number}); it was edited or damaged.`, ExitCode.failure);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw new UserError(`${file} line ${number} is not valid JSON; the backup is damaged.`, ExitCode.failure);
        }
        const v = value as { t?: unknown; r?: unknown; end?: unknown };
        if (v && typeof v.t === 'string' && v.r !== null && typeof v.r === 'object' && !Array.isArray(v.r) && Object.keys(v).length === 2) {
          counts[v.t] = (counts[v.t] ?? 0) + 1;
          yield { table: v.t, row: v.r as Record<string, unknown> };
          continue;
        }
        const end = Trailer.safeParse(value);
        if (!end.success) throw new UserError(`${file} line ${number} is neither a row nor the end line; the backup is damaged.`, ExitCode.failure);
        trailer = end.data;
      }
    } catch (error) {
      throw damaged(file, error);
    }
    if (!trailer) throw new UserError(`${file} is cut short: it has no end line (the export was interrupted, or the file was truncated).`, ExitCode.failure);
    for (const table of new Set([...Object.keys(trailer.rows), ...Object.keys(counts)])) {
      if ((trailer.rows[table] ?? 0) !== (counts[table] ?? 0)) {
        throw new UserError(`${file} is damaged: its end line counts ${trailer.rows[table] ?? 0} rows of ${table}, the file holds ${counts[table] ?? 0}.`, ExitCode.failure);
      }
    }
  }
  return {
    file,
    header,
    rows: rows(),
    async close() {
      await lines.return(undefined);
    },
  };
}

function parseHeader(file: string, text: string): BackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${file} is not a workshop backup (its first line is not a backup header). Make one with \`workshop data export --out FILE\`.`, ExitCode.usage);
  }
  if ((value as { format?: unknown })?.format !== BACKUP_FORMAT) {
    throw new UserError(`${file} is not a workshop backup (its first line is not a backup header). Make one with \`workshop data export --out FILE\`.`, ExitCode.usage);
  }
  if ((value as { formatVersion?: unknown }).formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new UserError(`${file} is a backup in format ${String((value as { formatVersion?: unknown }).formatVersion)}, which this kit does not read (it reads format ${BACKUP_FORMAT_VERSION}). Update the kit.`, ExitCode.failure);
  }
  const parsed = BackupHeader.safeParse(value);
  if (!parsed.success) throw new UserError(`${file} has a damaged header: ${formatZodIssues(parsed.error)}.`, ExitCode.failure);
  return parsed.data;
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new UserError(`${file} is a folder; give the backup file itself.`, ExitCode.usage);
    handle = await fs.open(file, 'r');
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (isErrno(error, 'ENOENT')) throw new UserError(`The backup ${file} does not exist.`, ExitCode.usage);
    if (isErrno(error, 'EACCES', 'EPERM')) throw new UserError(`The backup ${file} cannot be read: permission denied.`, ExitCode.failure);
    throw new UserError(`Could not read the backup ${file}: ${(error as Error).message}`, ExitCode.failure);
  } finally {
    await handle?.close();
  }
}

/** The file's lines, un-gzipped on the way when it is compressed; a gzip error surfaces on the next read. */
async function* readLines(file: string, gz: boolean): AsyncGenerator<{ text: string; number: number }> {
  const source = createReadStream(file, { highWaterMark: 1024 * 1024 });
  let input: NodeJS.ReadableStream = source;
  if (gz) {
    const gunzip = createGunzip();
    source.on('error', (error) => gunzip.destroy(error));
    input = source.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let number = 0;
  try {
    for await (const chunk of input) {
      carry += decoder.write(chunk as Buffer);
      let start = 0;
      for (let nl = carry.indexOf('\n', start); nl !== -1; nl = carry.indexOf('\n', start)) {
        number += 1;
        yield { text: carry.slice(start, nl), number };
        start = nl + 1;
      }
      carry = carry.slice(start);
      if (carry.length > MAX_LINE) throw new UserError(`${file} line ${number + 1} is longer than any backup line; the file is damaged.`, ExitCode.failure);
    }
    carry += decoder.end();
    if (carry !== '') yield { text: carry, number: number + 1 };
  } finally {
    source.destroy();
  }
}

function damaged(file: string, error: unknown): Error {
  if (error instanceof UserError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('Z_') || /unexpected end of file|incorrect (header|data) check|invalid (block|distance|stored)/i.test((error as Error).message ?? '')) {
    return new UserError(`${file} is damaged or cut short (${(error as Error).message}).`, ExitCode.failure, { cause: error });
  }
  return new UserError(`Could not read the backup ${file}: ${(error as Error).message ?? String(error)}`, ExitCode.failure, { cause: error });
}
