// Node's error codes worded by the operation that failed and by the system it failed on: the same
// EACCES is a broadcast send, a low port on Linux, or a reserved range on Windows.
import { describe, expect, it } from 'vitest';
import { explainSocketError, type ErrorContext } from '../../src/main/engine/errors';
import { isProblemKey, problemText } from '../../src/shared/problems';

const errno = (code: string, syscall = 'bind'): NodeJS.ErrnoException => Object.assign(new Error(`${syscall} ${code}`), { code, syscall });

describe('EACCES / EPERM by operation', () => {
  it('a send to a broadcast address says broadcast is not enabled, where the option is, and points at the host', () => {
    const e = explainSocketError(errno('EACCES', 'send'), {
      action: 'send',
      host: '127.255.255.255',
      port: 9301,
      localAddress: '127.0.0.1',
    });
    expect(e.problem.key).toBe('broadcastNotEnabled');
    expect(e.field).toBe('host');
    expect(e.message).toBe(
      '127.255.255.255:9301 is a broadcast address, and broadcast is not enabled for this socket: nothing was sent. ' +
        'Open the socket with broadcast allowed (--broadcast in socket-lab, "Allow broadcast" in the window\'s Advanced options), or send to one host.',
    );
    expect(e.message).not.toMatch(/below 1024|administrator/);
  });

  it('EPERM on a send is a refusal by the system (a firewall), not a port rule', () => {
    const e = explainSocketError(errno('EPERM', 'send'), { action: 'send', host: '127.0.0.1', port: 5005 });
    expect(e.problem.key).toBe('sendNotPermitted');
    expect(e.message).toBe('The system refused to send to 127.0.0.1:5005 (operation not permitted): a firewall rule may block it.');
  });

  describe.each(['listen', 'bind'] as const)('%s on a port below 1024', (action) => {
    const ctx: ErrorContext = { action, host: '127.0.0.1', port: 80 };

    it('on Linux: only an administrator may use it (and the sysctl that changes that)', () => {
      const e = explainSocketError(errno('EACCES'), { ...ctx, platform: 'linux' });
      expect(e.problem).toEqual({ key: 'lowPortNeedsAdmin', params: { port: 80, host: '127.0.0.1' } });
      expect(e.field).toBe('port');
      expect(e.message).toMatch(/^Port 80 on 127\.0\.0\.1 is below 1024: on Linux only an administrator may use such a port/);
      expect(e.message).toContain('net.ipv4.ip_unprivileged_port_start');
    });

    it('on macOS: no low-port rule is claimed', () => {
      const e = explainSocketError(errno('EACCES'), { ...ctx, platform: 'darwin' });
      expect(e.problem.key).toBe('permissionDenied');
      expect(e.message).not.toMatch(/below 1024|administrator/);
    });

    it('on Windows: the reserved port ranges, with the command that lists them for this protocol', () => {
      const e = explainSocketError(errno('EACCES'), { ...ctx, platform: 'win32' });
      expect(e.problem.key).toBe('portReservedWindows');
      expect(e.message).toContain(`netsh interface ipv4 show excludedportrange protocol=${action === 'bind' ? 'udp' : 'tcp'}`);
      expect(e.message).not.toMatch(/below 1024|administrator/);
    });
  });

  it('on Linux, a port from 1024 up is never blamed on the low-port rule', () => {
    for (const port of [1024, 8080, 0]) {
      const e = explainSocketError(errno('EACCES'), { action: 'listen', host: '127.0.0.1', port, platform: 'linux' });
      expect(e.problem.key).toBe('permissionDenied');
      expect(e.message).not.toMatch(/below 1024|administrator/);
    }
  });

  it('a client that binds a low local port is told about that port, at the local port field', () => {
    const ctx: ErrorContext = {
      action: 'connect',
      host: '127.0.0.1',
      port: 9000,
      localAddress: '127.0.0.1',
      localPort: 80,
      platform: 'linux',
    };
    const e = explainSocketError(errno('EACCES', 'bind'), ctx);
    expect(e.problem).toEqual({ key: 'lowPortNeedsAdmin', params: { port: 80, host: '127.0.0.1' } });
    expect(e.field).toBe('localPort');
    // The connect itself refused (not the bind): about the destination, not a port rule.
    const refused = explainSocketError(errno('EACCES', 'connect'), ctx);
    expect(refused.problem.key).toBe('permissionDenied');
    expect(refused.field).toBe('host');
  });

  it('uses process.platform when no platform is given', () => {
    const e = explainSocketError(errno('EACCES'), { action: 'listen', host: '127.0.0.1', port: 80 });
    const expected =
      process.platform === 'linux' ? 'lowPortNeedsAdmin' : process.platform === 'win32' ? 'portReservedWindows' : 'permissionDenied';
    expect(e.problem.key).toBe(expected);
  });
});

