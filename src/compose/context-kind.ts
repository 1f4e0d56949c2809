// What a build context or named context source names: a directory, an image, a service or a URL.
// Apart from the Compose reader so that the analysis can ask without loading `yaml`.

/** A context that is not a directory on disk: a Git repository or URL (compose-spec build.md). */
export function isRemoteContext(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') || context.startsWith('github.com/');
}

/** `additional_contexts` values that name an image, another service or a URL rather than a directory. */
export function namedContextKind(source: string): 'local' | 'image' | 'service' | 'remote' {
  if (source.startsWith('docker-image://')) return 'image';
  if (source.startsWith('service:')) return 'service';
  if (source.startsWith('oci-layout://') || source.startsWith('target:')) return 'image';
  if (isRemoteContext(source)) return 'remote';
  return 'local';
}
