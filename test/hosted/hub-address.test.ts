import { describe, expect, it } from 'vitest';
import { serverBase } from '../../facilitator/server/host-on-server.js';
import { normaliseHubUrl } from '../../src/report/hub-link.js';

describe('the hub address a participant types', () => {
  it('keeps only the origin for a laptop hub, whatever form it was typed in', () => {
    expect(normaliseHubUrl('192.168.1.20:4545')).toBe('http://192.168.1.20:4545');
    expect(normaliseHubUrl(' http://hub.local:4545/ ')).toBe('http://hub.local:4545');
    expect(normaliseHubUrl('http://192.168.1.20:4545/dashboard#token=wsf_x')).toBe('http://192.168.1.20:4545');
    expect(normaliseHubUrl('https://hub.example.com/v1/hello?x=1')).toBe('https://hub.example.com');
  });

  it('keeps the /s/<session> prefix of a date hosted on the programme server, and drops what follows it', () => {
    expect(normaliseHubUrl('https://workshops.example.com/s/2026-12-03')).toBe('https://workshops.example.com/s/2026-12-03');
    expect(normaliseHubUrl('workshops.example.com/s/2026-12-03-pm/')).toBe('http://workshops.example.com/s/2026-12-03-pm');
    expect(normaliseHubUrl('https://workshops.example.com/s/2026-12-03/dashboard#token=wsf_x')).toBe('https://workshops.example.com/s/2026-12-03');
    expect(normaliseHubUrl('https://workshops.example.com/s/2026-12-03?utm=mail')).toBe('https://workshops.example.com/s/2026-12-03');
  });

  it('does not take anything else under /s for a session (no climbing out, no empty id)', () => {
    expect(normaliseHubUrl('https://w.example.com/s/')).toBe('https://w.example.com');
    expect(normaliseHubUrl('https://w.example.com/s/../v1')).toBe('https://w.example.com');
    expect(normaliseHubUrl('https://w.example.com/sessions/2026-12-03')).toBe('https://w.example.com');
  });
});

describe('the server address of `workshop host --server`', () => {
  it('defaults to https, keeps a path a reverse proxy puts it under, and refuses credentials in the URL', () => {
    expect(serverBase('workshops.example.com')).toBe('https://workshops.example.com');
    expect(serverBase('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(serverBase('https://intranet.example.com/workshops/')).toBe('https://intranet.example.com/workshops');
    expect(() => serverBase('https://me:secret@workshops.example.com')).toThrow(/must not carry a user name or password/);
    expect(() => serverBase('ftp://workshops.example.com')).toThrow(/http:\/\/ or https:\/\//);
  });
});
