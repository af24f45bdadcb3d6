import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SkiffError } from '../errors/skiff-error.js';
import type {
  SeccompOptions,
  SeccompProfileChoice,
  SeccompProvider,
} from '../providers/seccomp-provider.js';
import type { LinuxSeccomp } from '../types/runtime-spec.js';
import type { EngineEnvironment, HostFacts } from '../types/environment.js';

/** SeccompProviderFactory builds a fresh provider for the environment and host it is given. */
export type SeccompProviderFactory = (
  environment: EngineEnvironment,
  host: HostFacts,
) => SeccompProvider;

/** SeccompContractSubject is what one check runs against: a way to build providers, and files. */
export interface SeccompContractSubject {
  /** provider builds a provider; `seccompProfile` stands for containers.conf's key. */
  provider(seccompProfile?: string): SeccompProvider;
  /** A profile in the format Podman, Docker and CRI-O share; see SECCOMP_CONTRACT_PROFILE. */
  profilePath: string;
  /** A file that exists but is not a seccomp profile. */
  brokenPath: string;
  /** A path where nothing exists. */
  missingPath: string;
}

/** SeccompContractCheck is one rule every seccomp provider follows. */
export interface SeccompContractCheck {
  name: string;
  run(subject: SeccompContractSubject): Promise<void>;
}

/**
 * SECCOMP_CONTRACT_PROFILE allows everything but mkdir, which fails, and allows mount only to
 * a container that has CAP_SYS_ADMIN.
 */
export const SECCOMP_CONTRACT_PROFILE = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [
    { names: ['mkdir'], action: 'SCMP_ACT_ERRNO' },
    { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
  ],
};

const HOST: HostFacts = { selinuxEnabled: false, arch: 'amd64', hardLimits: {} };

function choose(profile: SeccompProfileChoice, privileged = false): SeccompOptions {
  return { profile, privileged, capabilities: ['CAP_CHOWN'] };
}

function ruleFor(seccomp: LinuxSeccomp | undefined, name: string) {
  return seccomp?.syscalls?.find((rule) => rule.names.includes(name));
}

async function expectInvalidArgument(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => expect.unreachable('expected the profile to be refused'),
    (reason: unknown) => reason,
  );
  expect(SkiffError.is(error), 'refused with a SkiffError').toBe(true);
  expect(SkiffError.codeOf(error)).toBe('InvalidArgument');
}

