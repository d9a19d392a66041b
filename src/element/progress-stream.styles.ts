import { css, type CSSResult } from 'lit';
import { activityFeedStyles } from './styles/activity-feed.styles.js';
import { attentionStyles } from './styles/attention.styles.js';
import { compactStyles } from './styles/compact.styles.js';
import { controlsStyles } from './styles/controls.styles.js';
import { debugPanelStyles } from './styles/debug-panel.styles.js';
import { errorStyles } from './styles/error.styles.js';
import { headerStyles } from './styles/header.styles.js';
import { hostStyles } from './styles/host.styles.js';
import { jobListStyles } from './styles/job-list.styles.js';
import { keyframeStyles } from './styles/keyframes.styles.js';
import { metricsStyles } from './styles/metrics.styles.js';
import { preferenceStyles } from './styles/preferences.styles.js';
import { progressBarStyles } from './styles/progress-bar.styles.js';
import { stepTimelineStyles } from './styles/step-timeline.styles.js';
import { summaryStyles } from './styles/summary.styles.js';

// One module per render piece under ./styles/ (their files end in `.styles.ts` so that the
// build's minifier squeezes their CSS). The order below is part of the cascade: host first
// (it defines the --_* tokens), the job list after the progress bar, the user preferences after
// the pieces they override. test/element/styles-equivalence.test.ts pins it.
//
// The pieces are joined into ONE stylesheet rather than listed as several: an element adopted
// into another document gets its styles as <style> elements instead of adopted sheets
// (internal/foreign-document-styles.ts), and one sheet keeps their order there too.

/** Everything the element's shadow root needs. */
export const styles: CSSResult[] = [
  css`
    ${hostStyles}${headerStyles}${summaryStyles}${progressBarStyles}${keyframeStyles}${stepTimelineStyles}${metricsStyles}${errorStyles}${compactStyles}${preferenceStyles}${jobListStyles}${activityFeedStyles}${debugPanelStyles}${controlsStyles}${attentionStyles}
  `,
];
