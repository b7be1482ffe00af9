import type { InjectionKey, Ref } from 'vue'

/**
 * The board's "now" (engine clock, a few ticks a second), provided to the cards' age labels
 * rather than passed to each card: a tick then re-renders two hundred small labels, not two
 * hundred whole cards.
 */
export const BOARD_CLOCK: InjectionKey<Readonly<Ref<number>>> = Symbol('boardClock')
