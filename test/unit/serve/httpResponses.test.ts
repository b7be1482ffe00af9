import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { sendJson } from '../../../src/main/serve/httpResponses'

let server: Server | null = null
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  server = null
})

async function fetchOnce(body: unknown): Promise<{ status: number; json: unknown }> {
  server = createServer((_req, res) => sendJson(res, 200, body))
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()))
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    get(`http://127.0.0.1:${port}/`, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }))
    }).on('error', reject)
  })
}

describe('sendJson', () => {
  it('answers 500 with the reason when the body cannot be serialised, instead of throwing', async () => {
    // The crash was "RangeError: Invalid string length" from a 600 MB snapshot; a value
    // JSON cannot write fails the same way without needing the memory.
    const answer = await fetchOnce({ tickers: [{ last: 1n }] })
    expect(answer.status).toBe(500)
    expect(answer.json).toEqual({
      error: 'the response could not be built',
      message: expect.stringMatching(/BigInt/) as string
    })
  })
})
