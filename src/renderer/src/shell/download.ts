import { exportFileName } from '@shared/csvExport'

/** Saves text as a file through the browser's download (the desktop asks where). */
export function download(text: string, name: string, extension: 'csv' | 'json'): void {
  const type = extension === 'csv' ? 'text/csv;charset=utf-8' : 'application/json'
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = exportFileName(name, extension)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
