// What the Dockerfile copies by name: the context paths that reachable COPY/ADD sources and
// RUN --mount binds select, when they name something inside the context. A source that takes the
// whole context (`COPY . .`) is left out: what it copies is exactly what the ignore file decides.
import { contextSources, selectSources, type ContextSource, type SourcePathEntry } from './context-refs.js';
import type { DockerfileModel } from './model.js';

/** Every context path a named source selects, with the sources that select it (in build order). */
export function pathsCopiedByName(
  model: DockerfileModel | null,
  entries: readonly SourcePathEntry[],
): Map<string, ContextSource[]> {
  const copied = new Map<string, ContextSource[]>();
  if (model === null) return copied;
  for (const source of contextSources(model)) {
    const selected = selectSources(source, entries);
    // The root itself as a copy root (without --parents, which filters what it takes) is the whole context.
    if (!source.parents && selected.roots.includes('')) continue;
    for (const path of selected.matched) {
      const list = copied.get(path);
      if (list === undefined) copied.set(path, [source]);
      else if (!list.includes(source)) list.push(source);
    }
  }
  return copied;
}

const KEYWORDS: Record<ContextSource['kind'], string> = { copy: 'COPY ', add: 'ADD ', mount: 'RUN --mount source=' };

/** `COPY app/ (Dockerfile line 4)`, for messages. */
export function describeSource(source: ContextSource): string {
  return `${KEYWORDS[source.kind]}${source.source} (Dockerfile line ${source.line})`;
}
