import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from '../../src/errors/redact.js';

describe('redactUrl', () => {
  it('masks the password and secret query parameters', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db.internal:5432/prod?sslpassword=x&sslmode=require')).toBe(
      'postgres://app:***@db.internal:5432/prod?sslpassword=***&sslmode=require',
    );
  });

  it('leaves a URL without password as it is', () => {
    expect(redactUrl('postgres://app@db/prod')).toBe('postgres://app@db/prod');
  });
});

describe('redactText', () => {
  it('masks URLs and known secrets in free text', () => {
    expect(redactText('connect postgres://a:hunter22@h/db failed for hunter22', ['hunter22'])).toBe('connect postgres://a:***@h/db failed for ***');
  });
});
