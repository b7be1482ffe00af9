/**
 * Every bound on what comes from outside (feeds, brokers, files, views), in one place so the
 * engine, the configuration schema, the view and the README agree. Anything longer or larger is
 * refused and counted, never truncated into something that looks valid.
 */

/** Longest market symbol, from the configuration or from the wire. */
export const MAX_SYMBOL_LENGTH = 64
/** Most symbols one market source may watch (configuration file and watchlist edits alike). */
export const MAX_SYMBOLS_PER_SOURCE = 500
/** Longest MQTT topic Tickwire takes (MQTT allows 65,535 bytes; real plants use a few dozen). */
export const MAX_TOPIC_LENGTH = 512
/** Longest dotted path of a JSON leaf discovered in a payload (`topic#this.part`). */
export const MAX_KEY_PATH_LENGTH = 256
/** Longest sensor key `<source>/<sensor id>` (source ≤ 64, topic ≤ 512, `#`, key path ≤ 256). */
export const MAX_SENSOR_KEY_LENGTH = 64 + 1 + MAX_TOPIC_LENGTH + 1 + MAX_KEY_PATH_LENGTH
/** Longest label a user or a configuration may give (sensor labels, alert labels). */
export const MAX_LABEL_LENGTH = 80
/** Longest reason kept for a malformed message or a connection error (longer ones are cut, marked). */
export const MAX_REASON_LENGTH = 300
/** Largest certificate or key file accepted in `tls` (a bundle of a few hundred CAs fits). */
export const MAX_TLS_FILE_BYTES = 1024 * 1024
/** Largest configuration file accepted. */
export const MAX_CONFIG_FILE_BYTES = 4 * 1024 * 1024
/** Deepest nesting of arrays and objects in the configuration file (a subscribe template lives there). */
export const MAX_CONFIG_DEPTH = 32
/**
 * Sensor limits (min, max, warn and alarm levels, deadband) must lie within ±this: far beyond any
 * physical quantity, far inside the range where a scale or a hysteresis band stays finite.
 */
export const MAX_SENSOR_MAGNITUDE = 1e12
/** Shortest stale time: below it a sensor would flap stale between two normal updates. */
export const MIN_STALE_AFTER_MS = 1_000

/** Most sources in one configuration (market and telemetry together). */
export const MAX_SOURCES = 100
/** Most subscriptions one broker entry may list. */
export const MAX_SUBSCRIPTIONS = 100
/**
 * Most keys one source may create. A feed with `symbols: []` or a broker with wide wildcards can
 * otherwise grow memory and the screen without bound; past these, new keys are refused and
 * counted. A plant's broker carries more sensors than an exchange feed carries watched symbols:
 * 2,000 topics of two values each is an ordinary line, a Sparkplug plant has thousands of metrics.
 */
export const MAX_TICKERS_PER_SOURCE = 2_000
export const MAX_SENSORS_PER_SOURCE = 10_000
/** Most configured sensors one broker entry may list (discovery adds more, up to the limit above). */
export const MAX_CONFIGURED_SENSORS = 2_000
/** Most price alerts one market feed may list. */
export const MAX_ALERTS = 1_000
/** Longest URL, TLS server name (a DNS name) and MQTT string (username, password, will payload). */
export const MAX_URL_LENGTH = 2_048
export const MAX_SERVERNAME_LENGTH = 253
export const MAX_MQTT_STRING_LENGTH = 65_535
/** Most handshake headers a market feed may send, and the longest value of one. */
export const MAX_HEADERS = 32
export const MAX_HEADER_VALUE_LENGTH = 8_192
