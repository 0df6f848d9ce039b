import type { ConfigFlags } from '../../config/resolve-config.js';
import type { ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

export interface SnapshotFlags extends Pick<ConfigFlags, 'config' | 'source' | 'data'> {
  out: string;
  force?: boolean;
}

/** `sandbox snapshot`: the only command besides replay --source that reads production, and only read-only. */
export async function snapshotCommand(flags: SnapshotFlags, out: Output): Promise<ExitCode> {
  const [{ resolveConfig }, { takeSnapshot }] = await Promise.all([import('../../config/resolve-config.js'), import('../../pipeline/take-snapshot.js')]);
  const config = await resolveConfig(flags);
  const manifest = await takeSnapshot(config, { outDir: flags.out, force: flags.force ?? false, progress: out.progress });
  const files = Object.keys(manifest.files).length + 1;
  out.result(`snapshot ${manifest.id} of ${manifest.source.database} (PostgreSQL ${manifest.source.serverVersion}), data mode ${manifest.data.mode}: ${files} files in ${flags.out}`);
  return 0;
}
