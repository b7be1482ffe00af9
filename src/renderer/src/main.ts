import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import './assets/theme.css'
import { useConnectionStore } from './shell/useConnectionStore'
import { useTickerStore } from './tickers/useTickerStore'
import { useSensorStore } from './gauges/useSensorStore'
import { useStatsStore } from './latency/useStatsStore'
import { useWatchlistStore } from './tickers/useWatchlistStore'
import { useAlarmStore } from './alarms/useAlarmStore'
import { useSensorEditorStore } from './gauges/useSensorEditorStore'
import { useConnectionsStore } from './connections/useConnectionsStore'
import { useChartStore } from './charts/useChartStore'
import { usePublishStore } from './publish/usePublishStore'
import { useTopicsStore } from './topics/useTopicsStore'
import { useRecordingStore } from './recording/useRecordingStore'
import { createAlarmTone } from './alarms/alarmTone'
import { createEngineClient } from './transport/selectClient'
import { startEngineSession } from './transport/engineSession'
import { CommandClient, type RequestCommand } from './transport/commandClient'
import { startTheme } from './theme/useTheme'
import { canvasPalette } from './theme/canvasPalette'
import { installTheme } from './theme/themeContext'
import { useLayoutStore } from './layout/useLayoutStore'
import { kioskFromQuery, startKiosk } from './shell/kiosk'

// Before anything paints: the page opens in its theme, not dark first.
const theme = startTheme(document.documentElement, location.search)
// The canvas colours, read now while the page is empty: read first by a histogram's draw inside
// the render of the engine's hello, getComputedStyle forced a style and layout pass of the
// whole new page there (~15 ms of that long task).
canvasPalette()
const pinia = createPinia()
const app = createApp(App)
app.use(pinia)
installTheme(app, theme)
const kiosk = kioskFromQuery(location.search) ? startKiosk(document.documentElement) : null

const connection = useConnectionStore(pinia)
const tickers = useTickerStore(pinia)
const sensors = useSensorStore(pinia)
const stats = useStatsStore(pinia)
const watchlists = useWatchlistStore(pinia)
const alarms = useAlarmStore(pinia)
const sensorEditor = useSensorEditorStore(pinia)
const connectionsView = useConnectionsStore(pinia)
const chart = useChartStore(pinia)
const recording = useRecordingStore(pinia)
const publishView = usePublishStore(pinia)
const topicsView = useTopicsStore(pinia)
const layout = useLayoutStore(pinia)
layout.init(location.search, kiosk !== null)
const tone = createAlarmTone()

const client = createEngineClient()
const commands = new CommandClient(client)
const request: RequestCommand = (name, args) => commands.request(name, args)
connection.setTransport(client.kind)
watchlists.connect(request)
alarms.connect(request, tone)
sensorEditor.connect(request)
connectionsView.connect(request)
chart.connect(
  request,
  () => stats.stats?.replay?.recordedAt ?? connection.engineNow(),
  () => stats.stats?.replay !== undefined
)
recording.connect(request)
publishView.connect(request)
topicsView.connect(request)
layout.connect(request)
const session = startEngineSession(client, {
  linkState: (state) => connection.setLinkState(state),
  hello: (hello) => {
    tickers.replace(hello.snapshot.tickers)
    sensors.replace(hello.snapshot.readings)
    stats.update(hello.stats)
    watchlists.update(hello.watchlists ?? [])
    alarms.update(hello.alarms ?? { alarms: hello.snapshot.alarms, shelved: [], history: [] }, true)
    alarms.setEngineOperator(hello.operator ?? null)
    connection.helloReceived(hello)
    // A fresh hello may follow a change of sources by another view: the open list is refreshed.
    void connectionsView.refresh()
    // The chart's history may have moved on while the link was down (or the sources changed).
    void chart.refresh()
    // Layouts saved from another view (or `?layout=` waiting for the list).
    void layout.refresh()
  },
  stats: (payload) => stats.update(payload),
  watchlists: (lists) => watchlists.update(lists),
  alarms: (summary) => alarms.update(summary, false),
  clock: (offset, rtt, shared) => connection.setClock(offset, rtt, shared),
  error: (message) => connection.setError(message),
  apply: (batch) => {
    tickers.apply(batch.tickers)
    sensors.apply(batch.readings)
  }
})

// Desktop: File › Connections… opens the same panel as the toolbar button.
window.tickwire?.onMenuCommand((command) => {
  if (command === 'open-connections') connectionsView.show()
  // The tray's Mute Tone (sent to every window).
  else if (command === 'mute-tone') alarms.setTone(false)
  else if (command === 'unmute-tone') alarms.setTone(true)
})

app.mount('#app')

window.addEventListener('pagehide', () => {
  session.dispose()
  commands.dispose()
  tone.dispose()
  theme.dispose()
  kiosk?.dispose()
  app.unmount()
})
