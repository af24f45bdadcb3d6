import { afterEach, describe, expect, it } from 'vitest';

import {
  capabilityNames,
  DESCRIPTORS,
  findDescriptors,
  goDuration,
  goFixed3,
  goTime,
  IdNames,
  readProcess,
  readProcesses,
  scanLines,
  ttyName,
  withZombies,
  type ProcessInfo,
  type TopView,
} from './container-top.js';

const headers = (args: string[]) => findDescriptors(args)?.map((d) => d.header);
const valueOf = (name: string, p: ProcessInfo, view: TopView) =>
  (DESCRIPTORS.find((d) => d.name === name) as (typeof DESCRIPTORS)[number]).value(p, view);

/** A process as /proc would show it, started 5 s after boot with 3.5 s of CPU time. */
function fakeProcess(changes: Partial<ProcessInfo> = {}): ProcessInfo {
  const stat = Array.from({ length: 40 }, () => '0');
  Object.assign(stat, { 0: 'S', 1: '4001', 4: String(136 << 8), 11: '250', 12: '100' });
  Object.assign(stat, { 16: '-5', 19: '500', 20: String(2268 * 1024 + 512) });
  const status = new Map<string, string[]>([
    ['Name:', ['sleep']],
    ['State:', ['S', '(sleeping)']],
    ['Uid:', ['1000', '0', '0', '0']],
    ['Gid:', ['1000', '65534', '0', '0']],
    ['Groups:', ['1000', '65534']],
    ['NSpid:', ['4002', '7']],
    ['NSpgid:', ['4001', '1']],
    ['VmRSS:', ['1440', 'kB']],
    ['CapBnd:', ['00000000a80425fb']],
    ['Seccomp:', ['2']],
  ]);
  const base = { hostPid: process.pid, inCgroup: true, comm: 'sleep', label: '?' };
  return { ...base, stat, status, cmdline: ['sleep', '100', ''], ...changes };
}

function fakeView(): TopView {
  const passwd = 'root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n';
  return {
    containerPid: (hostPid) => (hostPid === 4001 ? 1 : 0),
    users: IdNames.parse(passwd),
    groups: IdNames.parse('root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n'),
    hostUsers: IdNames.parse('root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n'),
    hostGroups: IdNames.parse('wheel:x:0:\n'),
    clock: { bootTime: 1_700_000_000, ticks: 100, nowMs: () => 1_700_000_010_250.5 },
  };
}

describe('findDescriptors', () => {
  it('gives the ps -ef columns when no descriptor, or only empty ones, is given', () => {
    const defaults = ['USER', 'PID', 'PPID', '%CPU', 'ELAPSED', 'TTY', 'TIME', 'COMMAND'];
    expect(headers([])).toEqual(defaults);
    expect(headers([''])).toEqual(defaults);
    expect(headers([',,'])).toEqual(defaults);
  });

  it('takes names and AIX codes, split at commas and trimmed, in the order given', () => {
    expect(headers(['pid,,ppid', ' user', 'huser'])).toEqual(['PID', 'PPID', 'USER', 'HUSER']);
    const aix = ['%a', '%c', '%C', '%g', '%G', '%n', '%p', '%P', '%r', '%t', '%u', '%U', '%x'];
    expect(headers([...aix, '%y', '%z'])).toEqual([
      'COMMAND',
      'COMMAND',
      '%CPU',
      'RGROUP',
      'GROUP',
      'NI',
      'PID',
      'PPID',
      'PGID',
      'ELAPSED',
      'RUSER',
      'USER',
      'TIME',
      'TTY',
      'VSZ',
    ]);
  });

  it('knows every descriptor podman top 4.3.1 documents', () => {
    const documented =
      'args,capamb,capbnd,capeff,capinh,capprm,comm,etime,group,groups,hgroup,hgroups,hpid,' +
      'huser,label,nice,pcpu,pgid,pid,ppid,rgroup,rss,ruser,seccomp,state,stime,time,tty,user,vsz';
    expect(DESCRIPTORS.map((d) => d.name).sort()).toEqual(documented.split(','));
    expect(headers(['capamb,capinh,capprm,capeff,capbnd'])).toEqual([
      'AMBIENT CAPS',
      'INHERITED CAPS',
      'PERMITTED CAPS',
      'EFFECTIVE CAPS',
      'BOUNDING CAPS',
    ]);
  });

  it('returns nothing when an argument is not a descriptor, so that ps(1) runs instead', () => {
    expect(findDescriptors(['pid', 'all'])).toBeUndefined();
    expect(findDescriptors(['-eo', 'pid'])).toBeUndefined();
    expect(findDescriptors(['pid foo'])).toBeUndefined();
    expect(findDescriptors([' '])).toBeUndefined();
    expect(findDescriptors(['uid'])).toBeUndefined();
  });
});

describe('goDuration', () => {
  it('prints durations as Go does', () => {
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(999)).toBe('999ns');
    expect(goDuration(1_500)).toBe('1.5µs');
    expect(goDuration(1_500_000)).toBe('1.5ms');
    expect(goDuration(1_000_000_000)).toBe('1s');
    expect(goDuration(5_906_637_389)).toBe('5.906637389s');
    expect(goDuration(5_900_000_000)).toBe('5.9s');
    expect(goDuration(65_000_000_000)).toBe('1m5s');
    expect(goDuration(3_603_000_000_000)).toBe('1h0m3s');
    expect(goDuration(90_061_000_000_001n)).toBe('25h1m1.000000001s');
    expect(goDuration(-2_000_000_000)).toBe('-2s');
  });
});

