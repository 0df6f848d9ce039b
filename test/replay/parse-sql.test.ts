import { describe, expect, it } from 'vitest';
import { parseOperation } from '../../src/replay/parse-sql.js';
import { SandboxError } from '../../src/errors/sandbox-error.js';

describe('parseOperation', () => {
  it('splits a file into statements with their line, leaving comments and semicolons out', async () => {
    const text = "-- clean up\nBEGIN;\n\n/* why */ DELETE FROM users\n  WHERE id = 1;\n-- done\nCOMMIT;\n";
    const statements = await parseOperation([{ path: 'op.sql', text }]);
    expect(statements.map((s) => [s.line, s.sql])).toEqual([
      [2, 'BEGIN'],
      [4, '/* why */ DELETE FROM users\n  WHERE id = 1'],
      [7, 'COMMIT'],
    ]);
  });

  it('keeps multibyte text intact when slicing by the parser byte offsets', async () => {
    const statements = await parseOperation([{ path: 'op.sql', text: "UPDATE t SET name = 'Zoë ✓';\nDELETE FROM t WHERE name = 'Ünïcödé';" }]);
    expect(statements.map((s) => s.sql)).toEqual(["UPDATE t SET name = 'Zoë ✓'", "DELETE FROM t WHERE name = 'Ünïcödé'"]);
    expect(statements[1]!.line).toBe(2);
  });

  it('names the file, line and column of a syntax error, with a caret under it', async () => {
    const error = await parseOperation([{ path: 'op.sql', text: 'SELECT 1;\nSELECT 2;\nDELET FROM users;\n' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as SandboxError).code).toBe('SQL_SYNTAX');
    expect((error as SandboxError).exitCode).toBe(2);
    expect((error as SandboxError).message).toMatchInlineSnapshot(`
      "op.sql:3:1: syntax error at or near "DELET"
        DELET FROM users;
        ^"
    `);
  });

  it('refuses an operation without statements', async () => {
    await expect(parseOperation([{ path: 'empty.sql', text: '-- nothing\n' }])).rejects.toMatchObject({ code: 'OPERATION_EMPTY' });
  });
});
