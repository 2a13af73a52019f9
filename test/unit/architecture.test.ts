import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// The dependency picture the README's 'Architecture' describes, checked on the sources themselves.
const ROOT = path.resolve(__dirname, '../..');
/** The one module of src/ that seeds/ may import, and the one of seeds/ that src/ may import. */
const SRC_API_FOR_SEEDS = 'src/seeding.ts';
const SEEDS_API_FOR_SRC = 'seeds/index.ts';
const MAX_LINES = 400;

type Graph = Map<string, string[]>;

/** The .ts files under `dir`, as paths relative to the repository root with forward slashes. */
function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return tsFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** A relative import resolved as Node resolves it for our sources (`x.ts`, `x/index.ts`); null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const found = [`${base}.ts`, `${base}/index.ts`, base].find((file) => existsSync(path.join(ROOT, file)) && statSync(path.join(ROOT, file)).isFile());
  return found ?? `${base} (unresolved)`;
}

/** Each file's imports of project files: import and export … from (type-only ones included), import() and require(). */
function importGraph(files: readonly string[]): Graph {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
      const targets = importedFiles.map(({ fileName }) => resolveImport(file, fileName)).filter((target): target is string => target !== null);
      return [file, [...new Set(targets)]];
    }),
  );
}

/** One cycle through each strongly connected component of more than one file (or a file importing itself), as a path a → … → a. */
function findCycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)!.includes(node)) components.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleThrough(graph, new Set(component)));
}

/** The shortest way from the component's first file (in sorted order) back to itself, staying inside the component. */
function cycleThrough(graph: Graph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) {
        const way: string[] = [];
        for (let at = node; at !== start; at = cameFrom.get(at)!) way.unshift(at);
        return [start, ...way, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

const SOURCES = [...tsFiles('src'), ...tsFiles('seeds'), 'mikro-orm.config.ts'];
const GRAPH = importGraph(SOURCES);
const edges = (where: (from: string, to: string) => boolean): string[] =>
  [...GRAPH].flatMap(([from, targets]) => targets.filter((to) => where(from, to)).map((to) => `${from} → ${to}`));

describe('the dependency picture', () => {
  it('reads the imports (a sanity check of the walk itself)', () => {
    expect(GRAPH.get('src/context.ts')).toContain('src/loaders.ts');
    expect(GRAPH.get('src/schema.ts')).toContain('src/auth/auth-checker.ts');
    expect(edges((_, to) => to.endsWith('(unresolved)'))).toEqual([]);
  });

  it('has no import cycle in src/, seeds/ and mikro-orm.config.ts', () => {
    expect(findCycles(GRAPH).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph: Graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
  });

  it('src/ never imports test/', () => {
    expect(edges((from, to) => from.startsWith('src/') && to.startsWith('test/'))).toEqual([]);
  });

  it(`seeds/ import src/ only through ${SRC_API_FOR_SEEDS}, which imports no seed`, () => {
    expect(edges((from, to) => from.startsWith('seeds/') && to.startsWith('src/') && to !== SRC_API_FOR_SEEDS)).toEqual([]);
    expect(GRAPH.get(SRC_API_FOR_SEEDS)!.filter((to) => !to.startsWith('src/'))).toEqual([]);
  });

  it(`src/ imports seeds/ only through ${SEEDS_API_FOR_SRC}`, () => {
    expect(edges((from, to) => from.startsWith('src/') && to.startsWith('seeds/') && to !== SEEDS_API_FOR_SRC)).toEqual([]);
  });

  it('resolvers run no SQL of their own: it lives in repositories, queries and services', () => {
    const withSql = SOURCES.filter((file) => file.endsWith('.resolver.ts')).filter((file) =>
      /\bgetKnex\(|\.raw\(|\bexecute\(|createQueryBuilder\(|\.qb\(/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(withSql).toEqual([]);
  });

  it(`no file in src/ is over ${MAX_LINES} lines (applied migrations excepted: they are history, never edited)`, () => {
    const long = SOURCES.filter((file) => file.startsWith('src/') && !file.startsWith('src/migrations/'))
      .map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