/** SECCOMP_PROVIDER_CHECKS are the contract's rules, in the order the suite runs them. */
export const SECCOMP_PROVIDER_CHECKS: readonly SeccompContractCheck[] = [
  {
    name: 'gives no seccomp rules for unconfined',
    async run({ provider }) {
      const report = await provider().generate(choose({ kind: 'unconfined' }));

      expect(report.seccomp).toBeUndefined();
      expect(report.origin).toBe('unconfined');
    },
  },
  {
    name: 'turns a profile file into linux.seccomp, naming the file as the origin',
    async run({ provider, profilePath }) {
      const report = await provider().generate(choose({ kind: 'file', path: profilePath }));

      expect(report.origin).toBe(profilePath);
      expect(report.seccomp?.defaultAction).toBe('SCMP_ACT_ALLOW');
      expect(ruleFor(report.seccomp, 'mkdir')?.action).toBe('SCMP_ACT_ERRNO');
    },
  },
  {
    name: "takes an image's profile from its JSON, with origin image",
    async run({ provider, profilePath }) {
      const json = JSON.stringify(SECCOMP_CONTRACT_PROFILE);
      const fromImage = await provider().generate(choose({ kind: 'image', json }));
      const fromFile = await provider().generate(choose({ kind: 'file', path: profilePath }));

      expect(fromImage.origin).toBe('image');
      expect(fromImage.seccomp).toEqual(fromFile.seccomp);
    },
  },
  {
    name: "uses containers.conf's seccomp_profile as the default profile",
    async run({ provider, profilePath }) {
      const report = await provider(profilePath).generate(choose({ kind: 'default' }));

      expect(report.origin).toBe(profilePath);
      expect(ruleFor(report.seccomp, 'mkdir')?.action).toBe('SCMP_ACT_ERRNO');
    },
  },
  {
    name: 'keeps rules that need a capability for containers that have it only',
    async run({ provider, profilePath }) {
      const profile: SeccompProfileChoice = { kind: 'file', path: profilePath };
      const without = await provider().generate(choose(profile));
      const admin = await provider().generate({
        ...choose(profile),
        capabilities: ['CAP_CHOWN', 'CAP_SYS_ADMIN'],
      });

      expect(ruleFor(without.seccomp, 'mount')).toBeUndefined();
      expect(ruleFor(admin.seccomp, 'mount')?.action).toBe('SCMP_ACT_ALLOW');
    },
  },
  {
    name: 'drops the default profile for a privileged container but keeps a chosen file',
    async run({ provider, profilePath }) {
      const custom = await provider().generate(choose({ kind: 'file', path: profilePath }, true));
      const byDefault = await provider().generate(choose({ kind: 'default' }, true));

      expect(ruleFor(custom.seccomp, 'mkdir')?.action).toBe('SCMP_ACT_ERRNO');
      expect(byDefault.seccomp).toBeUndefined();
    },
  },
  {
    name: 'refuses a missing or malformed profile with InvalidArgument',
    async run({ provider, brokenPath, missingPath }) {
      await expectInvalidArgument(provider().generate(choose({ kind: 'file', path: missingPath })));
      await expectInvalidArgument(provider().generate(choose({ kind: 'file', path: brokenPath })));
      await expectInvalidArgument(provider().generate(choose({ kind: 'image', json: '{' })));
    },
  },
  {
    name: 'leaves its input unchanged and gives the same rules for the same input',
    async run({ provider, profilePath }) {
      const options = Object.freeze({
        profile: Object.freeze({ kind: 'file', path: profilePath }),
        privileged: false,
        capabilities: Object.freeze(['CAP_CHOWN', 'CAP_SYS_ADMIN']),
      }) as SeccompOptions;

      const first = await provider().generate(options);
      const second = await provider().generate(options);

      expect(second).toEqual(first);
    },
  },
];

function environment(dir: string, seccompProfile?: string): EngineEnvironment {
  return {
    root: join(dir, 'root'),
    runroot: join(dir, 'run'),
    rootless: process.getuid?.() !== 0,
    ociRuntime: { name: 'runc', paths: [] },
    conmonPaths: [],
    ...(seccompProfile === undefined ? {} : { seccompProfile }),
  };
}

/** seccompContractFiles writes the profiles the checks use into `dir`. */
export async function seccompContractFiles(
  dir: string,
  factory: SeccompProviderFactory,
): Promise<SeccompContractSubject> {
  const subject: SeccompContractSubject = {
    provider: (seccompProfile) => factory(environment(dir, seccompProfile), HOST),
    profilePath: join(dir, 'profile.json'),
    brokenPath: join(dir, 'broken.json'),
    missingPath: join(dir, 'missing.json'),
  };
  await writeFile(subject.profilePath, JSON.stringify(SECCOMP_CONTRACT_PROFILE));
  await writeFile(subject.brokenPath, '{"defaultAction": 42, "syscalls": "none"}');
  return subject;
}

/**
 * seccompProviderContract registers, as vitest tests, the rules every SeccompProvider must
 * follow: a plugin's `<name>.contract.test.ts` calls it with a factory.
 */
export function seccompProviderContract(name: string, factory: SeccompProviderFactory): void {
  describe(`${name} honours the SeccompProvider contract`, () => {
    let dir: string;
    let subject: SeccompContractSubject;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'skiff-seccomp-contract-'));
      subject = await seccompContractFiles(dir, factory);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    for (const check of SECCOMP_PROVIDER_CHECKS) {
      it(check.name, () => check.run(subject));
    }
  });
}
