import type { Session } from 'electron'
import { toDisposable, type Disposable } from '@shared/disposable'
import { isPermissionAllowed } from './appEntry'
import { withContentSecurityPolicy } from './contentSecurityPolicy'

/**
 * Session-wide rules (DESIGN.md, Security): every permission refused except notifications, and
 * our Content-Security-Policy on every response the window loads, the app's own pages included.
 */
export function applySessionPolicy(session: Session, policy: string): Disposable {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission))
  )
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, policy) })
  })
  return toDisposable(() => {
    session.setPermissionRequestHandler(null)
    session.setPermissionCheckHandler(null)
    session.webRequest.onHeadersReceived(null)
  })
}
