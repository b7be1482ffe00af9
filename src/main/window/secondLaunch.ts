import { ownArgs, parseCliArgs } from '../runtime/args'

/**
 * What a second launch asks of the running Tickwire (single instance): `tickwire --layout Alarms`
 * from a desktop shortcut opens another window on that layout; anything else brings the app to
 * the front. A second launch cannot change the running configuration: its other flags are
 * ignored, and a command line the parser refuses only focuses.
 */
export type SecondLaunch = { kind: 'open'; layout: string } | { kind: 'focus' }

export function secondLaunch(argv: readonly string[], isPackaged: boolean): SecondLaunch {
  try {
    const options = parseCliArgs(ownArgs(argv.slice(isPackaged ? 1 : 2)), {})
    return options.layout === null ? { kind: 'focus' } : { kind: 'open', layout: options.layout }
  } catch {
    return { kind: 'focus' }
  }
}
