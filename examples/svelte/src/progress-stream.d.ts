// Template types for <progress-stream> (attributes and `onprogress-update` and friends, checked
// by svelte-check), from the package's type-only helper.
import type {} from '@progress-stream/core/svelte/elements';
