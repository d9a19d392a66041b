import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import manifest from '../custom-elements.json';
import '../src/element/progress-stream.js';
import { cleanupStory } from '../stories/support/cleanup.js';

// The docs pages' tables (attributes, properties, events, slots, CSS parts and CSS custom
// properties) come from the committed custom-elements.json. Private members (`#…`) are left
// out of the tables; public methods, which Storybook's tables do not list, are added to the
// component description from the same manifest.
interface ManifestMember {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  description?: string;
  parameters?: Array<{ name: string; type?: { text: string } }>;
  return?: { type?: { text: string } };
}
interface ManifestDeclaration {
  tagName?: string;
  description?: string;
  members?: ManifestMember[];
}
interface Manifest {
  modules: Array<{ declarations?: ManifestDeclaration[] }>;
}

const isPublic = (member: ManifestMember) => !member.privacy && !member.static && !member.name.startsWith('#');

function publicManifest(source: Manifest): Manifest {
  return {
    ...source,
    modules: source.modules.map((mod) => ({
      ...mod,
      declarations: mod.declarations?.map((declaration) =>
        declaration.members ? { ...declaration, members: declaration.members.filter(isPublic) } : declaration,
      ),
    })),
  };
}

function describeElement(source: Manifest, tagName: string): string {
  const declaration = source.modules.flatMap((mod) => mod.declarations ?? []).find((d) => d.tagName === tagName);
  if (!declaration) return '';
  const methods = (declaration.members ?? []).filter((m) => m.kind === 'method' && isPublic(m));
  const signature = (m: ManifestMember) =>
    `${m.name}(${(m.parameters ?? []).map((p) => `${p.name}${p.type ? `: ${p.type.text}` : ''}`).join(', ')}): ${m.return?.type?.text ?? 'void'}`;
  const rows = methods.map((m) => `| \`${signature(m)}\` | ${(m.description ?? '').replace(/\s*\n\s*/g, ' ')} |`);
  return [declaration.description ?? '', '', '#### Methods', '', '| Method | Description |', '| --- | --- |', ...rows].join('\n');
}

const elementManifest = manifest as Manifest;
setCustomElementsManifest(publicManifest(elementManifest));

const preview: Preview = {
  decorators: [withActions],
  parameters: {
    layout: 'padded',
    // Every story is checked with axe after its play function; a violation fails the run.
    a11y: { test: 'error' },
    // The element's DOM events, logged in the Actions panel.
    actions: { handles: ['progress-update', 'connection-change', 'progress-complete', 'progress-failed', 'stream-error'] },
    controls: { expanded: true, sort: 'requiredFirst' },
    options: {
      storySort: { order: ['Progress stream', ['States', 'Appearance', 'Presets in real time', 'Live (mock transport)', 'API']] },
    },
    docs: {
      description: { component: describeElement(elementManifest, 'progress-stream') },
    },
  },
  // Stops what a story left running (mock transports) when it is re-rendered or left.
  beforeEach:
    ({ id }) =>
    () =>
      cleanupStory(id),
};

export default preview;
