import os from 'node:os';

/**
 * The address participants' laptops should use to reach this hub. Venue networks give the
 * facilitator's laptop a private IPv4 address (192.168.x.x, 10.x.x.x, 172.16–31.x.x); container and
 * VPN bridges (docker0, br-…, veth…, utun…) are not reachable from the room and are listed last.
 */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|utun|tun|tap|zt|tailscale|wg|lo)/i;

function isPrivate(ip: string): boolean {
  return /^10\./.test(ip) || /^192\.168\./.test(ip) || /^172\.(1[6-9]|2\d|3[01])\./.test(ip);
}

export function lanAddresses(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  const found: Array<{ ip: string; score: number }> = [];
  for (const [name, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal || info.address.startsWith('169.254.')) continue;
      const score = (VIRTUAL.test(name) ? 2 : 0) + (isPrivate(info.address) ? 0 : 1);
      found.push({ ip: info.address, score });
    }
  }
  return found.sort((a, b) => a.score - b.score).map((f) => f.ip);
}

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '']);

/** The host to print in the join line: the bound address, or for "all interfaces" the best LAN one. */
export function advertisedHost(bind: string, interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  if (!ALL_INTERFACES.has(bind)) return bind.includes(':') ? `[${bind}]` : bind;
  return lanAddresses(interfaces)[0] ?? '127.0.0.1';
}

export function bindsAllInterfaces(bind: string): boolean {
  return ALL_INTERFACES.has(bind);
}

export function isLoopback(bind: string): boolean {
  return bind === '127.0.0.1' || bind === '::1' || bind === 'localhost' || bind.startsWith('127.');
}
