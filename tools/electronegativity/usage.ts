/** A bad allowlist, option or input: the run stops with exit code 2 and this message on one line. */
export class UsageError extends Error {}
