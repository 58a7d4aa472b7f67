import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkHost, checkPort, formatHostPort, hostKind, hostProblem, parseSocketUrl, stripBrackets } from '../../src/shared/address';

describe('checkHost', () => {
  it.each(['127.0.0.1', '0.0.0.0', '::1', '::', '[::1]', 'fe80::1%eth0', 'localhost', 'example.com', 'my-pc.local.'])(
    'accepts %s',
    (host) => expect(checkHost(host)).toBeNull(),
  );

  it('asks for a host when it is empty', () => {
    expect(checkHost('')).toBe('Enter a host: an address such as 127.0.0.1 or ::1, or a name such as localhost.');
    expect(checkHost('   ')).toMatch(/^Enter a host/);
    expect(checkHost('[]')).toMatch(/^Enter a host/);
  });

  it('says an IPv4 address needs four numbers from 0 to 255', () => {
    expect(checkHost('999.1.1.1')).toBe(
      '"999.1.1.1" is not a valid IPv4 address: it needs four numbers from 0 to 255 (example: 127.0.0.1).',
    );
    expect(checkHost('127.0.0')).toMatch(/not a valid IPv4 address/);
    expect(checkHost('1.2.3.4.5')).toMatch(/not a valid IPv4 address/);
  });

  it('rejects a bad IPv6 literal', () => {
    expect(checkHost('::g')).toBe('"::g" is not a valid IPv6 address (example: ::1 or fe80::1).');
    expect(checkHost('1:2:3')).toMatch(/not a valid IPv6 address/);
    expect(checkHost('[1::2::3]')).toBe('"1::2::3" is not a valid IPv6 address (example: ::1 or fe80::1).');
  });

  it('rejects host names with characters a name cannot hold', () => {
    expect(checkHost('my_host!')).toBe('"my_host!" is not a valid host name: use letters, digits, "-" and "." (example: localhost).');
    expect(checkHost('-start.com')).toMatch(/not a valid host name/);
    expect(checkHost('a'.repeat(64) + '.com')).toMatch(/not a valid host name/);
  });
});

describe('hostKind and brackets', () => {
  it('tells addresses and names apart', () => {
    expect(hostKind('127.0.0.1')).toBe('ipv4');
    expect(hostKind('[::1]')).toBe('ipv6');
    expect(hostKind('localhost')).toBe('name');
    expect(stripBrackets(' [::1] ')).toBe('::1');
    expect(stripBrackets('::1')).toBe('::1');
  });

  it('writes host:port the way URLs do', () => {
    expect(formatHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('[::1]', 80)).toBe('[::1]:80');
  });
});

describe('checkPort', () => {
  it('accepts 1..65535 for connecting, and 0 only for listening', () => {
    expect(checkPort(1, { allowZero: false })).toBeNull();
    expect(checkPort('65535', { allowZero: false })).toBeNull();
    expect(checkPort(0, { allowZero: true })).toBeNull();
    expect(checkPort(0, { allowZero: false })).toBe('Port 0 is out of range: use a whole number from 1 to 65535.');
  });

  it('names the out-of-range number', () => {
    expect(checkPort(70000, { allowZero: false })).toBe('Port 70000 is out of range: use a whole number from 1 to 65535.');
    expect(checkPort('70000', { allowZero: true })).toBe(
      'Port 70000 is out of range: use a whole number from 0 to 65535 (0 picks any free port).',
    );
  });

  it('rejects empty, negative, fractional and non-numeric ports', () => {
    expect(checkPort('', { allowZero: false })).toBe('Enter a port: a whole number from 1 to 65535.');
    expect(checkPort('abc', { allowZero: false })).toBe('"abc" is not a port: use a whole number from 1 to 65535.');
    expect(checkPort(-1, { allowZero: true })).toMatch(/"-1" is not a port/);
    expect(checkPort(80.5, { allowZero: false })).toMatch(/"80.5" is not a port/);
  });
});

describe('parseSocketUrl', () => {
  it('reads transport, host and port', () => {
    expect(parseSocketUrl('tcp://127.0.0.1:9000', { allowZero: false })).toEqual({ transport: 'tcp', host: '127.0.0.1', port: 9000 });
    expect(parseSocketUrl('udp://[::1]:5005', { allowZero: false })).toEqual({ transport: 'udp', host: '::1', port: 5005 });
    expect(parseSocketUrl(' TCP://localhost:80/ ', { allowZero: false })).toEqual({ transport: 'tcp', host: 'localhost', port: 80 });
    expect(parseSocketUrl('tcp://127.0.0.1:0', { allowZero: true }).port).toBe(0);
  });

  it('explains the expected shape when the URL is not a socket address', () => {
    for (const url of ['http://127.0.0.1:80', '127.0.0.1:80', 'tcp://127.0.0.1', 'tcp://::1:80', 'tcp://host:80/path']) {
      expect(() => parseSocketUrl(url, { allowZero: false }), url).toThrow(
        `"${url}" is not a socket address: write it as tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).`,
      );
    }
  });

  it('passes on the host and port checks', () => {
    expect(() => parseSocketUrl('tcp://999.1.1.1:80', { allowZero: false })).toThrow(/"999.1.1.1" is not a valid IPv4 address/);
    expect(() => parseSocketUrl('tcp://127.0.0.1:70000', { allowZero: false })).toThrow('Port 70000 is out of range');
    expect(() => parseSocketUrl('tcp://127.0.0.1:0', { allowZero: false })).toThrow('Port 0 is out of range');
    expect(() => parseSocketUrl('udp://[::zz]:1', { allowZero: false })).toThrow(/not a valid IPv6 address/);
    expect(() => parseSocketUrl('tcp://:80', { allowZero: false })).toThrow(/^Enter a host/);
    expect(() => parseSocketUrl('tcp://127.0.0.1:', { allowZero: false })).toThrow(/^Enter a port/);
  });
});

describe('IP address checks', () => {
  // address.ts writes out zod's two checks (so the engine's bundle carries no schema library): they must stay zod's.
  const samples = [
    ...['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.04', '1.2.3.4 ', '1..2.3'],
    ...['::1', '::', 'fe80::1', '1::2::3', '2001:db8::7', '::ffff:1.2.3.4', 'gggg::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9'],
    ...['::@1\\', '::1\n', ':', ':::', '1:2:3:4:5:6:7::', '::1.2.3', 'ffff::ffff:255.255.255.256'],
  ];
  // hostProblem trims first (as people paste), so zod is asked about the trimmed host.
  const agrees = (host: string): void => {
    const ok = hostProblem(host) === null;
    if (hostKind(host) === 'ipv4') expect(ok, host).toBe(z.ipv4().safeParse(stripBrackets(host)).success);
    if (hostKind(host) === 'ipv6') expect(ok, host).toBe(z.ipv6().safeParse(stripBrackets(host)).success);
  };

  it.each(samples)('judges %j as zod does', agrees);

  it('judges random addresses as zod does', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '0', '00', 'ff', 'FFFF', '1234', 'g', '::'));
    const ipv4ish = fc.array(part, { minLength: 1, maxLength: 5 }).map((p) => p.join('.'));
    const ipv6ish = fc.array(part, { minLength: 1, maxLength: 9 }).map((p) => p.join(':'));
    fc.assert(
      fc.property(fc.oneof(ipv4ish, ipv6ish), (host) => agrees(host)),
      { numRuns: 3000 },
    );
  });
});
