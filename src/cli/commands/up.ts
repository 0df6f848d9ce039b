import type { ConfigFlags } from '../../config/resolve-config.js';
import { redactUrl } from '../../errors/redact.js';
import type { ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

export interface UpFlags extends ConfigFlags {
  json?: boolean;
  detach?: boolean;
  /** With --detach: the sandbox becomes garbage for `sandbox gc` once this process ends */
  ownerPid?: string;
}

/**
 * `sandbox up`: provision a sandbox and print its URL. In the foreground it lives until Ctrl-C; with --detach it
 * outlives the command, registered in the state directory for `ls`, `down` and `gc`.
 */
export async function upCommand(flags: UpFlags, out: Output, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const [{ resolveConfig }, { openOrigin }, { provision }, { measureSandboxEquivalence }, { equivalenceLine }, { StateStore, stateDir }, { expectInterrupt }, { SandboxError }] = await Promise.all([
    import('../../config/resolve-config.js'),
    import('../../pipeline/origin.js'),
    import('../../pipeline/provision.js'),
    import('../../pipeline/measure-equivalence.js'),
    import('../../equivalence/equivalence-line.js'),
    import('../../sandbox/state-store.js'),
    import('../../lifecycle/signals.js'),
    import('../../errors/sandbox-error.js'),
  ]);
  const ownerPid = flags.ownerPid === undefined ? null : Number(flags.ownerPid);
  if (ownerPid !== null && (!Number.isInteger(ownerPid) || ownerPid <= 0)) throw new SandboxError('USAGE', `--owner-pid must be a process id, got "${flags.ownerPid}".`);
  const config = await resolveConfig(flags);
  const originName = config.snapshotDir ?? redactUrl(config.sourceUrl ?? '');
  const { sandbox, loaded, origin } = await (async () => {
    await using origin = await openOrigin(config, out.progress);
    const provisioned = await provision(origin, config, out.progress, flags.detach ? { ownerPid } : {});
    return { ...provisioned, origin: { model: origin.model, profile: origin.profile, data: origin.data } };
  })();
  // after production is released: the report reads only the sandbox's statistics and the profile already in hand
  const { equivalence, problem } = await measureSandboxEquivalence(sandbox, origin, config, loaded.rowsLoaded, out.progress);
  const info = {
    id: sandbox.id,
    url: sandbox.url,
    provider: sandbox.provider,
    serverVersion: sandbox.serverVersion,
    pid: sandbox.pid,
    dataDir: sandbox.dataDir,
    detached: flags.detach ?? false,
    origin: originName,
    fidelity: { reproduced: loaded.fidelity.reproduced, inSource: loaded.fidelity.inSource },
    notReproduced: loaded.fidelity.notReproduced,
    warnings: problem ? [...sandbox.warnings, problem] : sandbox.warnings,
    ...(equivalence ? { equivalence } : {}),
  };
  const fidelityText = [
    `fidelity: ${loaded.fidelity.reproduced} / ${loaded.fidelity.inSource} objects reproduced`,
    ...loaded.fidelity.notReproduced.map((o) => `  not reproduced: ${o.objectType} ${o.name}: ${o.reason}`),
    ...(equivalence ? [equivalenceLine(equivalence)] : []),
  ].join('\n');
  if (flags.detach) {
    await new StateStore(stateDir(env)).save({
      id: sandbox.id,
      provider: sandbox.provider,
      url: sandbox.url,
      serverVersion: sandbox.serverVersion,
      createdAt: new Date().toISOString(),
      origin: originName,
      dataDir: sandbox.dataDir,
      serverPid: sandbox.pid,
      ownerPid,
    });
    sandbox.detach();
    out.result(flags.json ? JSON.stringify(info) : `sandbox ${sandbox.id} is up (detached): ${sandbox.url}\n${fidelityText}\nremove it with: sandbox down ${sandbox.id}`);
    return 0;
  }
  out.result(flags.json ? JSON.stringify(info) : `sandbox ${sandbox.id} is up: ${sandbox.url}\n${fidelityText}\npress Ctrl-C to remove it`);
  // runs until SIGINT/SIGTERM; the signal handler removes the sandbox, and here that is the normal end
  expectInterrupt();
  await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  return 0;
}
