import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef } from 'vue'

/**
 * The content box of the element in `target`, kept current by one ResizeObserver; follows the
 * element when it appears, changes or goes (a panel that shows an empty state first). 0 × 0
 * until measured.
 */
export function useElementSize(
  target: Readonly<Ref<HTMLElement | null>>
): Readonly<ShallowRef<{ width: number; height: number }>> {
  const size = shallowRef({ width: 0, height: 0 })
  let observer: ResizeObserver | null = null
  onMounted(() => {
    observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect
      if (box) size.value = { width: box.width, height: box.height }
    })
    if (target.value) observer.observe(target.value)
  })
  watch(target, (el, previous) => {
    if (previous) observer?.unobserve(previous)
    if (el) observer?.observe(el)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    observer = null
  })
  return size
}