describe('other codes by operation', () => {
  it('EINVAL on a send from a loopback-bound UDP socket to another computer says why and what to bind', () => {
    const e = explainSocketError(errno('EINVAL', 'send'), { action: 'send', host: '192.0.2.7', port: 5005, localAddress: '127.0.0.1' });
    expect(e.problem.key).toBe('loopbackCannotSendOut');
    expect(e.message).toBe(
      'This UDP socket is bound to 127.0.0.1, which only this computer can reach, so it cannot send to 192.0.2.7:5005: open one on 0.0.0.0 to reach other computers.',
    );
    const v6 = explainSocketError(errno('EINVAL', 'send'), { action: 'send', host: '2001:db8::7', port: 5005, localAddress: '::1' });
    expect(v6.message).toContain('open one on :: to reach');
    // Bound to the wildcard, EINVAL is something else: said with Node's own detail.
    expect(
      explainSocketError(errno('EINVAL', 'send'), { action: 'send', host: '192.0.2.7', port: 5005, localAddress: '0.0.0.0' }).problem.key,
    ).toBe('unusableAddress');
  });

  it('EADDRINUSE names the field of the port that was taken', () => {
    expect(explainSocketError(errno('EADDRINUSE'), { action: 'listen', host: '::1', port: 9000 })).toMatchObject({
      field: 'port',
      problem: { key: 'portInUse' },
    });
    expect(explainSocketError(errno('EADDRINUSE'), { action: 'connect', host: '::1', port: 9000, localPort: 5000 })).toMatchObject({
      field: 'localPort',
      problem: { key: 'localPortInUse' },
    });
  });

  it.each([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'EADDRINUSE',
    'EADDRNOTAVAIL',
    'EACCES',
    'EPERM',
    'ECONNRESET',
    'EPIPE',
    'EMSGSIZE',
    'EINVAL',
    'EAFNOSUPPORT',
    'ERR_SOCKET_CLOSED',
    'ENOBUFS',
    'EWHATEVER',
  ])('%s gives a keyed sentence for every operation, with no placeholder left', (code) => {
    for (const action of ['connect', 'listen', 'bind', 'send', 'io'] as const) {
      const e = explainSocketError(errno(code), { action, host: '127.0.0.1', port: 9000, localPort: 5000, localAddress: '127.0.0.1' });
      expect(isProblemKey(e.problem.key)).toBe(true);
      expect(e.message).toBe(problemText(e.problem));
      expect(e.message).not.toMatch(/\{\{/);
    }
  });

  it('quotes a long host short in every sentence', () => {
    const host = `fe80::1%${'x'.repeat(100_000)}`;
    for (const code of ['ECONNREFUSED', 'EACCES', 'EADDRINUSE', 'EINVAL', 'ENOTFOUND']) {
      const e = explainSocketError(errno(code), { action: 'listen', host, port: 9000 });
      expect(e.message.length).toBeLessThan(300);
    }
  });
});
