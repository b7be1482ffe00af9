import { describe, expect, it } from 'vitest'
import { resolveConnection } from '../../../../src/main/runtime/connections/connectionSpec'

const broker = (password: string) => ({
  id: 'plant',
  url: 'mqtt://127.0.0.1:1883',
  username: 'u',
  password,
  subscriptions: [{ topic: 'a/#' }]
})

describe('resolving a connection made in the app', () => {
  it('replaces TICKWIRE_CONN_ variables and refuses any other, naming the field', async () => {
    const env = { TICKWIRE_CONN_PLANT: 's3cret', AWS_SECRET_ACCESS_KEY: 'aws' }
    const ok = await resolveConnection('telemetry', broker('${env:TICKWIRE_CONN_PLANT}'), env)
    expect(ok).toMatchObject({ spec: { kind: 'telemetry', config: { password: 's3cret' } } })
    const foreign = await resolveConnection('telemetry', broker('x${env:AWS_SECRET_ACCESS_KEY}'), env)
    expect(foreign).toEqual({
      error: expect.stringMatching(
        /^password: \$\{env:AWS_SECRET_ACCESS_KEY\} is not available to connections made in the app/
      )
    })
    expect(JSON.stringify(foreign)).not.toContain('aws"')
    const missing = await resolveConnection('telemetry', broker('${env:TICKWIRE_CONN_NONE}'), env)
    expect(missing).toEqual({ error: 'password: environment variable TICKWIRE_CONN_NONE is not set' })
  })

  it('names the schema field a value breaks', async () => {
    expect(await resolveConnection('telemetry', { ...broker('p'), keepaliveSec: -1 }, {})).toEqual({
      error: expect.stringMatching(/^keepaliveSec: /)
    })
  })
})
