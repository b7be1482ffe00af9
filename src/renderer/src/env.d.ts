/// <reference types="vite/client" />
import type { TickwireBridge } from '@shared/protocol'

declare global {
  interface Window {
    /** Exposed by the preload in the desktop app; absent in browser mode. */
    readonly tickwire?: TickwireBridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