describe('goFixed3', () => {
  it('prints three decimals, and infinities and NaN as Go spells them', () => {
    expect(goFixed3(0)).toBe('0.000');
    expect(goFixed3(62.5471)).toBe('62.547');
    expect(goFixed3(Infinity)).toBe('+Inf');
    expect(goFixed3(NaN)).toBe('NaN');
  });
});

describe('goTime', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('prints a local time with its offset and zone name', () => {
    const date = new Date(Date.UTC(2024, 4, 1, 10, 0, 5));
    process.env.TZ = 'UTC';
    expect(goTime(date)).toBe('2024-05-01 10:00:05 +0000 UTC');
    process.env.TZ = 'Europe/Berlin';
    expect(goTime(date)).toBe('2024-05-01 12:00:05 +0200 CEST');
  });
});

describe('capabilityNames', () => {
  it('sorts the names of a mask, with none, full and unknown as Podman 4.3.1 shows them', () => {
    expect(capabilityNames('0000000000000000')).toBe('none');
    expect(capabilityNames('00000000800405fb')).toBe(
      'CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,' +
        'SYS_CHROOT',
    );
    expect(capabilityNames('0000003fffffffff')).toBe('full');
    const privileged = capabilityNames('000001ffffffffff').split(',');
    expect(privileged).toHaveLength(41);
    expect(privileged.slice(0, 2)).toEqual(['AUDIT_CONTROL', 'AUDIT_READ']);
    expect(privileged.slice(-4)).toEqual(['WAKE_ALARM', 'unknown', 'unknown', 'unknown']);
  });
});

describe('ttyName', () => {
  it('names terminals from their device numbers', () => {
    expect(ttyName(0)).toBe('?');
    expect(ttyName(136 << 8)).toBe('pts/0');
    expect(ttyName((137 << 8) | 4)).toBe('pts/260');
    expect(ttyName((136 << 8) | (1 << 20))).toBe('pts/256');
    expect(ttyName((4 << 8) | 1)).toBe('tty1');
    expect(ttyName((4 << 8) | 64)).toBe('ttyS0');
    expect(ttyName((5 << 8) | 1)).toBe('console');
    expect(ttyName(8 << 8)).toBe('?');
  });
});

describe('IdNames', () => {
  it('names ids by the first entry for them and leaves unnamed ids numeric', () => {
    const names = IdNames.parse('# c\nroot:x:0:0\ntoor:x:0:0\n\nbad\nuser:x:1000:1000\n');
    expect(names.name(0)).toBe('root');
    expect(names.name('1000')).toBe('user');
    expect(names.name(42)).toBe('42');
    expect(IdNames.read('/nonexistent/passwd').name(0)).toBe('0');
  });
});

describe('scanLines', () => {
  it('splits lines as Go scanners do', () => {
    expect(scanLines('a\r\nb\n')).toEqual(['a', 'b']);
    expect(scanLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(scanLines('')).toEqual([]);
  });
});

describe('descriptor values', () => {
  it('formats the times, ids and sizes of a process as Podman does', () => {
    const p = fakeProcess();
    const view = fakeView();
    const values = (names: string) => names.split(',').map((name) => valueOf(name, p, view));

    expect(values('pid,ppid,pgid,hpid')).toEqual(['7', '1', '1', String(process.pid)]);
    expect(values('etime,time,pcpu')).toEqual(['5.2505s', '3s', '57.137']);
    expect(values('stime')[0]).toMatch(/^2023-11-1[45] \d\d:\d\d:25 [+-]\d{4} \S+$/);
    expect(values('user,ruser,group,rgroup,groups')).toEqual([
      'root',
      'user',
      'nogroup',
      'user',
      'user,nogroup',
    ]);
    expect(values('huser,hgroup,hgroups')).toEqual(['root', '65534', '1000,65534']);
    expect(values('args,comm,tty,nice,vsz,rss,state,seccomp,label')).toEqual([
      'sleep 100 ',
      'sleep',
      'pts/0',
      '-5',
      '2268',
      '1440',
      'S',
      'filter',
      '?',
    ]);
    expect(values('capbnd,capamb')).toEqual([
      'AUDIT_WRITE,CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,MKNOD,NET_BIND_SERVICE,NET_RAW,' +
        'SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT',
      'none',
    ]);
  });

  it('shows a zombie by its name in brackets and without host data', () => {
    const zombie = fakeProcess({ cmdline: [''], inCgroup: false });
    zombie.status.delete('VmRSS:');
    const view = fakeView();
    const values = (names: string) => names.split(',').map((name) => valueOf(name, zombie, view));
    expect(values('args,hpid,huser,hgroup,hgroups,rss')).toEqual([
      '[sleep]',
      '?',
      '?',
      '?',
      '?',
      '0',
    ]);
  });
});

describe('reading /proc', () => {
  it('reads the test process itself', () => {
    const me = readProcess(process.pid);
    expect(me.hostPid).toBe(process.pid);
    expect(me.stat[1]).toBe(String(process.ppid));
    expect(me.status.get('Uid:')?.[1]).toBe(String(process.getuid?.()));
    expect(me.cmdline[0]).not.toBe('');
    expect(['R', 'S']).toContain(me.status.get('State:')?.[0]);
  });

  it('leaves out pids that are gone and adds nothing for a process without zombies', () => {
    const pids = withZombies([process.pid]);
    expect(pids).toEqual([{ pid: process.pid, inCgroup: true }]);
    const processes = readProcesses([...pids, { pid: 2 ** 22 + 1, inCgroup: true }]);
    expect(processes.map((p) => p.hostPid)).toEqual([process.pid]);
  });
});
