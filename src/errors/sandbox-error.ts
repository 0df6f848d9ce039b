import { errorCatalog, type ErrorCode } from './error-catalog.js';

/** The pipeline stages, as they appear in `report.errors[].stage`. */
export type Stage = 'config' | 'source' | 'snapshot' | 'provision' | 'clone' | 'parse' | 'replay' | 'diff' | 'gate' | 'report';

export interface SandboxErrorDetail {
  hint?: string;
  stage?: Stage;
  cause?: unknown;
}

/**
 * An error the user can act on: a stable code, a message naming what is wrong, and a hint saying what to do.
 * @example throw new SandboxError('SOURCE_MISSING', 'No source database was given.', { stage: 'config' })
 */
export class SandboxError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: SandboxErrorDetail = {},
  ) {
    super(message, { cause: detail.cause });
    this.name = 'SandboxError';
  }

  get exitCode(): 2 | 64 {
    return errorCatalog[this.code].exit;
  }

  get hint(): string {
    return this.detail.hint ?? errorCatalog[this.code].hint;
  }
}

export function isSandboxError(error: unknown): error is SandboxError {
  return error instanceof SandboxError;
}
