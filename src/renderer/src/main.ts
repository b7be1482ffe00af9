import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import './assets/theme.css'
import { useConnectionStore } from './stores/connection'
import { useTickerStore } from './stores/tickers'
import { useSensorStore } from './stores/sensors'
import { useStatsStore } from './stores/stats'
import { useWatchlistStore } from './stores/watchlists'
import { createEngineClient } from './transport/select-client'
import { startEngineSession } from './transport/engine-session'

const pinia = createPinia()
const app = createApp(App)
app.use(pinia)

const connection = useConnectionStore(pinia)
const tickers = useTickerStore(pinia)
const sensors = useSensorStore(pinia)
const stats = useStatsStore(pinia)
const watchlists = useWatchlistStore(pinia)

const client = createEngineClient()
connection.setTransport(client.kind)
watchlists.connect((source, symbols) => client.send({ type: 'setWatchlist', source, symbols }))
const session = startEngineSession(client, {
  linkState: (state) => connection.setLinkState(state),
  hello: (hello) => {
    tickers.replace(hello.snapshot.tickers)
    sensors.replace(hello.snapshot.readings)
    stats.update(hello.stats)
    watchlists.update(hello.watchlists ?? [])
    connection.helloReceived(hello)
  },
  stats: (payload) => stats.update(payload),
  watchlists: (lists) => watchlists.update(lists),
  clock: (offset, rtt, shared) => connection.setClock(offset, rtt, shared),
  error: (message) => connection.setError(message),
  apply: (batch) => {
    tickers.apply(batch.tickers)
    sensors.apply(batch.readings)
  }
})

app.mount('#app')

window.addEventListener('pagehide', () => {
  session.dispose()
  app.unmount()
})
