import { describe, expect, it } from 'vitest';
import { uuid } from '../../anonymizers/uuid.js';
import { column, mask } from './mask-helpers.js';

const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid', () => {
  it('writes a version-4 UUID', () => {
    expect(mask(uuid, '0b6f3b1e-8f0c-4a59-9f44-1c2f6d1f0a3e', 'uuid')).toMatch(v4);
    expect(mask(uuid, 'not a uuid at all', 'text')).toMatch(v4);
  });

  it('keeps the layout of a UUID stored as text', () => {
    expect(mask(uuid, '{0B6F3B1E-8F0C-4A59-9F44-1C2F6D1F0A3E}', 'text')).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$/);
    expect(mask(uuid, '0b6f3b1e8f0c4a599f441c2f6d1f0a3e', 'character(32)')).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    expect(mask(uuid, 'legacy-id-17', 'character varying(32)')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps 100,000 distinct UUIDs distinct', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) outputs.add(mask(uuid, `${i.toString(16).padStart(8, '0')}-8f0c-4a59-9f44-1c2f6d1f0a3e`, 'uuid'));
    expect(outputs.size).toBe(100_000);
  });

  it('fits uuid and text columns of 32 characters or more', () => {
    expect(uuid.check!(column('uuid', { unique: true }), {})).toBeUndefined();
    expect(uuid.check!(column('character varying(20)'), {})).toMatch(/too short for a UUID/);
    expect(uuid.check!(column('integer'), {})).toMatch(/needs uuid or text/);
  });
});
