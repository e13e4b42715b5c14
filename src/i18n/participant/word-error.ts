import type { UserError } from '../../core/errors.js';
import { messages } from '../index.js';

/** An error's sentence in `lang`: a catalogue error worded there, any other as it was written. */
export function wordError(error: Pick<UserError, 'message' | 'said'>, lang: string): string {
  if (!error.said) return error.message;
  return (messages(lang).errors[error.said.code] as (params: unknown) => string)(error.said.params);
}

export function wordUnexpected(message: string, lang: string): string {
  return messages(lang).errors.unexpected({ message });
}
