// Template types for <progress-stream> (props and `@progress-update` and friends, checked by
// vue-tsc), from the package's type-only helper.
import type {} from '@progress-stream/core/vue/elements';
