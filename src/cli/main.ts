import { Command, CommanderError } from 'commander';
import { installFatalHandlers, installSignalHandlers, interruptExpected } from '../lifecycle/signals.js';
import { toolVersion } from '../package-root.js';
import type { ExitCode } from './exit-code.js';
import { consoleOutput } from './output.js';
import { exitCodeForError, runCommand } from './run-command.js';

/** Parses argv, runs one command, and resolves to its exit code; bin.ts is the only caller of process.exit. */
export async function main(fullArgv: readonly string[]): Promise<ExitCode> {
  // after `--` comes a command to replay, with arguments of its own that are not ours to parse
  const dash = fullArgv.indexOf('--');
  const argv = dash >= 0 ? fullArgv.slice(0, dash) : fullArgv;
  const commandArgv = dash >= 0 ? fullArgv.slice(dash + 1) : undefined;
  const debug = argv.includes('--debug');
  const out = consoleOutput({ quiet: argv.includes('--quiet') || argv.includes('-q'), progress: argv.includes('--progress') });
  let code: ExitCode = 0;

  const program = new Command('sandbox')
    .description('Replay database operations on a disposable twin of production PostgreSQL, and gate them on the diff.')
    .version(toolVersion())
    .option('--debug', 'print stack traces of unexpected errors')
    .option('-q, --quiet', 'no progress lines on stderr')
    .option('--progress', 'progress lines on stderr even when it is not a terminal (a CI log)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });

  originOptions(
    program
      .command('replay')
      .description('provision a sandbox, replay the SQL files in it, diff, and gate (exit 0 pass, 1 fail, 2 could not judge)')
      .argument('[ops...]', 'SQL files, run in order as one operation; or, after --, a command to run against the sandbox (its statements are read from the server log)'),
    { snapshot: true, binDir: true },
  )
    .option('--report-dir <dir>', 'where report.json and report.md go (default: sandbox-report)')
    .option('--format <list>', 'comma-separated: terminal,md,json')
    .option('--each', 'every SQL file is an operation of its own, each replayed from the same baseline of one sandbox; reports go to REPORT-DIR/<file name>/')
    .action(async (ops: string[], flags) => {
      const { replayCommand } = await import('./commands/replay.js');
      code = await runCommand(() => replayCommand(ops, flags, out, commandArgv), out, debug);
    });

  originOptions(program.command('snapshot').description('read production read-only and write a snapshot directory (schema, profile, and masked or copied rows)'), {
    snapshot: false,
    binDir: false,
  })
    .option('--out <dir>', 'the snapshot directory to write', 'sandbox-snapshot')
    .option('--force', 'replace an existing snapshot directory (atomically)')
    .action(async (flags) => {
      const { snapshotCommand } = await import('./commands/snapshot.js');
      code = await runCommand(() => snapshotCommand(flags, out), out, debug);
    });

  originOptions(program.command('up').description('provision a sandbox and print its connection URL; --detach leaves it running for `sandbox down`'), {
    snapshot: true,
    binDir: true,
  })
    .option('--json', 'print only {"id","url","provider",...} as JSON')
    .option('--detach', 'leave the sandbox running after this command exits')
    .option('--owner-pid <pid>', 'with --detach: `sandbox gc` removes the sandbox once this process has ended')
    .action(async (flags) => {
      const { upCommand } = await import('./commands/up.js');
      code = await runCommand(() => upCommand(flags, out, process.env), out, debug);
    });

  program
    .command('down')
    .description('stop a detached sandbox and remove its data')
    .argument('<id>', 'the id printed by `sandbox up` (see `sandbox ls`)')
    .action(async (id: string) => {
      const { downCommand } = await import('./commands/lifecycle.js');
      code = await runCommand(() => downCommand(id, out, process.env), out, debug);
    });

  program
    .command('ls')
    .description('list the detached sandboxes of this user')
    .option('--json', 'print JSON')
    .action(async (flags) => {
      const { lsCommand } = await import('./commands/lifecycle.js');
      code = await runCommand(() => lsCommand(flags, out, process.env), out, debug);
    });

  program
    .command('gc')
    .description('remove sandboxes and data directories whose owner process is gone')
    .action(async () => {
      const { gcCommand } = await import('./commands/lifecycle.js');
      code = await runCommand(() => gcCommand(out, process.env), out, debug);
    });

  program
    .command('demo')
    .description('run the gate on a bundled sample production database: a dangerous agent operation, then a scoped one')
    .option('--report-dir <dir>', 'where the demo reports go (default: sandbox-report)')
    .option('--bin-dir <dir>', 'directory with initdb and postgres to use instead of the embedded ones')
    .action(async (flags) => {
      const { demoCommand } = await import('./commands/demo.js');
      code = await runCommand(() => demoCommand(flags, out), out, debug);
    });

  program.hook('preAction', async (_, action) => {
    if (commandArgv !== undefined && action.name() !== 'replay') {
      const { SandboxError } = await import('../errors/sandbox-error.js');
      throw new SandboxError('USAGE', `sandbox ${action.name()} takes no command after --; only sandbox replay runs one.`);
    }
  });

  installSignalHandlers(
    () => {
      if (interruptExpected()) {
        out.error('sandbox: stopped; the sandbox has been removed');
        process.exit(0);
      }
      out.error('sandbox: interrupted; every sandbox this run started has been removed (exit 2)');
      process.exit(2);
    },
    (line) => out.progress(line),
  );

  installFatalHandlers(() => process.exit(2), (line) => out.error(line));

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')) return 0;
    return exitCodeForError(error, out, debug);
  }
  return code;
}

/** The options of every command that reads production or a snapshot, worded the same everywhere. */
function originOptions(command: Command, has: { snapshot: boolean; binDir: boolean }): Command {
  command
    .option('--config <path>', 'config file (default: ./sandbox.config.ts)')
    .option('--source <url>', 'production URL for a read-only role (default: source.url, else $DATABASE_URL)');
  if (has.snapshot) command.option('--snapshot <dir>', 'clone from a snapshot directory instead of the source (production is never contacted)');
  command.option('--data <mode>', 'data mode: synthetic, anonymized, or copy (copy only for test and sample databases)');
  command.option('--scale <factor>', "synthetic mode: rows per table = production's rows × factor (default 1)");
  if (has.binDir) command.option('--bin-dir <dir>', 'directory with initdb and postgres of the production major version');
  return command;
}
