// A session's kept form values read back field by field, and recent targets split into host and port.
import { describe, expect, it } from 'vitest';
import { initialForm } from '../../src/renderer/src/features/connection-form/form-model';
import { formFrom, splitTarget } from '../../src/renderer/src/features/workspace/saved-form';

describe('kept form values', () => {
  it('come back as they were saved', () => {
    const saved = { ...initialForm, kind: 'udp', host: '0.0.0.0', port: '9300', broadcast: true };
    expect(formFrom(saved)).toEqual(saved);
  });

  it('fall back to the default for a field of the wrong type, an unknown kind or a bad rule row', () => {
    const form = formFrom({ kind: 'sctp', host: 42, port: '9100', insecure: 'yes', rules: [{ match: 'x' }], extra: 1 });
    expect(form).toEqual({ ...initialForm, port: '9100' });
    expect(form).not.toHaveProperty('extra');
  });

  it('keep well-formed rule rows', () => {
    const rules = [{ match: { kind: 'exact', value: 'PING' }, reply: { kind: 'fixed', value: 'PONG' }, delayMs: 0, close: false }];
    expect(formFrom({ kind: 'tcp-server', rules }).rules).toEqual(rules);
  });
});

describe('recent targets', () => {
  it('split into host and port, IPv6 in brackets', () => {
    expect(splitTarget('127.0.0.1:9100')).toEqual({ host: '127.0.0.1', port: '9100' });
    expect(splitTarget('[::1]:9100')).toEqual({ host: '::1', port: '9100' });
    expect(splitTarget('localhost')).toBeNull();
    expect(splitTarget('::1')).toBeNull();
  });
});
