/** Flags of every headless Chromium of the tests. */
export declare const HEADLESS_FLAGS: readonly string[];
/** Flags for pages that run side by side, so that none is throttled as a background tab. */
export declare const UNTHROTTLED_FLAGS: readonly string[];
