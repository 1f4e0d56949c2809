import { parseImageRef } from '../dockerfile/base-image.js';
import type { Stage } from '../dockerfile/model.js';
import { defineCheck } from '../facts/define-check.js';
import { dockerfilePath, stageLabel } from '../facts/dockerfile-facts.js';
import { walkInstructions } from '../facts/instruction-visitor.js';

// `FROM image` without a tag pulls `:latest` (docker reference.ParseNormalizedNamed +
// TagNameOnly); `latest` and other tags are moved by their publishers, so the same Dockerfile
// builds on a different base from one week to the next and the FROM layer's cache silently
// changes meaning. Only a digest (`@sha256:…`) names one image for good.
export default defineCheck({
  meta: {
    id: 'unpinned-base-image',
    title: 'Base image without a fixed version',
    defaultSeverity: 'warning',
    description:
      'A FROM names an image without a tag or with `latest` (warning), or with a tag but no digest (info): the base can change under the same Dockerfile.',
  },
  *run(model) {
    // One image used by several stages is one root cause: one finding on its first FROM, with every line.
    const byImage = new Map<string, Stage[]>();
    walkInstructions(model, {
      FROM({ stage }) {
        if (stage.baseStage !== null || stage.isScratch || stage.base.unresolved.length > 0) return;
        const ref = parseImageRef(stage.base.value);
        if (ref === null || ref.digest !== null) return;
        byImage.set(stage.base.value, [...(byImage.get(stage.base.value) ?? []), stage]);
      },
    });
    for (const [image, stages] of byImage) {
      const ref = parseImageRef(image)!;
      const first = stages[0]!;
      const lines = stages.map((s) => s.startLine);
      const also = lines.length > 1 ? ` (FROM lines ${lines.join(', ')}: one pin fixes all)` : '';
      const common = { image, tag: ref.tag, lines, stages: stages.map(stageLabel), fingerprintKey: stageLabel(first) };
      if (ref.tag === null || ref.tag === 'latest') {
        yield {
          path: dockerfilePath(model),
          line: first.startLine,
          message: `FROM ${image} ${ref.tag === null ? 'has no tag, so Docker pulls :latest' : 'uses :latest'}, which moves whenever a new image is published: builds are not reproducible${also}; name a version tag (and a digest: ${ref.repository}:<tag>@sha256:…)`,
          data: { ...common, pinning: 'none' },
        };
        continue;
      }
      yield {
        path: dockerfilePath(model),
        line: first.startLine,
        severity: 'info',
        message: `FROM ${image} names a tag but no digest; the publisher can move the tag${also}. For reproducible builds pin it: ${image}@sha256:… (docker buildx imagetools inspect ${image} shows the digest)`,
        data: { ...common, pinning: 'tag' },
      };
    }
  },
});
