import { connect } from 'node:net'

/** Resolves true when something on 127.0.0.1 accepts a TCP connection on `port`, false when refused. */
export function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
