import { electronBinary, SKIP_REASON } from './app'

/** Says once, up front, why the whole Electron suite is about to skip. */
export default function globalSetup(): void {
  if (electronBinary() === null) console.log(`Electron tests skipped: ${SKIP_REASON}`)
}
