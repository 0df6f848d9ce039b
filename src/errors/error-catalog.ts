/** Every error code users can script against, with its exit code and what to do about it. Codes never change once shipped. */
export const errorCatalog = {
  CONFIG_INVALID: { exit: 2, hint: 'Fix the keys listed above in sandbox.config.ts (or the file given by --config).' },
  CONFIG_NOT_FOUND: { exit: 2, hint: 'Check the path given by --config, or run `sandbox init` to write a sandbox.config.ts.' },
  SOURCE_MISSING: { exit: 2, hint: 'Pass --source postgres://… or set source.url in sandbox.config.ts (or the DATABASE_URL environment variable).' },
  SOURCE_UNREACHABLE: { exit: 2, hint: 'Check host, port, database, user and password; the password is never printed.' },
  SOURCE_READ_FAILED: { exit: 2, hint: 'The source role needs CONNECT on the database and SELECT on every table (or pg_read_all_data).' },
  DATA_MODE_UNAVAILABLE: { exit: 2, hint: 'Use --data copy with a test or sample database until this mode ships.' },
  SANDBOX_START_FAILED: { exit: 2, hint: 'Check that the PostgreSQL binaries run on this machine and that the temp directory is writable.' },
  SANDBOX_CRASHED: { exit: 2, hint: 'The sandbox server stopped during the run; its log is shown above. Re-run with --debug for more.' },
  CLONE_FAILED: { exit: 2, hint: 'A schema object could not be recreated in the sandbox; the statement is shown above.' },
  OPERATION_UNREADABLE: { exit: 2, hint: 'Check the path of the operation file.' },
  SQL_SYNTAX: { exit: 2, hint: 'Fix the SQL at the position shown; nothing was run.' },
  OPERATION_EMPTY: { exit: 2, hint: 'Give at least one SQL file with at least one statement.' },
  OPERATION_TIMEOUT: { exit: 2, hint: 'Raise policy.timeLimitSeconds in sandbox.config.ts if the operation is meant to run that long, or make it faster (batch it); a run stopped at its limit says nothing about what the whole operation would do.' },
  DIFF_FAILED: { exit: 2, hint: 'The sandbox state could not be compared; the report cannot be trusted, so the gate fails closed.' },
  INVARIANT_FAILED: { exit: 2, hint: 'Fix the invariant SQL in sandbox.config.ts: it must return exactly one row with one column.' },
  INTERRUPTED: { exit: 2, hint: 'The run was interrupted; every sandbox it started has been removed.' },
  SNAPSHOT_EXISTS: { exit: 2, hint: 'Choose another --out directory, or pass --force to replace the snapshot there.' },
  SNAPSHOT_INVALID: { exit: 2, hint: 'The snapshot is incomplete, tampered with or from another format: write a new one with `sandbox snapshot`.' },
  SANDBOX_NOT_FOUND: { exit: 2, hint: 'Run `sandbox ls` to see the sandboxes this user has running.' },
  ANONYMIZE_KEY_MISSING: { exit: 2, hint: 'Set the masking key in the environment variable named by anonymize.keyEnv (default SANDBOX_ANONYMIZE_KEY): a long random secret, the same for every run whose masked values must match.' },
  PII_UNRULED: { exit: 2, hint: 'Add an anonymizer rule for each column listed (the snippet above is ready to paste into sandbox.config.ts), or mark it keep.' },
  SYNTHETIC_FAILED: { exit: 2, hint: 'A column cannot be generated from the profile alone: the message names it. Use --data anonymized for that database, or tell us the type.' },
  MASK_COLLISION: { exit: 2, hint: 'Use an anonymizer that keeps distinct values distinct on that column (email, uuid, token, card-number, phone, zip, ip), or a custom function that does.' },
  USAGE: { exit: 64, hint: 'Run sandbox <command> --help.' },
} as const satisfies Record<string, { exit: 2 | 64; hint: string }>;

export type ErrorCode = keyof typeof errorCatalog;
