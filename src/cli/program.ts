import { Command, Option } from 'commander';
import { VERSION } from './packageVersion.js';

/** @deprecated Import from `./packageVersion.js` (commands importing program.js made an import cycle). */
export { VERSION };
import { makeFinding } from '../model/finding.js';
import { reportFindings } from './exitCodes.js';
import type { CliIO } from './output.js';


/** A command action: gets the IO, the command's options merged with the global ones, and the positional arguments. */
export type CommandAction = (io: CliIO, options: never, ...args: string[]) => Promise<number>;

/** `cursus registry list-steps`: the full name of a command, for hints. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
const format = (choices: string[], fallback: string) => new Option('--format <format>', 'output format').choices(choices).default(fallback);
const workspaceOption = (what: string) => new Option('-w, --workspace <id>', what);
const createRootOption = () =>
  new Option('--create-root', 'create the workspaces root if it does not exist (a root named by --workspaces-root, CURSUS_WORKSPACES_ROOT or cursus.config is otherwise refused; the default root is always created)').default(false);

/**
 * Build the `cursus` program. Command modules are imported only when their
 * command runs, so `--help` and light commands start fast.
 */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  // Usage errors are one line, like every other error: `cursus: error: … Hint: …`.
  const configure = (cmd: Command): Command =>
    cmd.exitOverride().configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text) => {
        const message = text.trim().replace(/\s*\n\s*/g, ' ').replace(/^error:\s*/, '');
        reportFindings(io, [makeFinding({ severity: 'error', code: 'USAGE', message, hint: `run \`${commandPath(cmd)} --help\` for usage` })]);
      },
    });
  /** Run an action loaded on demand. Commander passes (...positionals, options, command). */
  const act =
    (load: () => Promise<CommandAction>) =>
    async (...raw: unknown[]): Promise<void> => {
      const command = raw[raw.length - 1] as Command;
      const positionals = raw.slice(0, -2) as string[];
      const action = await load();
      setExit(await action(io, command.optsWithGlobals() as never, ...positionals));
    };

  const program = configure(new Command('cursus'))
    .description('Hybrid, workspace-aware registry of ML-pipeline step definitions')
    .version(VERSION, '-V, --version')
    .option('--workspaces-root <dir>', 'workspaces root (default: developer_workspaces/developers; env CURSUS_WORKSPACES_ROOT)')
    .option('--core-registry <file>', 'core registry file, YAML or JSON (default: the bundled 17-step core; env CURSUS_CORE_REGISTRY)')
    .option('--no-color', 'plain output without colour (also NO_COLOR)')
    .addHelpText('after', `\nSettings: a flag > its CURSUS_* environment variable > cursus.config.json / cursus.config.yaml (searched upward from the working directory to the repository root) > default; \`cursus config --show-origin\` shows each value and where it came from.\nExit codes: 0 ok, 1 a check failed or a step did not resolve, 2 usage or load error.${examples('cursus registry list-steps', 'cursus registry resolve-step XGBoostTraining --workspace alice --explain', 'cursus developer setup-developer alice')}`);

  configure(program.command('config'))
    .description('Print every setting (workspaces root, core registry, feature flags, limits) with its value, and with --show-origin where it came from')
    .option('--show-origin', 'add where each value came from: the flag, the environment variable, cursus.config file:line, or default', false)
    .addOption(format(['text', 'table', 'json'], 'text'))
    .addHelpText('after', `\nThe config file is cursus.config.json, .yaml or .yml, searched upward from the working directory to the repository root.${examples('cursus config --show-origin', 'cursus config --format json')}`)
    .action(act(async () => (await import('./commands/configCommand.js')).runConfig));

  const registry = configure(program.command('registry').description('Inspect, resolve and validate the step registry; create workspace registries'));
  registry.addHelpText('after', examples('cursus registry list-steps --workspace alice', 'cursus registry resolve-step ModelTraining --explain', 'cursus registry validate-registry --strict', 'cursus registry init-workspace alice'));

  configure(registry.command('init-workspace'))
    .description('Create the registry file of a developer workspace from a template')
    .argument('<developer_id>', 'workspace id (the directory name under the workspaces root)')
    .option('--workspace-path <path>', 'workspace directory (its name must be the developer id; default: <workspaces root>/<developer_id>)')
    .addOption(new Option('--template <template>', 'registry template').choices(['standard', 'minimal']).default('standard'))
    .addOption(format(['yaml', 'json', 'ts'], 'yaml'))
    .option('--force', 'replace an existing registry (a timestamped backup is kept next to it)', false)
    .addOption(createRootOption())
    .addHelpText('after', examples('cursus registry init-workspace alice', 'cursus registry init-workspace bob --template minimal --format json', 'cursus registry init-workspace alice --force'))
    .action(act(async () => (await import('./commands/initWorkspaceCommand.js')).runInitWorkspace));

  configure(registry.command('list-steps'))
    .description("List the steps of a view: core, or a workspace's (core + its local steps and overrides)")
    .addOption(workspaceOption('list the view of this workspace (default: CURSUS_WORKSPACE_ID, else core)'))
    .option('--conflicts-only', 'list only names defined by two or more workspaces, with every definition', false)
    .option('--show-origin', 'add the file:line each definition comes from', false)
    .addOption(format(['text', 'table', 'json'], 'text'))
    .addHelpText('after', examples('cursus registry list-steps', 'cursus registry list-steps --workspace alice --show-origin', 'cursus registry list-steps --conflicts-only --format json'))
    .action(act(async () => (await import('./commands/listStepsCommand.js')).runListSteps));

  configure(registry.command('resolve-step'))
    .description('Resolve a step name across core and all workspaces, and say why')
    .argument('<name>', 'step name')
    .addOption(workspaceOption('the workspace asking (its own definition wins; default: CURSUS_WORKSPACE_ID)'))
    .option('--framework <framework>', 'preferred framework (default: the workspace metadata preferred_frameworks)')
    .option('--environment <tags>', 'comma-separated environment tags, e.g. development,gpu')
    .addOption(new Option('--mode <mode>', 'what a tie between workspaces does').choices(['automatic', 'strict', 'interactive']).default('automatic'))
    .option('--explain', 'print one line per decision, including why each candidate lost', false)
    .addOption(format(['text', 'json'], 'text'))
    .addHelpText('after', examples('cursus registry resolve-step ModelTraining --framework tensorflow --explain', 'cursus registry resolve-step DataValidation --environment production --format json', 'cursus registry resolve-step DataValidation --mode strict'))
    .action(act(async () => (await import('./commands/resolveStepCommand.js')).runResolveStep));

  configure(registry.command('validate-registry'))
    .description('Validate the core and every workspace registry (or one); exit 1 on errors — fit for CI')
    .addOption(workspaceOption('validate only this workspace'))
    .option('--check-conflicts', 'also report names defined by two or more workspaces', false)
    .option('--strict', 'fail (exit 1) on warnings too', false)
    .option('--watch', 're-validate on every change of a registry file, until interrupted (Ctrl-C)', false)
    .addOption(format(['text', 'json'], 'text'))
    .addHelpText('after', `\nCode registries (.ts/.mts/.js/.mjs) are executed to be validated.${examples('cursus registry validate-registry', 'cursus registry validate-registry --workspace alice --strict', 'cursus registry validate-registry --check-conflicts --format json', 'cursus registry validate-registry --workspace alice --watch')}`)
    .action(act(async () => (await import('./commands/validateRegistryCommand.js')).runValidateRegistry));

  configure(registry.command('show-step'))
    .description('Show the effective definition of a step in a view, where it comes from, and what it shadows')
    .argument('<name>', 'step name')
    .addOption(workspaceOption('the view to look in (default: CURSUS_WORKSPACE_ID, else core)'))
    .addOption(format(['text', 'json'], 'text'))
    .addHelpText('after', examples('cursus registry show-step XGBoostTraining --workspace alice'))
    .action(act(async () => (await import('./commands/showStepCommand.js')).runShowStep));

  configure(registry.command('schema'))
    .description('Print the JSON Schema of the workspace registry file')
    .addHelpText('after', examples('cursus registry schema > workspace-registry.schema.json'))
    .action(act(async () => (await import('./commands/schemaCommand.js')).runSchema));

  configure(registry.command('import'))
    .description('Convert Python registries: workspace_registry.py files to YAML/JSON/TS, or *.step.yaml interface files to a core registry')
    .argument('<source>', 'a workspace_registry.py, a workspace directory, a workspaces root, or a directory of *.step.yaml files')
    .option('--to <path>', 'output file (single .py or interface directory; default: next to the .py, or ./step_names.<format>)')
    .addOption(new Option('--format <format>', 'output format (default: the extension of --to, else yaml; a core registry is yaml or json)').choices(['yaml', 'json', 'ts']))
    .option('--force', 'replace an existing output file (a timestamped backup is kept next to it)', false)
    .option('--replace', 'move each converted .py aside to <name>.py.bak-<timestamp>, so the workspace keeps one registry file', false)
    .option('--extra <file>', 'rows without an interface file (e.g. Base, Processing, HyperparameterPrep), YAML or JSON name -> fields')
    .addHelpText('after', `\nThe .py files are parsed, never run: only literals are allowed. Nothing is written if any source is invalid.${examples('cursus registry import developer_workspaces/developers/maria --replace', 'cursus registry import developer_workspaces/developers --format json', 'cursus registry import cursus/steps/interfaces --extra extra_rows.json --to core/step_names.json')}`)
    .action(act(async () => (await import('./commands/importCommand.js')).runImport));

  configure(registry.command('export'))
    .description("Print the legacy STEP_NAMES of a view (core, or a workspace's) for Python consumers")
    .addOption(workspaceOption('export the view of this workspace (default: CURSUS_WORKSPACE_ID, else core)'))
    .addOption(format(['json', 'yaml', 'python'], 'json'))
    .addHelpText('after', examples('cursus registry export --format python > step_names_export.py', 'cursus registry export --workspace alice --format yaml'))
    .action(act(async () => (await import('./commands/exportCommand.js')).runExport));

  configure(registry.command('health'))
    .description('Report the health of the registry: core, each workspace, conflicts, counters; exit 1 when unhealthy')
    .addOption(format(['text', 'json'], 'text'))
    .addHelpText('after', examples('cursus registry health', 'cursus registry health --format json'))
    .action(act(async () => (await import('./commands/healthCommand.js')).runHealth));

  configure(registry.command('diff'))
    .description('What a change to the registry does to every view: steps, workspaces, conflicts, resolutions, broken files — for review and as a CI gate')
    .argument('<base>', 'git revision of the repository holding the registry (or a directory, with <head> a directory)')
    .argument('[head]', 'git revision or directory (default: the working tree)')
    .option('-w, --workspace <id>', 'only this workspace view and context (repeatable, or comma-separated)', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(format(['text', 'json', 'markdown'], 'text'))
    .option('--fail-on <kinds>', 'exit 1 when the change contains any of these kinds: new-conflict,ambiguous,changed-resolution,removed-step,broken (or added-step, changed-step, added-workspace, removed-workspace, removed-conflict, changed-conflict, all)')
    .addHelpText('after', examples('cursus registry diff origin/main --fail-on new-conflict,broken', 'cursus registry diff main HEAD --format markdown > registry-diff.md', 'cursus registry diff old-registry/ new-registry/ --workspace alice'))
    .action(act(async () => (await import('./commands/diffCommand.js')).runDiff));

  configure(program.command('serve'))
    .description('Serve the registry read-only: a JSON API under /api/v1 and a web catalogue at /, live as the files change')
    .option('--port <port>', 'TCP port (0 picks a free one)', '4380')
    .option('--host <addr>', 'address to listen on (loopback by default; another host only when given)', '127.0.0.1')
    .option('--no-watch', 'do not watch the registry files')
    .option('--cors <origin>', 'allow this origin to call the API from a browser (CORS is off without it)')
    .addHelpText('after', `\nThe first line on stdout is \`listening on http://HOST:PORT\`. SIGINT exits 130, SIGTERM 0.${examples('cursus serve', 'cursus serve --port 0 --no-watch', 'cursus serve --host 0.0.0.0 --cors https://dash.example.com')}`)
    .action(act(async () => (await import('./commands/serveCommand.js')).runServe));

  configure(program.command('mcp'))
    .description('Serve the registry to coding assistants as a Model Context Protocol server over stdio (read-only, live as the files change)')
    .option('--no-watch', 'do not watch the registry files')
    .addHelpText('after', `\nstdout carries the MCP protocol; warnings go to stderr. Ends when the host closes stdin; SIGINT exits 130.\nTools: list_steps, get_step, resolve_step, list_workspaces, list_conflicts, validate_registry, registry_health, build_pipeline. Resources: cursus://view/core, cursus://view/{workspace}.${examples('cursus mcp', 'cursus --workspaces-root developer_workspaces/developers mcp')}`)
    .action(act(async () => (await import('./commands/mcpCommand.js')).runMcp));

  const developer = configure(program.command('developer').description('Set up developer workspaces'));
  developer.addHelpText('after', examples('cursus developer setup-developer alice', 'cursus developer setup-developer bob --copy-from alice'));
  configure(developer.command('setup-developer'))
    .description('Create a developer workspace: directory tree, README and registry')
    .argument('<developer_id>', 'workspace id (the directory name under the workspaces root)')
    .option('--workspace-path <path>', 'workspace directory (its name must be the developer id)')
    .addOption(new Option('--template <template>', 'registry template').choices(['standard', 'minimal']).default('standard'))
    .addOption(new Option('--format <format>', 'registry format (default: yaml; with --copy-from, the source\'s format — .py and code registries become yaml)').choices(['yaml', 'json', 'ts']))
    .option('--copy-from <other>', "copy another workspace's registry, changing only WORKSPACE_METADATA.developer_id")
    .option('--force', 'set up over an existing workspace (replaced files are backed up)', false)
    .addOption(createRootOption())
    .addHelpText('after', examples('cursus developer setup-developer alice', 'cursus developer setup-developer bob --copy-from alice'))
    .action(act(async () => (await import('./commands/setupDeveloperCommand.js')).runSetupDeveloper));

  const pipeline = configure(program.command('pipeline').description('Assemble pipelines from steps of core and developer workspaces'));
  pipeline.addHelpText('after', `\nExit codes: 0 ok, 1 the spec is wrong (schema, unknown step or workspace, unknown dependency, cycle), 2 the spec or a registry cannot be read or parsed (a duplicate node name is a YAML duplicate key), or a usage error.${examples('cursus pipeline validate examples/pipelines/multi_developer_pipeline.yaml', 'cursus pipeline build examples/pipelines/multi_developer_pipeline.yaml --format mermaid')}`);
  configure(pipeline.command('build'))
    .description('Resolve every node of a pipeline spec in its own workspace and print the manifest or a mermaid flowchart')
    .argument('<spec>', 'pipeline spec file (YAML or JSON; see schema/pipeline-spec.schema.json)')
    .addOption(format(['json', 'mermaid'], 'json'))
    .addHelpText('after', examples('cursus pipeline build examples/pipelines/multi_developer_pipeline.yaml', 'cursus pipeline build examples/pipelines/multi_developer_pipeline.yaml --format mermaid'))
    .action(act(async () => (await import('./commands/pipelineCommand.js')).runPipelineBuild));

  configure(pipeline.command('validate'))
    .description('Check a pipeline spec: schema, steps in their workspaces, dependencies, cycles; exit 1 when it is wrong')
    .argument('<spec>', 'pipeline spec file (YAML or JSON)')
    .addOption(format(['text', 'json'], 'text'))
    .addHelpText('after', examples('cursus pipeline validate examples/pipelines/multi_developer_pipeline.yaml', 'cursus pipeline validate examples/pipelines/multi_developer_pipeline.yaml --format json'))
    .action(act(async () => (await import('./commands/pipelineCommand.js')).runPipelineValidate));

  return program;
}
